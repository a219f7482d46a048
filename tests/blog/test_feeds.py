"""Atom and RSS feeds of each edition, category and tag, read back with feedparser."""

from __future__ import annotations

import datetime

import feedparser
import pytest
from django.utils import timezone

from carnet.blog.models import Category, Post, Tag

pytestmark = pytest.mark.django_db

BASE_URL = "https://notes.example"


@pytest.fixture(autouse=True)
def base_url(settings):
    """Feeds are built on BASE_URL, never on the host a request came by (here 'testserver')."""
    settings.BASE_URL = BASE_URL


def read_feed(client, url: str, version: str = "atom10") -> feedparser.FeedParserDict:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == version
    return feed


def days_ago(n: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=n)


def parsed_time(parsed) -> datetime.datetime:
    return datetime.datetime(*parsed[:6], tzinfo=datetime.UTC)


def titles(feed) -> list[str]:
    return [entry.title for entry in feed.entries]


# The edition's feed ----------------------------------------------------------------------


def test_edition_feed_lists_public_posts_newest_first(client, make_post):
    make_post(title="Older", published_at=days_ago(3))
    make_post(title="Newer", published_at=days_ago(1))
    assert titles(read_feed(client, "/feed/")) == ["Newer", "Older"]


def test_feed_names_the_edition_its_tagline_and_language(client, en):
    en.tagline = "Walking and looking"
    en.save()
    feed = read_feed(client, "/feed/")
    assert feed.feed.title == "Field Notes"
    assert feed.feed.subtitle == "Walking and looking"
    assert feed.feed.language == "en"


def test_feed_links_are_absolute_on_the_base_url(client, make_post):
    post = make_post(title="Linked")
    feed = read_feed(client, "/feed/")
    assert feed.feed.link == f"{BASE_URL}/"
    assert {link.rel: link.href for link in feed.feed.links}["self"] == f"{BASE_URL}/feed/"
    assert feed.entries[0].link == BASE_URL + post.get_absolute_url()


def test_entries_carry_the_whole_post_and_a_summary(client, make_post):
    make_post(
        title="Full",
        standfirst="A short standfirst.",
        body="First paragraph.\n\n<!--more-->\n\nSecond *paragraph*.",
    )
    entry = read_feed(client, "/feed/").entries[0]
    content = entry.content[0]
    assert content.type == "text/html"
    assert "First paragraph." in content.value
    assert "Second <em>paragraph</em>." in content.value
    assert entry.summary == "A short standfirst."


def test_root_relative_links_and_images_in_a_post_become_absolute(client, make_post):
    make_post(body="See [the about page](/about/) and ![a view](/media/view.jpg).")
    content = read_feed(client, "/feed/").entries[0].content[0].value
    assert f'href="{BASE_URL}/about/"' in content
    assert f'src="{BASE_URL}/media/view.jpg"' in content


def test_entries_carry_dates_author_and_terms(client, make_post, en):
    published = days_ago(2).replace(microsecond=0)
    walks = Category.objects.create(edition=en, name="Walks")
    birds = Tag.objects.create(edition=en, name="Birds")
    make_post(title="Dated", published_at=published, categories=[walks], tags=[birds])
    entry = read_feed(client, "/feed/").entries[0]
    assert parsed_time(entry.published_parsed) == published
    assert parsed_time(entry.updated_parsed) >= published
    assert entry.author == "Annie"
    assert [tag.term for tag in entry.tags] == ["Walks", "Birds"]


def test_entry_ids_are_tag_uris_unique_to_each_post(client, make_post):
    first = make_post(title="One")
    second = make_post(title="Two")
    ids = {entry.title: entry.id for entry in read_feed(client, "/feed/").entries}
    assert ids["One"].startswith("tag:notes.example,")
    assert ids["One"].endswith(f":post-{first.pk}")
    assert ids["Two"].endswith(f":post-{second.pk}")


def test_titles_are_not_escaped_twice(client, make_post):
    make_post(title="Fish & chips <by the sea>")
    assert titles(read_feed(client, "/feed/")) == ["Fish & chips <by the sea>"]


def test_drafts_private_scheduled_posts_and_pages_are_left_out(client, make_post):
    make_post(title="Draft", status=Post.Status.DRAFT)
    make_post(title="Private", status=Post.Status.PRIVATE)
    make_post(title="Scheduled", published_at=timezone.now() + datetime.timedelta(hours=2))
    make_post(title="About", kind=Post.Kind.PAGE)
    make_post(title="Public")
    assert titles(read_feed(client, "/feed/")) == ["Public"]


def test_a_feed_holds_the_twenty_newest_posts(client, make_post):
    for n in range(22):
        make_post(title=f"Post {n}", published_at=days_ago(30 - n))
    entries = titles(read_feed(client, "/feed/"))
    assert len(entries) == 20
    assert entries[0] == "Post 21"
    assert "Post 1" not in entries


def test_french_feed_holds_only_french_posts_in_french(client, make_post, fr):
    make_post(title="English post")
    make_post(edition=fr, title="Billet en français")
    feed = read_feed(client, "/fr/feed/")
    assert titles(feed) == ["Billet en français"]
    assert feed.feed.title == "Carnet de terrain"
    assert feed.feed.language == "fr"
    assert feed.feed.link == f"{BASE_URL}/fr/"
    assert feed.entries[0].link.startswith(f"{BASE_URL}/fr/")


def test_english_feed_leaves_french_posts_out(client, make_post, fr):
    make_post(title="English post")
    make_post(edition=fr, title="Billet en français")
    assert titles(read_feed(client, "/feed/")) == ["English post"]


def test_a_feed_sets_no_cookie_and_is_the_same_for_every_reader(client, make_post, writer):
    make_post(title="Shared")
    anonymous = client.get("/feed/")
    client.force_login(writer)
    signed_in = client.get("/feed/")
    assert anonymous.status_code == 200
    assert not anonymous.cookies
    assert "Cookie" not in anonymous.get("Vary", "")
    assert anonymous.content == signed_in.content


# RSS ------------------------------------------------------------------------------------


def test_rss_feed_is_valid_and_carries_the_whole_post(client, make_post, en):
    walks = Category.objects.create(edition=en, name="Walks")
    post = make_post(title="By RSS", body="All of *it*.", categories=[walks])
    feed = read_feed(client, "/feed/rss/", version="rss20")
    assert feed.feed.title == "Field Notes"
    assert feed.feed.language == "en"
    assert feed.feed.link == f"{BASE_URL}/"
    entry = feed.entries[0]
    assert entry.title == "By RSS"
    assert entry.link == BASE_URL + post.get_absolute_url()
    assert "All of <em>it</em>." in entry.description
    assert entry.id.endswith(f":post-{post.pk}")
    assert entry.published_parsed
    assert [tag.term for tag in entry.tags] == ["Walks"]


def test_french_rss_feed_holds_only_french_posts(client, make_post, fr):
    make_post(title="English post")
    make_post(edition=fr, title="Billet en français")
    feed = read_feed(client, "/fr/feed/rss/", version="rss20")
    assert titles(feed) == ["Billet en français"]
    assert feed.feed.language == "fr"


# Category and tag feeds -----------------------------------------------------------------


def test_category_feed_holds_only_that_categorys_posts(client, make_post, en):
    walks = Category.objects.create(edition=en, name="Walks")
    make_post(title="On the hill", categories=[walks])
    make_post(title="At home")
    feed = read_feed(client, "/category/walks/feed/")
    assert titles(feed) == ["On the hill"]
    assert feed.feed.title == "Field Notes – Walks"
    assert feed.feed.link == f"{BASE_URL}/category/walks/"
    assert {link.rel: link.href for link in feed.feed.links}["self"] == (
        f"{BASE_URL}/category/walks/feed/"
    )
    rss = read_feed(client, "/category/walks/feed/rss/", version="rss20")
    assert titles(rss) == ["On the hill"]


def test_tag_feed_holds_only_that_tags_posts(client, make_post, fr):
    oiseaux = Tag.objects.create(edition=fr, name="Oiseaux")
    make_post(edition=fr, title="La buse", tags=[oiseaux])
    make_post(edition=fr, title="Le jardin")
    feed = read_feed(client, "/fr/tag/oiseaux/feed/")
    assert titles(feed) == ["La buse"]
    assert feed.feed.title == "Carnet de terrain – Oiseaux"
    assert feed.feed.language == "fr"
    rss = read_feed(client, "/fr/tag/oiseaux/feed/rss/", version="rss20")
    assert titles(rss) == ["La buse"]


@pytest.mark.parametrize(
    "url",
    [
        "/category/nowhere/feed/",
        "/category/nowhere/feed/rss/",
        "/tag/nowhere/feed/",
        "/tag/nowhere/feed/rss/",
        "/fr/category/walks/feed/",  # the English edition's category, asked of the French one
    ],
)
def test_a_feed_for_an_unknown_category_or_tag_is_not_found(client, en, fr, url):
    Category.objects.create(edition=en, name="Walks")
    assert client.get("/category/walks/feed/").status_code == 200
    assert client.get(url).status_code == 404
