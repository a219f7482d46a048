"""The build's feeds: the bytes Django writes for them, in a fraction of its time.

A feed of the build is a views' Feed class whose items are given rather than queried
(rendering.py). Django's `Feed.get_feed` still works out the feed's own values and its
generator (Atom1Feed, Rss201rev2Feed) still writes the feed's own elements; but

- each item is written once per format and kept on the item for the rest of the build: a post
  is in several feeds (its edition's, each of its terms', in Atom and in RSS), and the values
  its formats share (title, link, dates, categories…) are read once for both;
- the values are read as `Feed._get_dynamic_attr` reads them, its choice (a value, or a method
  given the item) made once per class rather than for every value of every item;
- the XML is made by joining strings (feedxml.py) rather than by SAX calls.

tests/publishing/test_feedwriter.py compares the bytes with those of Django's own feeds.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Callable
from functools import cache, cached_property
from typing import Any

from django.contrib.sites.shortcuts import get_current_site
from django.contrib.syndication.views import Feed, add_domain
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpRequest
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, RssFeed, SyndicationFeed
from django.utils.timezone import get_default_timezone, is_naive, make_aware
from django.utils.translation import get_language

from carnet.publishing.feedxml import (
    XMLText,
    atom_elements,
    atom_root_elements,
    rss_elements,
    rss_root_elements,
)

# Feed generators whose items are written beforehand ------------------------------------


class PrewrittenItems:
    """Mixed into a feed generator: it writes with XMLText, its items' XML given beforehand
    (`written`, UTF-8)."""

    written: list[bytes] = []

    def write(self, outfile, encoding: str) -> None:
        outfile.write(self.writeString(encoding))

    def writeString(self, encoding: str) -> str:
        handler = XMLText(encoding)
        self.write_document(handler)
        return handler.text()

    def utf8(self) -> bytes:
        """`writeString("utf-8").encode()`, without decoding the items and encoding them again."""
        handler = XMLText("utf-8")
        self.write_document(handler)
        return handler.utf8()

    def write_document(self, handler: XMLText) -> None:
        raise NotImplementedError

    def write_items(self, handler: XMLText) -> None:
        for xml in self.written:
            handler.raw(xml)

    def item_xml(self, arguments: dict, extra: dict) -> tuple[dict, bytes]:
        """(the item's dates, its XML) for `add_item(**arguments, **extra)`, as the format
        writes it in its feed; the dates are what the feed's own date is worked out from."""
        one = copy.copy(self)
        one.items = []
        one.add_item(**arguments, **extra)
        handler = XMLText()
        super(PrewrittenItems, one).write_items(handler)
        item = one.items[0]
        return {"pubdate": item["pubdate"], "updateddate": item["updateddate"]}, handler.utf8()


class PrewrittenRss(PrewrittenItems):
    def write_document(self, handler: XMLText) -> None:
        # RssFeed.write, line for line.
        handler.startDocument()
        self.add_stylesheets(handler)
        handler.startElement("rss", self.rss_attributes())
        handler.startElement("channel", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        self.endChannelElement(handler)
        handler.endElement("rss")


class PrewrittenAtom(PrewrittenItems):
    def write_document(self, handler: XMLText) -> None:
        # Atom1Feed.write, line for line.
        handler.startDocument()
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")


class WholeAtom(Atom1Feed):
    """Atom1Feed's elements, the feed's and each item's in one piece (written with XMLText).
    It comes right before Atom1Feed among a generator's classes, so that a format's own
    additions (CarnetAtom1Feed's <content>) still run."""

    def add_root_elements(self, handler: XMLText) -> None:
        handler.raw(atom_root_elements(self.feed, self.latest_post_date()))

    def add_item_elements(self, handler: XMLText, item: dict) -> None:
        written = atom_elements(item)
        if written is None:
            super().add_item_elements(handler, item)
        else:
            handler.raw(written)


class WholeRss(Rss201rev2Feed):
    """Rss201rev2Feed's elements in one piece, as WholeAtom."""

    def add_root_elements(self, handler: XMLText) -> None:
        handler.raw(rss_root_elements(self.feed, self.latest_post_date()))

    def add_item_elements(self, handler: XMLText, item: dict) -> None:
        written = rss_elements(item)
        if written is None:
            super().add_item_elements(handler, item)
        else:
            handler.raw(written)


@cache
def prewritten(feed_type: type[SyndicationFeed]) -> type:
    """`feed_type` writing items given beforehand; an error for a format written otherwise."""
    if issubclass(feed_type, Atom1Feed) and feed_type.write is Atom1Feed.write:
        bases = (PrewrittenAtom, *above(feed_type, WholeAtom))
    elif issubclass(feed_type, RssFeed) and feed_type.write is RssFeed.write:
        whole = (WholeRss,) if issubclass(feed_type, Rss201rev2Feed) else ()
        bases = (PrewrittenRss, *above(feed_type, *whole))
    else:
        raise TypeError(f"{feed_type.__name__} writes itself; the build cannot write it.")
    return type(f"Prewritten{feed_type.__name__}", bases, {})


def above(feed_type: type, *whole: type) -> tuple[type, ...]:
    """Bases that put `whole` between `feed_type`'s own classes and Django's format."""
    if whole and feed_type is whole[0].__base__:
        return whole
    return (feed_type, *whole)


class FeedRequest(WSGIRequest):
    """A request for the build's feeds, whose host is checked once: `Feed.get_feed` asks for
    it (through `get_current_site`) for every feed, and Django checks it again each time."""

    @cached_property
    def checked_host(self) -> str:
        return super().get_host()

    def get_host(self) -> str:
        return self.checked_host


# Feeds whose items are given -------------------------------------------------------------


class GivenItems:
    """Mixed into a views' Feed class: its items are `given`. What is read and written of an
    item is kept on it, which lives as long as the build's snapshot of the site."""

    given: list = []

    def items(self, subject) -> tuple:
        return ()  # Django's loop over the items gets none: get_feed adds the given ones

    def get_feed(self, subject, request: HttpRequest):
        generator = super().get_feed(subject, request)
        language = get_language()
        written = [self.written_item(item, generator, language, request) for item in self.given]
        generator.items = [dates for dates, _ in written]
        generator.written = [xml for _, xml in written]
        return generator

    def written_item(self, item, generator, language: str, request) -> tuple[dict, bytes]:
        """The item's dates and XML in feeds like this one, worked out the first time."""
        kept = vars(item).setdefault("_in_feeds", {})
        key = (item_recipe(type(self)), language, request)
        if key not in kept:
            shared = (shared_recipe(type(self)), language, request)
            if shared not in kept:
                kept[shared] = self.shared_arguments(item, request)
            description = self._get_dynamic_attr("item_description", item)
            arguments = {**kept[shared], "description": description}
            kept[key] = generator.item_xml(arguments, self.item_extra_kwargs(item))
        return kept[key]

    def shared_arguments(self, item, request: HttpRequest) -> dict:
        """What `Feed.get_feed` gives `add_item` for `item` but its description, read as it
        reads them: the same in each format."""
        domain = request_site(request).domain
        link = add_domain(domain, self._get_dynamic_attr("item_link", item), request.is_secure())
        author_name = self._get_dynamic_attr("item_author_name", item)
        if author_name is not None:
            author_email = self._get_dynamic_attr("item_author_email", item)
            author_link = self._get_dynamic_attr("item_author_link", item)
        else:
            author_email = author_link = None
        return {
            "title": self._get_dynamic_attr("item_title", item),
            "link": link,
            "unique_id": self._get_dynamic_attr("item_guid", item, link),
            "unique_id_is_permalink": self._get_dynamic_attr("item_guid_is_permalink", item),
            "enclosures": self._get_dynamic_attr("item_enclosures", item),
            "pubdate": aware(self._get_dynamic_attr("item_pubdate", item)),
            "updateddate": aware(self._get_dynamic_attr("item_updateddate", item)),
            "author_name": author_name,
            "author_email": author_email,
            "author_link": author_link,
            "comments": self._get_dynamic_attr("item_comments", item),
            "categories": self._get_dynamic_attr("item_categories", item),
            "item_copyright": self._get_dynamic_attr("item_copyright", item),
        }

    def _get_dynamic_attr(self, attname: str, obj, default=None):
        """Feed's, its choice (a value, or a method given `obj`) made once per class: Feed
        makes it again, with `inspect.unwrap`, for every value of every item."""
        if attname in vars(self):
            return super()._get_dynamic_attr(attname, obj, default)
        return reader(type(self), attname)(self, obj, default)


@cache
def given_items(kind: type[Feed]) -> type[Feed]:
    """`kind` with its items given (GivenItems) and written by the faster generator."""
    if kind.title_template or kind.description_template:
        raise TypeError(f"{kind.__name__} renders items with templates; the build cannot.")
    if kind._get_dynamic_attr is not Feed._get_dynamic_attr:
        raise TypeError(f"{kind.__name__} reads its values its own way; the build cannot.")
    members = {"feed_type": prewritten(kind.feed_type)}
    return type(f"Given{kind.__name__}", (GivenItems, kind), members)


def request_site(request: HttpRequest):
    """The site Feed.get_feed makes links on, kept as `request.site` like CurrentSiteMiddleware."""
    if not hasattr(request, "site"):
        request.site = get_current_site(request)
    return request.site


def aware(date):
    """A naive date made aware as `Feed.get_feed` makes it."""
    if date and is_naive(date):
        return make_aware(date, get_default_timezone())
    return date


# How items are read ----------------------------------------------------------------------

# What `Feed.get_feed` reads of an item besides its description, and the names that decide it.
SHARED_ITEM_VALUES = (
    "item_title",
    "item_link",
    "item_enclosures",
    "item_enclosure_url",
    "item_enclosure_length",
    "item_enclosure_mime_type",
    "item_author_name",
    "item_author_email",
    "item_author_link",
    "item_pubdate",
    "item_updateddate",
    "item_guid",
    "item_guid_is_permalink",
    "item_comments",
    "item_categories",
    "item_copyright",
)


@cache
def shared_recipe(feed_class: type) -> tuple:
    """What the shared values of an item depend on besides the item, the language and the
    request: the class's item methods, the same in an edition's Atom feed and a tag's RSS."""
    return tuple(inspect.getattr_static(feed_class, name, None) for name in SHARED_ITEM_VALUES)


@cache
def item_recipe(feed_class: type) -> tuple:
    """What an item's XML depends on besides the item, the language and the request."""
    own = ("item_description", "item_extra_kwargs")
    methods = tuple(inspect.getattr_static(feed_class, name, None) for name in own)
    return (feed_class.feed_type, *methods, shared_recipe(feed_class))


MISSING = object()


@cache
def reader(feed_class: type, name: str) -> Callable[[Feed, Any, Any], Any]:
    """`(feed, obj, default)` → what Feed's `_get_dynamic_attr(name, obj, default)` gives."""
    found = inspect.getattr_static(feed_class, name, MISSING)
    if found is MISSING:
        return lambda feed, obj, default: default
    if inspect.isfunction(found) and inspect.unwrap(found).__code__.co_argcount == 2:
        return lambda feed, obj, default: found(feed, obj)
    if not callable(found) and not hasattr(type(found), "__get__"):
        return lambda feed, obj, default: found
    # Anything else (a property, a static method…) is left to Feed itself.
    return lambda feed, obj, default: super(GivenItems, feed)._get_dynamic_attr(name, obj, default)
