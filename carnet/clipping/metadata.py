"""What a news page says about itself: JSON-LD, Open Graph and meta tags, `<html lang>`.

News sites describe their articles for search engines and social networks (schema.org
`NewsArticle` in JSON-LD, `og:` properties); that description is more reliable than any
guess from the text, so it comes first and the extractor's guesses fill the gaps.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import html as lxml_html

# Words frequent in each language of the default theme, to tell a page's language when it
# does not declare one; a handful is enough to tell these languages apart.
COMMON_WORDS = {
    "en": {"the", "and", "of", "to", "is", "in", "that", "it", "was", "for", "with", "are"},
    "fr": {"le", "la", "les", "des", "et", "est", "une", "du", "dans", "pour", "qui", "pas"},
    "de": {"der", "die", "und", "das", "ist", "nicht", "mit", "ein", "eine", "auf", "sich"},
    "es": {"el", "los", "las", "y", "es", "una", "por", "con", "para", "del", "que", "pero"},
    "it": {"il", "della", "che", "è", "di", "per", "una", "sono", "gli", "non", "nel"},
    "nl": {"de", "het", "een", "en", "van", "is", "niet", "dat", "voor", "met", "zijn"},
    "pt": {"o", "os", "as", "e", "do", "da", "não", "uma", "para", "com", "que", "em"},
}
ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "blogposting",
    "liveblogposting",
    "report",
    "scholarlyarticle",
}


@dataclass(frozen=True)
class PageMetadata:
    """The page's own description of its article; empty strings where it says nothing."""

    headline: str = ""
    description: str = ""
    authors: tuple[str, ...] = ()
    publisher: str = ""
    published: datetime.date | None = None
    canonical_url: str = ""
    language: str = ""
    image: str = ""
    image_alt: str = ""
    is_live_blog: bool = False
    paywalled_selectors: tuple[str, ...] = ()


def read_metadata(tree: lxml_html.HtmlElement) -> PageMetadata:
    """JSON-LD's article first, then Open Graph and meta tags, then the document itself."""
    article = _json_ld_article(tree)
    meta = _meta_tags(tree)
    authors = _names(article.get("author")) or _split_names(meta.get("author", ""))
    return PageMetadata(
        headline=_text(article.get("headline")) or meta.get("og:title", ""),
        description=_text(article.get("description"))
        or meta.get("og:description", "")
        or meta.get("description", "")
        or meta.get("twitter:description", ""),
        authors=authors,
        publisher=(_names(article.get("publisher")) or ("",))[0] or meta.get("og:site_name", ""),
        published=_date(_text(article.get("datePublished")))
        or _date(meta.get("article:published_time", "")),
        canonical_url=_link(tree, "canonical") or meta.get("og:url", ""),
        language=_language(tree, article, meta),
        image=_first_image(article.get("image"))
        or meta.get("og:image", "")
        or meta.get("twitter:image", ""),
        image_alt=meta.get("og:image:alt", "") or meta.get("twitter:image:alt", ""),
        is_live_blog=_types(article) == {"liveblogposting"},
        paywalled_selectors=_paywalled_selectors(article),
    )


def _text(value: object) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return " ".join(value.split()) if isinstance(value, str) else ""


def _types(item: dict) -> set[str]:
    kinds = item.get("@type", [])
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return {kind.lower() for kind in kinds if isinstance(kind, str)}


def _json_ld_items(tree: lxml_html.HtmlElement) -> Iterator[dict]:
    """Every object of the page's JSON-LD scripts, `@graph` members included."""
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                yield item
                graph = item.get("@graph")
                stack.extend(graph if isinstance(graph, list) else [])


def _json_ld_article(tree: lxml_html.HtmlElement) -> dict:
    return next((item for item in _json_ld_items(tree) if _types(item) & ARTICLE_TYPES), {})


def _names(value: object) -> tuple[str, ...]:
    """The names of a JSON-LD author or publisher: a string, an object, or a list of them."""
    values = value if isinstance(value, list) else [value]
    names = []
    for item in values:
        name = _text(item.get("name")) if isinstance(item, dict) else _text(item)
        if name and name not in names:
            names.append(name)
    return tuple(names)


def _split_names(text: str) -> tuple[str, ...]:
    parts = text.replace(";", ",").split(",")
    return tuple(part.strip() for part in parts if part.strip())


def _first_image(value: object) -> str:
    value = value[0] if isinstance(value, list) and value else value
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl")
    return value.strip() if isinstance(value, str) else ""


def _meta_tags(tree: lxml_html.HtmlElement) -> dict[str, str]:
    """`<meta name|property=… content=…>`, keys lower-cased; the first of each name wins."""
    found: dict[str, str] = {}
    for meta in tree.iterfind(".//meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        content = " ".join((meta.get("content") or "").split())
        if key and content:
            found.setdefault(key, content)
        equiv = (meta.get("http-equiv") or "").lower()
        if equiv == "content-language" and content:
            found.setdefault("content-language", content)
    return found


def _link(tree: lxml_html.HtmlElement, rel: str) -> str:
    for link in tree.iterfind(".//link[@href]"):
        if rel in (link.get("rel") or "").lower().split():
            return link.get("href", "").strip()
    return ""


def _language(tree: lxml_html.HtmlElement, article: dict, meta: dict[str, str]) -> str:
    """The page's language as a primary subtag ("fr" for "fr-FR" or "fr_FR"), or ""."""
    candidates = [
        tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or "",
        _text(article.get("inLanguage")),
        meta.get("og:locale", ""),
        meta.get("content-language", ""),
    ]
    for candidate in candidates:
        primary = candidate.replace("_", "-").split("-")[0].split(",")[0].strip().lower()
        if primary.isalpha() and 2 <= len(primary) <= 3:
            return primary
    return ""


def _date(text: str) -> datetime.date | None:
    """The date of an ISO 8601 date or date-time, as the page wrote it (its own time zone)."""
    text = text.strip()
    if not text:
        return None
    try:
        return datetime.datetime.fromisoformat(text).date()
    except ValueError:
        try:
            return datetime.date.fromisoformat(text[:10])
        except ValueError:
            return None


def _paywalled_selectors(article: dict) -> tuple[str, ...]:
    """The `.class` or `#id` selectors JSON-LD marks as not free to read."""
    parts = article.get("hasPart", [])
    parts = parts if isinstance(parts, list) else [parts]
    selectors = []
    for part in parts:
        if isinstance(part, dict) and part.get("isAccessibleForFree") in (False, "False", "false"):
            selector = _text(part.get("cssSelector"))
            if (
                selector[:1] in (".", "#")
                and selector[1:].replace("-", "").replace("_", "").isalnum()
            ):
                selectors.append(selector)
    return tuple(selectors)


def guess_language(text: str) -> str:
    """The language of a page that does not say, from its commonest short words; or ""."""
    words = re.findall(r"\w+", text.lower())
    counts = {code: sum(word in common for word in words) for code, common in COMMON_WORDS.items()}
    best = max(counts, key=counts.get) if counts else ""
    return best if counts.get(best, 0) >= 3 else ""
