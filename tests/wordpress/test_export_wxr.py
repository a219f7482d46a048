"""`carnet export wordpress`: a WXR file that reads back into the same site."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from lxml import etree

from carnet.blog.models import Category, Post, Tag
from carnet.comments.models import Comment
from carnet.content import plain_text
from carnet.wordpress.export_wxr import cdata
from carnet.wordpress.models import Attachment, ImportedObject, OldLink

pytestmark = pytest.mark.django_db

WP = "{http://wordpress.org/export/1.2/}"


def export(tmp_path) -> str:
    target = tmp_path / "site.xml"
    call_command("export", "wordpress", str(target), stdout=io.StringIO())
    return str(target)


def site_state() -> dict:
    """Everything a reader or a writer sees, keyed by what survives a round trip (not pks)."""
    posts = {}
    for post in Post.objects.select_related("edition", "parent", "translation_of", "author"):
        posts[(post.edition.language, post.kind, post.slug)] = (
            post.title,
            post.status,
            post.published_at,
            " ".join(plain_text(post.body_html).split()),
            post.excerpt,
            post.sticky,
            post.comments_open,
            post.password,
            post.menu_order,
            post.parent.slug if post.parent else None,
            post.translation_of.slug if post.translation_of else None,
            post.author.username if post.author else None,
            sorted(c.slug for c in post.categories.all()),
            sorted(t.slug for t in post.tags.all()),
        )
    comments = sorted(
        (
            c.post.slug,
            c.author_name,
            c.status,
            c.kind,
            c.body,
            c.created_at,
            c.parent.author_name if c.parent else None,
        )
        for c in Comment.objects.select_related("post", "parent")
    )
    terms = sorted(
        (c.edition.language, c.slug, c.name, c.parent.slug if c.parent else None)
        for c in Category.objects.select_related("edition", "parent")
    ) + sorted(
        (t.edition.language, t.slug, t.name, None) for t in Tag.objects.select_related("edition")
    )
    return {"posts": posts, "comments": comments, "terms": terms}


def wipe() -> None:
    """Make the database a fresh site again (editions stay, as `carnet init` makes them)."""
    for model in (Comment, OldLink, Attachment, ImportedObject, Post, Category, Tag):
        model.objects.all().delete()
    get_user_model().objects.all().delete()


@pytest.mark.parametrize("fixture", ["classic_blog.xml", "qtranslate.xml", "polylang.xml"])
def test_an_exported_site_imports_back_the_same(run_import, tmp_path, fixture):
    run_import(fixture)
    before = site_state()
    assert before["posts"]
    export(tmp_path)
    wipe()
    run_import(tmp_path / "site.xml")
    assert site_state() == before


def test_a_site_written_in_carnet_survives_the_round_trip(run_import, make_post, fr, tmp_path):
    # WXR dates have whole seconds.
    day = datetime.datetime(2024, 3, 1, 9, 30, tzinfo=datetime.UTC)
    original = make_post(
        published_at=day,
        title="Written here",
        slug="written-here",
        body="**Bold** start.\n\n<!--more Go on-->\n\nEnd.",
    )
    translation = make_post(
        edition=fr, title="Écrit ici", slug="ecrit-ici", body="Début.", published_at=day
    )
    translation.translation_of = original
    translation.save()
    before = site_state()
    export(tmp_path)
    wipe()
    run_import(tmp_path / "site.xml")
    assert site_state() == before
    back = Post.objects.get(slug="written-here")
    assert back.has_more and back.more_text == "Go on"
    assert "<strong>Bold</strong>" in back.body_html


def test_the_export_is_wxr_that_wordpress_reads(run_import, tmp_path):
    run_import("classic_blog.xml")
    tree = etree.parse(export(tmp_path))
    channel = tree.getroot().find("channel")
    assert channel.findtext(f"{WP}wxr_version") == "1.2"
    assert channel.findtext(f"{WP}base_site_url")
    assert [a.findtext(f"{WP}author_login") for a in channel.iter(f"{WP}author")] == [
        "annie",
        "bruno",
    ]
    items = channel.findall("item")
    types = [item.findtext(f"{WP}post_type") for item in items]
    assert types.count("post") == 7 and types.count("page") == 2 and types.count("attachment") == 2
    heron = next(item for item in items if item.findtext(f"{WP}post_name") == "heron-back")
    assert heron.findtext(f"{WP}status") == "publish"
    assert heron.findtext(f"{WP}post_date_gmt") == "2020-05-02 08:30:00"
    assert heron.findtext(f"{WP}post_date") == "2020-05-02 10:30:00"
    assert len(heron.findall(f"{WP}comment")) == 6
    festival = next(item for item in items if item.findtext(f"{WP}post_name") == "next-festival")
    assert festival.findtext(f"{WP}status") == "future"


def test_cdata_is_escaped_the_wordpress_way():
    assert cdata("a ]]> b") == "<![CDATA[a ]]]]><![CDATA[> b]]>"
    assert etree.fromstring(f"<x>{cdata('a ]]> b')}</x>").text == "a ]]> b"


def test_an_export_into_a_folder_is_refused(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="is a folder"):
        call_command("export", "wordpress", str(tmp_path), stdout=io.StringIO())
