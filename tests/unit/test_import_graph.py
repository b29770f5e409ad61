"""The shape of ``bot/``: no import cycles, and nothing below the features reaches up into them.

The graph is read with the stdlib ``ast`` from every ``.py`` file under ``bot/`` (namespace
packages too), counting every import wherever it stands: at module level, inside functions and
under ``if TYPE_CHECKING`` — an import moved into a function hides a cycle from Python at start
but not from the reader, so it counts here.

Two levels are checked:

- modules: no module reaches itself through its imports;
- features: ``bot.features.<name>`` taken as one unit (and every other top-level part of
  ``bot`` as one unit: ``bot.db``, ``bot.worker``...), no unit reaches itself. Two features
  that import each other are one feature in two folders, or share a piece that belongs lower.

An import of a package names its ``__init__``; the implicit import of parent packages is not
counted (every module would otherwise "import" ``bot/features/__init__.py``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import bot

ROOT = Path(bot.__file__).parent

# The composition roots: the only modules outside bot/features that may import features. They
# sit at the top of the program (entry points), so importing the features from them closes no
# cycle; each hands the features' registries down to the lower layers.
COMPOSITION_ROOTS = {
    "bot.factory",  # builds the Dispatcher from the features' routers
    "bot.app",  # runs the bot and the embedded worker
    "bot.__main__",  # the CLI entry point
    "bot.cli",  # the CLI commands (faq search, import/export, keys): entry points
    "bot.worker.runner",  # the stand-alone worker: hands the features' jobs to the loop
    "bot.demo",  # the demo: seeds every feature's demo data
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(ROOT.rglob("*.py"))}


def imports_of(module: str, path: Path, known: dict[str, Path]) -> set[str]:
    """Every module of ``bot`` that ``module`` imports, anywhere in its body."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in known)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                if not is_package:
                    base = base[:-1]
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join([*base, node.module] if node.module else base)
            else:
                origin = node.module or ""
            for alias in node.names:
                # ``from a import b`` imports the module ``a.b`` when there is one, else it
                # takes the name ``b`` from the module ``a``.
                submodule = f"{origin}.{alias.name}"
                if submodule in known:
                    found.add(submodule)
                elif origin in known:
                    found.add(origin)
    found.discard(module)
    return found


def import_graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(name, path, known) for name, path in known.items()}


def unit(module: str) -> str:
    """The part of ``bot`` a module belongs to: a feature, or a top-level layer.

    A composition root is a unit of its own: it sits above every feature, so grouping it with
    the layer it lives in (the worker's runner with the worker's jobs) would draw a circle
    that is not there."""
    if is_composition_root(module):
        return module
    parts = module.split(".")
    if parts[:2] == ["bot", "features"] and len(parts) > 2:
        return ".".join(parts[:3])
    return ".".join(parts[:2])


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, list[str]]] = [(start, sorted(graph.get(start, ())))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, todo = work[-1]
            if todo:
                nxt = todo.pop()
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, sorted(graph.get(nxt, ()))))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def describe(component: list[str], graph: dict[str, set[str]]) -> str:
    inside = set(component)
    arrows = [f"  {a} -> {b}" for a in component for b in sorted(graph[a] & inside)]
    return "\n".join([", ".join(component), *arrows])


def test_the_graph_sees_function_level_and_relative_imports(tmp_path: Path) -> None:
    """The reader itself: an import inside a function and a relative import both count."""
    known = {"bot.a": tmp_path / "a.py", "bot.b": tmp_path / "b.py", "bot.c": tmp_path / "c.py"}
    known["bot.a"].write_text("def f():\n    from bot.b import thing\n")
    known["bot.b"].write_text("from . import c\nfrom .a import f\n")
    known["bot.c"].write_text("import os\n")
    graph = {name: imports_of(name, path, known) for name, path in known.items()}
    assert graph == {"bot.a": {"bot.b"}, "bot.b": {"bot.a", "bot.c"}, "bot.c": set()}
    assert cycles(graph) == [["bot.a", "bot.b"]]


def test_no_module_imports_itself_through_others() -> None:
    graph = import_graph()
    assert len(graph) > 100  # the walk found the package
    found = cycles(graph)
    assert not found, "import cycles between modules:\n" + "\n".join(
        describe(component, graph) for component in found
    )


def test_no_feature_imports_itself_through_others() -> None:
    graph: dict[str, set[str]] = {}
    for module, targets in import_graph().items():
        graph.setdefault(unit(module), set()).update(
            unit(target) for target in targets if unit(target) != unit(module)
        )
    found = cycles(graph)
    assert not found, "import cycles between features and layers:\n" + "\n".join(
        describe(component, graph) for component in found
    )


def is_composition_root(module: str) -> bool:
    return any(module == root or module.startswith(root + ".") for root in COMPOSITION_ROOTS)


def test_no_lower_layer_imports_a_feature() -> None:
    wrong = sorted(
        f"{module} -> {target}"
        for module, targets in import_graph().items()
        if not module.startswith("bot.features") and not is_composition_root(module)
        for target in targets
        if target == "bot.features" or target.startswith("bot.features.")
    )
    assert not wrong, "lower layers importing features:\n" + "\n".join(wrong)
