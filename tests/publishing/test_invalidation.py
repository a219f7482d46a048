"""Each kind of write removes the stored pages it changes, and keeps the others.

A small blog in two editions is read once (so every page is stored), then written to; the
tests check which pages are gone and which are still stored, and that a page read again shows
the write.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from carnet.blog.models import Category, Page, Post, Tag
from carnet.comments.models import Comment
from carnet.publishing.scheduler import MARK, refresh_due_posts
from carnet.publishing.store import write_atomically
from tests.publishing.conftest import stored

pytestmark = pytest.mark.django_db


def days_ago(n: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=n)


@pytest.fixture
def blog(en, fr, make_post):
    """Three English posts in a row (A, B, C), B with a French translation, and an About page.

    A is in March 2024, B and C in May 2024; two posts per page, so the home has a page 2.
    """
    en.posts_per_page = 2
    en.save()
    birds = Category.objects.create(edition=en, name="Birds")
    boats = Category.objects.create(edition=en, name="Boats")
    tide = Tag.objects.create(edition=en, name="Tide")
    march = datetime.datetime(2024, 3, 10, 12, tzinfo=datetime.UTC)
    may = datetime.datetime(2024, 5, 10, 12, tzinfo=datetime.UTC)
    a = make_post(title="Post A", published_at=march, categories=[boats])
    b = make_post(title="Post B", published_at=may, categories=[birds], tags=[tide])
    c = make_post(title="Post C", published_at=may + datetime.timedelta(days=1))
    b_fr = make_post(edition=fr, title="Billet B", published_at=may, translation_of=b)
    other_fr = make_post(edition=fr, title="Autre billet", published_at=march)
    about = Page.objects.create(edition=en, title="About", status="published", body="Me.")
    return {
        "a": a,
        "b": b,
        "c": c,
        "b_fr": b_fr,
        "other_fr": other_fr,
        "about": about,
        "birds": birds,
        "boats": boats,
        "tide": tide,
    }


@pytest.fixture
def pages(blog, visit) -> dict[str, str]:
    """Every page of the blog, read once so that the store holds it; by a short name."""
    urls = {
        "home": "/",
        "home 2": "/page/2/",
        "a": blog["a"].get_absolute_url(),
        "b": blog["b"].get_absolute_url(),
        "c": blog["c"].get_absolute_url(),
        "about": blog["about"].get_absolute_url(),
        "birds": "/category/birds/",
        "birds feed": "/category/birds/feed/",
        "boats": "/category/boats/",
        "tide": "/tag/tide/",
        "2024": "/2024/",
        "march": "/2024/03/",
        "may": "/2024/05/",
        "author": "/author/annie/",
        "archives": "/archives/",
        "feed": "/feed/",
        "rss": "/feed/rss/",
        "sitemap": "/sitemap.xml",
        "robots": "/robots.txt",
        "fr home": "/fr/",
        "fr b": blog["b_fr"].get_absolute_url(),
        "fr other": blog["other_fr"].get_absolute_url(),
        "fr feed": "/fr/feed/",
    }
    visit(*urls.values())
    return urls


def gone(store, pages: dict[str, str]) -> set[str]:
    """The short names of the pages no longer stored."""
    held = set(stored(store, *pages.values()))
    return {name for name, url in pages.items() if url not in held}


def html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# Posts -----------------------------------------------------------------------------------


def test_publishing_a_post_refreshes_its_lists_feeds_and_neighbours_only(
    store, pages, blog, make_post, committed, client
):
    draft = make_post(title="Post D", status="draft", published_at=blog["b"].published_at)
    assert gone(store, pages) == set(), "a draft changes no public page"
    with committed():
        draft.status = Post.Status.PUBLISHED
        draft.published_at = blog["b"].published_at + datetime.timedelta(hours=1)
        draft.save()
    assert gone(store, pages) == {
        *("home", "home 2", "2024", "may", "author", "archives", "feed", "rss", "sitemap"),
        *("b", "c"),  # its neighbours: B's next link and C's previous link now name it
    }
    assert "Post D" in html(client, "/")
    assert "Post D" in html(client, blog["c"].get_absolute_url())


def test_editing_a_post_refreshes_its_page_its_translation_and_what_lists_it(
    store, pages, blog, committed, client
):
    with committed():
        blog["b"].title = "Post B, revised"
        blog["b"].save()
    assert gone(store, pages) == {
        *("b", "fr b", "a", "c"),
        *("home", "home 2", "2024", "may", "birds", "birds feed", "tide", "author"),
        *("archives", "feed", "rss", "sitemap"),
    }
    assert "Post B, revised" in html(client, blog["b_fr"].get_absolute_url())


def test_unpublishing_a_post_refreshes_the_pages_that_showed_it(store, pages, blog, committed):
    with committed():
        blog["c"].status = Post.Status.DRAFT
        blog["c"].save()
    removed = gone(store, pages)
    assert {"c", "b", "home", "may", "author", "feed", "sitemap"} <= removed
    assert not removed & {"a", "about", "birds", "tide", "march", "fr home", "fr b"}


def test_deleting_a_post_refreshes_the_pages_that_showed_it(store, pages, blog, committed, client):
    with committed():
        blog["a"].delete()
    removed = gone(store, pages)
    assert {"a", "b", "boats", "march", "2024", "home", "home 2", "feed", "sitemap"} <= removed
    assert not removed & {"c", "about", "birds", "tide", "may", "fr home", "fr other"}
    assert client.get(pages["a"]).status_code == 404


def test_moving_a_post_to_another_month_refreshes_both_months(store, pages, blog, committed):
    with committed():
        blog["a"].published_at = datetime.datetime(2024, 5, 1, 12, tzinfo=datetime.UTC)
        blog["a"].save()
    assert {"march", "may", "a"} <= gone(store, pages)


def test_a_category_given_to_a_post_refreshes_that_categorys_pages(store, pages, blog, committed):
    with committed():
        blog["c"].categories.add(blog["boats"])
    removed = gone(store, pages)
    assert {"boats", "c", "home"} <= removed
    assert not removed & {"birds", "a", "fr home"}


def test_a_scheduled_post_going_live_refreshes_its_pages_with_no_write(
    store, pages, blog, make_post, client
):
    soon = make_post(title="Post S", published_at=timezone.now() + datetime.timedelta(hours=1))
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    write_atomically(store.root / MARK, an_hour_ago.isoformat().encode())
    assert refresh_due_posts(now=an_hour_ago + datetime.timedelta(minutes=1)) == []
    assert gone(store, pages) == set()
    # Its time comes (say it was due a minute ago): the clock moves past it, nothing is saved.
    a_minute_ago = timezone.now() - datetime.timedelta(minutes=1)
    Post.objects.filter(pk=soon.pk).update(
        published_at=a_minute_ago, updated_at=a_minute_ago - datetime.timedelta(minutes=1)
    )
    assert [p.pk for p in refresh_due_posts()] == [soon.pk]
    removed = gone(store, pages)
    assert {"home", "home 2", "feed", "sitemap", "archives", "author", "c"} <= removed
    assert not removed & {"a", "b", "about", "fr home", "march"}
    assert "Post S" in html(client, "/")


def test_a_post_that_went_live_is_refreshed_once(store, pages, blog, make_post):
    soon = make_post(title="Post S", published_at=timezone.now() + datetime.timedelta(hours=1))
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    write_atomically(store.root / MARK, an_hour_ago.isoformat().encode())
    a_minute_ago = timezone.now() - datetime.timedelta(minutes=1)
    Post.objects.filter(pk=soon.pk).update(
        published_at=a_minute_ago, updated_at=a_minute_ago - datetime.timedelta(minutes=1)
    )
    assert [p.pk for p in refresh_due_posts()] == [soon.pk]
    assert refresh_due_posts() == []  # a later check finds nothing new


# Comments --------------------------------------------------------------------------------


def test_a_pending_comment_changes_no_page(store, pages, blog, committed):
    with committed():
        Comment.objects.create(post=blog["b"], author_name="Bo", body="Hello")
    assert gone(store, pages) == set()


def test_approving_a_comment_refreshes_its_post_and_the_lists_that_count_it(
    store, pages, blog, committed, client
):
    comment = Comment.objects.create(post=blog["b"], author_name="Bo", body="Lovely tide.")
    with committed():
        comment.status = Comment.Status.APPROVED
        comment.save()
    removed = gone(store, pages)
    assert removed == {
        *("b", "home", "home 2", "2024", "may", "birds", "birds feed", "tide", "author")
    }
    assert "Lovely tide." in html(client, pages["b"])


@pytest.mark.parametrize("removal", ["trash", "delete"])
def test_removing_an_approved_comment_refreshes_the_same_pages(
    store, pages, blog, committed, visit, removal
):
    with committed():
        comment = Comment.objects.create(
            post=blog["b"], author_name="Bo", body="Hi", status="approved"
        )
    visit(*pages.values())  # read again: every page stored, with the comment
    with committed():
        if removal == "trash":
            comment.status = Comment.Status.TRASH
            comment.save()
        else:
            comment.delete()
    removed = gone(store, pages)
    assert {"b", "home", "birds", "tide"} <= removed
    assert not removed & {"a", "c", "about", "feed", "fr home", "fr b"}


# Categories and tags ---------------------------------------------------------------------


def test_renaming_a_category_refreshes_its_archive_and_every_page_that_names_it(
    store, pages, blog, committed, client
):
    with committed():
        blog["birds"].name = "Seabirds"
        blog["birds"].save()
    removed = gone(store, pages)
    assert {"birds", "birds feed", "b", "home", "may", "archives", "feed"} <= removed
    assert not removed & {"a", "c", "about", "boats", "fr home", "fr b"}
    assert "Seabirds" in html(client, pages["b"])


def test_renaming_a_tag_refreshes_its_archive_and_every_page_that_names_it(
    store, pages, blog, committed, client
):
    with committed():
        blog["tide"].name = "Tides"
        blog["tide"].save()
    removed = gone(store, pages)
    assert {"tide", "b", "home", "archives"} <= removed
    assert not removed & {"a", "c", "about", "boats", "fr home", "fr b"}
    assert "Tides" in html(client, pages["b"])


# Editions and the menu -------------------------------------------------------------------


def test_editing_an_editions_tagline_refreshes_that_edition_only(store, pages, en, committed):
    with committed():
        en.tagline = "Notes from the coast"
        en.save()
    removed = gone(store, pages)
    assert {name for name in pages if not name.startswith("fr ")} <= removed
    assert not removed & {"fr home", "fr b", "fr other", "fr feed"}


def test_renaming_an_edition_refreshes_the_other_editions_that_name_it_too(
    store, pages, en, committed, client
):
    with committed():
        en.title = "Coast Notes"
        en.save()
    assert gone(store, pages) == set(pages)
    assert "Coast Notes" in html(client, "/fr/")


def test_renaming_a_top_level_page_refreshes_every_page_of_its_edition(
    store, pages, blog, committed
):
    with committed():
        blog["about"].title = "About me"
        blog["about"].save()
    removed = gone(store, pages)
    assert {"a", "b", "c", "home", "about", "feed"} <= removed
    assert not removed & {"fr home", "fr b", "fr other"}


def test_editing_a_pages_text_refreshes_that_page_only(store, pages, blog, committed):
    with committed():
        blog["about"].body = "Me, at more length."
        blog["about"].save()
    assert gone(store, pages) == {"about", "sitemap"}


# Translations ----------------------------------------------------------------------------


def test_linking_translations_refreshes_both_posts_pages(store, pages, blog, committed, client):
    with committed():
        blog["other_fr"].translation_of = blog["a"]
        blog["other_fr"].save()
    removed = gone(store, pages)
    assert {"a", "fr other"} <= removed
    assert not removed & {"b", "c", "about", "fr b"}
    assert blog["other_fr"].get_absolute_url() in html(client, pages["a"])
