"""Posts, editions and terms: what saving and reading them does."""

from __future__ import annotations

import pytest

from carnet.blog.models import Category, Edition, Post, Tag

pytestmark = pytest.mark.django_db


def test_every_configured_language_has_an_edition_after_migrating():
    assert sorted(Edition.objects.values_list("language", flat=True)) == ["en", "fr"]


def test_the_first_language_is_served_at_the_root_and_others_under_their_prefix(en, fr):
    assert en.is_default and en.get_absolute_url() == "/"
    assert not fr.is_default and fr.get_absolute_url() == "/fr/"
    assert fr.reverse("feed") == "/fr/feed/"


def test_saving_a_post_renders_its_body_and_cuts_the_excerpt(make_post):
    post = make_post(body="Intro *here*.\n\n<!--more Read on-->\n\nThe rest.")
    assert post.has_more and post.more_text == "Read on"
    assert "<em>here</em>" in post.excerpt_html and "The rest." not in post.excerpt_html
    assert "The rest." in post.body_html


def test_a_post_without_slug_gets_one_from_its_title_unique_in_its_edition(make_post, fr):
    first = make_post(title="Storm on the Vell")
    second = make_post(title="Storm on the Vell")
    french = make_post(title="Storm on the Vell", edition=fr)
    assert first.slug == "storm-on-the-vell" and second.slug == "storm-on-the-vell-2"
    assert french.slug == "storm-on-the-vell"


def test_slugs_keep_non_ascii_letters(make_post, fr):
    assert (
        make_post(title="Les élections à Vellmouth", edition=fr).slug == "les-élections-à-vellmouth"
    )


def test_a_translation_is_up_to_date_until_its_original_changes(make_post, fr):
    original = make_post(title="The bridge", body="It is shut.")
    translation = make_post(title="Le pont", edition=fr, translation_of=original)
    assert translation.translation_state() == "outdated"  # never marked as translated
    translation.mark_translation_up_to_date()
    translation.save()
    assert translation.translation_state() == "up to date"
    original.body = "It is open again."
    original.save()
    translation.refresh_from_db()
    assert translation.translation_state() == "outdated"


def test_saving_an_original_without_changing_its_text_keeps_translations_up_to_date(make_post, fr):
    original = make_post(title="The bridge")
    translation = make_post(title="Le pont", edition=fr, translation_of=original)
    translation.mark_translation_up_to_date()
    translation.save()
    original.sticky = True
    original.save()
    translation.refresh_from_db()
    assert translation.translation_state() == "up to date"


def test_a_translation_group_holds_the_original_and_every_translation(make_post, fr):
    original = make_post(title="The bridge")
    translation = make_post(title="Le pont", edition=fr, translation_of=original)
    assert set(original.translation_group()) == {original, translation}
    assert translation.translations_list() == [original]
    assert original.translations_list() == [translation]
    assert original.translation_state() == "original"


def test_terms_get_slugs_and_belong_to_one_edition(en, fr):
    assert Category.objects.create(edition=en, name="Rivers & Coasts").slug == "rivers-coasts"
    assert Tag.objects.create(edition=fr, name="Élections").slug == "élections"
    Category.objects.create(edition=fr, name="Rivers & Coasts")  # same slug, other edition: fine


def test_summary_text_prefers_the_summary_then_the_standfirst_then_the_opening(make_post):
    assert make_post(excerpt="Mine.", standfirst="Stand.").summary_text() == "Mine."
    assert make_post(standfirst="Stand.").summary_text() == "Stand."
    assert make_post(body="Opening <b>words</b>.").summary_text() == "Opening words."


def test_a_page_is_a_post_of_kind_page(en):
    from carnet.blog.models import Page

    page = Page.objects.create(edition=en, title="About", status="published")
    assert page.kind == Post.Kind.PAGE
    assert list(Post.objects.pages()) == [page]


def test_a_posts_term_lists_are_read_once_per_post_object(en, make_post, django_assert_num_queries):
    birds = Category.objects.create(edition=en, name="Birds")
    post = Post.objects.get(pk=make_post(categories=[birds]).pk)
    with django_assert_num_queries(2):
        assert (post.category_list, post.tag_list) == ([birds], [])
        assert (post.category_list, post.tag_list) == ([birds], [])
