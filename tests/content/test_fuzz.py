"""Properties of the content pipeline, tried on Markdown and HTML built from dangerous pieces.

Whatever a writer (or an imported WordPress post, or a commenter) types, no script, event
handler or javascript: address reaches a page, sanitising twice changes nothing, and turning
HTML into plain text never fails.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from hypothesis import example, given
from hypothesis import strategies as st

import tests.fuzzing  # noqa: F401  (loads the Hypothesis profile)
from carnet.content import plain_text, render, sanitize_html

SCHEMES = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java&#x09;script:alert(1)",
    "&#106;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "https://example.org/ok",
    "/relative",
    "#more",
]
TAGS = [
    "script", "img", "a", "svg", "iframe", "style", "object", "embed", "math", "form",
    "input", "details", "body", "video", "audio", "source", "base", "meta", "link", "p",
    "div", "table", "td", "template", "noscript", "textarea", "select", "button", "frame",
]  # fmt: skip
ATTRIBUTES = [
    "onerror", "onload", "onclick", "ONMOUSEOVER", "onfocus", "href", "src", "srcset",
    "action", "formaction", "style", "xlink:href", "cite", "background", "poster", "data",
]  # fmt: skip
TEXT = st.sampled_from(["x", "alert(1)", "<", ">", '"', "'", "&", "\n", "`", "]", ")", "--"])

attribute = st.builds(
    lambda name, quote, value: f" {name}={quote}{value}{quote}",
    st.sampled_from(ATTRIBUTES),
    st.sampled_from(['"', "'", ""]),
    st.one_of(st.sampled_from(SCHEMES), st.sampled_from(["alert(1)", "x:expression(1)"])),
)


@st.composite
def element(draw, depth: int = 0) -> str:
    tag = draw(st.sampled_from(TAGS))
    if draw(st.booleans()):
        tag = tag.upper()
    attributes = "".join(draw(st.lists(attribute, max_size=3)))
    children = draw(st.lists(fragment(depth + 1), max_size=3)) if depth < 3 else []
    closing = draw(st.sampled_from([f"</{tag}>", "", f"</{tag}", "/>"]))
    return f"<{tag}{attributes}>{''.join(children)}{closing}"


MARKDOWN = [
    st.builds(lambda s: f"[link]({s})", st.sampled_from(SCHEMES)),
    st.builds(lambda s: f'![image]({s} "Caption [Credit]")', st.sampled_from(SCHEMES)),
    st.builds(lambda s: f"<{s}>", st.sampled_from(SCHEMES)),
    st.builds(lambda s: f"[ref][1]\n\n[1]: {s}\n", st.sampled_from(SCHEMES)),
    st.just("\n\n<!--more-->\n\n"),
    st.just("<!--more <script>alert(1)</script>-->"),
    st.just("\n\n[figure harbour]\n\n"),
    st.just("\n```html\n<script>alert(1)</script>\n```\n"),
    st.just("`<script>`"),
    st.just("[^1]\n\n[^1]: <img src=x onerror=alert(1)>\n"),
    st.just("\n| a | <script>alert(1)</script> |\n|---|---|\n| b | c |\n"),
    st.just("<!-- <script>alert(1)</script> -->"),
    st.just("<![CDATA[<script>alert(1)</script>]]>"),
    st.just("&lt;script&gt;alert(1)&lt;/script&gt;"),
]


def fragment(depth: int = 0) -> st.SearchStrategy[str]:
    return st.one_of(TEXT, element(depth), *MARKDOWN)


documents = st.lists(fragment(), min_size=1, max_size=8).map("".join)
any_text = st.one_of(documents, st.text(max_size=300))


class Dangers(HTMLParser):
    """What in some HTML a browser would run: scripts, event handlers, script addresses."""

    FORBIDDEN_TAGS = {"script", "style", "iframe", "object", "embed", "svg", "math", "base"}
    URL_ATTRIBUTES = {"href", "src", "srcset", "cite", "action", "formaction", "poster"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.FORBIDDEN_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.found.append(f"{tag} {name}=")
            if name in self.URL_ATTRIBUTES and value:
                squeezed = re.sub(r"[\x00-\x20]", "", html.unescape(value)).lower()
                if squeezed.startswith(("javascript:", "vbscript:", "data:")):
                    self.found.append(f"{tag} {name}={value!r}")


def dangers(output: str) -> list[str]:
    parser = Dangers()
    parser.feed(output)
    parser.close()
    if re.search(r"<\s*script", output, re.IGNORECASE):
        parser.found.append("<script")
    return parser.found


@given(any_text)
def test_sanitising_twice_gives_what_sanitising_once_gave(source):
    once = sanitize_html(source)
    assert sanitize_html(once) == once


@given(documents, st.sampled_from(["markdown", "html"]))
@example('<![image](javascript:alert(1) "Caption")', "markdown")  # failed on Python 3.12.1
def test_no_script_handler_or_script_address_survives_rendering(source, source_format):
    rendered = render(source, source_format)
    assert dangers(rendered.body_html) == []
    assert dangers(rendered.excerpt_html) == []


@given(any_text)
def test_sanitised_html_holds_nothing_a_browser_would_run(source):
    assert dangers(sanitize_html(source)) == []


@given(any_text)
@example("<![image](x.png)")
@example("<![ x")
def test_plain_text_never_fails(source):
    assert isinstance(plain_text(source), str)
    assert isinstance(plain_text(render(source).body_html), str)
