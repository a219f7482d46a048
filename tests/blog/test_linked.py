"""The posts a page links to: neighbours, translations and menu pages, read in plain SQL."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from carnet.blog.models import Page, Post, linked

pytestmark = pytest.mark.django_db


def days_ago(n: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=n)


# Neighbours ------------------------------------------------------------------


def test_neighbours_are_the_public_posts_just_before_and_after_in_the_same_edition(
    make_post, en, fr
):
    older = make_post(title="Older", published_at=days_ago(10))
    make_post(title="Draft", published_at=days_ago(6), status=Post.Status.DRAFT)
    make_post(title="Other edition", edition=fr, published_at=days_ago(6))
    Page.objects.create(edition=en, title="A page", status="published", published_at=days_ago(6))
    shown = make_post(title="Shown", published_at=days_ago(5))
    make_post(title="Private", published_at=days_ago(4), status=Post.Status.PRIVATE)
    newer = make_post(title="Newer", published_at=days_ago(3))
    make_post(title="Scheduled", published_at=days_ago(-2))
    assert shown.neighbours() == (older, newer)
    assert older.neighbours() == (None, shown)
    assert newer.neighbours() == (shown, None)


def test_posts_published_at_the_same_moment_follow_each_other_in_the_order_they_were_made(
    make_post,
):
    moment = days_ago(2)
    first, second, third = (make_post(title=t, published_at=moment) for t in "ABC")
    assert second.neighbours() == (first, third)
    assert first.neighbours() == (None, second)
    assert third.neighbours() == (second, None)


def test_a_scheduled_post_follows_the_newest_public_post_and_has_none_after_it(make_post):
    newest = make_post(title="Newest public", published_at=days_ago(1))
    scheduled = make_post(title="Tomorrow", published_at=days_ago(-1))
    make_post(title="Later still", published_at=days_ago(-2))
    assert scheduled.neighbours() == (newest, None)


def test_neighbours_carry_their_title_and_address_without_another_query(make_post):
    older = make_post(title="Older", published_at=days_ago(3))
    shown = make_post(title="Shown", published_at=days_ago(2))
    with CaptureQueriesContext(connection) as queries:
        found, _newer = shown.neighbours()
        assert (found.title, found.get_absolute_url()) == (older.title, older.get_absolute_url())
    assert len(queries.captured_queries) == 1


# Translations ----------------------------------------------------------------


def test_public_translations_leave_out_drafts_and_scheduled_ones(make_post, fr):
    original = make_post(title="The bridge")
    french = make_post(title="Le pont", edition=fr, translation_of=original)
    make_post(title="Draft", edition=fr, translation_of=original, status=Post.Status.DRAFT)
    make_post(title="Later", edition=fr, translation_of=original, published_at=days_ago(-1))
    assert original.public_translations() == [french]
    assert french.public_translations() == [original]


def test_public_translations_agree_with_the_public_posts_the_orm_finds(make_post, fr):
    original = make_post(title="The bridge")
    for status in Post.Status:
        for when in (days_ago(1), days_ago(-1)):
            make_post(
                title=status, edition=fr, status=status, published_at=when, translation_of=original
            )
    expected = Post.objects.public().filter(translation_of=original)
    assert {p.pk for p in original.public_translations()} == {p.pk for p in expected}


def test_a_translation_links_to_its_original_and_the_other_translations_in_site_order(
    make_post, fr
):
    original = make_post(title="Le pont", edition=fr)
    english = make_post(title="The bridge", translation_of=original)
    second = make_post(title="The bridge, again", translation_of=original, published_at=days_ago(3))
    assert english.public_translations() == [second, original]
    assert original.public_translations() == [english, second]  # English first, newest first
    assert english.translations_list() == [second, original]  # drafts too, same order


# Menu pages ------------------------------------------------------------------


def test_the_menu_holds_the_editions_top_level_public_pages_in_menu_order(en, fr):
    about = Page.objects.create(edition=en, title="About", status="published", menu_order=2)
    walks = Page.objects.create(edition=en, title="Walks", status="published", menu_order=1)
    archive = Page.objects.create(edition=en, title="Archive", status="published", menu_order=2)
    Page.objects.create(edition=en, title="Child", status="published", parent=about)
    Page.objects.create(edition=en, title="Draft", status="draft")
    Page.objects.create(edition=en, title="Soon", status="published", published_at=days_ago(-1))
    Page.objects.create(edition=fr, title="À propos", status="published")
    assert linked.menu_pages(en) == [walks, about, archive]


def test_the_menu_agrees_with_the_public_pages_the_orm_finds(en, make_post):
    for status in Post.Status:
        for when in (days_ago(1), days_ago(-1)):
            Page.objects.create(
                edition=en, title=f"{status} {when}", status=status, published_at=when
            )
    expected = Post.objects.public().pages().filter(edition=en, parent=None)
    assert linked.menu_pages(en) == list(expected.order_by("menu_order", "title"))


def test_menu_pages_link_to_their_address_without_another_query(en):
    about = Page.objects.create(edition=en, title="About", slug="about", status="published")
    pages = linked.menu_pages(en)
    with CaptureQueriesContext(connection) as queries:
        assert [(p.title, p.get_absolute_url()) for p in pages] == [("About", "/about/")]
    assert not queries.captured_queries
    assert pages[0].pk == about.pk
