"""Atom and RSS feeds of an edition, of one of its categories and of one of its tags.

One feed instance serves every request, so what a request needs travels in the `FeedScope`
that get_object returns, never on `self`. Links are absolute on BASE_URL, whatever host the
request came by, because the page store keeps one copy of each feed for every reader.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from carnet.blog.models import Category, Edition, Post, Tag

FEED_LENGTH = 20
# The date of a feed that has no post yet: any fixed date, so that it reads the same each time.
NO_POSTS_YET = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)

_ROOT_RELATIVE_URL = re.compile(r'(\s(?:href|src)=")/(?!/)')
_SRCSET = re.compile(r'(\ssrcset=")([^"]*)"')
_SRCSET_ROOT_RELATIVE_URL = re.compile(r"(^|,\s*)/(?!/)")


def absolute(path: str) -> str:
    return settings.BASE_URL + path


def absolute_urls(html: str) -> str:
    """The HTML with root-relative links and images made absolute, for feed readers."""
    base = settings.BASE_URL
    html = _ROOT_RELATIVE_URL.sub(lambda m: f"{m[1]}{base}/", html)
    return _SRCSET.sub(
        lambda m: m[1] + _SRCSET_ROOT_RELATIVE_URL.sub(lambda n: f"{n[1]}{base}/", m[2]) + '"',
        html,
    )


@dataclass(frozen=True)
class FeedScope:
    """What one request's feed covers: an edition, perhaps narrowed to a category or tag."""

    edition: Edition
    term: Category | Tag | None = None


class StableDate:
    """Mixed into a feed format: an empty feed is dated by its `updated_when_empty` argument.

    Django dates an empty feed now; a feed rendered twice without change must be the same.
    """

    def latest_post_date(self):
        if not self.items and self.feed.get("updated_when_empty"):
            return self.feed["updated_when_empty"]
        return super().latest_post_date()


class CarnetRss201rev2Feed(StableDate, Rss201rev2Feed):
    pass


class CarnetAtom1Feed(StableDate, Atom1Feed):
    """Atom with the whole post as <content type="html"> next to the <summary>."""

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


class EditionAtomFeed(Feed):
    """The newest public posts of the edition being read, as Atom; the base of every feed."""

    feed_type = CarnetAtom1Feed
    url_name = "feed"
    term_model: type[Category] | type[Tag] | None = None
    term_field = ""

    def get_object(self, request: HttpRequest, slug: str | None = None) -> FeedScope:
        edition = Edition.objects.current()
        if self.term_model is None:
            return FeedScope(edition)
        return FeedScope(edition, get_object_or_404(self.term_model, edition=edition, slug=slug))

    def feed_extra_kwargs(self, scope: FeedScope) -> dict:
        return {"updated_when_empty": NO_POSTS_YET}

    def get_feed(self, scope: FeedScope, request: HttpRequest):
        feed = super().get_feed(scope, request)
        feed.feed["language"] = scope.edition.language
        return feed

    def items(self, scope: FeedScope) -> QuerySet[Post]:
        posts = Post.objects.public().posts().filter(edition=scope.edition)
        if scope.term is not None:
            posts = posts.filter(**{self.term_field: scope.term})
        return (
            posts.select_related("edition", "author")
            .prefetch_related("categories", "tags")
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )

    # The feed ------------------------------------------------------------------------

    def title(self, scope: FeedScope) -> str:
        if scope.term is None:
            return scope.edition.title
        return f"{scope.edition.title} – {scope.term.name}"

    def subtitle(self, scope: FeedScope) -> str | None:
        return scope.edition.tagline or None

    def description(self, scope: FeedScope) -> str:
        return scope.edition.tagline or scope.edition.description or scope.edition.title

    def link(self, scope: FeedScope) -> str:
        return absolute((scope.term or scope.edition).get_absolute_url())

    def feed_url(self, scope: FeedScope) -> str:
        kwargs = {"slug": scope.term.slug} if scope.term is not None else {}
        return absolute(scope.edition.reverse(self.url_name, **kwargs))

    def author_name(self, scope: FeedScope) -> str:
        # Atom wants an author for every entry; a post without one falls back on this.
        return scope.edition.title

    # Its items -----------------------------------------------------------------------

    def item_title(self, post: Post) -> str:
        return post.title

    def item_link(self, post: Post) -> str:
        return absolute(post.get_absolute_url())

    def item_description(self, post: Post) -> str:
        return escape(post.summary_text())

    def item_extra_kwargs(self, post: Post) -> dict:
        return {"content_html": absolute_urls(post.body_html)}

    def item_guid(self, post: Post) -> str:
        """A tag: URI that outlives changes to the post's title, slug or date."""
        host = urlsplit(settings.BASE_URL).hostname
        return f"tag:{host},{post.created_at:%Y-%m-%d}:post-{post.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, post: Post):
        return post.published_at

    def item_updateddate(self, post: Post):
        return max(post.published_at, post.content_changed_at)

    def item_author_name(self, post: Post) -> str | None:
        if post.author is None:
            return None
        return post.author.get_full_name() or post.author.get_username()

    def item_categories(self, post: Post) -> list[str]:
        return [c.name for c in post.category_list] + [t.name for t in post.tag_list]


class RssFormat:
    """Mixed in first, turns a feed into RSS 2.0, with the whole post in <description>."""

    feed_type = CarnetRss201rev2Feed

    def item_description(self, post: Post) -> str:
        return absolute_urls(post.body_html)

    def item_extra_kwargs(self, post: Post) -> dict:
        return {}


class EditionRssFeed(RssFormat, EditionAtomFeed):
    url_name = "feed_rss"


class CategoryAtomFeed(EditionAtomFeed):
    url_name = "category_feed"
    term_model = Category
    term_field = "categories"


class CategoryRssFeed(RssFormat, CategoryAtomFeed):
    url_name = "category_feed_rss"


class TagAtomFeed(EditionAtomFeed):
    url_name = "tag_feed"
    term_model = Tag
    term_field = "tags"


class TagRssFeed(RssFormat, TagAtomFeed):
    url_name = "tag_feed_rss"
