"""Formatted text as Telegram handles it: ``parse_mode`` parsing, entity detection, safe HTML.

Telegram turns ``parse_mode`` markup into plain text plus ``MessageEntity`` objects whose offsets
and lengths count UTF-16 code units. Internally this module works on Python string indices (code
points) and converts at the edges. Parsing follows Telegram's (tdlib's) rules closely enough that
what a bot sends is refused or accepted as Telegram would, with Telegram's error wording.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

Entity = dict[str, Any]

ENTITY_TYPES = frozenset(
    {
        "mention",
        "hashtag",
        "cashtag",
        "bot_command",
        "url",
        "email",
        "phone_number",
        "bold",
        "italic",
        "underline",
        "strikethrough",
        "spoiler",
        "blockquote",
        "expandable_blockquote",
        "code",
        "pre",
        "text_link",
        "text_mention",
        "custom_emoji",
        "date_time",
    }
)
# Entities that claim their span exclusively: nothing is auto-detected inside them.
_EXCLUSIVE = frozenset(
    {
        "code",
        "pre",
        "text_link",
        "text_mention",
        "custom_emoji",
        "url",
        "email",
        "mention",
        "hashtag",
        "cashtag",
        "bot_command",
        "phone_number",
        "date_time",
    }
)


class EntityParseError(ValueError):
    """Markup that Telegram would refuse; the message follows "can't parse entities: "."""


# --- UTF-16 offsets --------------------------------------------------------------------------


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, as Telegram counts entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def _has_astral(text: str) -> bool:
    return utf16_len(text) != len(text)


def _to_utf16(text: str, entities: list[Entity]) -> list[Entity]:
    if not entities or not _has_astral(text):
        return entities
    prefix = [0] * (len(text) + 1)
    acc = 0
    for i, ch in enumerate(text):
        prefix[i] = acc
        acc += 2 if ord(ch) > 0xFFFF else 1
    prefix[len(text)] = acc
    out = []
    for e in entities:
        start = prefix[e["offset"]]
        end = prefix[e["offset"] + e["length"]]
        out.append({**e, "offset": start, "length": end - start})
    return out


def _from_utf16(text: str, entities: Iterable[Mapping[str, Any]]) -> list[Entity]:
    """Entities with code-point offsets, clipped to the text; malformed ones are dropped."""
    ents = [dict(e) for e in entities]
    if _has_astral(text):
        index: dict[int, int] = {}
        acc = 0
        for i, ch in enumerate(text):
            index[acc] = i
            acc += 2 if ord(ch) > 0xFFFF else 1
        index[acc] = len(text)

        def cp(u: int) -> int:
            while u not in index and u > 0:
                u -= 1  # an offset inside a surrogate pair snaps to the character
            return index.get(u, 0)

        for e in ents:
            start = cp(int(e["offset"]))
            end = cp(min(int(e["offset"]) + int(e["length"]), acc))
            e["offset"], e["length"] = start, end - start
    out = []
    for e in ents:
        start = max(0, int(e["offset"]))
        end = min(len(text), int(e["offset"]) + int(e["length"]))
        if end > start:
            e["offset"], e["length"] = start, end - start
            out.append(e)
    return out


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


# --- HTML ------------------------------------------------------------------------------------

_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
}
_HTML_TAGS = frozenset({*_SIMPLE_TAGS, "a", "span", "blockquote", "tg-emoji", "tg-time"})
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));")
_TAG_NAME_RE = re.compile(r"[a-zA-Z0-9-]*")
_ATTR_NAME_RE = re.compile(r"[a-zA-Z0-9_-]+")
_SAFE_SCHEMES = ("http://", "https://", "tg://", "mailto:", "ftp://", "tonsite://")


def _decode_html_entity(src: str, i: int) -> tuple[str, int] | None:
    m = _ENTITY_RE.match(src, i)
    if m is None:
        return None
    dec, hexa, name = m.groups()
    if name is not None:
        ch = _NAMED_ENTITIES.get(name)
        return (ch, m.end()) if ch is not None else None
    code = int(dec) if dec is not None else int(hexa, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code), m.end()


def _unescape_attr(value: str) -> str:
    out = []
    i = 0
    while i < len(value):
        if value[i] == "&":
            decoded = _decode_html_entity(value, i)
            if decoded is not None:
                out.append(decoded[0])
                i = decoded[1]
                continue
        out.append(value[i])
        i += 1
    return "".join(out)


def normalize_url(url: str) -> str | None:
    """The URL Telegram would keep for a link, or ``None`` for one it refuses (no scripts)."""
    url = url.strip()
    if not url:
        return None
    lowered = url.lower()
    if lowered.startswith(_SAFE_SCHEMES):
        return url
    if re.match(r"^[a-z][a-z0-9+.-]*:", lowered) and not re.match(r"^[^/]+\.[a-z]{2,}:\d", lowered):
        return None  # some other scheme, e.g. javascript:
    if re.match(r"^[\w.-]+\.[a-z]{2,}(?:[:/?#]|$)", lowered):
        return "http://" + url
    return None


def _parse_attrs(src: str, j: int, tag: str, begin: int) -> tuple[dict[str, str], int]:
    attrs: dict[str, str] = {}
    n = len(src)
    while True:
        while j < n and src[j] in " \t\r\n":
            j += 1
        if j >= n:
            raise EntityParseError(f"Unclosed start tag at byte offset {_byte_offset(src, begin)}")
        if src[j] == ">":
            return attrs, j + 1
        m = _ATTR_NAME_RE.match(src, j)
        if m is None:
            raise EntityParseError(
                f'Empty attribute name in the tag "{tag}" at byte offset {_byte_offset(src, j)}'
            )
        name = m.group(0).lower()
        j = m.end()
        while j < n and src[j] in " \t\r\n":
            j += 1
        value = ""
        if j < n and src[j] == "=":
            j += 1
            while j < n and src[j] in " \t\r\n":
                j += 1
            if j < n and src[j] in "\"'":
                quote = src[j]
                end = src.find(quote, j + 1)
                if end == -1:
                    raise EntityParseError(
                        f"Unclosed start tag at byte offset {_byte_offset(src, begin)}"
                    )
                value = _unescape_attr(src[j + 1 : end])
                j = end + 1
            else:
                start = j
                while j < n and src[j] not in " \t\r\n>":
                    j += 1
                value = _unescape_attr(src[start:j])
        attrs[name] = value


def parse_html(
    src: str, users: Callable[[int], Entity | None] | None = None
) -> tuple[str, list[Entity]]:
    """Telegram's HTML parse mode: ``(text, entities)`` with code-point offsets.

    ``users`` resolves ``tg://user?id=`` links to a ``User`` object for ``text_mention``.
    """
    out: list[str] = []
    length = 0
    # (tag name, entity or None when merged into a parent pre, start index)
    stack: list[tuple[str, Entity | None, int]] = []
    entities: list[Entity] = []
    n = len(src)
    i = 0
    while i < n:
        c = src[i]
        if c == "&":
            decoded = _decode_html_entity(src, i)
            if decoded is None:
                out.append("&")
                length += 1
                i += 1
            else:
                out.append(decoded[0])
                length += 1
                i = decoded[1]
            continue
        if c != "<":
            lt = src.find("<", i)
            amp = src.find("&", i)
            j = min(x for x in (lt, amp, n) if x != -1)
            out.append(src[i:j])
            length += j - i
            i = j
            continue
        begin = i
        if i + 1 < n and src[i + 1] == "/":
            end = src.find(">", i)
            if end == -1:
                raise EntityParseError(
                    f"Unclosed end tag at byte offset {_byte_offset(src, begin)}"
                )
            name = src[i + 2 : end].strip().lower()
            if not stack:
                raise EntityParseError(
                    f"Unexpected end tag at byte offset {_byte_offset(src, begin)}"
                )
            tag, entity, start = stack.pop()
            if name != tag:
                raise EntityParseError(
                    f"Unmatched end tag at byte offset {_byte_offset(src, begin)}, "
                    f'expected "</{tag}>", found "</{name}>"'
                )
            if entity is not None and length > start:
                entity["offset"], entity["length"] = start, length - start
                entities.append(entity)
            i = end + 1
            continue
        m = _TAG_NAME_RE.match(src, i + 1)
        assert m is not None
        tag = m.group(0).lower()
        if tag not in _HTML_TAGS:
            raise EntityParseError(
                f'Unsupported start tag "{tag}" at byte offset {_byte_offset(src, begin)}'
            )
        attrs, i = _parse_attrs(src, m.end(), tag, begin)
        entity = _html_entity(tag, attrs, stack, src, begin, users)
        stack.append((tag, entity, length))
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    # Entities close inner-first; Telegram lists them by position, outer first.
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _html_entity(
    tag: str,
    attrs: Mapping[str, str],
    stack: list[tuple[str, Entity | None, int]],
    src: str,
    begin: int,
    users: Callable[[int], Entity | None] | None,
) -> Entity | None:
    if tag == "code" and stack and stack[-1][0] == "pre":
        parent = stack[-1][1]
        lang = attrs.get("class", "")
        if parent is not None and lang.startswith("language-") and "language" not in parent:
            parent["language"] = lang[len("language-") :]
            return None  # <pre><code class="language-x"> is one pre entity
    if tag in _SIMPLE_TAGS:
        return {"type": _SIMPLE_TAGS[tag]}
    if tag == "span":
        if attrs.get("class") != "tg-spoiler":
            raise EntityParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {_byte_offset(src, begin)}'
            )
        return {"type": "spoiler"}
    if tag == "blockquote":
        return {"type": "expandable_blockquote" if "expandable" in attrs else "blockquote"}
    if tag == "tg-emoji":
        emoji_id = attrs.get("emoji-id", "")
        if not emoji_id.isdigit():
            raise EntityParseError(
                f'Tag "tg-emoji" must have attribute "emoji-id" at byte offset '
                f"{_byte_offset(src, begin)}"
            )
        return {"type": "custom_emoji", "custom_emoji_id": emoji_id}
    if tag == "tg-time":
        unix = attrs.get("unix", "")
        if not unix.isdigit():
            raise EntityParseError(
                f'Tag "tg-time" must have attribute "unix" at byte offset '
                f"{_byte_offset(src, begin)}"
            )
        entity: Entity = {"type": "date_time", "unix_time": int(unix)}
        if attrs.get("format"):
            entity["date_time_format"] = attrs["format"]
        return entity
    # <a href>
    href = attrs.get("href", "")
    mention = re.fullmatch(r"tg://user\?id=(\d+)", href.strip())
    if mention and users is not None:
        user = users(int(mention.group(1)))
        if user is not None:
            return {"type": "text_mention", "user": user}
    url = normalize_url(href)
    return {"type": "text_link", "url": url} if url else None


# --- MarkdownV2 ------------------------------------------------------------------------------

_MDV2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")
_MDV2_NAMES = {
    "italic": "Italic",
    "underline": "Underline",
    "bold": "Bold",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "code": "Code",
    "pre": "Pre",
    "text_link": "TextUrl",
    "custom_emoji": "CustomEmoji",
}


def parse_markdown_v2(src: str) -> tuple[str, list[Entity]]:
    """Telegram's MarkdownV2 parse mode: ``(text, entities)`` with code-point offsets."""
    out: list[str] = []
    length = 0
    stack: list[tuple[str, int, int, Entity]] = []  # (type, start, source index, entity)
    entities: list[Entity] = []
    quote: tuple[Entity, int] | None = None  # open blockquote and its start
    n = len(src)
    i = 0

    def put(text: str) -> None:
        nonlocal length
        out.append(text)
        length += len(text)

    def close_quote(end: int) -> None:
        nonlocal quote
        if quote is not None:
            entity, start = quote
            if end > start:
                entity["offset"], entity["length"] = start, end - start
                entities.append(entity)
            quote = None

    while i < n:
        at_line_start = i == 0 or src[i - 1] == "\n"
        in_code = bool(stack) and stack[-1][0] in ("code", "pre")
        if at_line_start and not in_code:
            if src.startswith("**>", i) or src[i] == ">":
                expandable = src.startswith("**>", i)
                if quote is None or expandable:
                    close_quote(length - 1 if out and out[-1].endswith("\n") else length)
                    quote = (
                        {"type": "expandable_blockquote" if expandable else "blockquote"},
                        length,
                    )
                i += 3 if expandable else 1
                continue
            if quote is not None:
                close_quote(length - 1)  # the quote ends before the line break
        c = src[i]
        if c == "\\" and i + 1 < n and 0 < ord(src[i + 1]) <= 126:
            put(src[i + 1])
            i += 2
            continue
        if in_code:
            closing = "```" if stack[-1][0] == "pre" else "`"
            if src.startswith(closing, i):
                _, start, _, entity = stack.pop()
                if length > start:
                    entity["offset"], entity["length"] = start, length - start
                    entities.append(entity)
                i += len(closing)
            else:
                put(c)
                i += 1
            continue
        if (
            quote is not None
            and quote[0]["type"] == "expandable_blockquote"
            and src.startswith("||", i)
            and (i + 2 == n or src[i + 2] == "\n")
        ):
            close_quote(length)
            i += 2
            continue
        if c not in _MDV2_RESERVED:
            put(c)
            i += 1
            continue
        kind: str | None = None
        width = 1
        if c == "_" and src.startswith("__", i):
            kind, width = "underline", 2
        elif c == "|" and src.startswith("||", i):
            kind, width = "spoiler", 2
        elif c == "_":
            kind = "italic"
        elif c == "*":
            kind = "bold"
        elif c == "~":
            kind = "strikethrough"
        if kind is not None:
            if stack and stack[-1][0] == kind:
                _, start, _, entity = stack.pop()
                if length > start:
                    entity["offset"], entity["length"] = start, length - start
                    entities.append(entity)
            elif any(s[0] == kind for s in stack):
                top = stack[-1]
                raise EntityParseError(
                    f"Can't find end of {_MDV2_NAMES[top[0]]} entity at byte offset "
                    f"{_byte_offset(src, top[2])}"
                )
            else:
                stack.append((kind, length, i, {"type": kind}))
            i += width
            continue
        if c == "`":
            if src.startswith("```", i):
                j = i + 3
                nl = src.find("\n", j)
                entity = {"type": "pre"}
                if nl != -1 and re.fullmatch(r"[A-Za-z0-9_+#.-]+", src[j:nl]):
                    entity["language"] = src[j:nl]
                    j = nl + 1
                elif nl == j:
                    j = nl + 1
                stack.append(("pre", length, i, entity))
                i = j
            else:
                stack.append(("code", length, i, {"type": "code"}))
                i += 1
            continue
        if c == "[" or (c == "!" and src.startswith("![", i)):
            kind = "text_link" if c == "[" else "custom_emoji"
            stack.append((kind, length, i, {"type": kind}))
            i += 1 if c == "[" else 2
            continue
        if c == "]" and stack and stack[-1][0] in ("text_link", "custom_emoji"):
            kind, start, begin, entity = stack.pop()
            if not src.startswith("(", i + 1):
                raise EntityParseError(
                    f"Can't find end of a URL at byte offset {_byte_offset(src, i + 1)}"
                )
            j = i + 2
            url_chars: list[str] = []
            while j < n and src[j] != ")":
                if src[j] == "\\" and j + 1 < n:
                    j += 1
                url_chars.append(src[j])
                j += 1
            if j >= n:
                raise EntityParseError(
                    f"Can't find end of a URL at byte offset {_byte_offset(src, i + 1)}"
                )
            url = "".join(url_chars)
            if kind == "custom_emoji":
                m = re.fullmatch(r"tg://emoji\?id=(\d+)", url)
                if m is None:
                    raise EntityParseError(
                        f"Custom emoji URL must have an emoji identifier at byte offset "
                        f"{_byte_offset(src, begin)}"
                    )
                entity["custom_emoji_id"] = m.group(1)
            else:
                normalized = normalize_url(url)
                if normalized is None:
                    entity = {}
                else:
                    entity["url"] = normalized
            if entity and length > start:
                entity["offset"], entity["length"] = start, length - start
                entities.append(entity)
            i = j + 1
            continue
        raise EntityParseError(
            f"Character '{c}' is reserved and must be escaped with the preceding '\\'"
        )
    if stack:
        kind, _, begin, _ = stack[-1]
        raise EntityParseError(
            f"Can't find end of {_MDV2_NAMES[kind]} entity at byte offset "
            f"{_byte_offset(src, begin)}"
        )
    close_quote(length)
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


# --- legacy Markdown -------------------------------------------------------------------------


def parse_markdown(src: str) -> tuple[str, list[Entity]]:
    """Telegram's legacy Markdown parse mode (``*bold*``, ``_italic_``, code, pre, links)."""
    out: list[str] = []
    length = 0
    entities: list[Entity] = []
    n = len(src)
    i = 0
    kinds = {"*": "bold", "_": "italic", "`": "code"}
    while i < n:
        c = src[i]
        if c == "\\" and i + 1 < n and src[i + 1] in "_*`[":
            out.append(src[i + 1])
            length += 1
            i += 2
            continue
        if c not in "_*`[":
            out.append(c)
            length += 1
            i += 1
            continue
        begin = i
        entity: Entity
        if c == "[":
            close = src.find("]", i + 1)
            if close == -1 or not src.startswith("(", close + 1):
                out.append(c)
                length += 1
                i += 1
                continue
            end = src.find(")", close + 2)
            if end == -1:
                raise EntityParseError(
                    "Can't find end of the entity starting at byte offset "
                    f"{_byte_offset(src, begin)}"
                )
            inner = src[i + 1 : close]
            url = normalize_url(src[close + 2 : end])
            entity = {"type": "text_link", "url": url} if url else {}
            i = end + 1
        elif src.startswith("```", i):
            end = src.find("```", i + 3)
            if end == -1:
                raise EntityParseError(
                    "Can't find end of the entity starting at byte offset "
                    f"{_byte_offset(src, begin)}"
                )
            inner = src[i + 3 : end]
            entity = {"type": "pre"}
            nl = inner.find("\n")
            if nl > 0 and re.fullmatch(r"[A-Za-z0-9_+#.-]+", inner[:nl]):
                entity["language"] = inner[:nl]
                inner = inner[nl + 1 :]
            i = end + 3
        else:
            end = src.find(c, i + 1)
            if end == -1:
                raise EntityParseError(
                    "Can't find end of the entity starting at byte offset "
                    f"{_byte_offset(src, begin)}"
                )
            inner = src[i + 1 : end]
            entity = {"type": kinds[c]}
            i = end + 1
        if entity and inner:
            entity["offset"], entity["length"] = length, len(inner)
            entities.append(entity)
        out.append(inner)
        length += len(inner)
    return "".join(out), entities


# --- detection of mentions, commands, links --------------------------------------------------

_DETECT_RE = re.compile(
    r"(?P<url>(?<![\w@/.])(?:https?://|www\.|t\.me/|telegram\.me/)[^\s<>\"']+)"
    r"|(?P<email>(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})"
    r"|(?P<bot_command>(?<![\w/@<>])/[A-Za-z0-9_]{1,64}"
    r"(?:@[A-Za-z][A-Za-z0-9_]{2,31})?(?![\w/<>]))"
    r"|(?P<mention>(?<![\w@])@[A-Za-z][A-Za-z0-9_]{3,31}(?![\w@]))"
    r"|(?P<hashtag>(?<![\w#])#\w*[^\W\d]\w*)"
    r"|(?P<cashtag>(?<![\w$])\$[A-Z]{3,8}(?![\w]))"
)


def detect_entities(text: str) -> list[Entity]:
    """The entities Telegram finds on its own: links, e-mails, commands, mentions, hashtags."""
    found: list[Entity] = []
    for m in _DETECT_RE.finditer(text):
        kind = m.lastgroup
        assert kind is not None
        start, end = m.span()
        if kind == "url":
            while end > start and text[end - 1] in ".,;:!?)]}'\"":
                end -= 1
        if end > start:
            found.append({"type": kind, "offset": start, "length": end - start})
    return found


def finish(text: str, entities: list[Entity]) -> tuple[str, list[Entity]]:
    """Trim ``text`` as Telegram does, add detected entities; offsets become UTF-16."""
    stripped = text.strip()
    lead = len(text) - len(text.lstrip())
    kept: list[Entity] = []
    for e in entities:
        start = max(0, e["offset"] - lead)
        end = min(len(stripped), e["offset"] + e["length"] - lead)
        if end > start:
            kept.append({**e, "offset": start, "length": end - start})
    if stripped:
        claimed = [
            (e["offset"], e["offset"] + e["length"]) for e in kept if e["type"] in _EXCLUSIVE
        ]
        for d in detect_entities(stripped):
            d_end = d["offset"] + d["length"]
            if not any(s < d_end and d["offset"] < e for s, e in claimed):
                kept.append(d)
    kept.sort(key=lambda e: (e["offset"], -e["length"]))
    return stripped, _to_utf16(stripped, kept)


def check_entities(text: str, raw: Iterable[Mapping[str, Any]]) -> list[Entity]:
    """Bot-supplied ``entities`` (UTF-16) checked as Telegram does; code-point offsets out."""
    for e in raw:
        kind = e.get("type")
        if kind not in ENTITY_TYPES:
            raise EntityParseError(f'Unsupported entity type "{kind}"')
        if kind == "text_link" and normalize_url(str(e.get("url", ""))) is None:
            raise EntityParseError("Wrong URL specified for a text_link entity")
        if kind == "text_mention" and not e.get("user"):
            raise EntityParseError("User must be specified for a text_mention entity")
        if kind == "custom_emoji" and not e.get("custom_emoji_id"):
            raise EntityParseError("Custom emoji identifier must be specified")
    ents = _from_utf16(text, raw)
    for e in ents:
        if e["type"] == "text_link":
            e["url"] = normalize_url(str(e["url"]))
    return ents


def format_text(
    text: str,
    parse_mode: str | None,
    entities: Iterable[Mapping[str, Any]] | None,
    users: Callable[[int], Entity | None] | None = None,
) -> tuple[str, list[Entity]]:
    """Plain text and UTF-16 entities for what a bot sent; raises :class:`EntityParseError`.

    Raises ``ValueError`` (not an ``EntityParseError``) for an unknown ``parse_mode``.
    """
    if entities is not None:
        plain, ents = text, check_entities(text, entities)
    elif parse_mode:
        mode = parse_mode.lower()
        if mode == "html":
            plain, ents = parse_html(text, users)
        elif mode == "markdownv2":
            plain, ents = parse_markdown_v2(text)
        elif mode == "markdown":
            plain, ents = parse_markdown(text)
        else:
            raise ValueError(parse_mode)
    else:
        plain, ents = text, []
    return finish(plain, ents)


# --- rendering -------------------------------------------------------------------------------


def _open_tag(e: Mapping[str, Any]) -> tuple[str, str]:
    kind = e["type"]
    simple = {
        "bold": "b",
        "italic": "i",
        "underline": "u",
        "strikethrough": "s",
        "spoiler": "tg-spoiler",
        "code": "code",
        "blockquote": "blockquote",
    }
    if kind in simple:
        tag = simple[kind]
        return f"<{tag}>", f"</{tag}>"
    if kind == "expandable_blockquote":
        return "<blockquote expandable>", "</blockquote>"
    if kind == "pre":
        if e.get("language"):
            lang = html.escape(str(e["language"]), quote=True)
            return f'<pre><code class="language-{lang}">', "</code></pre>"
        return "<pre>", "</pre>"
    if kind == "text_link":
        url = normalize_url(str(e.get("url", "")))
        if url is None:
            return "", ""
        return f'<a href="{html.escape(url, quote=True)}">', "</a>"
    if kind == "text_mention" and isinstance(e.get("user"), Mapping):
        return f'<a href="tg://user?id={int(e["user"]["id"])}">', "</a>"
    if kind == "custom_emoji":
        return f'<tg-emoji emoji-id="{html.escape(str(e.get("custom_emoji_id", "")))}">', (
            "</tg-emoji>"
        )
    return "", ""  # url, mention, hashtag, ...: plain text in HTML, as aiogram renders them


def render_html(text: str, entities: Iterable[Mapping[str, Any]] | None) -> str:
    """Re-render ``text`` + UTF-16 ``entities`` as Telegram HTML; every character is escaped."""
    ents = _from_utf16(text, entities or ())
    ents.sort(key=lambda e: (e["offset"], -e["length"]))
    out: list[str] = []
    stack: list[tuple[int, str]] = []  # (end, closing tag)
    pos = 0

    def emit(upto: int) -> None:
        nonlocal pos
        if upto > pos:
            out.append(html.escape(text[pos:upto], quote=False))
            pos = upto

    for e in ents:
        start = e["offset"]
        while stack and stack[-1][0] <= start:
            end, closing = stack.pop()
            emit(end)
            out.append(closing)
        emit(start)
        end = start + e["length"]
        if stack:
            end = min(end, stack[-1][0])  # crossing entities are cut at the parent's end
        opening, closing = _open_tag(e)
        out.append(opening)
        stack.append((end, closing))
    while stack:
        end, closing = stack.pop()
        emit(end)
        out.append(closing)
    emit(len(text))
    return "".join(out)
