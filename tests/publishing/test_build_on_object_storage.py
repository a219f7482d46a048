"""`carnet build` on a site whose media are in a bucket: no media copied, pages link to it."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from carnet.blog.models import Figure
from carnet.publishing.build import build, media_sources

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """The media/ folder of the site, with a file left from before the move to a bucket."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    (settings.MEDIA_ROOT / "left-from-before.jpg").write_bytes(b"not the site's any more")
    return settings.MEDIA_ROOT


@pytest.fixture
def post_with_figure(make_post, media_in_bucket):
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), "#2a6").save(buffer, format="JPEG")
    figure = Figure(slug="marsh", alt="The marsh at noon")
    figure.image = ContentFile(buffer.getvalue(), name="marsh.jpg")
    figure.save()
    return make_post(body="Noon.\n\n[figure marsh]\n", comments_open=False), figure


def test_the_build_copies_no_media_and_its_pages_show_the_buckets_images(
    post_with_figure, media_in_bucket, tmp_path
):
    post, figure = post_with_figure
    out = tmp_path / "out"
    report = build(out, workers=1)
    assert report.failed == []
    assert not (out / "media").exists()
    page = (out / post.get_absolute_url().strip("/") / "index.html").read_text()
    assert f'src="{media_in_bucket.url(figure.image.name)}"' in page
    assert f"{media_in_bucket.url(figure.rendition_name(960))} 960w" in page


def test_media_sources_lists_nothing_on_object_storage(media_in_bucket):
    assert list(media_sources()) == []


def test_media_sources_lists_the_files_of_media_on_this_machine(media_root):
    assert list(media_sources()) == [("left-from-before.jpg", media_root / "left-from-before.jpg")]
