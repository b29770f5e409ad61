"""Hostile input for property-based tests: what a careless, curious or malicious member sends.

* :func:`texts` — unicode of every kind (right-to-left and zero-width marks, emoji, 10,000
  characters, HTML-like fragments), always carrying a *canary*: a fragment of markup around a
  unique word, so :class:`Watch` can tell whether the bot pasted it into HTML unescaped.
* :func:`raw_callback_data` and :func:`callback_packs` — forged button data: random strings up to
  Telegram's 64 bytes, and well-formed packs of every ``CallbackData`` class of the bot with
  random, out-of-range and foreign values.
* :func:`documents` — files with random names, mime types, contents and declared sizes.
* :class:`Watch` — what must hold after every hostile update: the errors handler was not hit,
  every request passed the spec check of :class:`FakeTelegram` (a refusal raises inside the
  handler, so it reaches the errors handler too), and no canary reached Telegram as markup.
"""

from __future__ import annotations

import importlib
import itertools
import logging
import os
import pkgutil
import re
import typing
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from aiogram.client.default import Default
from aiogram.filters.callback_data import CallbackData
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

import bot.features
from bot.factory import MEMBER_COMMANDS
from tests.support.fake_telegram import Sent
from tests.support.story import Harness, Person

# ---- text ---------------------------------------------------------------------------------

RTL_AND_INVISIBLE = (
    "\u200f",  # right-to-left mark
    "\u200e",  # left-to-right mark
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\u2069",  # pop directional isolate
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\u2060",  # word joiner
    "\ufeff",  # byte order mark
    "\u00ad",  # soft hyphen
    "\u034f",  # combining grapheme joiner
)
HTML_LIKE = (
    "<b>",
    "</b>",
    "<i>x</i>",
    '<a href="https://evil.example/">click</a>',
    "<a href=tg://user?id=1>me</a>",
    "&amp;",
    "&lt;",
    "&#60;",
    "&nbsp;",
    "<",
    ">",
    "&",
    "</",
    "<script>alert(1)</script>",
    "<tg-spoiler>",
    "<pre><code class='x'>",
    '"quoted"',
    "'single'",
    "<b><i>unclosed",
)
EMOJI = ("🙂", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇬🇪", "🧑🏽‍💻", "❤️", "🔥", "\U0001f9ff")
WORDS = (
    "Tbilisi",
    "Тбилиси",
    "Грузия",
    "Georgia",
    "it",
    "design",
    "@example_group",
    "https://t.me/example_group",
    "t.me/+AbCdEf",
    "2026-12-24 18:00",
    "завтра в 19:00",
    "120",
    "0",
    "-1",
    "9" * 30,
    "Done",
    "Готово",
    "/start",
    "/cancel",
    "*",
    ":",
    "\\",
    "%s",
    "{$name}",
    "NULL",
    "'; DROP TABLE members; --",
)

# A word nobody writes, so that finding it in what the bot sent means it came from the member.
_canary_ids = itertools.count(1)
CANARY_WORD = "zqxcanary"
# Each canary wraps its word in markup; escaped, the member sees the markup as typed.
CANARY_FORMS = (
    "<b>{word}</b>",
    "<i>{word}</i>",
    '<a href="https://evil.example/">{word}</a>',
    "&amp;{word}",
    "&lt;{word}&gt;",
)
CANARY_PATTERN = re.compile(CANARY_WORD + r"\d+")

# Printable text without surrogates (Telegram sends valid UTF-16; aiogram gives str).
_any_char = st.characters(blacklist_categories=("Cs",))
_fragment = st.one_of(
    st.text(_any_char, min_size=1, max_size=40),
    st.sampled_from(RTL_AND_INVISIBLE),
    st.sampled_from(HTML_LIKE),
    st.sampled_from(EMOJI),
    st.sampled_from(WORDS),
)


@st.composite
def canaries(draw: st.DrawFn) -> str:
    form = draw(st.sampled_from(CANARY_FORMS))
    return form.format(word=f"{CANARY_WORD}{next(_canary_ids)}")


@st.composite
def texts(draw: st.DrawFn) -> str:
    """Hostile text: fragments of every kind around a canary; sometimes 10,000 characters."""
    before = draw(st.lists(_fragment, max_size=6))
    after = draw(st.lists(_fragment, max_size=6))
    text = "".join([*before, draw(canaries()), *after])
    if draw(st.integers(0, 9)) == 0:  # now and then: a wall of text
        filler = draw(st.sampled_from(("я", "a", "🙂", "\u200f", "<b>&amp;")))
        text = (text + " " + filler * 10_000)[:10_000]
    return text


def _as_command(name: str) -> st.SearchStrategy[str]:
    return st.builds(lambda text: f"/{name} {text}".strip(), texts())


def commands(names: typing.Iterable[str]) -> st.SearchStrategy[str]:
    """A command of the bot with hostile arguments (or none)."""
    names = tuple(names)
    return st.one_of(st.sampled_from([f"/{name}" for name in names]), *map(_as_command, names))


# ---- callback data ------------------------------------------------------------------------


def raw_callback_data() -> st.SearchStrategy[str]:
    """Any string Telegram would deliver as callback data: up to 64 bytes of UTF-8."""
    return st.one_of(
        st.text(_any_char, max_size=64),
        st.text(st.sampled_from(":abcdefgmqrsuvw0123456789*-_!"), max_size=64),
        st.builds(
            lambda prefix, rest: f"{prefix}:{rest}",
            st.sampled_from(sorted(callback_prefixes())),
            st.text(st.sampled_from(":abcdeiklmnoprsvwxyz0123456789*-_!é"), max_size=40),
        ),
    ).filter(lambda data: len(data.encode()) <= 64)


def callback_classes() -> list[type[CallbackData]]:
    """Every CallbackData class of the bot (all feature modules imported first)."""
    for module in pkgutil.walk_packages(bot.features.__path__, "bot.features."):
        importlib.import_module(module.name)
    found: list[type[CallbackData]] = []
    pending = list(CallbackData.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("bot."):
            found.append(cls)
    return sorted(found, key=lambda cls: cls.__prefix__)


def callback_prefixes() -> set[str]:
    return {cls.__prefix__ for cls in callback_classes()}


def _source_words() -> list[str]:
    """The short string literals of the features' code: the actions, steps and codes the
    handlers compare callback values against (so forged packs reach real handlers)."""
    words: set[str] = set()
    root = Path(bot.features.__file__).parent
    for path in root.rglob("*.py"):
        words.update(re.findall(r'"([A-Za-z0-9_!*.\-]{1,12})"', path.read_text("utf-8")))
    return sorted(words)


FOREIGN_IDS = (0, 1, 2, 3, 7, 42, 999_999, -1, 2**31, 2**63 - 1, -(2**63))


def _value_for(annotation: Any, words: list[str]) -> st.SearchStrategy[Any]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return st.one_of(st.none(), *(_value_for(a, words) for a in args))
    if annotation is bool:
        return st.booleans()
    if annotation is int:
        return st.one_of(st.sampled_from(FOREIGN_IDS), st.integers(-(2**63), 2**63 - 1))
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return st.sampled_from(list(annotation))
    # str (and anything else packed as text): known words, or random text without ':'.
    return st.one_of(
        st.sampled_from(words),
        st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=":"), max_size=8),
    )


@st.composite
def _pack_of(draw: st.DrawFn, cls: type[CallbackData], words: list[str]) -> str:
    values: dict[str, Any] = {}
    for name, info in cls.model_fields.items():
        if not info.is_required() and draw(st.booleans()):
            continue
        values[name] = draw(_value_for(info.annotation, words))
    try:
        return cls(**values).pack()
    except (ValueError, TypeError):  # a value the class refuses to pack (too long, ':'...)
        return f"{cls.__prefix__}:" + ":".join(str(v)[:4] for v in values.values())


def callback_packs() -> st.SearchStrategy[str]:
    """Well-formed data of every CallbackData class, with forged values."""
    words = _source_words()
    packs = st.one_of(*(_pack_of(cls, words) for cls in callback_classes()))
    return packs.map(lambda data: data.encode()[:64].decode("utf-8", "ignore"))


def forged_callbacks() -> st.SearchStrategy[str]:
    return st.one_of(callback_packs(), raw_callback_data())


# ---- documents ----------------------------------------------------------------------------

MIME_TYPES = (
    "application/x-yaml",
    "text/yaml",
    "text/plain",
    "application/octet-stream",
    "application/pdf",
    "image/jpeg",
    "application/zip",
    "",
    "text/html",
    "application/x-sh",
)


@dataclass(frozen=True)
class Document:
    content: bytes
    file_name: str | None
    mime_type: str | None
    declared_size: int | None


_yaml_bodies = st.one_of(
    st.builds(lambda t: t.encode("utf-8", "surrogatepass"), texts()),
    st.binary(max_size=2048),
    st.sampled_from(
        (
            b"groups: []\n",
            b"groups:\n  - slug: x\n",
            b"groups: {a: 1}\n",
            b"faq: [1, 2, 3]\n",
            b"- - - -\n",
            b"&a [*a]\n",
            b"\xef\xbb\xbfgroups: []\n",
            b"\xff\xfe\x00\x00",
            b"a: !!python/object/apply:os.system ['echo owned']\n",
            b"groups:\n  - slug: <b>x</b>\n    title: '<a href=\"x\">t</a>'\n    link: '&amp;'\n",
            b"a: &x [*x, *x, *x, *x, *x, *x, *x, *x, *x]\n" * 3,
        )
    ),
    st.builds(lambda t: b"groups:\n  - title: " + t.encode() + b"\n", texts()),
)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    """A file with a random name, mime type, content and declared size (sometimes enormous)."""
    suffix = draw(st.sampled_from((".yaml", ".yml", ".YAML", ".txt", ".pdf", "", ".yaml.exe")))
    stem = draw(st.one_of(st.text(_any_char, max_size=30), st.sampled_from(HTML_LIKE)))
    name = draw(st.one_of(st.none(), st.just(stem + suffix), st.just(draw(canaries()) + suffix)))
    content = draw(_yaml_bodies)
    size = draw(
        st.one_of(
            st.none(),
            st.just(len(content)),
            st.integers(0, 2**31),
            st.sampled_from((20 * 1024 * 1024, 2**40)),
        )
    )
    mime = draw(st.one_of(st.none(), st.sampled_from(MIME_TYPES), st.text(_any_char, max_size=20)))
    return Document(content, name, mime, size)


# ---- what must hold -----------------------------------------------------------------------


class _ErrorRecords(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass
class Watch:
    """Checks every request the bot made since the last :meth:`check`."""

    harness: Harness = field(repr=False)
    seen: int = 0
    errors_seen: float = 0.0
    _records: _ErrorRecords = field(default_factory=_ErrorRecords)
    checked_texts: int = 0
    # Canaries shown back (escaped): proof that the walks reach where member text is echoed.
    canaries_shown: int = 0

    def __post_init__(self) -> None:
        logging.getLogger("bot").addHandler(self._records)
        self.seen = len(self.harness.telegram.requests)
        self.errors_seen = self.errors()

    def close(self) -> None:
        logging.getLogger("bot").removeHandler(self._records)

    def reset(self) -> None:
        """Forget what happened before (a new example starts)."""
        self._records.records = []
        self.seen = len(self.harness.telegram.requests)
        self.errors_seen = self.errors()

    def errors(self) -> float:
        total = 0.0
        for metric in self.harness.services.metrics.errors.collect():
            for sample in metric.samples:
                if sample.name.endswith("_total"):
                    total += sample.value
        return total

    def check(self, what: str) -> None:
        """Fail with what was sent when an invariant broke."""
        records, self._records.records = self._records.records, []
        errors = self.errors()
        if records or errors != self.errors_seen:
            details = [
                f"{r.name}: {r.getMessage()} {r.exc_info[1]!r}" if r.exc_info else r.getMessage()
                for r in records
            ]
            raise AssertionError(f"the errors handler was hit after {what!r}: {details}")
        requests = self.harness.telegram.requests[self.seen :]
        self.seen = len(self.harness.telegram.requests)
        for request in requests:
            for text, html_mode in _texts_of(self.harness, request):
                self.checked_texts += 1
                self.canaries_shown += _check_canaries(
                    text, html_mode, what, type(request).__name__
                )


def _texts_of(harness: Harness, request: Any) -> list[tuple[str, bool]]:
    found: list[tuple[str, bool]] = []
    mode = getattr(request, "parse_mode", None)
    if isinstance(mode, Default):
        mode = harness.bot.default[mode.name]
    html_mode = str(getattr(mode, "value", mode)) == "HTML"
    for result in getattr(request, "results", None) or ():  # inline answers
        content = getattr(result, "input_message_content", None)
        text = getattr(content, "message_text", None)
        if isinstance(text, str):
            result_mode = getattr(content, "parse_mode", None)
            if isinstance(result_mode, Default):
                result_mode = harness.bot.default[result_mode.name]
            as_html = str(getattr(result_mode, "value", result_mode)) == "HTML"
            found.append((text, as_html and not getattr(content, "entities", None)))
        for name in ("title", "description"):
            value = getattr(result, name, None)
            if isinstance(value, str):
                found.append((value, False))
    for name in ("text", "caption"):
        value = getattr(request, name, None)
        if isinstance(value, str):
            # Entities (or no parse mode) show the text verbatim; callback answers too.
            entities = getattr(request, f"{'caption_' if name == 'caption' else ''}entities", None)
            found.append((value, html_mode and not entities))
    return found


def _check_canaries(text: str, html_mode: bool, what: str, method: str) -> int:
    """Every canary word the bot sent must be shown wrapped in the markup the member typed;
    returns how many it found."""
    if html_mode:
        from tests.support.fake_telegram import _HtmlChecker

        visible = _HtmlChecker.visible_text(text)
    else:
        visible = text
    found = 0
    for match in CANARY_PATTERN.finditer(visible):
        found += 1
        word = match.group(0)
        typed = [form.format(word=word) for form in CANARY_FORMS]
        head = visible[: match.end()]
        if not any(head.endswith(form.split(word)[0] + word) for form in typed):
            raise AssertionError(
                f"{method}: the member's markup around {word!r} was interpreted, not shown "
                f"(sent after {what!r}): {text[max(0, match.start() - 80) : match.end() + 40]!r}"
            )
    return found


# ---- the world and a random walk ----------------------------------------------------------

ADMIN = 1

#: Modest, so the hostile suite stays within its time on a loaded 2-core machine.
HOSTILE = settings(
    # PRICHAL_HOSTILE_EXAMPLES=500 for a long bug hunt; the suite's default stays small.
    max_examples=int(os.environ.get("PRICHAL_HOSTILE_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)

PRIVILEGED_COMMANDS = (
    "mod",
    "faq_admin",
    "grant",
    "revoke",
    "staff",
    "export",
    "new_event",
    "my_events",
)

_user_ids = itertools.count(700_000)


@dataclass
class World:
    harness: Harness = field(repr=False)
    watch: Watch = field(repr=False)

    def new_id(self) -> int:
        return next(_user_ids)

    def member(self, language_code: str | None = "en") -> Person:
        """A new member for a new example (the watch starts afresh with them)."""
        self.watch.reset()
        return self.harness.member(self.new_id(), language_code=language_code)


Action = tuple[str, Any]


def actions() -> st.SearchStrategy[Action]:
    """One hostile step: typed text, a press of a button on screen, forged data, a command
    with hostile arguments, a document, an inline query, a sticker."""
    return st.one_of(
        st.tuples(st.just("text"), texts()),
        st.tuples(st.just("benign"), st.sampled_from(WORDS)),
        st.tuples(st.just("press"), st.integers(0, 1000)),
        st.tuples(st.just("press"), st.integers(0, 1000)),
        st.tuples(st.just("forge"), forged_callbacks()),
        st.tuples(st.just("tamper"), st.tuples(st.integers(0, 1000), _tampered_values())),
        st.tuples(st.just("command"), commands(MEMBER_COMMANDS + PRIVILEGED_COMMANDS)),
        st.tuples(st.just("document"), documents()),
        st.tuples(st.just("inline"), texts().map(lambda t: t[:256])),
        st.tuples(st.just("sticker"), st.just(None)),
    )


def walks(max_size: int = 6) -> st.SearchStrategy[list[Action]]:
    return st.lists(actions(), min_size=1, max_size=max_size)


async def act(world: World, person: Person, action: Action) -> None:
    kind, value = action
    if kind in ("text", "benign", "command"):
        await person.send(value)
    elif kind == "press":
        buttons = _on_screen(person)
        if not buttons:
            await person.send(WORDS[value % len(WORDS)])
            return
        sent, data = buttons[value % len(buttons)]
        await person.press_data(data, sent)
    elif kind == "forge":
        await person.press_data(value)
    elif kind == "tamper":
        index, values = value
        buttons = _on_screen(person)
        if not buttons:
            await person.press_data(f"{value!r}"[:64])
            return
        sent, data = buttons[index % len(buttons)]
        await person.press_data(tamper(data, values), sent)
    elif kind == "document":
        await send_document(person, value)
    elif kind == "inline":
        await world.harness.feed(
            {
                "inline_query": {
                    "id": str(world.new_id()),
                    "from": person.user,
                    "query": value,
                    "offset": "",
                    "chat_type": "sender",
                }
            }
        )
    elif kind == "sticker":
        await person.send_message(
            sticker={
                "file_id": "sticker1",
                "file_unique_id": "s1",
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
            }
        )
    world.watch.check(f"{kind}: {value!r}"[:300])


def _on_screen(person: Person) -> list[tuple[Sent, str]]:
    """The callback buttons of the member's latest messages."""
    return [
        (sent, data)
        for sent in person.transcript()[-3:]
        for _, data in sent.buttons()
        if data and not data.startswith(("http", "tg:"))
    ]


def _tampered_values() -> st.SearchStrategy[list[Any]]:
    words = _source_words()
    return st.lists(
        st.one_of(
            st.sampled_from(FOREIGN_IDS),
            st.integers(-(2**63), 2**63 - 1),
            st.sampled_from(words),
            st.text(
                st.characters(blacklist_categories=("Cs",), blacklist_characters=":"), max_size=6
            ),
        ),
        min_size=1,
        max_size=4,
    )


def tamper(data: str, values: list[Any]) -> str:
    """A real button's data with some of its fields replaced (another member's id, an id out
    of range, another action): what a member crafting callback data sends."""
    parts = data.split(":")
    for position, value in enumerate(values):
        index = 1 + (position * 7 + len(str(value))) % max(1, len(parts) - 1)
        if index < len(parts):
            parts[index] = str(value)
    forged = ":".join(parts)
    return forged.encode()[:64].decode("utf-8", "ignore")


async def send_document(person: Person, document: Document) -> None:
    file_id = person.harness.telegram.upload(document.content)
    body: dict[str, Any] = {"file_id": file_id, "file_unique_id": f"u-{file_id}"}
    if document.file_name is not None:
        body["file_name"] = document.file_name
    if document.mime_type is not None:
        body["mime_type"] = document.mime_type
    if document.declared_size is not None:
        body["file_size"] = document.declared_size
    await person.send_message(document=body)


async def walk(world: World, person: Person, steps: list[Action]) -> None:
    world.watch.check("the setup")  # the setup itself must be clean
    for action in steps:
        await act(world, person, action)


Setup = Callable[[World, int], Awaitable[Person]]
