"""Formatting: parse modes into text + UTF-16 entities, and the safe HTML of transcripts."""

from __future__ import annotations

import pytest

from bot.emulator.entities import (
    EntityParseError,
    format_text,
    parse_html,
    parse_markdown_v2,
    render_html,
    utf16_len,
)


def test_html_into_entities_with_utf16_offsets() -> None:
    text, entities = format_text("😀 <b>жирный</b> <i>x<u>y</u></i>", "HTML", None)
    assert text == "😀 жирный xy"
    # The emoji is two UTF-16 units: Telegram's offsets count those.
    assert entities == [
        {"type": "bold", "offset": 3, "length": 6},
        {"type": "italic", "offset": 10, "length": 2},
        {"type": "underline", "offset": 11, "length": 1},
    ]
    assert utf16_len(text) == 12


def test_html_special_tags() -> None:
    text, entities = parse_html(
        '<pre><code class="language-python">x = 1</code></pre>'
        '<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>'
        '<blockquote expandable>q</blockquote><a href="example.org">e</a>'
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>&#128512;&#x41;&quot;&unknown;'
    )
    assert text == 'x = 1stqe👍😀A"&unknown;'
    kinds = [
        (e["type"], e.get("language") or e.get("url") or e.get("custom_emoji_id")) for e in entities
    ]
    assert kinds == [
        ("pre", "python"),
        ("spoiler", None),
        ("spoiler", None),
        ("expandable_blockquote", None),
        ("text_link", "http://example.org"),
        ("custom_emoji", "5368324170671202286"),
    ]


def test_html_refuses_script_links() -> None:
    text, entities = parse_html('<a href="javascript:alert(1)">click</a>')
    assert (text, entities) == ("click", [])


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("<script>x</script>", 'Unsupported start tag "script" at byte offset 0'),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ('<a href="x>y', "Unclosed start tag at byte offset 0"),
    ],
)
def test_html_errors(source: str, message: str) -> None:
    with pytest.raises(EntityParseError) as error:
        parse_html(source)
    assert str(error.value) == message


def test_markdown_v2() -> None:
    text, entities = parse_markdown_v2(
        "*bold* _it_ __under__ ~strike~ ||spoil|| [link](https://t.me/x) `co\\`de` 1\\.5\\!"
    )
    assert text == "bold it under strike spoil link co`de 1.5!"
    assert [e["type"] for e in entities] == [
        "bold",
        "italic",
        "underline",
        "strikethrough",
        "spoiler",
        "text_link",
        "code",
    ]
    with pytest.raises(EntityParseError, match="Can't find end of Bold entity at byte offset 0"):
        parse_markdown_v2("*open")
    with pytest.raises(EntityParseError, match="Character '-' is reserved"):
        parse_markdown_v2("a-b")


def test_markdown_v2_blockquotes() -> None:
    text, entities = parse_markdown_v2(">one\n>two\nafter")
    assert text == "one\ntwo\nafter"
    assert entities == [{"type": "blockquote", "offset": 0, "length": 7}]


def test_legacy_markdown() -> None:
    text, entities = format_text("*b* _i_ `c` [t](http://x.org)", "Markdown", None)
    assert text == "b i c t"
    assert [e["type"] for e in entities] == ["bold", "italic", "code", "text_link"]


def test_trimming_and_detected_entities() -> None:
    text, entities = format_text(
        "  /start@prichal_bot hi @anna_k #jobs mail me: a.b@example.org https://t.me/x.  ",
        None,
        None,
    )
    assert text == "/start@prichal_bot hi @anna_k #jobs mail me: a.b@example.org https://t.me/x."
    assert [(e["type"], text[e["offset"] : e["offset"] + e["length"]]) for e in entities] == [
        ("bot_command", "/start@prichal_bot"),
        ("mention", "@anna_k"),
        ("hashtag", "#jobs"),
        ("email", "a.b@example.org"),
        ("url", "https://t.me/x"),
    ]


def test_no_commands_inside_html_looking_text() -> None:
    _, entities = format_text("<b>not bold</b> and a/b", None, None)
    assert entities == []


def test_explicit_entities_are_checked() -> None:
    _, entities = format_text("a😀b", None, [{"type": "bold", "offset": 1, "length": 2}])
    assert entities == [{"type": "bold", "offset": 1, "length": 2}]
    with pytest.raises(EntityParseError):
        format_text("abc", None, [{"type": "blink", "offset": 0, "length": 1}])
    with pytest.raises(EntityParseError):
        format_text("abc", None, [{"type": "text_link", "offset": 0, "length": 1}])


def test_render_html_escapes_everything() -> None:
    text = '<img src=x onerror="alert(1)"> & "quotes"'
    assert render_html(text, []) == '&lt;img src=x onerror="alert(1)"&gt; &amp; "quotes"'
    hostile = [{"type": "text_link", "offset": 0, "length": 4, "url": 'https://a.b/"><script>'}]
    assert render_html(text, hostile) == (
        '<a href="https://a.b/&quot;&gt;&lt;script&gt;">&lt;img</a> src=x onerror="alert(1)"&gt; '
        '&amp; "quotes"'
    )
    assert (
        render_html("x", [{"type": "text_link", "offset": 0, "length": 1, "url": "javascript:1"}])
        == "x"
    )


def test_render_html_round_trips() -> None:
    source = (
        '<b>bold <i>both</i></b> <a href="https://example.org/?a=1&amp;b=2">link</a> '
        '<pre><code class="language-py">x &lt; 1</code></pre> <tg-spoiler>s</tg-spoiler> 😀'
    )
    text, entities = format_text(source, "HTML", None)
    assert render_html(text, entities) == source
    assert format_text(render_html(text, entities), "HTML", None) == (text, entities)
