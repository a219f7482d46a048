"""Every real WordPress export in ../shared/data/wxr/ (written by others: WordPress's theme and
importer test data, and the test files of Pelican, Nikola, Jekyll and Ghost's importers).

Each one imports with every post, page, comment, category, tag and attachment counted in, the
counts of SOURCES.md there; or, for the files made to be refused, stops with one clear line.
Every public post page renders. These files are not ours and are not copied here: the test
reads them where they are, and is skipped where that folder is absent.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from carnet.blog.models import Category, Post, Tag
from carnet.comments.models import Comment
from carnet.wordpress.models import Attachment

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "wxr"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not SHARED.is_dir(), reason=f"no real WordPress exports here: {SHARED} is absent"
    ),
]

# From SOURCES.md: posts, pages, attachments, comments, categories and tags listed in the
# channel (terms items use without listing them come on top), and authors listed.
# Comments: SOURCES counts every <wp:comment>; trashed ones are left out (pelican: 1).
EXPECTED = {
    # file: (posts, pages, attachments, comments, categories, tags, authors)
    "theme-unit-test-data.xml": (58, 21, 37, 33, 68, 110, 2),
    "importer-theme-unit-test-data.xml": (58, 21, 37, 33, 68, 110, 2),
    "theme-test-data-64-block.xml": (61, 1, 9, 2, 7, 4, 2),
    "theme-test-data-preview.xml": (7, 0, 0, 2, 0, 0, 0),
    "importer-a11y-unit-test-data.xml": (47, 17, 39, 29, 27, 61, 0),
    "importer-authors-multiline.xml": (1, 0, 0, 0, 0, 0, 3),
    "importer-backslashes.xml": (1, 0, 0, 0, 0, 0, 0),
    "importer-blank-lines.xml": (1, 0, 0, 0, 0, 0, 0),
    "importer-cdata-edge.xml": (1, 0, 0, 0, 0, 0, 0),
    "importer-chunked-meta.xml": (1, 0, 0, 0, 0, 0, 0),
    "importer-crazy-cdata-escaped.xml": (1, 0, 0, 0, 0, 0, 0),
    "importer-crazy-cdata.xml": (1, 0, 0, 0, 0, 0, 0),
    "importer-e2e-wxr-base-url-rewriting.xml": (1, 0, 0, 0, 0, 0, 1),
    "importer-e2e-wxr-comprehensive.xml": (1, 1, 0, 1, 2, 2, 2),
    "importer-e2e-wxr-css-urls.xml": (1, 0, 0, 0, 1, 0, 1),
    "importer-e2e-wxr-simple.xml": (1, 0, 0, 0, 0, 0, 1),
    "importer-large-authors.xml": (0, 0, 0, 0, 0, 0, 300),
    "importer-missing-tags.xml": (1, 0, 0, 0, 0, 0, 0),
    "importer-multiple-cdata.xml": (1, 0, 0, 0, 0, 0, 0),
    "importer-namespace-edge-cases.xml": (5, 0, 0, 0, 1, 0, 1),
    "importer-post-content-blank-lines.xml": (1, 0, 0, 0, 0, 0, 1),
    "importer-slashes.xml": (1, 0, 0, 1, 1, 1, 1),
    "importer-small-export.xml": (6, 5, 0, 1, 30, 3, 3),
    "importer-term-formats.xml": (0, 0, 0, 0, 2, 3, 0),
    "importer-term-meta.xml": (0, 0, 0, 0, 0, 0, 0),
    "importer-test-serialized-comment-meta.xml": (1, 0, 0, 1, 0, 0, 0),
    "importer-test-serialized-postmeta-no-cdata.xml": (1, 0, 0, 0, 0, 0, 0),
    "importer-test-serialized-postmeta-with-cdata.xml": (1, 0, 0, 0, 0, 0, 0),
    "importer-test-serialized-term-meta.xml": (1, 0, 0, 0, 1, 1, 0),
    "importer-test-utw-post-meta-import.xml": (1, 0, 0, 0, 0, 0, 0),
    "importer-valid-wxr-1.0.xml": (3, 3, 0, 1, 5, 4, 0),
    "importer-valid-wxr-1.1.xml": (1, 1, 0, 1, 1, 1, 1),
    "importer-wxr-flat-attachment-different-site.xml": (1, 0, 1, 0, 0, 0, 1),
    "importer-wxr-flat-attachment-same-site.xml": (1, 0, 1, 0, 0, 0, 1),
    "importer-wxr-simple.xml": (1, 0, 0, 0, 0, 0, 1),
    "importer-wxr-utf-8-challenges.xml": (1, 0, 0, 0, 0, 0, 1),
    "importer-wxr-with-sub-data.xml": (1, 0, 0, 1, 0, 0, 0),
    "pelican-wordpressexport.xml": (11, 2, 4, 3, 4, 3, 2),
    "nikola-wordpress_export_example.xml": (4, 1, 3, 0, 1, 1, 1),
    "nikola-wordpress_unicode_export.xml": (1, 1, 0, 0, 1, 2, 1),
    "jekyll-import-wordpressdotcom-sitetitle.2025-01-19.000.xml": (7, 1, 6, 0, 2, 4, 1),
    "ghost-migrate-co-authors-plus.xml": (4, 0, 0, 0, 0, 0, 3),
    "ghost-migrate-feature-image-captions.xml": (3, 0, 2, 0, 0, 0, 0),
    "ghost-migrate-has-audio-enclosure-with-libsyn-embed.xml": (1, 0, 0, 0, 0, 0, 1),
    "ghost-migrate-has-audio-enclosure.xml": (1, 0, 0, 0, 0, 0, 1),
    "ghost-migrate-has-meta.xml": (0, 0, 0, 0, 1, 0, 2),
    "ghost-migrate-has-yoast-meta.xml": (2, 0, 0, 0, 0, 0, 1),
    "ghost-migrate-multiple-attachments-only.xml": (0, 0, 1, 0, 0, 0, 0),
    "ghost-migrate-multiple-pages-only.xml": (0, 1, 0, 0, 0, 0, 1),
    "ghost-migrate-multiple-posts-only.xml": (3, 0, 0, 0, 1, 0, 2),
    "ghost-migrate-sample-no-slug.xml": (3, 1, 1, 0, 1, 0, 2),
    "ghost-migrate-sample-with-alt.xml": (1, 0, 1, 0, 1, 0, 1),
    "ghost-migrate-sample.xml": (3, 1, 1, 0, 1, 0, 2),
}

# Files made to be refused, and a word of the one line that says why.
REFUSED = {
    "importer-invalid-version-tag.xml": "WXR version 'abc'",
    "importer-missing-version-tag.xml": "no <wp:wxr_version>",
    "importer-malformed.xml": "line 90, column 11: the XML is not well-formed",
    "importer-malformed-simple.xml": "truncated",
    # Single <item> fragments, not exports: no channel, no version.
    "nikola-wordpress_qtranslate_item_raw_export.xml": "no <wp:wxr_version>",
    "nikola-wordpress_qtranslate_item_modernized.xml": "no <wp:wxr_version>",
}


def shared_files() -> list[str]:
    return sorted(p.name for p in SHARED.glob("*.xml")) if SHARED.is_dir() else []


def import_shared(name: str) -> str:
    out = io.StringIO()
    call_command("import", "wordpress", str(SHARED / name), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_every_shared_file_has_an_expectation():
    assert set(shared_files()) == EXPECTED.keys() | REFUSED.keys()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_real_export_imports_everything(name, en, fr, client):
    posts, pages, attachments, comments, categories, tags, authors = EXPECTED[name]
    import_shared(name)
    assert Post.objects.posts().count() == posts
    assert Post.objects.pages().count() == pages
    assert Attachment.objects.count() == attachments
    assert Comment.objects.count() == comments
    assert Category.objects.count() >= categories
    assert Tag.objects.count() >= tags
    assert get_user_model().objects.count() >= authors
    for shown in Post.objects.public().select_related("edition", "parent"):
        response = client.get(shown.get_absolute_url())
        assert response.status_code == 200, (shown.get_absolute_url(), response.status_code)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_broken_real_export_is_refused_in_one_line(name, en, fr):
    with pytest.raises(CommandError) as refused:
        import_shared(name)
    message = str(refused.value)
    assert REFUSED[name] in message and name in message and "\n" not in message
    assert not Post.objects.exists()


def test_the_theme_unit_test_keeps_threads_statuses_and_kinds(en, fr):
    import_shared("theme-unit-test-data.xml")
    assert Comment.objects.filter(status="approved").count() == 30
    assert Comment.objects.filter(status="pending").count() == 3
    assert Comment.objects.filter(kind="pingback").count() == 2
    assert Comment.objects.filter(kind="trackback").count() == 2
    assert Comment.objects.filter(parent__isnull=False).count() > 0
    assert Post.objects.get(slug="template-sticky").sticky
    assert Post.objects.get(slug="template-password-protected").password == "enter"
    assert (
        Post.objects.filter(slug="θέμα-υπόδειγμα").exists()
        or Post.objects.filter(title__contains="Greek").exists()
    )


def test_pelican_trashed_comment_and_drafts_without_slug(en, fr):
    report = import_shared("pelican-wordpressexport.xml")
    assert "comments     imported 3, updated 0, unchanged 0, skipped 1 (in the trash: 1)" in report
    assert Post.objects.filter(status="draft").exists()
    assert all(post.slug for post in Post.objects.all())


def test_a_real_export_imported_twice_changes_nothing(en, fr):
    import_shared("theme-unit-test-data.xml")
    again = import_shared("theme-unit-test-data.xml")
    assert "posts        imported 0, updated 0, unchanged 58" in again
    assert "comments     imported 0, updated 0, unchanged 33" in again
