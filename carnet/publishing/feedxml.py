"""Feed XML as Django writes it, made by joining strings rather than by SAX calls.

Django's feed generators write through SimplerXMLGenerator, a method call or more for each
element, attribute and piece of text. `XMLText` takes the same calls and makes the same text;
the functions below write a feed's own elements, or an item's, in one piece, the way Atom1Feed
and Rss201rev2Feed do. tests/publishing/test_feedxml.py compares them with Django's output.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from django.utils.feedgenerator import get_tag_uri, rfc2822_date, rfc3339_date
from django.utils.xmlutils import UnserializableContentError

# What SimplerXMLGenerator refuses (XML 1.0 has no place for them).
CONTROL_CHARACTERS = "".join(map(chr, (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20))))
# Text and attribute values without these are written as they are.
SPECIAL_IN_TEXT = re.compile(f"[&<>{CONTROL_CHARACTERS}]")
SPECIAL_IN_ATTRIBUTES = re.compile(f'[&<>"\t\n\r{CONTROL_CHARACTERS}]')
DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"


class XMLText:
    """The text SimplerXMLGenerator (with short empty elements) writes for the same calls;
    pieces written before may be given as UTF-8 bytes."""

    def __init__(self, encoding: str = "utf-8") -> None:
        self.encoding = encoding
        self.parts: list[str | bytes] = []
        self.open_tag = False  # a start tag without its ">" yet: it may end as "/>"

    def text(self) -> str:
        return "".join([part if isinstance(part, str) else part.decode() for part in self.parts])

    def utf8(self) -> bytes:
        return b"".join([part.encode() if isinstance(part, str) else part for part in self.parts])

    def startDocument(self) -> None:
        self.parts.append(f'<?xml version="1.0" encoding="{self.encoding}"?>\n')

    def startElement(self, name: str, attrs: dict) -> None:
        start = start_tag(name, attrs)
        self.close_tag()
        self.parts.append(start)
        self.open_tag = True

    def endElement(self, name: str) -> None:
        self.parts.append("/>" if self.open_tag else f"</{name}>")
        self.open_tag = False

    def characters(self, content: str) -> None:
        if content:
            self.raw(escaped(content))

    def addQuickElement(self, name: str, contents: str | None = None, attrs=None) -> None:
        self.close_tag()
        self.parts.append(element(name, contents, attrs))

    def processingInstruction(self, target: str, data) -> None:
        self.close_tag()
        self.parts.append(f"<?{target} {data}?>")

    def raw(self, text: str | bytes) -> None:
        """Text that is XML already, such as an item written before."""
        if text:
            self.close_tag()
            self.parts.append(text)

    def close_tag(self) -> None:
        if self.open_tag:
            self.parts.append(">")
            self.open_tag = False


def element(name: str, contents: str | None = None, attrs: dict | None = None) -> str:
    """What `addQuickElement(name, contents, attrs)` writes."""
    start = start_tag(name, attrs)
    return f"{start}>{escaped(contents)}</{name}>" if contents else start + "/>"


def start_tag(name: str, attrs: dict | None) -> str:
    """An element's start tag without its closing `>` (which may yet be `/>`)."""
    return f"<{name}{attributes(attrs)}" if attrs else "<" + name


def attributes(attrs: dict) -> str:
    """` name="value"…` in name order, as SimplerXMLGenerator sorts and quoteattr quotes them."""
    if len(attrs) == 1:
        [(name, value)] = attrs.items()
        return f" {name}={quoted(value)}"
    return "".join([f" {name}={quoted(attrs[name])}" for name in sorted(attrs)])


def quoted(value: str) -> str:
    if SPECIAL_IN_ATTRIBUTES.search(value) is None:
        return f'"{value}"'
    return quoteattr(refuse_control_characters(value))


def escaped(text: str) -> str:
    if SPECIAL_IN_TEXT.search(text) is None:
        return text
    return escape(refuse_control_characters(text))


def refuse_control_characters(text: str) -> str:
    # One scan per character is faster than a regular expression on a long text.
    if not text.isprintable() and any(c in text for c in CONTROL_CHARACTERS):
        raise UnserializableContentError
    return text


# In one piece ---------------------------------------------------------------------------


def atom_root_elements(feed: dict, updated) -> str:
    """What Atom1Feed.add_root_elements writes for the feed, updated on `updated`."""
    parts = [
        element("title", feed["title"]),
        atom_link(feed["link"], "alternate"),
    ]
    if feed["feed_url"] is not None:
        parts.append(atom_link(feed["feed_url"], "self"))
    parts += (element("id", feed["id"]), element("updated", rfc3339_date(updated)))
    if feed["author_name"] is not None:
        parts.append(atom_author(feed["author_name"], feed["author_email"], feed["author_link"]))
    if feed["subtitle"] is not None:
        parts.append(element("subtitle", feed["subtitle"]))
    parts += [f"<category term={quoted(term)}/>" for term in feed["categories"]]
    if feed["feed_copyright"] is not None:
        parts.append(element("rights", feed["feed_copyright"]))
    return "".join(parts)


def atom_elements(item: dict) -> str | None:
    """What Atom1Feed.add_item_elements writes for the item; None for one with enclosures or
    rights, which are left to Django."""
    if item["enclosures"] or item["item_copyright"] is not None:
        return None
    parts = [
        element("title", item["title"]),
        atom_link(item["link"], "alternate"),
    ]
    if item["pubdate"] is not None:
        parts.append(element("published", rfc3339_date(item["pubdate"])))
    if item["updateddate"] is not None:
        parts.append(element("updated", rfc3339_date(item["updateddate"])))
    if item["author_name"] is not None:
        parts.append(atom_author(item["author_name"], item["author_email"], item["author_link"]))
    unique_id = item["unique_id"]
    if unique_id is None:
        unique_id = get_tag_uri(item["link"], item["pubdate"])
    parts.append(element("id", unique_id))
    if item["description"] is not None:
        parts.append(element("summary", item["description"], {"type": "html"}))
    parts += [f"<category term={quoted(term)}/>" for term in item["categories"]]
    return "".join(parts)


def atom_link(href: str, rel: str) -> str:
    return f'<link href={quoted(href)} rel="{rel}"/>'


def atom_author(name: str, email: str | None, link: str | None) -> str:
    parts = ["<author>", element("name", name)]
    if email is not None:
        parts.append(element("email", email))
    if link is not None:
        parts.append(element("uri", link))
    return "".join(parts) + "</author>"


def rss_root_elements(feed: dict, last_build) -> str:
    """What RssFeed.add_root_elements writes for the feed, last built on `last_build`."""
    parts = [element(name, feed[name]) for name in ("title", "link", "description")]
    if feed["feed_url"] is not None:
        parts.append(f'<atom:link href={quoted(feed["feed_url"])} rel="self"/>')
    if feed["language"] is not None:
        parts.append(element("language", feed["language"]))
    parts += [element("category", term) for term in feed["categories"]]
    if feed["feed_copyright"] is not None:
        parts.append(element("copyright", feed["feed_copyright"]))
    parts.append(element("lastBuildDate", rfc2822_date(last_build)))
    if feed["ttl"] is not None:
        parts.append(element("ttl", feed["ttl"]))
    return "".join(parts)


def rss_elements(item: dict) -> str | None:
    """What Rss201rev2Feed.add_item_elements writes for the item; None for one with
    enclosures, which are left to Django."""
    if item["enclosures"]:
        return None
    parts = [element("title", item["title"]), element("link", item["link"])]
    if item["description"] is not None:
        parts.append(element("description", item["description"]))
    name, email = item["author_name"], item["author_email"]
    if name and email:
        parts.append(element("author", f"{email} ({name})"))
    elif email:
        parts.append(element("author", email))
    elif name:
        parts.append(element("dc:creator", name, {"xmlns:dc": DUBLIN_CORE}))
    if item["pubdate"] is not None:
        parts.append(element("pubDate", rfc2822_date(item["pubdate"])))
    if item["comments"] is not None:
        parts.append(element("comments", item["comments"]))
    if item["unique_id"] is not None:
        permalink = item.get("unique_id_is_permalink")
        attrs = {"isPermaLink": str(permalink).lower()} if isinstance(permalink, bool) else {}
        parts.append(element("guid", item["unique_id"], attrs))
    if item["ttl"] is not None:
        parts.append(element("ttl", item["ttl"]))
    parts += [element("category", term) for term in item["categories"]]
    return "".join(parts)
