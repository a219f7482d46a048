"""Attachments: addresses kept; with --media, files copied, images made figures, posts pointed
at the copies, and the featured image set."""

from __future__ import annotations

import pytest

from carnet.blog.models import Figure, Post
from carnet.wordpress.models import Attachment

pytestmark = pytest.mark.django_db


def test_attachments_keep_their_address_title_caption_alt_and_post(run_import):
    result = run_import("classic_blog.xml")
    assert "imported 2" in result.line("attachments")
    heron = Attachment.objects.get(title="heron")
    assert heron.url == "https://marsh.example.org/wp-content/uploads/2020/05/heron.jpg"
    assert heron.caption == "The heron at low tide"
    assert heron.alt == "A grey heron standing in a creek"
    assert heron.description == "A description of the heron picture."
    assert heron.post == Post.objects.get(slug="heron-back")
    assert heron.mime_type == "image/jpeg"
    assert not heron.file


def test_without_media_the_featured_image_is_kept_as_the_attachment(run_import):
    run_import("classic_blog.xml")
    heron_post = Post.objects.get(slug="heron-back")
    assert heron_post.featured_figure is None
    assert list(heron_post.featured_attachments.all()) == [Attachment.objects.get(title="heron")]


def test_with_media_files_are_copied_and_images_become_figures(run_import, uploads, media_root):
    run_import("classic_blog.xml", "--media", str(uploads))
    heron = Attachment.objects.get(title="heron")
    assert heron.file.name == "wordpress/2020/05/heron.jpg"
    assert (media_root / "wordpress/2020/05/heron.jpg").is_file()
    figure = heron.figure
    assert figure.alt == "A grey heron standing in a creek"
    assert figure.caption == "The heron at low tide"
    assert (figure.width, figure.height) == (640, 480)
    assert Post.objects.get(slug="heron-back").featured_figure == figure


def test_with_media_the_posts_show_the_local_copies(run_import, uploads, media_root):
    run_import("classic_blog.xml", "--media", str(uploads))
    heron_post = Post.objects.get(slug="heron-back")
    assert 'src="/media/wordpress/2020/05/heron.jpg"' in heron_post.body_html
    assert "marsh.example.org/wp-content" not in heron_post.body_html
    assert (media_root / "wordpress/2020/05/egret.png").is_file()  # for the gallery


def test_a_missing_upload_keeps_its_original_address(run_import, uploads, media_root):
    (uploads / "2020/05/egret.png").unlink()
    run_import("classic_blog.xml", "--media", str(uploads))
    egret = Attachment.objects.get(title="egret")
    assert not egret.file
    assert egret.get_absolute_url().startswith("https://marsh.example.org/")
    assert Figure.objects.count() == 1


def test_a_media_folder_that_does_not_exist_is_refused(run_import, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no such folder"):
        run_import("classic_blog.xml", "--media", str(tmp_path / "nowhere"))
    assert not Post.objects.exists()
