"""Bilingual blogs: qTranslate and Polylang split into linked editions; a French blog imported
with --edition fr; translations paired across two imports with --pair."""

from __future__ import annotations

import pytest

from carnet.blog.models import Category, Post
from carnet.comments.models import Comment
from carnet.wordpress.languages import split_qtranslate

from .conftest import DATA

pytestmark = pytest.mark.django_db


def test_qtranslate_markers_of_every_style_split_a_text():
    assert split_qtranslate("<!--:fr-->Bonjour<!--:--><!--:en-->Hello<!--:-->") == {
        "fr": "Bonjour",
        "en": "Hello",
    }
    assert split_qtranslate("[:en]Hi[:fr]Salut[:]") == {"en": "Hi", "fr": "Salut"}
    assert split_qtranslate("<p>{:en}A{:}{:fr}B{:}</p>") == {"en": "<p>A</p>", "fr": "<p>B</p>"}
    assert split_qtranslate("No markers") == {}


def test_a_qtranslate_post_becomes_two_linked_posts(run_import, en, fr, client):
    run_import("qtranslate.xml")
    english = Post.objects.get(edition=en, slug="sous-le-ciel")
    french = Post.objects.get(edition=fr, slug="sous-le-ciel")
    assert (english.title, french.title) == ("Under the sky", "Sous le ciel")
    assert "A huge sky." in english.body and "ciel immense" not in english.body
    assert "Un ciel immense." in french.body
    assert french.translation_of == english
    assert french.translation_state() == "up to date"
    assert "Under the sky" in client.get(french.get_absolute_url()).content.decode()


def test_qtranslate_brackets_and_braces_split_inside_the_html(run_import, en, fr):
    run_import("qtranslate.xml")
    dyke = Post.objects.get(edition=fr, slug="dyke")
    assert dyke.title == "La digue"
    assert "Les travaux commencent." in dyke.body and "Repairs" not in dyke.body
    assert "Photo commune ci-dessous." in dyke.body


def test_qtranslate_category_names_are_split_per_edition(run_import, en, fr):
    run_import("qtranslate.xml")
    assert Category.objects.get(edition=en, slug="walks").name == "Walks"
    assert Category.objects.get(edition=fr, slug="walks").name == "Promenades"


def test_comments_of_a_split_post_stay_on_the_original(run_import, en):
    run_import("qtranslate.xml")
    assert Comment.objects.get(author_name="Lea").post.edition == en


def test_polylang_posts_go_to_their_editions_and_link_up(run_import, en, fr):
    result = run_import("polylang.xml")
    ferry = Post.objects.get(slug="the-ferry")
    bac = Post.objects.get(slug="le-bac")
    assert ferry.edition == en and bac.edition == fr
    assert bac.translation_of == ferry
    assert "unpaired: 1 posts have no translation" in result.stdout
    assert "bilingue.example.org/fr/2019/06/01/seulement" in result.stdout


def test_a_second_blog_goes_into_the_french_edition_with_its_old_links(run_import, fr, client):
    run_import("french_blog.xml", "--edition", "fr")
    heron = Post.objects.get(slug="heron-revenu")
    assert heron.edition == fr
    assert Category.objects.get(slug="oiseaux").edition == fr
    response = client.get("/fr/?p=10")
    assert response.status_code == 301
    assert response["Location"] == heron.get_absolute_url()


def test_pairs_link_translations_across_two_imports_and_list_the_rest(run_import, en, fr):
    run_import("classic_blog.xml")
    result = run_import("french_blog.xml", "--edition", "fr", "--pair", str(DATA / "pairs.csv"))
    heron = Post.objects.get(slug="heron-back")
    assert Post.objects.get(slug="heron-revenu").translation_of == heron
    assert "pairs: 1 of 2 linked" in result.stdout
    assert "line 3: no imported post at https://marsh.example.org/2020/06/07/nowhere/" in (
        result.stdout
    )
    assert "marais.example.fr/2020/06/10/sans-traduction" in result.stdout


def test_a_pair_file_with_three_columns_is_refused_before_anything_changes(run_import, tmp_path):
    from django.core.management.base import CommandError

    pairs = tmp_path / "pairs.csv"
    pairs.write_text("https://a.example/1/,https://b.example/1/,https://c.example/1/\n")
    with pytest.raises(CommandError, match="line 1: expected two addresses"):
        run_import("french_blog.xml", "--edition", "fr", "--pair", str(pairs))
    assert not Post.objects.exists()
