"""Every public page of the site, rendered from the snapshot in sitedata.py, as the views would.

The views read the database for each page; here the same templates get the same context
from memory (the views' own `listing_context` and `post_context` make it), and the feeds are
the views' own Feed classes with their items taken from memory. A few pages that exist
once per edition (the archives index, the comments feed, the sitemap, robots.txt) go through
Django itself (`django_pages`). tests/publishing/test_rendering.py checks that every page is
the same, byte for byte, as Django serves it.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, partial
from urllib.parse import unquote

from django.conf import settings
from django.core.paginator import Paginator
from django.template import engines
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.formats import date_format

from carnet.blog import views
from carnet.blog.feeds import FEED_LENGTH as POSTS_IN_FEED
from carnet.blog.feeds import (
    CategoryAtomFeed,
    CategoryRssFeed,
    EditionAtomFeed,
    EditionRssFeed,
    FeedScope,
    TagAtomFeed,
    TagRssFeed,
)
from carnet.blog.models import Category, Edition, Post, Tag
from carnet.comments.feeds import FEED_LENGTH as COMMENTS_IN_FEED
from carnet.comments.feeds import PostCommentsFeed
from carnet.comments.threads import arrange
from carnet.publishing import feedwriter
from carnet.publishing.sitedata import EditionData, SiteData

HTML = "text/html; charset=utf-8"


@dataclass(frozen=True)
class Page:
    """One address of the site and how to make it: `make()` gives (content, Content-Type).

    `make` is None for a page Django renders itself (see `carnet.publishing.build`).
    """

    address: str
    make: Callable[[], tuple[bytes, str]] | None = None
    file: str | None = None  # where it is stored, if not where its address says (404 pages)
    status: int = 200  # the status Django answers with (404 pages: 404)


def site_pages(site: SiteData) -> list[Page]:
    """Every public page of the site made from memory, in the order the editions come."""
    pages = []
    for data in site.editions:
        with translation.override(data.edition.language):
            pages.extend(edition_pages(site, data))
    seen: set[str] = set()
    return [p for p in pages if not (p.address in seen or seen.add(p.address))]


def django_pages(editions: Iterable[Edition]) -> list[Page]:
    """The pages Django renders itself, of which the site or an edition has one: the sitemap,
    robots.txt, and each edition's archives index and comments feed. They need no snapshot."""
    pages = [Page(unquote(reverse("sitemap"))), Page(unquote(reverse("robots")))]
    for edition in editions:
        pages.append(Page(unquote(edition.reverse("archives"))))
        if has_view(edition, "comments_feed"):
            pages.append(Page(unquote(edition.reverse("comments_feed"))))
    return pages


def edition_pages(site: SiteData, data: EditionData) -> Iterator[Page]:
    edition = data.edition
    yield from listing_pages(site, data, data.home_order, edition.title, "home", {}, is_home=True)
    yield from feed_pages(data, None)
    comment_feeds = has_view(edition, "comments_feed")
    for term in (*data.categories, *data.tags):
        name, title, extra = views.term_heading(term)
        posts = data.by_term.get((type(term), term.pk), [])
        yield from listing_pages(site, data, posts, title, name, {"slug": term.slug}, **extra)
        yield from feed_pages(data, term)
    for posts in data.by_author.values():
        author = posts[0].author
        title = views.author_title(author)
        yield from listing_pages(site, data, posts, title, "author", {"username": author.username})
    for year, posts in sorted(data.by_year.items()):
        yield from listing_pages(site, data, posts, str(year), "year", {"year": year})
    for (year, month), posts in sorted(data.by_month.items()):
        title = date_format(datetime.date(year, month, 1), "YEAR_MONTH_FORMAT")
        kwargs = {"year": year, "month": f"{month:02d}"}
        yield from listing_pages(site, data, posts, title, "month", kwargs)
    for post in data.pages + data.posts:
        address = unquote(post.get_absolute_url())
        yield Page(address, partial(in_language, data, post_page, site, data, post, address))
        if comment_feeds and post.kind == Post.Kind.POST and not post.password:
            feed_address = address + "comments/feed/"
            make = partial(in_language, data, comments_feed, site, post)
            yield Page(feed_address, make)


def has_view(edition: Edition, name: str) -> bool:
    """Whether the site has this view (an app may leave it out)."""
    try:
        edition.reverse(name)
    except NoReverseMatch:
        return False
    return True


def in_language(data: EditionData, render: Callable, *args) -> tuple[bytes, str]:
    if translation.get_language() == data.edition.language:  # a task's pages share a language
        return render(*args)
    with translation.override(data.edition.language):
        return render(*args)


# HTML pages ------------------------------------------------------------------------------


class PagePath:
    """What the templates read of the request: its path."""

    def __init__(self, path: str) -> None:
        self.path = path


def render_page(data: EditionData, template: str, address: str, context: dict) -> bytes:
    """A theme template with the context Django's context processors would add."""
    context = {
        "edition": data.edition,
        "other_editions": data.others,
        "nav_pages": data.nav_pages,
        "base_url": settings.BASE_URL,
        "request": PagePath(address),
        "LANGUAGE_CODE": data.edition.language,
        "kept": data.kept,
        **context,
    }
    # The theme's own Jinja2 environment: what Django's backend does with no request, without
    # a wrapper made for each page.
    return engines["jinja2"].env.get_template(template).render(context).encode()


def listing_pages(
    site: SiteData,
    data: EditionData,
    posts: list[Post],
    title: str,
    url_name: str,
    url_kwargs: dict,
    **extra,
) -> Iterator[Page]:
    """The pages of one listing: its first page and `page/N/` for the others."""
    paginator = Paginator(posts, data.edition.posts_per_page)
    for number in paginator.page_range:
        address = unquote(views.page_url(data.edition, url_name, url_kwargs, number))
        args = (site, data, paginator, number, address, title, url_name, url_kwargs, extra)
        yield Page(address, partial(in_language, data, listing_page, *args))


def listing_page(
    site: SiteData,
    data: EditionData,
    paginator: Paginator,
    number: int,
    address: str,
    title: str,
    url_name: str,
    url_kwargs: dict,
    extra: dict,
) -> tuple[bytes, str]:
    page_obj = paginator.page(number)
    for post in page_obj.object_list:
        post.approved_comments = len(site.comments_of(post))
    context = views.listing_context(data.edition, page_obj, title, url_name, url_kwargs, extra)
    return render_page(data, "blog/listing.html", address, context), HTML


def post_page(site: SiteData, data: EditionData, post: Post, address: str) -> tuple[bytes, str]:
    comments = site.comments_of(post)
    post.approved_comments = len(comments)
    context = views.post_context(post, site.public_translations(post), arrange(comments))
    if post.kind == Post.Kind.POST:
        context["previous_post"], context["next_post"] = data.neighbours(post)
    return render_page(data, "blog/post.html", address, context), HTML


# Feeds -----------------------------------------------------------------------------------


def feed_pages(data: EditionData, term: Category | Tag | None) -> Iterator[Page]:
    """The Atom and RSS feeds of an edition or of one of its terms."""
    if term is None:
        kinds = (EditionAtomFeed, EditionRssFeed)
    elif isinstance(term, Category):
        kinds = (CategoryAtomFeed, CategoryRssFeed)
    else:
        kinds = (TagAtomFeed, TagRssFeed)
    scope = FeedScope(data.edition, term)
    posts = data.by_term.get((type(term), term.pk), []) if term else data.posts
    for kind in kinds:
        kwargs = {"slug": term.slug} if term else {}
        address = unquote(data.edition.reverse(kind.url_name, **kwargs))
        feed = with_items(kind, posts[:POSTS_IN_FEED])
        yield Page(address, partial(in_language, data, render_feed, feed, scope))


def comments_feed(site: SiteData, post: Post) -> tuple[bytes, str]:
    newest = list(reversed(site.comments_of(post)))[:COMMENTS_IN_FEED]
    return render_feed(with_items(PostCommentsFeed, newest), post)


def with_items(kind: type, items: list) -> object:
    """A feed of the views' class whose items are given rather than queried; each item is
    written once per format and kept for the other feeds it is in (see feedwriter.py)."""
    feed = feedwriter.given_items(kind)()
    feed.given = items
    return feed


def render_feed(feed, subject) -> tuple[bytes, str]:
    generated = feed.get_feed(subject, feed_request())
    return generated.utf8(), generated.content_type


@cache
def feed_request():
    """What a feed reads of its request: the site's host and scheme (its links are absolute)."""
    return feedwriter.FeedRequest(wsgi_environ("/"))


def wsgi_environ(address: str, **extra: str) -> dict:
    """A WSGI environ for a GET of `address` (unquoted) on the site's host, as a server gives."""
    secure = is_secure()
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": address.encode().decode("iso-8859-1"),  # WSGI's "bytes as latin-1"
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "HTTP_HOST": host(),
        "SERVER_NAME": host().rsplit(":", 1)[0],
        "SERVER_PORT": "443" if secure else "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",  # the build asks from this machine, as the test client did
        "wsgi.url_scheme": "https" if secure else "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
        **extra,
    }


def host() -> str:
    return settings.BASE_URL.split("://", 1)[1].split("/")[0]


def is_secure() -> bool:
    return settings.BASE_URL.startswith("https://")
