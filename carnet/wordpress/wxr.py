"""Reading a WordPress export (WXR 1.0, 1.1, 1.2) as a stream: the channel's authors and terms,
then one item at a time, so memory stays flat however big the file.

The file is checked whole before anything is imported (`open_export`): a file that is not
well-formed is repaired into a temporary copy (see repair.py), or refused with `WXRError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from carnet.wordpress import WXRError
from carnet.wordpress.repair import repair_export

WXR_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/(1\.\d+)/$")
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
SUPPORTED_VERSIONS = ("1.0", "1.1", "1.2")
WP_EXPORT_HINT = "export the blog again from WordPress (Tools → Export → All content)"


@dataclass
class Author:
    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    wp_id: str = ""


@dataclass
class Term:
    """A category, a tag or another taxonomy's term, as the channel lists it."""

    taxonomy: str  # "category", "post_tag", or the taxonomy's name
    slug: str
    name: str
    parent: str = ""  # the parent's slug
    description: str = ""
    wp_id: str = ""
    meta: dict[str, str] = field(default_factory=dict)


@dataclass
class ItemTerm:
    """A term an item is filed under: `<category domain="post_tag" nicename="…">Name`."""

    domain: str
    slug: str
    name: str


@dataclass
class Comment:
    wp_id: str
    author: str = ""
    author_email: str = ""
    author_url: str = ""
    author_ip: str = ""
    date: str = ""
    date_gmt: str = ""
    content: str = ""
    approved: str = ""
    type: str = ""
    parent: str = ""
    user_id: str = ""


@dataclass
class Item:
    """A post, page, attachment or other post type, with its terms, meta and comments."""

    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    post_id: str = ""
    post_date: str = ""
    post_date_gmt: str = ""
    comment_status: str = ""
    post_name: str = ""
    status: str = ""
    post_parent: str = ""
    menu_order: str = ""
    post_type: str = ""
    password: str = ""
    is_sticky: str = ""
    attachment_url: str = ""
    line: int = 0
    occurrence: int = 0  # 1, 2… for a post id met again in the same file
    terms: list[ItemTerm] = field(default_factory=list)
    meta: dict[str, list[str]] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)

    def meta_value(self, key: str) -> str:
        values = self.meta.get(key)
        return values[-1] if values else ""

    @property
    def key(self) -> str:
        """What identifies the item from one export to the next."""
        key = self.post_id or (f"guid:{self.guid}" if self.guid else f"link:{self.link}")
        return (f"{key}~{self.occurrence}" if self.occurrence else key)[:200]


@dataclass
class Channel:
    """The blog-level facts, known before the first item."""

    title: str = ""
    link: str = ""
    language: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""


@dataclass
class Export:
    """A readable export: where to read it (the file, or its repaired copy) and what was fixed."""

    path: Path
    readable_path: Path
    namespace: str
    version: str
    item_count: int
    repairs: list[str]

    def events(self) -> Iterator[Channel | Author | Term | Item]:
        """The channel (once, before the first item), authors, terms and items, in file order."""
        return _read_events(self.readable_path, self.namespace)

    def close(self) -> None:
        if self.readable_path != self.path:
            self.readable_path.unlink(missing_ok=True)


# Checking the file ---------------------------------------------------------------------------


def _parser_events(path: Path, events: tuple[str, ...]):
    # Entities stay unexpanded, no DTD is read and nothing is fetched: a hostile file can
    # neither blow up memory nor reach the network or the disk.
    return etree.iterparse(
        str(path),
        events=events,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_pis=True,
    )


def _prescreen(path: Path) -> None:
    """Refuse at once what is not an export at all: missing, empty, not XML, with a DTD."""
    try:
        with path.open("rb") as stream:
            head = stream.read(65536)
    except OSError as error:
        raise WXRError(f"{path}: cannot be read ({error.strerror}).") from error
    if not head:
        raise WXRError(f"{path}: the file is empty (0 bytes); {WP_EXPORT_HINT}.")
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith((b"\xff\xfe", b"\xfe\xff")):
        return
    if not text.startswith(b"<"):
        raise WXRError(f"{path}: this is not XML, so not a WordPress export; {WP_EXPORT_HINT}.")
    doctype = re.search(rb"<!DOCTYPE", head, re.IGNORECASE)
    if doctype:
        line = head[: doctype.start()].count(b"\n") + 1
        raise WXRError(
            f"{path}, line {line}: the file has a DOCTYPE, which WordPress exports never have "
            f"and which can hide entity bombs or links to other files; refused."
        )


def _describe(error: etree.XMLSyntaxError) -> str:
    message = str(error.msg or error).split(" (", 1)[0]
    if "Premature end" in message or "EndTag" in message or "no element found" in message:
        return f"the file stops in the middle ({message}): it is truncated"
    if "encoding" in message.lower() or "not proper UTF" in message:
        return f"the text is not in the encoding the file declares ({message})"
    if "Document is empty" in message or "Start tag expected" in message:
        return "this is not XML"
    return f"the XML is not well-formed ({message})"


def _check(path: Path) -> tuple[str, str, int]:
    """Parse the whole file once: the WXR namespace, its version and the number of items."""
    namespace = version = ""
    items = 0
    for event, element in _parser_events(path, ("start", "end")):
        if event == "start":
            if element.getparent() is None and element.getroottree().docinfo.internalDTD:
                raise WXRError(f"{path}: the file declares a DTD, which exports never have.")
            continue
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "item":
            items += 1
        elif tag.endswith("}wxr_version") and not version:
            uri = tag[1:].split("}")[0]
            if WXR_NAMESPACE.match(uri):
                namespace, version = uri, (element.text or "").strip()
        parent = element.getparent()
        if parent is not None and parent.tag in ("channel", "rss"):
            element.clear(keep_tail=False)
            while element.getprevious() is not None:
                del parent[0]
    return namespace, version, items


def open_export(path: Path) -> Export:
    """Check an export before anything is imported; repair what can be, refuse the rest."""
    path = Path(path)
    _prescreen(path)
    repairs: list[str] = []
    readable = path
    try:
        namespace, version, items = _check(path)
    except etree.XMLSyntaxError as first_error:
        readable, repairs = repair_export(path)
        try:
            namespace, version, items = _check(readable)
        except etree.XMLSyntaxError:
            if readable != path:
                readable.unlink(missing_ok=True)
            line, column = first_error.position
            raise WXRError(
                f"{path}, line {line}, column {column}: {_describe(first_error)}; "
                f"fix that line or {WP_EXPORT_HINT}."
            ) from None
    if not version:
        _drop(readable, path)
        raise WXRError(
            f"{path}: no <wp:wxr_version> in the channel, so this is not a WordPress export "
            f"(WXR); {WP_EXPORT_HINT}."
        )
    if version not in SUPPORTED_VERSIONS:
        _drop(readable, path)
        raise WXRError(
            f"{path}: WXR version {version[:20]!r} is not one Carnet reads "
            f"({', '.join(SUPPORTED_VERSIONS)}); {WP_EXPORT_HINT}."
        )
    return Export(path, readable, namespace, version, items, repairs)


def _drop(readable: Path, original: Path) -> None:
    if readable != original:
        readable.unlink(missing_ok=True)


# Reading the stream ----------------------------------------------------------------------------


def inner_text(element) -> str:
    """An element's text, with XML comments inside it kept (qTranslate's `<!--:fr-->` markers)."""
    parts = [element.text or ""]
    for child in element:
        if child.tag is etree.Comment:
            parts.append(f"<!--{child.text or ''}-->")
        elif isinstance(child.tag, str):
            parts.append(inner_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _fields(element, namespace: str) -> dict[str, str]:
    """The text of each wp: child, by local name (the last of several wins)."""
    prefix = "{" + namespace + "}"
    return {
        child.tag[len(prefix) :]: inner_text(child)
        for child in element
        if isinstance(child.tag, str) and child.tag.startswith(prefix)
    }


def _author(element, ns: str) -> Author:
    f = _fields(element, ns)
    return Author(
        login=f.get("author_login", "").strip(),
        email=f.get("author_email", "").strip(),
        display_name=f.get("author_display_name", "").strip(),
        first_name=f.get("author_first_name", "").strip(),
        last_name=f.get("author_last_name", "").strip(),
        wp_id=f.get("author_id", "").strip(),
    )


def _term_meta(element, ns: str) -> dict[str, str]:
    meta = {}
    for child in element.iterchildren("{" + ns + "}termmeta"):
        f = _fields(child, ns)
        meta[f.get("meta_key", "")] = f.get("meta_value", "")
    return meta


def _term(element, ns: str, local: str) -> Term | None:
    f = _fields(element, ns)
    meta = _term_meta(element, ns)
    if local == "category":
        return Term(
            "category",
            f.get("category_nicename", "").strip(),
            f.get("cat_name", "").strip(),
            f.get("category_parent", "").strip(),
            f.get("category_description", ""),
            f.get("term_id", "").strip(),
            meta,
        )
    if local == "tag":
        return Term(
            "post_tag",
            f.get("tag_slug", "").strip(),
            f.get("tag_name", "").strip(),
            "",
            f.get("tag_description", ""),
            f.get("term_id", "").strip(),
            meta,
        )
    return Term(
        f.get("term_taxonomy", "").strip(),
        f.get("term_slug", "").strip(),
        f.get("term_name", "").strip(),
        f.get("term_parent", "").strip(),
        f.get("term_description", ""),
        f.get("term_id", "").strip(),
        meta,
    )


def _comment(element, ns: str) -> Comment:
    f = _fields(element, ns)
    return Comment(
        wp_id=f.get("comment_id", "").strip(),
        author=f.get("comment_author", "").strip(),
        author_email=f.get("comment_author_email", "").strip(),
        author_url=f.get("comment_author_url", "").strip(),
        author_ip=f.get("comment_author_IP", "").strip(),
        date=f.get("comment_date", "").strip(),
        date_gmt=f.get("comment_date_gmt", "").strip(),
        content=f.get("comment_content", ""),
        approved=f.get("comment_approved", "").strip(),
        type=f.get("comment_type", "").strip(),
        parent=f.get("comment_parent", "").strip(),
        user_id=f.get("comment_user_id", "").strip(),
    )


_ITEM_FIELDS = (
    "post_id",
    "post_date",
    "post_date_gmt",
    "comment_status",
    "post_name",
    "status",
    "post_parent",
    "menu_order",
    "post_type",
    "is_sticky",
    "attachment_url",
)


def _item(element, ns: str) -> Item:
    f = _fields(element, ns)
    item = Item(line=element.sourceline or 0)
    for name in _ITEM_FIELDS:
        setattr(item, name, f.get(name, "").strip())
    item.password = f.get("post_password", "")
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag == "title":
            item.title = inner_text(child)
        elif tag == "link":
            item.link = inner_text(child).strip()
        elif tag == "guid":
            item.guid = inner_text(child).strip()
        elif tag == "category" and child.get("domain"):
            item.terms.append(
                ItemTerm(child.get("domain", ""), child.get("nicename", ""), inner_text(child))
            )
        elif tag == "{" + CONTENT_NS + "}encoded":
            item.content = inner_text(child)
        elif tag == "{" + ns + "excerpt/}encoded":
            item.excerpt = inner_text(child)
        elif tag == "{" + DC_NS + "}creator":
            item.creator = inner_text(child).strip()
        elif tag == "{" + ns + "}postmeta":
            meta = _fields(child, ns)
            item.meta.setdefault(meta.get("meta_key", ""), []).append(meta.get("meta_value", ""))
        elif tag == "{" + ns + "}comment":
            item.comments.append(_comment(child, ns))
    return item


_CHANNEL_FIELDS = {"title": "title", "link": "link", "language": "language"}


def _read_events(path: Path, ns: str) -> Iterator[Channel | Author | Term | Item]:
    channel = Channel()
    channel_sent = False
    prefix = "{" + ns + "}"
    for _event, element in _parser_events(path, ("end",)):
        parent = element.getparent()
        if parent is None or parent.tag != "channel":
            continue
        tag = element.tag if isinstance(element.tag, str) else ""
        local = tag[len(prefix) :] if tag.startswith(prefix) else ""
        if not channel_sent and (tag == "item" or local in ("author", "category", "tag", "term")):
            channel_sent = True
            yield channel
        if tag == "item":
            yield _item(element, ns)
        elif tag in _CHANNEL_FIELDS:
            setattr(channel, _CHANNEL_FIELDS[tag], inner_text(element).strip())
        elif local:
            if local in ("wxr_version", "base_site_url", "base_blog_url"):
                setattr(channel, local, inner_text(element).strip())
            elif local == "author":
                yield _author(element, ns)
            elif local in ("category", "tag", "term"):
                term = _term(element, ns, local)
                if term is not None:
                    yield term
        element.clear(keep_tail=False)
        while element.getprevious() is not None:
            del parent[0]
    if not channel_sent:
        yield channel
