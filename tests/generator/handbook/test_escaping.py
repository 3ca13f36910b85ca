"""Text from the standards is escaped for every place a template puts it: planted markup reads as itself.

`rules.text()` in each Markdown context a template uses, and `rules.title()` where Material puts a
title unescaped. tests/browser/test_injection.py plants the same payload in every free-text field
of a build and checks the pages in Chromium.
"""

from __future__ import annotations

import html.parser
import re

import markdown
import pytest

from generator.handbook import wording as rules

RLO, ZWSP = "\u202e", "\u200b"
PAYLOAD = (
    "S<b>x</b> <img src=x onerror=__pwn('img')> <script>alert('script')</script>"
    " <svg onload=__pwn('svg')> <a href=\"javascript:__pwn('a')\">a</a>"
    ' " onmouseover="__pwn(\'dq\')" x=" \' onfocus=\'__pwn("sq")\' '
    " [x](javascript:__pwn('js')) ![i](javascript:__pwn('image')) <javascript:alert('autolink')>"
    " {{ 7*7 }} {% if true %}J{% endif %} a|b || A&B &lt; &#60;i&#62; *em*{: onclick=__pwn('inline') } _u_ `c`"
    "\n\n!!! danger \"d\"\n\n    <img src=x onerror=__pwn('indented')>\n\n# h\n- li\n1. ol\n"
    f" {RLO}gnp.exe {ZWSP}java{ZWSP}script:alert('zw') {{: onmouseover=__pwn('attr') }}"
)
# What the payload must read as: invisible characters gone, white space (new lines too) one space.
SHOWN = re.compile(rf"[{RLO}{ZWSP}]")


def shown(text: str) -> str:
    """How a planted text must read on the page."""
    return re.sub(r"[ \t\n]+", " ", SHOWN.sub("", text)).strip()


EXTENSIONS = ["abbr", "admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details"]
CONTEXTS = {
    "paragraph": "{}\n",
    "list item": "- {}\n",
    "heading": "## {}\n",
    "table cell": "| a | b |\n|---|---|\n| {} | x |\n",
    "admonition": '!!! note "t"\n\n    {}\n',
    "raw html": '<p class="x">{}</p>\n',
    "link text": "[{}](page.md)\n",
}


class _Elements(html.parser.HTMLParser):
    """The tags, attributes and text of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def elements(fragment: str) -> _Elements:
    """The elements of an HTML fragment."""
    parser = _Elements()
    parser.feed(fragment)
    parser.close()
    return parser


@pytest.mark.parametrize("context", sorted(CONTEXTS))
def test_escaped_text_renders_as_itself_in_every_markdown_context(context: str) -> None:
    """`rules.text()` in each place a template puts text: the same tags as without the payload, the text literal."""
    bare = elements(markdown.markdown(CONTEXTS[context].format("plain"), extensions=EXTENSIONS))
    for payload in [PAYLOAD, *PAYLOAD.split(" "), "- a", "1. b", "??? c", "A&B", "&lt;", "x {: #id .c }", "*[x]: y"]:
        if not payload.strip():
            continue
        done = elements(markdown.markdown(CONTEXTS[context].format(rules.text(payload)), extensions=EXTENSIONS))
        assert [t for t, _a in done.tags] == [t for t, _a in bare.tags], (context, payload)
        names = {name for _t, attrs in bare.tags for name, _v in attrs}
        assert {name for _t, attrs in done.tags for name, _v in attrs} <= names, (context, payload)
        hrefs = [v for _t, attrs in done.tags for name, v in attrs if name in ("href", "src")]
        assert hrefs == [v for _t, attrs in bare.tags for name, v in attrs if name in ("href", "src")], payload
        assert shown(payload) in re.sub(r"\s+", " ", "".join(done.text)), (context, payload)


def test_a_title_reads_as_written_where_material_puts_it_unescaped() -> None:
    """Nav and page titles are HTML to Material: `A&B` reads `A&B` (not `A&amp;B`), a tag reads as a tag."""
    for value in ["A&B", "&lt;", "S<b>x</b>", "{{ 7*7 }}", PAYLOAD]:
        escaped = rules.title(value)
        parsed = elements(f"<title>{escaped}</title><span>{escaped}</span>")
        assert [t for t, _a in parsed.tags] == ["title", "span"], value
        assert parsed.text == [shown(value), shown(value)], value
        assert "{{" not in escaped and "{%" not in escaped
