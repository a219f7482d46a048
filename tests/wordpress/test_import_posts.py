"""Posts and pages from a classic-editor export: statuses, dates, slugs, terms, authors."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model

from carnet.blog.models import Category, Post, Tag

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def post(slug: str) -> Post:
    return Post.objects.get(slug=slug)


def test_the_report_counts_each_kind(run_import):
    result = run_import("classic_blog.xml")
    assert result.line("posts").startswith("posts        imported 7, updated 0, unchanged 0")
    assert "skipped 1 (in the trash: 1)" in result.line("posts")
    assert result.line("pages").startswith("pages        imported 2")
    assert result.line("other").endswith("(nav_menu_item: 1)")


def test_every_status_is_kept_and_trash_is_left_out(run_import):
    run_import("classic_blog.xml")
    assert post("heron-back").status == Post.Status.PUBLISHED
    assert Post.objects.get(title="Ferry timetable, draft").status == Post.Status.DRAFT
    assert post("waiting-for-review").status == Post.Status.PENDING
    assert post("only-for-me").status == Post.Status.PRIVATE
    assert not Post.objects.filter(title="Thrown away").exists()


def test_a_future_post_is_published_at_its_date_and_waits_for_it(run_import):
    run_import("classic_blog.xml")
    festival = post("next-festival")
    assert festival.status == Post.Status.PUBLISHED
    assert festival.published_at == datetime.datetime(2099, 7, 14, 10, 0, tzinfo=UTC)
    assert festival.is_scheduled


def test_dates_come_from_gmt_and_drafts_without_gmt_use_the_local_date(run_import, settings):
    run_import("classic_blog.xml")
    assert post("heron-back").published_at == datetime.datetime(2020, 5, 2, 8, 30, tzinfo=UTC)
    draft = Post.objects.get(title="Ferry timetable, draft")
    assert draft.published_at.astimezone(datetime.UTC).replace(tzinfo=None) == datetime.datetime(
        2020, 6, 1, 7, 0
    )  # 09:00 in Europe/Paris, the test site's zone


def test_a_draft_without_slug_gets_one_from_its_title(run_import):
    run_import("classic_blog.xml")
    assert Post.objects.get(title="Ferry timetable, draft").slug == "ferry-timetable-draft"


def test_percent_encoded_slugs_are_decoded(run_import, client):
    run_import("classic_blog.xml")
    greek = Post.objects.get(title="Θάλασσα")
    assert greek.slug == "θάλασσα"
    assert client.get(greek.get_absolute_url()).status_code == 200
    assert Category.objects.filter(slug="θάλασσα").exists()


def test_titles_lose_their_markup_and_entities(run_import):
    run_import("classic_blog.xml")
    assert Post.objects.filter(title="The heron is back & fishing").exists()


def test_sticky_excerpt_and_closed_comments_are_kept(run_import):
    run_import("classic_blog.xml")
    heron = post("heron-back")
    assert heron.sticky
    assert heron.excerpt == "A heron returns."
    assert heron.comments_open
    assert not Post.objects.get(title="Ferry timetable, draft").comments_open


def test_a_password_protected_post_never_shows_its_text(run_import, client):
    run_import("classic_blog.xml")
    secret = post("secret-garden")
    assert secret.password == "hollyhock"
    assert "where the garden is" in secret.body
    page = client.get(secret.get_absolute_url()).content.decode()
    assert "protected by a password" in page
    assert "garden is" not in page
    assert "garden is" not in client.get("/").content.decode()
    assert "garden is" not in client.get("/feed/").content.decode()


def test_the_comments_of_a_password_protected_post_are_not_shown(run_import, client):
    from carnet.comments.models import Comment

    run_import("classic_blog.xml")
    secret = post("secret-garden")
    Comment.objects.create(
        post=secret, author_name="Gil", body="The gate code is 1234.", status="approved"
    )
    assert "gate code" not in client.get(secret.get_absolute_url()).content.decode()


def test_pages_keep_their_parent_even_when_it_comes_later(run_import, client):
    run_import("classic_blog.xml")
    tides = Post.objects.get(slug="tide-tables")
    assert tides.kind == Post.Kind.PAGE
    assert tides.parent == Post.objects.get(slug="about")
    assert tides.menu_order == 2
    assert tides.get_absolute_url() == "/about/tide-tables/"
    assert client.get("/about/tide-tables/").status_code == 200


def test_categories_keep_their_parents_listed_after_them(run_import):
    run_import("classic_blog.xml")
    waders = Category.objects.get(slug="waders")
    assert waders.parent == Category.objects.get(slug="birds")
    assert waders.parent.name == "Birds & Beasts"
    assert waders.parent.description == "Whatever flies or swims by."


def test_posts_are_filed_under_their_terms_including_unlisted_ones(run_import):
    run_import("classic_blog.xml")
    heron = post("heron-back")
    assert [c.slug for c in heron.categories.all()] == ["waders"]
    assert sorted(t.slug for t in heron.tags.all()) == ["low-water", "tides"]
    assert Tag.objects.get(slug="low-water").name == "Low water"


def test_authors_become_users_who_cannot_sign_in_yet(run_import):
    run_import("classic_blog.xml")
    annie = get_user_model().objects.get(username="annie")
    assert annie.get_full_name() == "Annie Marsh"
    assert annie.email == "annie@marsh.example.org"
    assert not annie.has_usable_password()
    assert not annie.is_staff
    assert post("heron-back").author == annie


def test_an_existing_user_with_the_same_login_is_reused(run_import, django_user_model):
    existing = django_user_model.objects.create_user("annie", password="x" * 20, is_staff=True)
    run_import("classic_blog.xml")
    assert post("heron-back").author == existing
    existing.refresh_from_db()
    assert existing.has_usable_password()


def test_published_imports_render_and_are_found_by_search(run_import, client):
    run_import("classic_blog.xml")
    for found in Post.objects.public():
        assert client.get(found.get_absolute_url()).status_code == 200, found.slug
    assert "heron" in client.get("/search/?q=creek").content.decode().lower()


def test_wxr_1_0_files_without_author_list_import_their_creators_and_tags(run_import):
    result = run_import("wxr_1_0.xml")
    assert "imported 1" in result.line("authors")
    old = Post.objects.get(slug="old-times")
    assert old.author.username == "olduser"
    assert sorted(t.slug for t in old.tags.all()) == ["history"]
    assert [c.slug for c in old.categories.all()] == ["news"]
    assert Category.objects.get(slug="local").parent.slug == "news"
