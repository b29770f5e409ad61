"""The one cleaning of member text, and what is derived from it: confusable skeletons, the
no-contacts check, and web links.

Every text a member (or an import file) gives that is stored or shown passes
:func:`clean_text` (one line: :func:`clean_line`; a message with Telegram entities:
:func:`clean_with_entities`, which keeps the entities on the same characters). It:

* removes every format character (Unicode category Cf: bidi embeddings, overrides and
  isolates, U+061C, U+FEFF, soft hyphens, zero-width spaces and joiners, tag characters…), the
  other invisible "default ignorable" code points (U+034F, Hangul fillers, variation selectors
  beyond the emoji ones) and control characters except line breaks. One exception: a zero-width
  joiner *between two emoji* stays, as it builds one emoji (👩‍💻) and hides nothing;
* applies NFKC where it is safe: full-width and mathematical letters, ligatures, compatibility
  spaces become the plain characters; superscripts, subscripts, fractions, squared and circled
  forms and "№" keep their look (m², ½, №5 mean something NFKC would lose);
* tidies spaces and blank lines (not for text with entities, whose layout is the author's).

:func:`skeleton` maps text to its UTS #39 confusable skeleton with the data of the maintained
``confusable-homoglyphs`` package (Unicode's ``confusables.txt``): "ІТ Gеоrgіа" written with
Cyrillic and Ukrainian letters has the skeleton of "IT Georgia". The similar-title check and
the no-contacts filter compare skeletons.

Links are parsed with :func:`urllib.parse.urlsplit`, never matched by hand: no user info
(``https://t.me@evil.example`` goes to evil.example), no port, a real host name.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise
from typing import Any
from urllib.parse import urlsplit

# ---- cleaning -----------------------------------------------------------------------------

ZWJ = "\u200d"
# Invisible code points outside category Cf that must go too (Default_Ignorable_Code_Point).
_IGNORABLE = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0")
# Compatibility mappings NFKC may apply: they change how a character is drawn, not what it
# says. Others (<super>, <sub>, <fraction>, <square>, <circle>) carry meaning and are kept.
_SAFE_TAGS = frozenset(
    {
        "<wide>", "<narrow>", "<font>", "<compat>", "<noBreak>", "<small>", "<vertical>",
        "<initial>", "<medial>", "<final>", "<isolated>",
    }
)  # fmt: skip
_KEEP = frozenset("№")  # <compat> "No": not what a Russian text means by it
_SPACES = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def _pictographic(ch: str) -> bool:
    code = ord(ch)
    return (
        0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF or 0x2300 <= code <= 0x23FF
    ) or ch in "\u00a9\u00ae\u203c\u2049\u2122\u2139\u3030\u303d\u3297\u3299"


def _dropped(ch: str) -> bool:
    if ch in "\n\t":
        return False
    code = ord(ch)
    if ch in _IGNORABLE or 0xFE00 <= code <= 0xFE0E or 0xE0100 <= code <= 0xE01EF:
        return True
    return unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") and ch != ZWJ


def _clean_chars(text: str) -> str:
    """Characters only: invisible ones out, NFKC where safe, NFC. Layout untouched."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    out: list[str] = []
    length = len(text)
    for index, ch in enumerate(text):
        if _dropped(ch):
            continue
        if ch == ZWJ:
            # Kept only inside an emoji sequence (👩‍💻): between two pictographs, where a
            # variation selector may stand before it.
            before = text[index - 1] if index else ""
            if before == "\ufe0f" and index >= 2:
                before = text[index - 2]
            after = text[index + 1] if index + 1 < length else ""
            if not (before and after and _pictographic(before) and _pictographic(after)):
                continue
            out.append(ch)
            continue
        if ch == "\t":
            out.append(" ")
            continue
        decomposition = unicodedata.decomposition(ch)
        if decomposition.startswith("<") and ch not in _KEEP:
            tag = decomposition.split(" ", 1)[0]
            if tag in _SAFE_TAGS:
                out.append(unicodedata.normalize("NFKC", ch))
                continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def clean_text(value: str) -> str:
    """Member text as stored and shown (see the module docstring): line breaks kept, runs of
    spaces and of blank lines cut, trimmed."""
    text = _clean_chars(value)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def clean_line(value: str) -> str:
    """One line of member text (a title, a name): :func:`clean_text` on one line."""
    return " ".join(clean_text(value).split())


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _utf16_slices(text: str, cuts: list[int]) -> list[str]:
    """``text`` cut at the UTF-16 offsets ``cuts`` (sorted, within the text)."""
    data = text.encode("utf-16-le")
    bounds = [0, *cuts, len(data) // 2]
    return [data[a * 2 : b * 2].decode("utf-16-le", "surrogatepass") for a, b in pairwise(bounds)]


def _utf16_part(text: str, start: int, end: int) -> str:
    data = text.encode("utf-16-le")
    return data[start * 2 : end * 2].decode("utf-16-le", "surrogatepass")


def clean_with_entities(
    text: str, entities: list[dict[str, Any]]
) -> tuple[str, list[dict[str, Any]]]:
    """Clean a text that carries Telegram entities (offsets in UTF-16 code units), keeping
    each entity on the same characters; one that is left empty is dropped. The text is
    cut at every entity boundary and each piece cleaned alone, so no character crosses one.
    Layout (spaces, blank lines) is the author's and stays."""
    length = _utf16_length(text)
    cuts: set[int] = set()
    for entity in entities:
        start = max(0, min(length, int(entity.get("offset", 0))))
        end = max(start, min(length, start + int(entity.get("length", 0))))
        cuts.update((start, end))
    ordered = sorted(cut for cut in cuts if 0 < cut < length)
    pieces = [_clean_chars(piece) for piece in _utf16_slices(text, ordered)]
    moved = {0: 0}
    position = 0
    for cut, piece in zip([*ordered, length], pieces, strict=True):
        position += _utf16_length(piece)
        moved[cut] = position
    cleaned: list[dict[str, Any]] = []
    for entity in entities:
        start = max(0, min(length, int(entity.get("offset", 0))))
        end = max(start, min(length, start + int(entity.get("length", 0))))
        new_start, new_end = moved[start], moved[end]
        if new_end > new_start:
            cleaned.append({**entity, "offset": new_start, "length": new_end - new_start})
    return "".join(pieces), cleaned


# ---- confusable skeletons -----------------------------------------------------------------


@cache
def _prototypes() -> dict[str, str]:
    """Each confusable character → the representative of its class (UTS #39 prototype).

    ``confusable-homoglyphs`` stores Unicode's source → prototype pairs in both directions;
    prototypes are never sources, so each class is a star: the prototype is its centre (the
    end with several neighbours, or the sequence), and a two-character class is represented
    by its smaller member."""
    raw = json.loads(
        resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8")
    )

    def plain(value: str) -> str:
        return value.replace("\u200e", "").replace("\u200f", "")

    neighbours: dict[str, set[str]] = {}
    for key, entries in raw.items():
        source = plain(key)
        for entry in entries:
            neighbours.setdefault(source, set()).add(plain(entry["c"]))
    table: dict[str, str] = {}
    for char, linked in neighbours.items():
        if len(char) != 1 or len(linked) != 1:
            continue
        [other] = linked
        if len(other) != 1 or len(neighbours.get(other, ())) > 1:
            table[char] = other
        else:
            table[char] = min(char, other)
    return table


def skeleton(text: str) -> str:
    """The confusable skeleton of ``text``, case-insensitive: texts that look alike to a
    reader (Latin "IT", Cyrillic "ІТ"; "rn" and "m") have equal skeletons."""
    table = _prototypes()

    def mapped(value: str) -> str:
        decomposed = unicodedata.normalize("NFD", value)
        return unicodedata.normalize("NFD", "".join(table.get(ch, ch) for ch in decomposed))

    # Mapped before and after case folding, so "І" (a Cyrillic capital that looks like a
    # Latin "I") and "i" end up in one class.
    return mapped(mapped(_clean_chars(text)).casefold())


# ---- contacts -----------------------------------------------------------------------------

# Ways to reach a person that a listing must not carry: replies go through the bot, which keeps
# both sides private until they choose otherwise. Checked on the cleaned text (digits) and on
# its skeleton (look-alike letters).
_CONTACT_PATTERNS = (
    re.compile(r"[\w.+-]+@[\w-]+\.[a-z]{2,}", re.IGNORECASE),  # e-mail
    re.compile(r"(?<![\w@/])@[a-z][a-z0-9_]{3,31}\b", re.IGNORECASE),  # @username
    re.compile(r"\+\d[\d\s().-]{7,}\d"),  # +995 555 12 34 56
    re.compile(r"(?<![\d.,])\d{9,}(?![\d.,])"),  # 555123456
    re.compile(r"(?<![\d+])[78][\s(-]*9\d\d[\s)-]*\d{3}[\s-]*\d\d[\s-]*\d\d(?!\d)"),  # 8 900 ...
)
_MESSENGER_MARKERS = (
    "t.me/", "telegram.me/", "telegram.dog/", "t.dog/", "tg://", "wa.me/", "whatsapp.com/",
    "viber://", "signal.me/",
)  # fmt: skip


@cache
def _marker_skeletons() -> tuple[str, ...]:
    return tuple(skeleton(marker) for marker in _MESSENGER_MARKERS)


def has_contact(text: str) -> bool:
    """Whether the text gives a way to reach someone (e-mail, @username, messenger link,
    phone number), however it is disguised by invisible or look-alike characters."""
    cleaned = clean_text(text)
    if any(pattern.search(cleaned) for pattern in _CONTACT_PATTERNS):
        return True
    shape = skeleton(cleaned)
    squeezed = re.sub(r"\s+", "", shape)
    return any(marker in shape or marker in squeezed for marker in _marker_skeletons()) or bool(
        _CONTACT_PATTERNS[1].search(shape)
    )


# ---- links --------------------------------------------------------------------------------

URL_MAX = 300
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_TELEGRAM_NAME = re.compile(r"@[A-Za-z][A-Za-z0-9_]{3,31}")
# Bare addresses in text ("example.com/path"), which Telegram turns into links by itself.
_BARE_LINK = re.compile(
    r"(?i)(?:https?://)?(?:[\w-]+\.)+[a-z\u00a1-\uffff][\w-]{1,62}(?::\d+)?(?:/[^\s]*)?"
)


def ascii_host(host: str) -> str | None:
    """The host name as ASCII (IDNA), lower case; ``None`` when it is not a host name."""
    host = host.strip().rstrip(".").lower()
    if not host or len(host) > 253:
        return None
    try:
        encoded = host.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    labels = encoded.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        return None
    if labels[-1].isdigit():  # an IP address: no name a reader could check
        return None
    return encoded


def unicode_host(host: str) -> str:
    """The host as a reader sees it (IDNA decoded)."""
    try:
        return host.encode("ascii").decode("idna")
    except UnicodeError:
        return host


def parse_web_link(text: str, *, schemes: tuple[str, ...] = ("https",)) -> str | None:
    """A link a member gave, normalised; ``None`` unless it is an address of ``schemes`` with
    a real host and no user info or port. ``@name`` and ``t.me/name`` become
    ``https://t.me/name``."""
    raw = text.strip()
    if not raw or len(raw) > URL_MAX or raw != clean_line(raw) or "\\" in raw:
        return None
    if any(ch.isspace() for ch in raw):
        return None
    if _TELEGRAM_NAME.fullmatch(raw):
        return f"https://t.me/{raw[1:]}"
    if re.match(r"(?i)^(t\.me|telegram\.me)/", raw):
        raw = f"https://{raw}"
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in schemes or port is not None:
        return None
    if "@" in parts.netloc or parts.username is not None or parts.password is not None:
        return None
    host = ascii_host(parts.hostname or "")
    if host is None:
        return None
    rest = raw[len(parts.scheme) + 3 + len(parts.netloc) :]
    return f"{parts.scheme.lower()}://{host}{rest}"


def link_host(url: str) -> str | None:
    """The host a link really goes to (``None`` when it is no web link)."""
    try:
        parts = urlsplit(url.strip() if "://" in url else f"https://{url.strip()}")
        return ascii_host(parts.hostname or "")
    except ValueError:
        return None


def has_link(text: str) -> bool:
    """Whether the text holds a web address, a Telegram link or @name (which Telegram would
    make clickable)."""
    cleaned = clean_text(text)
    if _TELEGRAM_NAME.search(cleaned) or re.search(r"(?i)\b(?:tg|viber)://", cleaned):
        return True
    return any(link_host(match.group(0)) for match in _BARE_LINK.finditer(cleaned))


# Domains members are most often sent look-alikes of (Telegram, consulates, state services).
KNOWN_DOMAINS = (
    "t.me", "telegram.org", "telegram.me", "gosuslugi.ru", "kdmid.ru", "mid.ru", "gov.ge",
    "mfa.gov.ge", "sakartvelo.gov.ge", "gov.am", "mfa.am", "egov.kz", "gov.rs", "mup.gov.rs",
    "e-devlet.gov.tr", "turkiye.gov.tr", "gov.il", "google.com", "wise.com", "tbcbank.ge",
    "bankofgeorgia.ge",
)  # fmt: skip


@dataclass(frozen=True)
class LinkCheck:
    """One link of a message as a moderator must see it."""

    domain: str  # as a reader sees it (Unicode)
    lookalike: bool
    shown_as: str | None = None  # the domain the link's visible text claims, when different


def _scripts(text: str) -> set[str]:
    found = set()
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            found.add(name.split(" ", 1)[0])
    return found


@cache
def _known_skeletons() -> dict[str, str]:
    return {skeleton(domain): domain for domain in KNOWN_DOMAINS}


def is_lookalike(host: str) -> bool:
    """A domain dressed as another: non-Latin letters (or punycode), mixed scripts, or the
    skeleton of a well-known domain it is not. ``host`` as written (case matters to a reader:
    "gosusIugi.ru" with a capital I reads as gosuslugi.ru)."""
    shown = unicode_host(host)
    if any(label.startswith("xn--") for label in host.split(".")) or not shown.isascii():
        return True
    if len(_scripts(shown)) > 1:
        return True
    known = _known_skeletons().get(skeleton(shown))
    return known is not None and known != shown.lower()


def check_link(url: str, shown_text: str | None = None) -> LinkCheck | None:
    host = link_host(url)
    if host is None:
        return None
    shown_as = None
    if shown_text:
        claimed = next((m.group(0) for m in _BARE_LINK.finditer(clean_text(shown_text))), None)
        claimed_host = link_host(claimed) if claimed else None
        if claimed_host is not None and claimed_host.removeprefix("www.") != host.removeprefix(
            "www."
        ):
            shown_as = unicode_host(claimed_host)
    written = _written_host(url)
    lookalike = is_lookalike(host) or (written is not None and is_lookalike(written))
    return LinkCheck(unicode_host(host), lookalike or shown_as is not None, shown_as)


def _written_host(url: str) -> str | None:
    """The host as the link's author wrote it (case kept)."""
    try:
        netloc = urlsplit(url.strip() if "://" in url else f"https://{url.strip()}").netloc
    except ValueError:
        return None
    return netloc.rsplit("@", 1)[-1].split(":", 1)[0] or None


def links_of(
    text: str, entities: list[dict[str, Any]], extra_urls: tuple[str, ...] = ()
) -> list[LinkCheck]:
    """Every link a message carries — hidden ones (``text_link``) included, with the domain it
    really opens — in order, each domain once."""
    found: list[LinkCheck] = []
    for entity in entities:
        if entity.get("type") == "text_link" and entity.get("url"):
            start = max(0, int(entity.get("offset", 0)))
            shown = _utf16_part(text, start, start + int(entity.get("length", 0)))
            check = check_link(str(entity["url"]), shown)
            if check is not None:
                found.append(check)
    for match in _BARE_LINK.finditer(clean_text(text)):
        check = check_link(match.group(0))
        if check is not None:
            found.append(check)
    for url in extra_urls:
        check = check_link(url)
        if check is not None:
            found.append(check)
    unique: dict[str, LinkCheck] = {}
    for check in found:
        previous = unique.get(check.domain)
        if previous is None or (check.lookalike and not previous.lookalike):
            unique[check.domain] = check
    return list(unique.values())
