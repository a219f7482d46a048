"""Hostile HTML and a check that nothing able to run script survives the sanitiser."""

import re
from html.parser import HTMLParser

HOSTILE_HTML = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" ONERROR="alert(1)">',
    "<img src=x:alert(1) onerror=eval(src)>",
    "<img src=javascript:alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;script:alert(1)">x</a>',
    '<a href="javas&#99;ript:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="  JAVASCRIPT:alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>',
    '<a href="\x01javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    "<svg onload=alert(1)><circle r=1></svg>",
    "<svg><script>alert(1)</script></svg>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel=stylesheet href="javascript:alert(1)">',
    '<p onclick="alert(1)">x</p>',
    '<a href="/ok" onmouseover="alert(1)">x</a>',
    "<details open ontoggle=alert(1)><summary>x</summary></details>",
    "<video src=x onerror=alert(1) controls></video>",
    '<video poster="javascript:alert(1)" controls></video>',
    '<audio src="javascript:alert(1)" controls></audio>',
    '<img src="/ok.png" srcset="javascript:alert(1) 1x, /ok.png 2x">',
    '<img src="/ok.png" srcset="java\tscript:alert(1)">',  # a tab inside the scheme
    '<picture><source srcset="data:image/png;base64,AAAA"><img src="/ok.png"></picture>',
    '<blockquote cite="javascript:alert(1)">x</blockquote>',
    '<q cite="vbscript:msgbox(1)">q</q>',
    '<table><tr><td background="javascript:alert(1)">x</td></tr></table>',
    "<!--<script>alert(1)</script>-->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<template><script>alert(1)</script></template>",
    "<textarea><script>alert(1)</script></textarea>",
]

# fmt: off
_DANGEROUS_TAGS = {
    "script", "style", "iframe", "object", "embed", "svg", "math", "form", "input", "button",
    "base", "meta", "link", "textarea", "template", "noscript",
}
_URL_ATTRIBUTES = {
    "href", "src", "srcset", "cite", "poster", "action", "formaction", "data", "background",
    "xlink:href",
}
# fmt: on
_DANGEROUS_SCHEME = re.compile(r"(javascript|vbscript|data):")
# A tag, its attributes with quoted values skipped, then an on...= attribute.
_EVENT_HANDLER_IN_TAG = re.compile(
    r"""<[a-z][^\s/>]*(?:\s+[^\s"'=<>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*?"""
    r"\s+on\w+\s*=",
    re.IGNORECASE,
)


class _HarmFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.harm: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DANGEROUS_TAGS:
            self.harm.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.harm.append(f"{tag} {name}=")
            url = re.sub(r"[\x00-\x20]", "", value or "").lower()
            if name in _URL_ATTRIBUTES and _DANGEROUS_SCHEME.search(url):
                self.harm.append(f"{tag} {name}={value!r}")


def assert_harmless(html: str) -> None:
    """Fail if `html` holds a script, an event handler, a style or a dangerous URL."""
    assert "<script" not in html.lower()
    assert not _EVENT_HANDLER_IN_TAG.search(html)
    finder = _HarmFinder()
    finder.feed(html)
    finder.close()
    assert finder.harm == [], html
