"""Clipping with downloaded images on a site whose media are in a bucket."""

from __future__ import annotations

import pytest

from carnet.blog.models import Figure, Post
from carnet.clipping import draft
from carnet.clipping.draft import clip_url
from tests.clipping.conftest import png

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(news_site, local_allowed, en) -> str:
    news_site.page("/media/ferry-at-dusk.jpg", png(), content_type="image/png")
    return news_site.fixture("/2026/03/04/night-ferry", "article_with_figure.html")


def test_downloaded_images_are_kept_in_the_bucket_and_shown_from_it(article, media_in_bucket):
    post = clip_url(article, download_images=True).post
    figure = Figure.objects.get()
    assert figure.image.name in media_in_bucket.stored_keys()
    assert (figure.width, figure.height) == (640, 400)
    assert figure.rendition_name(480) in media_in_bucket.stored_keys()
    assert f'src="{media_in_bucket.url(figure.image.name)}"' in post.body_html


def test_a_clipping_that_fails_after_its_images_were_saved_leaves_the_bucket_empty(
    article, media_in_bucket, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(draft, "_save_post", broken)
    with pytest.raises(RuntimeError):
        clip_url(article, download_images=True)
    assert not Figure.objects.exists() and not Post.objects.exists()
    assert media_in_bucket.stored_keys() == []
