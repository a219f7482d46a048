"""Each kind of write removes the stored pages it changes, and keeps the others.

A small blog in two editions is read once (so every page is stored), then written to; the
tests check which pages are gone and which are still stored, and that a page read again shows
the write.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from carnet.blog.models import Page, Post
from carnet.comments.models import Comment
from carnet.publishing.scheduler import MARK, refresh_due_posts
from carnet.publishing.store import write_atomically
from tests.publishing.conftest import gone, html

pytestmark = pytest.mark.django_db


def days_ago(n: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=n)


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


def test_editing_a_posts_text_only_keeps_the_pages_that_just_link_to_it(
    store, pages, blog, committed, client
):
    with committed():
        blog["b"].body = "Some text, and a second thought."
        blog["b"].save()
    assert gone(store, pages) == {
        *("b", "home", "home 2", "2024", "may", "birds", "birds feed", "tide", "author"),
        *("archives", "feed", "rss", "sitemap"),
    }  # kept: its translation and its neighbours, which show its title only
    assert "a second thought" in html(client, pages["b"])


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


def test_changing_a_posts_slug_removes_its_old_address(store, pages, blog, committed, client):
    with committed():
        blog["c"].slug = "post-c-renamed"
        blog["c"].save()
    removed = gone(store, pages)
    assert {"c", "b", "home", "may", "author", "feed", "sitemap"} <= removed
    assert not removed & {"a", "about", "birds", "tide", "march", "fr home", "fr b"}
    assert client.get(pages["c"]).status_code == 404
    assert "Post C" in html(client, blog["c"].get_absolute_url())


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


@pytest.fixture
def contact(en, blog, pages, visit, committed) -> Page:
    """A second top-level page, Contact, with the blog read again so that every page is stored."""
    with committed():
        page = Page.objects.create(edition=en, title="Contact", status="published", body="Mail.")
    visit(*pages.values(), page.get_absolute_url())
    return page


def test_moving_a_top_level_page_under_another_refreshes_every_page_of_its_edition(
    store, pages, blog, contact, committed, client
):
    with committed():
        blog["about"].parent = contact
        blog["about"].save()
    removed = gone(store, pages)
    assert {"a", "b", "c", "home", "about", "feed", "archives"} <= removed
    assert not removed & {"fr home", "fr b", "fr other", "fr feed"}
    menu = html(client, "/").split('class="site-nav"')[1].split("</nav>")[0]
    assert "/contact/" in menu and "/about/" not in menu
    assert client.get("/contact/about/").status_code == 200


def test_moving_a_subpage_to_another_parent_removes_its_old_address_only(
    store, pages, blog, en, contact, committed, visit, client
):
    with committed():
        team = Page.objects.create(
            edition=en, title="Team", status="published", parent=blog["about"]
        )
    visit("/about/team/", *pages.values())
    with committed():
        team.parent = contact
        team.save()
    assert gone(store, {**pages, "team": "/about/team/"}) == {"team", "sitemap"}
    assert client.get("/about/team/").headers["Location"] == "/contact/team/"
    assert client.get("/contact/team/").status_code == 200


def test_deleting_a_subpage_refreshes_every_page_when_its_children_join_the_menu(
    store, pages, blog, en, committed, visit, client
):
    with committed():
        team = Page.objects.create(
            edition=en, title="Team", status="published", parent=blog["about"]
        )
        Page.objects.create(edition=en, title="Annie", status="published", parent=team)
    visit(*pages.values())
    with committed():
        team.delete()
    removed = gone(store, pages)
    assert {"a", "b", "c", "home", "about", "feed"} <= removed
    assert not removed & {"fr home", "fr b", "fr other"}
    assert 'href="/annie/"' in html(client, "/")


# Translations ----------------------------------------------------------------------------


def test_linking_translations_refreshes_both_posts_pages(store, pages, blog, committed, client):
    with committed():
        blog["other_fr"].translation_of = blog["a"]
        blog["other_fr"].save()
    removed = gone(store, pages)
    assert {"a", "fr other"} <= removed
    assert not removed & {"b", "c", "about", "fr b"}
    assert blog["other_fr"].get_absolute_url() in html(client, pages["a"])
