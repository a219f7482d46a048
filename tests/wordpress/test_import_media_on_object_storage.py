"""`carnet import wordpress --media DIR` on a site whose media are in a bucket: the uploads are
copied there, once, and posts point at the bucket."""

from __future__ import annotations

import pytest

from carnet.blog.models import Post
from carnet.wordpress import importer
from carnet.wordpress.models import Attachment

pytestmark = pytest.mark.django_db


def test_uploads_are_copied_into_the_bucket_and_images_become_figures(
    run_import, uploads, media_in_bucket, media_root
):
    run_import("classic_blog.xml", "--media", str(uploads))
    heron = Attachment.objects.get(title="heron")
    assert heron.file.name == "wordpress/2020/05/heron.jpg"
    figure = heron.figure
    assert (figure.width, figure.height) == (640, 480)
    keys = media_in_bucket.stored_keys()
    assert {"wordpress/2020/05/heron.jpg", "wordpress/2020/05/egret.png"} <= set(keys)
    assert figure.rendition_name(480) in keys
    assert (
        media_in_bucket.read("wordpress/2020/05/heron.jpg")
        == (uploads / "2020/05/heron.jpg").read_bytes()
    )
    assert not any(path.is_file() for path in media_root.rglob("*"))


def test_posts_show_the_copies_at_the_buckets_address(run_import, uploads, media_in_bucket):
    run_import("classic_blog.xml", "--media", str(uploads))
    body = Post.objects.get(slug="heron-back").body_html
    assert f'src="{media_in_bucket.url("wordpress/2020/05/heron.jpg")}"' in body
    assert "marsh.example.org/wp-content" not in body
    egret = Attachment.objects.get(title="egret")
    assert egret.get_absolute_url() == media_in_bucket.url("wordpress/2020/05/egret.png")


def test_importing_again_uploads_nothing_new(run_import, uploads, media_in_bucket):
    run_import("classic_blog.xml", "--media", str(uploads))
    before = media_in_bucket.stored_keys()
    run_import("classic_blog.xml", "--media", str(uploads))
    assert media_in_bucket.stored_keys() == before


def test_an_import_that_fails_removes_what_it_copied_into_the_bucket(
    run_import, uploads, media_in_bucket, monkeypatch
):
    def broken(self, *args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(importer.WordPressImport, "finish", broken)
    with pytest.raises(RuntimeError):
        run_import("classic_blog.xml", "--media", str(uploads))
    assert not Attachment.objects.exists()
    assert not [key for key in media_in_bucket.stored_keys() if key.startswith("wordpress/")]
