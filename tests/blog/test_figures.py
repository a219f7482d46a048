"""Figures: renditions on disk, and their place in a post."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from carnet.blog.models import Figure, FigureTranslation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def jpeg(width: int, height: int) -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#336699").save(buffer, format="JPEG")
    return ContentFile(buffer.getvalue(), name="photo.jpg")


def make_figure(width=2000, height=1200, **fields) -> Figure:
    figure = Figure(slug=fields.pop("slug", "harbour"), alt="Boats in a harbour", **fields)
    figure.image = jpeg(width, height)
    figure.save()
    return figure


def test_saving_a_figure_writes_smaller_renditions_to_disk(media):
    figure = make_figure()
    assert (figure.width, figure.height) == (2000, 1200)
    for width in (480, 960, 1600):
        with Image.open(media / figure.rendition_name(width)) as rendition:
            assert rendition.width == width
            assert rendition.height == round(1200 * width / 2000)


def test_no_rendition_is_larger_than_the_original():
    figure = make_figure(width=700, height=400)
    assert figure.rendition_widths() == [480]
    assert figure.srcset().endswith("700w")


def test_a_figure_shortcode_in_a_post_becomes_a_figure_with_caption_and_credit(make_post):
    make_figure(caption="Morning boats.", credit="Marta Ilves")
    post = make_post(body="Text.\n\n[figure harbour]\n")
    assert "<figure" in post.body_html and 'alt="Boats in a harbour"' in post.body_html
    assert "Morning boats." in post.body_html and "[Marta Ilves]" in post.body_html
    assert "480w" in post.body_html


def test_a_translated_post_shows_the_figures_caption_in_its_language(make_post, fr):
    figure = make_figure(caption="Morning boats.")
    FigureTranslation.objects.create(
        figure=figure, language="fr", alt="Des bateaux", caption="Bateaux du matin."
    )
    post = make_post(edition=fr, body="[figure harbour]")
    assert "Bateaux du matin." in post.body_html and 'alt="Des bateaux"' in post.body_html


def test_an_unknown_figure_is_shown_to_the_writer_not_dropped(make_post):
    post = make_post(body="[figure nowhere]")
    assert "figure-missing" in post.body_html and "nowhere" in post.body_html


def test_the_full_image_address_of_a_figure_in_media_starts_with_the_sites_address(settings):
    figure = make_figure()
    assert figure.full_image_url == f"{settings.BASE_URL}/media/{figure.image.name}"
