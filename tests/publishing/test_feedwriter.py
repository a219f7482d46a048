"""The build's feeds, items given and written once, are the bytes of the views' own feeds."""

from __future__ import annotations

import datetime
import functools
from collections import Counter

import pytest
from django.contrib.syndication.views import Feed
from django.test import RequestFactory
from django.utils import translation
from django.utils.feedgenerator import (
    Atom1Feed,
    Enclosure,
    Rss201rev2Feed,
    RssUserland091Feed,
)

from carnet.blog.feeds import (
    CategoryAtomFeed,
    CategoryRssFeed,
    EditionAtomFeed,
    EditionRssFeed,
    FeedScope,
    TagAtomFeed,
    TagRssFeed,
    absolute,
)
from carnet.blog.models import Category, Post, Tag
from carnet.comments.feeds import EditionCommentsFeed, PostCommentsFeed
from carnet.comments.models import Comment
from carnet.publishing import feedwriter
from carnet.publishing.feedwriter import GivenItems, PrewrittenItems, given_items, prewritten

START = datetime.datetime(2024, 3, 30, 23, 30, tzinfo=datetime.UTC)
AWKWARD = 'Tom & "Jerry" <b>it\'s</b> > café\nnaïve'
TERM_FEEDS = [CategoryAtomFeed, CategoryRssFeed, TagAtomFeed, TagRssFeed]


@pytest.fixture
def request_():
    return RequestFactory().get("/", HTTP_HOST="testserver")


@pytest.fixture
def site(en, fr, writer, make_post, django_user_model):
    """Posts in both editions with awkward titles, terms, authors and comments."""
    en.tagline = ""  # no <subtitle>
    en.save()
    fr.tagline = "Marées & <phares>"
    fr.save()
    nameless = django_user_model.objects.create_user("bea", password="x")
    rivers = Category.objects.create(edition=en, name="Rivers & <Streams>")
    cafe = Tag.objects.create(edition=en, name='Café "noir"')
    Tag.objects.create(edition=en, name="Unused")
    authors = [writer, nameless, None]
    for n in range(5):
        make_post(
            title=f"{AWKWARD} {n}",
            standfirst="A standfirst & more." if n % 2 else "",
            body=f"Intro {n} with [a link](/about/) & <b>bold</b>.\n\n<!--more-->\n\nRest.",
            published_at=START + datetime.timedelta(days=n),
            author=authors[n % 3],
            categories=[rivers] if n % 2 else [],
            tags=[cafe] if n != 2 else [],
        )
    with_comments = make_post(title="Commented", published_at=START)
    for n, (name, url) in enumerate(
        [("Bo & <Co>", 'https://bo.example/?a=1&b="2"'), ("Zoë", ""), ("Cy", "javascript:x")]
    ):
        Comment.objects.create(
            post=with_comments,
            author_name=name,
            author_url=url,
            body=f"Words & *more* {n}\n\nhttps://ferry.example/?q=<1>",
            status="approved",
            created_at=START + datetime.timedelta(hours=n),
        )
    make_post(edition=fr, title="Billet « traduit » & co", author=None)
    return {"rivers": rivers, "cafe": cafe, "commented": with_comments}


def scopes(en, fr):
    """Every feed scope the site has: its editions and every English term."""
    terms = [*Category.objects.filter(edition=en), *Tag.objects.filter(edition=en)]
    return [FeedScope(en), FeedScope(fr), *(FeedScope(en, term) for term in terms)]


def kinds_of(scope: FeedScope) -> list[type[Feed]]:
    if scope.term is None:
        return [EditionAtomFeed, EditionRssFeed]
    return TERM_FEEDS[:2] if isinstance(scope.term, Category) else TERM_FEEDS[2:]


def django_bytes(kind, subject, request, language: str) -> bytes:
    """What the view serves: Django's Feed, its items queried."""
    with translation.override(language):
        return kind().get_feed(subject, request).writeString("utf-8").encode()


def given_bytes(kind, subject, items, request, language: str) -> bytes:
    """What the build writes: the feed class with its items given."""
    feed = given_items(kind)()
    feed.given = items
    with translation.override(language):
        generator = feed.get_feed(subject, request)
    assert generator.writeString("utf-8").encode() == generator.utf8()
    return generator.utf8()


def queried(kind, subject) -> list:
    return list(kind().items(subject))


def test_every_post_feed_is_written_as_django_writes_it(site, en, fr, request_):
    written = 0
    for scope in scopes(en, fr):
        for kind in kinds_of(scope):
            expected = django_bytes(kind, scope, request_, scope.edition.language)
            items = queried(kind, scope)
            assert given_bytes(kind, scope, items, request_, scope.edition.language) == expected
            written += bool(items)
    assert written == 8  # the others are empty feeds: a tag without posts


def test_a_post_comments_feed_is_written_as_django_writes_it(site, request_):
    post = site["commented"]
    for language in ("en", "fr"):
        expected = django_bytes(PostCommentsFeed, post, request_, language)
        items = queried(PostCommentsFeed, post)
        assert len(items) == 3
        assert given_bytes(PostCommentsFeed, post, items, request_, language) == expected
        website = b"<uri>https://bo.example/?a=1&amp;b=%222%22</uri>"
        assert b"<name>Bo &amp; &lt;Co&gt;</name>" + website in expected


def test_an_empty_comments_feed_is_written_as_django_writes_it(site, en, request_):
    quiet = Post.objects.filter(edition=en).exclude(pk=site["commented"].pk).first()
    expected = django_bytes(PostCommentsFeed, quiet, request_, "en")
    assert given_bytes(PostCommentsFeed, quiet, [], request_, "en") == expected


def test_an_item_in_several_feeds_is_written_once_per_format(site, en, request_, monkeypatch):
    made, read = Counter(), Counter()  # by the item's link, by the item
    item_xml = counted(PrewrittenItems.item_xml, made, lambda _, arguments, __: arguments["link"])
    monkeypatch.setattr(PrewrittenItems, "item_xml", item_xml)
    shared = counted(GivenItems.shared_arguments, read, lambda feed, item, request: item.pk)
    monkeypatch.setattr(GivenItems, "shared_arguments", shared)
    posts = queried(EditionAtomFeed, FeedScope(en))  # the same objects in every feed
    in_term = {CategoryAtomFeed: site["rivers"], TagAtomFeed: site["cafe"]}
    for atom, rss in [(EditionAtomFeed, EditionRssFeed), (CategoryAtomFeed, CategoryRssFeed)]:
        for kind in (atom, rss):
            scope = FeedScope(en, in_term.get(atom))
            wanted = {post.pk for post in queried(kind, scope)}
            items = [post for post in posts if post.pk in wanted]
            assert given_bytes(kind, scope, items, request_, "en") == django_bytes(
                kind, scope, request_, "en"
            )
    in_both = [post for post in posts if site["rivers"] in post.categories.all()]
    assert len(in_both) == 2 and len(made) == len(read) == len(posts)
    assert made[absolute(in_both[0].get_absolute_url())] == 2  # in Atom and in RSS
    assert set(made.values()) == {2} and set(read.values()) == {1}


def counted(method, calls: Counter, key):
    """`method`, counting its calls by `key(*its arguments)`."""

    @functools.wraps(method)
    def count(*args):
        calls[key(*args)] += 1
        return method(*args)

    return count


def test_what_is_kept_on_an_item_differs_with_the_feed_and_the_language(site, en, request_):
    """One comment in two feeds that title it differently, in two languages, and one post
    in a feed class of its own: each as Django writes it, none taken for another."""
    post = site["commented"]
    comments = queried(PostCommentsFeed, post)
    for language in ("en", "fr", "en"):
        for kind, subject in [(PostCommentsFeed, post), (EditionCommentsFeed, en)]:
            expected = django_bytes(kind, subject, request_, language)
            assert given_bytes(kind, subject, comments, request_, language) == expected
    posts = queried(EditionAtomFeed, FeedScope(en))
    given_bytes(EditionAtomFeed, FeedScope(en), posts, request_, "en")
    expected = django_bytes(ShoutedAtomFeed, FeedScope(en), request_, "en")
    assert given_bytes(ShoutedAtomFeed, FeedScope(en), posts, request_, "en") == expected
    assert b"<title>TOM &amp; " in expected


class ShoutedAtomFeed(EditionAtomFeed):
    def item_title(self, post: Post) -> str:
        return post.title.upper()


def test_a_request_by_another_address_does_not_reuse_the_items_written(site, en, request_):
    posts = queried(RelativeLinksFeed, FeedScope(en))
    given_bytes(RelativeLinksFeed, FeedScope(en), posts, request_, "en")
    secure = RequestFactory().get("/", HTTP_HOST="testserver", secure=True)
    expected = django_bytes(RelativeLinksFeed, FeedScope(en), secure, "en")
    assert b'href="https://testserver/' in expected
    assert given_bytes(RelativeLinksFeed, FeedScope(en), posts, secure, "en") == expected


class RelativeLinksFeed(EditionAtomFeed):
    """Links that Django makes absolute on the request's scheme and host."""

    def item_link(self, post: Post) -> str:
        return post.get_absolute_url()


# How values are read ---------------------------------------------------------------------


def decorated(method):
    @functools.wraps(method)
    def wrapper(self, obj):
        return f"[{method(self, obj)}]"

    return wrapper


class Varied(Feed):
    title = "a value"
    ttl = None

    def link(self):
        return "no argument"

    @decorated
    def description(self, obj):
        return f"decorated {obj}"

    @staticmethod
    def author_name():
        return "static"

    @property
    def author_email(self):
        return "a property"

    def categories(self, obj):
        return [obj]


@pytest.mark.parametrize(
    "name",
    ["title", "ttl", "link", "description", "author_name", "author_email", "categories", "none"],
)
def test_values_are_read_as_django_reads_them(name):
    given = given_items(Varied)()
    given.feed_copyright = "on the instance"
    expected = Feed._get_dynamic_attr(given, name, "obj", "default")
    assert given._get_dynamic_attr(name, "obj", "default") == expected
    assert given._get_dynamic_attr("feed_copyright", "obj") == "on the instance"


# Formats ---------------------------------------------------------------------------------


@pytest.mark.parametrize("format_", [Atom1Feed, Rss201rev2Feed, RssUserland091Feed])
def test_django_formats_are_written_as_django_writes_them(format_):
    one_enclosure = format_ is Rss201rev2Feed  # which refuses more
    items = [a for a in ITEMS if not one_enclosure or len(a.get("enclosures", ())) < 2]
    expected = format_(**FEED)
    for arguments in items:
        expected.add_item(**arguments)
    generator = prewritten(format_)(**FEED)
    written = [generator.item_xml(arguments, {}) for arguments in items]
    generator.items = [dates for dates, _ in written]
    generator.written = [xml for _, xml in written]
    assert generator.writeString("utf-8") == expected.writeString("utf-8")


FEED = {
    "title": AWKWARD,
    "link": "https://a.example/",
    "description": "Notes & <more>",
    "language": "fr",
    "author_name": "Me",
    "subtitle": "Sub & title",
    "categories": ["one", AWKWARD],
    "feed_url": "https://a.example/feed/",
    "feed_copyright": "© me",
    "ttl": "60",
    "stylesheets": ["/feed.xsl"],
}
WHEN = datetime.datetime(2024, 3, 31, 1, 30, tzinfo=datetime.UTC)
AUDIO = Enclosure("https://a.example/a.mp3", "10", "audio/mpeg")
ITEMS = [
    {"title": "plain", "link": "https://a.example/1/", "description": "One."},
    {
        "title": AWKWARD,
        "link": "https://a.example/ü/?a=1&b=2",
        "description": AWKWARD,
        "pubdate": WHEN,
        "updateddate": WHEN,
        "author_name": "Bo",
        "author_email": "bo@a.example",
        "author_link": "https://bo.example/",
        "unique_id": "tag:a.example,2024:2",
        "unique_id_is_permalink": False,
        "categories": ["x & y", "z"],
        "comments": "https://a.example/2/#c",
        "ttl": "5",
    },
    {
        "title": "with one enclosure",
        "link": "https://a.example/3/",
        "description": None,
        "enclosures": [AUDIO],
        "item_copyright": "© 3",
    },
    {
        "title": "with two",
        "link": "https://a.example/4/",
        "description": "",
        "enclosures": [AUDIO, AUDIO],
    },
]


def test_a_format_that_writes_itself_is_refused():
    class Own(Atom1Feed):
        def write(self, outfile, encoding):
            outfile.write("mine")

    with pytest.raises(TypeError, match="Own writes itself"):
        prewritten(Own)


def test_a_feed_that_renders_items_with_templates_is_refused():
    class Templated(EditionAtomFeed):
        title_template = "feeds/title.html"

    with pytest.raises(TypeError, match="templates"):
        feedwriter.given_items(Templated)
