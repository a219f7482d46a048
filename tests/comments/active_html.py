"""Find anything active in HTML, parsed the way a browser parses it (html5lib follows WHATWG).

Active means: an element that runs or loads code or changes where the page goes (script,
iframe, object, svg, base, meta refresh, …), an event-handler attribute, a style attribute,
or a URL whose scheme is not http, https or mailto once the browser has decoded it.
"""

from __future__ import annotations

import re

import html5lib

SAFE_SCHEMES = {"http", "https", "mailto"}

# Never on any page of ours, wherever they stand.
NEVER = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "svg",
    "math", "template", "noscript", "style", "portal", "isindex", "keygen", "xmp",
    "plaintext", "noembed", "noframes", "image", "marquee",
}  # fmt: skip

# Allowed in the page's own frame (the search and comment forms, the head), never in what a
# reader or a post wrote.
NOT_IN_CONTENT = {"form", "input", "button", "textarea", "select", "option", "link", "meta"}

URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "data", "srcset", "poster", "background", "cite",
    "longdesc", "lowsrc", "dynsrc", "ping", "codebase", "manifest", "to", "values", "from",
    "by", "xlink:href",
}  # fmt: skip

# Where readers' and writers' words are put on a page.
CONTENT_CLASSES = {"comment-body", "post-body", "comment-author", "standfirst"}

_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_BROWSER_STRIPPED = re.compile(r"[\t\n\r]")


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see in an attribute value (already entity-decoded)."""
    url = _BROWSER_STRIPPED.sub("", url).strip("".join(chr(c) for c in range(0x21)))
    found = _SCHEME.match(url)
    return found.group(1).lower() if found else None


def _local(name: str) -> str:
    """`{namespace}name` as name; xlink's href keeps its prefix to stand out."""
    if name.startswith("{http://www.w3.org/1999/xlink}"):
        return "xlink:" + name.split("}", 1)[1]
    return name.split("}", 1)[1] if name.startswith("{") else name


def _attribute_findings(tag: str, name: str, value: str) -> list[str]:
    if name.lower().startswith("on"):
        return [f"<{tag}> event handler {name}={value[:60]!r}"]
    if name.lower() == "style":
        return [f"<{tag}> style attribute {value[:60]!r}"]
    if name.lower() == "srcdoc":
        return [f"<{tag}> srcdoc"]
    if name.lower() not in URL_ATTRIBUTES:
        return []
    urls = [c.split()[0] for c in value.split(",") if c.strip()] if name == "srcset" else [value]
    return [
        f"<{tag}> {name} with scheme {url_scheme(url)}: {url[:60]!r}"
        for url in urls
        if url_scheme(url) not in (None, *SAFE_SCHEMES)
    ]


def findings(html: str, fragment: bool = False) -> list[str]:
    """Everything active in `html`: a whole page of ours, or a fragment of user content."""
    parse = html5lib.parseFragment if fragment else html5lib.parse
    root = parse(html, treebuilder="etree", namespaceHTMLElements=False)
    found: list[str] = []
    _walk(root, in_content=fragment, found=found)
    return found


def _walk(element, in_content: bool, found: list[str]) -> None:
    for child in element:
        if not isinstance(child.tag, str):  # comments, doctype
            continue
        tag = _local(child.tag)
        classes = set(child.get("class", "").split())
        if tag in NEVER or (in_content and tag in NOT_IN_CONTENT):
            found.append(f"<{tag}> element")
        if tag == "meta" and child.get("http-equiv") is not None:
            found.append(f"<meta http-equiv={child.get('http-equiv')!r}>")
        for name, value in child.attrib.items():
            found += _attribute_findings(tag, _local(name), value)
        _walk(child, in_content or bool(classes & CONTENT_CLASSES), found)
