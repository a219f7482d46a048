"""A figure's text and image are part of the posts that place it: editing it refreshes them.

A post's body is rendered when the post is saved, so a figure's change must render again the
bodies that place it (`[figure slug]`) before their stored pages go; a featured figure is the
`og:image` of its post's page.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from carnet.blog.models import Figure, FigureTranslation, Post
from tests.publishing.conftest import gone, html

pytestmark = pytest.mark.django_db

# The pages that show post B's body: its own, the lists it is in, the feeds, the sitemap (its
# translation and neighbours show its title only, so they are kept).
B_PAGES = {
    *("b", "home", "home 2", "2024", "may", "birds", "birds feed", "tide", "author"),
    *("archives", "feed", "rss", "sitemap"),
}
# Those that show its French translation's body.
B_FR_PAGES = {"fr b", "fr home", "fr feed", "sitemap"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def jpeg(name: str, colour: str = "#336699") -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), colour).save(buffer, format="JPEG")
    return ContentFile(buffer.getvalue(), name=name)


@pytest.fixture
def harbour(blog) -> Figure:
    """A figure placed in post B and in its translation, and featured on the About page.

    Another French post only quotes its shortcode, in code, which places nothing.
    """
    figure = Figure(slug="harbour", alt="Boats", caption="Morning boats.", credit="Marta Ilves")
    figure.image = jpeg("harbour.jpg")
    figure.save()
    FigureTranslation.objects.create(
        figure=figure, language="fr", alt="Des bateaux", caption="Bateaux du matin."
    )
    blog["b"].body = "The tide.\n\n[figure harbour]\n"
    blog["b"].save()
    blog["b_fr"].body = "La marée.\n\n[figure  harbour ]\n"
    blog["b_fr"].mark_translation_up_to_date()
    blog["b_fr"].save()
    blog["other_fr"].body = "Écrire `[figure harbour]` seul sur sa ligne."
    blog["other_fr"].save()
    blog["about"].featured_figure = figure
    blog["about"].save()
    return figure


@pytest.fixture
def figure_pages(harbour, pages) -> dict[str, str]:
    """The blog's pages, stored once the figure is in place."""
    return pages


def reloaded(post: Post) -> Post:
    return Post.objects.get(pk=post.pk)


def test_editing_a_caption_renders_the_posts_that_place_it_again_and_refreshes_their_pages(
    store, figure_pages, harbour, blog, committed, client
):
    b_before, b_fr_before = reloaded(blog["b"]), reloaded(blog["b_fr"])
    with committed():
        harbour.caption = "Boats at dawn."
        harbour.save()
    assert gone(store, figure_pages) == B_PAGES  # French caption and og:image are unchanged
    b = reloaded(blog["b"])
    assert "Boats at dawn." in b.body_html and "Boats at dawn." in b.excerpt_html
    assert b.content_changed_at == b_before.content_changed_at, "not a new version of the text"
    assert reloaded(blog["b_fr"]).translation_state() == "up to date"
    assert reloaded(blog["b_fr"]).updated_at == b_fr_before.updated_at
    assert "Boats at dawn." in html(client, figure_pages["b"])
    assert "Boats at dawn." in html(client, "/feed/")


def test_editing_a_figures_french_caption_refreshes_the_french_posts_that_place_it(
    store, figure_pages, harbour, blog, committed, client
):
    b_before, other_before = reloaded(blog["b"]), reloaded(blog["other_fr"])
    with committed():
        french = harbour.translations.get(language="fr")
        french.caption = "Bateaux au lever du jour."
        french.save()
    assert gone(store, figure_pages) == B_FR_PAGES
    assert "Bateaux au lever du jour." in html(client, figure_pages["fr b"])
    assert reloaded(blog["b"]).updated_at == b_before.updated_at
    assert reloaded(blog["other_fr"]).updated_at == other_before.updated_at, "code places nothing"


def test_replacing_the_image_refreshes_the_posts_that_place_it_or_feature_it(
    store, figure_pages, harbour, blog, committed, client
):
    with committed():
        harbour.image = jpeg("harbour-at-noon.jpg", colour="#996633")
        harbour.save()
    assert gone(store, figure_pages) == B_PAGES | B_FR_PAGES | {"about"}
    assert "harbour-at-noon" in reloaded(blog["b"]).body_html
    about = html(client, figure_pages["about"])  # its only image is the og:image
    assert "og:image" in about and harbour.image.url in about


def test_deleting_a_figure_leaves_a_visible_gap_in_its_posts_and_refreshes_them(
    store, figure_pages, harbour, blog, committed, client
):
    with committed():
        harbour.delete()
    assert gone(store, figure_pages) == B_PAGES | B_FR_PAGES | {"about"}
    assert "figure-missing" in reloaded(blog["b"]).body_html
    assert "figure-missing" in html(client, figure_pages["fr b"])
    assert "og:image" not in html(client, figure_pages["about"])


def test_a_figure_uploaded_under_a_slug_a_post_names_fills_the_gap(
    store, pages, blog, committed, visit, client
):
    with committed():
        blog["c"].body = "Low tide.\n\n[figure lighthouse]\n"
        blog["c"].save()
    visit(*pages.values())
    with committed():
        figure = Figure(slug="lighthouse", alt="The lighthouse", caption="At dusk.")
        figure.image = jpeg("lighthouse.jpg")
        figure.save()
    assert gone(store, pages) == {
        *("c", "home", "home 2", "2024", "may", "author", "archives", "feed", "rss", "sitemap")
    }
    assert "At dusk." in html(client, pages["c"])


def test_renaming_a_figures_slug_renders_the_posts_of_both_slugs_again(
    store, figure_pages, harbour, blog, committed
):
    with committed():
        blog["c"].body = "Low tide.\n\n[figure port]\n"
        blog["c"].save()
    with committed():
        harbour.slug = "port"
        harbour.save()
    assert "figure-missing" in reloaded(blog["b"]).body_html
    assert "Morning boats." in reloaded(blog["c"]).body_html
    assert {"b", "fr b", "c"} <= gone(store, figure_pages)


def test_saving_a_figure_unchanged_changes_no_page(store, figure_pages, harbour, committed):
    with committed():
        harbour.save()
        harbour.translations.get().save()
    assert gone(store, figure_pages) == set()
