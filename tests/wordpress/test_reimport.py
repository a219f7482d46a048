"""Importing again: the same file changes nothing, a newer export updates what changed and adds
what is new, changes made in Carnet are kept; a failed import leaves nothing behind."""

from __future__ import annotations

import pytest

from carnet.blog.models import Category, Post, Tag
from carnet.comments.models import Comment
from carnet.wordpress.importer import WordPressImport
from carnet.wordpress.models import Attachment, ImportedObject, OldLink

from .conftest import DATA

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, list]:
    return {
        "posts": sorted(Post.objects.values_list("pk", "title", "slug", "body", "updated_at")),
        "comments": sorted(Comment.objects.values_list("pk", "body", "parent_id", "status")),
        "terms": sorted(Category.objects.values_list("pk", "slug", "parent_id"))
        + sorted(Tag.objects.values_list("pk", "slug")),
        "attachments": sorted(Attachment.objects.values_list("pk", "url", "post_id")),
        "links": sorted(OldLink.objects.values_list("path", "post_id")),
    }


NEW_COMMENT = (
    "<wp:comment><wp:comment_id>108</wp:comment_id><wp:comment_author>Fay</wp:comment_author>"
    "<wp:comment_date_gmt>2020-05-05 10:00:00</wp:comment_date_gmt><wp:comment_content>"
    "And again today.</wp:comment_content><wp:comment_approved>1</wp:comment_approved>"
    "<wp:comment_parent>102</wp:comment_parent></wp:comment>"
)
NEW_POST = (
    "<item><title>Swifts arrive</title><content:encoded><![CDATA[Over the roofs.]]>"
    "</content:encoded><wp:post_id>18</wp:post_id>"
    "<wp:post_date_gmt>2020-07-01 07:00:00</wp:post_date_gmt><wp:post_name>swifts</wp:post_name>"
    "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>"
)


def newer_export(tmp_path):
    """The classic blog exported again later: one post edited, one added, one comment more."""
    text = (DATA / "classic_blog.xml").read_text()
    text = text.replace("for an hour.", "for two hours.")
    first_item_end = text.index("</item>")
    text = text[:first_item_end] + NEW_COMMENT + text[first_item_end:]
    text = text.replace("</channel>", NEW_POST + "</channel>")
    path = tmp_path / "classic_blog_later.xml"
    path.write_text(text)
    return path


def test_importing_the_same_file_again_changes_nothing(run_import):
    run_import("classic_blog.xml")
    before = snapshot()
    again = run_import("classic_blog.xml")
    assert snapshot() == before
    for kind, count in [("posts", 7), ("pages", 2), ("comments", 6), ("attachments", 2)]:
        assert f"imported 0, updated 0, unchanged {count}" in again.line(kind)


def test_a_newer_export_updates_what_changed_and_adds_what_is_new(run_import, tmp_path):
    run_import("classic_blog.xml")
    untouched = Post.objects.get(slug="only-for-me").updated_at
    later = run_import(newer_export(tmp_path))
    assert "imported 1, updated 1, unchanged 6" in later.line("posts")
    assert "imported 1, updated 0, unchanged 6" in later.line("comments")
    assert "two hours" in Post.objects.get(slug="heron-back").body
    assert Post.objects.filter(slug="swifts").exists()
    assert Comment.objects.get(author_name="Fay").parent == Comment.objects.get(
        author_name="Claire"
    )
    assert Post.objects.get(slug="only-for-me").updated_at == untouched
    assert Post.objects.filter(slug__startswith="heron-back").count() == 1


def test_a_post_edited_in_carnet_is_not_overwritten_by_a_newer_export(run_import, tmp_path):
    run_import("classic_blog.xml")
    heron = Post.objects.get(slug="heron-back")
    heron.body = "Rewritten in Carnet."
    heron.save()
    later = run_import(newer_export(tmp_path))
    assert "changed in Carnet since the last import: 1" in later.line("posts")
    assert Post.objects.get(slug="heron-back").body == "Rewritten in Carnet."


def test_a_post_deleted_in_carnet_stays_deleted(run_import):
    run_import("classic_blog.xml")
    Post.objects.get(slug="only-for-me").delete()
    again = run_import("classic_blog.xml")
    assert "deleted in Carnet since the last import: 1" in again.line("posts")
    assert not Post.objects.filter(slug="only-for-me").exists()


def test_a_failure_half_way_leaves_the_database_and_media_as_before(
    run_import, monkeypatch, uploads, media_root
):
    run_import("wxr_1_0.xml")
    before = snapshot()
    mappings = ImportedObject.objects.count()
    real_add_item = WordPressImport.add_item
    seen = []

    def add_item_then_fail(self, item):
        seen.append(item)
        if len(seen) == 12:
            raise RuntimeError("the disk is full")
        real_add_item(self, item)

    monkeypatch.setattr(WordPressImport, "add_item", add_item_then_fail)
    with pytest.raises(RuntimeError):
        run_import("classic_blog.xml", "--media", str(uploads))
    assert snapshot() == before
    assert ImportedObject.objects.count() == mappings
    assert not list((media_root / "wordpress").rglob("*.*")) if media_root.exists() else True


def test_the_progress_line_counts_items_on_stderr(run_import):
    result = run_import("classic_blog.xml")
    assert result.stderr == ""  # fewer items than one progress step, and not a terminal
