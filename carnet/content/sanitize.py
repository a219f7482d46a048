"""One sanitiser for all HTML a reader will see: an explicit allow-list for blog posts."""

import re

import nh3

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")

# fmt: off
_TAGS = {
    "p", "br", "hr", "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub",
    "sup", "abbr", "cite", "q", "blockquote", "code", "pre", "kbd", "samp", "var", "ul", "ol",
    "li", "dl", "dt", "dd", "a", "span", "div", "section", "details", "summary", "time",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "figure", "figcaption",
    "img", "picture", "source", "audio", "video", *_HEADINGS,
}
# fmt: on

# Attributes whose value is free text (or a URL checked by `_keep_safe_urls`).
_ATTRIBUTES = {
    "*": {"lang"},
    "a": {"href", "title", "rel", "hreflang", "class", "id"},
    "abbr": {"title"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "ol": {"start", "reversed", "class"},
    "li": {"class", "id"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "class"},
    "source": {"src", "srcset", "type", "media", "sizes"},
    "audio": {"src", "controls"},
    "video": {"src", "controls"},
    "details": {"open"},
    "time": {"datetime"},
    "figure": {"class"},
    "figcaption": {"class"},
    "span": {"class", "id"},
    "div": {"class"},
    "section": {"class", "id"},
    "sup": {"class", "id"},
    "code": {"class"},
    "pre": {"class"},
    "hr": {"class"},
    "p": {"class"},
    **{heading: {"id"} for heading in _HEADINGS},
}

# Attributes limited to a few known values.
_ATTRIBUTE_VALUES = {
    "img": {"loading": {"lazy", "eager"}, "decoding": {"async", "sync", "auto"}},
    "th": {"scope": {"row", "col", "rowgroup", "colgroup"}},
}

# Dropped together with their content, not just unwrapped.
# fmt: off
_DROPPED_WITH_CONTENT = {
    "script", "style", "template", "iframe", "object", "embed", "noscript", "noembed",
    "noframes", "svg", "math", "textarea", "select",
}
# fmt: on

_URL_ATTRIBUTES = frozenset({"href", "src", "cite", "srcset", "poster"})
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_CONTROL_OR_SPACE = "".join(chr(code) for code in range(0x21))


def is_safe_url(url: str) -> bool:
    """Tell whether a URL is relative or uses http, https or mailto, the way a browser reads it."""
    url = _TAB_OR_NEWLINE.sub("", url).strip(_CONTROL_OR_SPACE)
    scheme = _SCHEME.match(url)
    return scheme is None or scheme.group(1).lower() in SAFE_SCHEMES


def _srcset_urls(srcset: str) -> list[str]:
    """Each candidate's URL, and the candidate whole: `java<TAB>script:` is one word to a
    URL parser that drops tabs, whatever a srcset parser makes of it."""
    candidates = [c for c in srcset.split(",") if c.strip()]
    return [c.split()[0] for c in candidates] + [c.strip() for c in candidates]


def _keep_safe_urls(tag: str, attribute: str, value: str) -> str | None:
    # Ammonia checks href and src itself, but not srcset or cite: check every URL again here.
    if attribute not in _URL_ATTRIBUTES:
        return value
    urls = _srcset_urls(value) if attribute == "srcset" else [value]
    return value if all(is_safe_url(url) for url in urls) else None


_cleaner = nh3.Cleaner(
    tags=_TAGS,
    clean_content_tags=_DROPPED_WITH_CONTENT,
    attributes=_ATTRIBUTES,
    tag_attribute_values=_ATTRIBUTE_VALUES,
    attribute_filter=_keep_safe_urls,
    url_schemes=set(SAFE_SCHEMES),
    strip_comments=True,
    link_rel=None,
)


def sanitize_html(html: str) -> str:
    """Keep only the tags, attributes and URLs a blog post needs; idempotent."""
    return _cleaner.clean(html)
