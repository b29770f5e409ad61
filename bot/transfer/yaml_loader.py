"""Safe YAML with limits: what an admin sends cannot make the bot work without end.

PyYAML's safe loader already refuses code, but not work: a few hundred bytes of nested aliases
(a "billion laughs") stand for billions of nodes, and thousands of nested brackets exhaust
Python's recursion. This loader counts while it composes the node graph and refuses, with
the position, as soon as a document goes past any of:

* :data:`MAX_DEPTH` levels of nesting;
* :data:`MAX_ALIASES` aliases (``*name``);
* :data:`MAX_NODES` nodes *with every alias expanded* — which is what anything walking the
  data (the validators, the position mapper) would visit; a bomb is refused while it is still
  a handful of nodes in memory.

Events come from libyaml when PyYAML was built with it (the composer, which does the counting,
is PyYAML's own); the text's size is limited by the callers (``MAX_TEXT_CHARS``).
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

MAX_DEPTH = 32
MAX_ALIASES = 1_000
MAX_NODES = 1_000_000
# The largest text parsed at all (characters); the bot takes documents up to 2 MB.
MAX_TEXT_CHARS = 32 * 1024 * 1024


class _PythonParser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """PyYAML's own event parser (when it was built without libyaml)."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


# libyaml's event parser when PyYAML was built with it (several times faster on big files).
_Parser: type = _PythonParser
if getattr(yaml, "__with_libyaml__", False):
    from yaml.cyaml import CParser  # type: ignore[attr-defined]

    _Parser = CParser


class LimitError(yaml.MarkedYAMLError):
    """The document is past one of the limits; ``problem_mark`` is where."""


class _LimitedComposer(Composer):
    """PyYAML's composer, counting depth, aliases and expanded nodes as it goes."""

    def __init__(self) -> None:
        super().__init__()
        self._depth = 0
        self._aliases = 0
        # Node → how many nodes it stands for with its aliases expanded (itself included).
        self._expanded: dict[int, int] = {}
        self._keep: list[Node] = []  # the ids above stay valid while the nodes live

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        events: Any = self  # the parser's half of the loader
        if events.check_event(AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                mark = events.peek_event().start_mark
                raise LimitError(None, None, f"more than {MAX_ALIASES:,} aliases", mark)
            return super().compose_node(parent, index)
        mark = events.peek_event().start_mark
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise LimitError(None, None, f"nested deeper than {MAX_DEPTH} levels", mark)
        node = super().compose_node(parent, index)
        self._depth -= 1
        if node is not None:
            self._count(node, mark)
        return node

    def _count(self, node: Node, mark: Any) -> None:
        if isinstance(node, ScalarNode):
            size = 1
        elif isinstance(node, SequenceNode):
            size = 1 + sum(self._size(item) for item in node.value)
        elif isinstance(node, MappingNode):
            size = 1 + sum(self._size(key) + self._size(value) for key, value in node.value)
        else:  # pragma: no cover - PyYAML has no other kinds
            size = 1
        if size > MAX_NODES:
            raise LimitError(
                None, None, f"more than {MAX_NODES:,} values once its aliases are expanded", mark
            )
        self._expanded[id(node)] = size
        self._keep.append(node)

    def _size(self, node: Node) -> int:
        return self._expanded.get(id(node), 1)


class LimitedLoader(_LimitedComposer, _Parser, SafeConstructor, Resolver):  # type: ignore[misc]
    """Safe YAML with the limits above; an impossible date (2026-13-40) stays text, so the
    section reports it by position instead of the whole file failing."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)  # type: ignore[misc]
        _LimitedComposer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)

    def construct_yaml_timestamp(self, node: ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return str(node.value)


LimitedLoader.add_constructor("tag:yaml.org,2002:timestamp", LimitedLoader.construct_yaml_timestamp)


def compose(text: str) -> tuple[Node | None, Any]:
    """The node graph of ``text`` (for positions) and the data it stands for.

    Raises :class:`yaml.YAMLError` (a :class:`LimitError` past a limit) with a mark.
    """
    if len(text) > MAX_TEXT_CHARS:
        raise LimitError(None, None, f"longer than {MAX_TEXT_CHARS:,} characters", None)
    loader = LimitedLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return node, data
