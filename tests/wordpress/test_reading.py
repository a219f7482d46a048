"""Reading exports: WXR versions and namespaces, repairs of real-world breakage (reported), and
a one-line refusal, with the database unchanged, for what cannot be read."""

from __future__ import annotations

import pytest
from django.core.management.base import CommandError

from carnet.blog.models import Post
from carnet.wordpress import WXRError
from carnet.wordpress.wxr import open_export

from .conftest import DATA

pytestmark = pytest.mark.django_db


def refusal(run_import, name: str) -> str:
    """Import `name` over the classic blog: the one-line error, once sure that nothing moved."""
    run_import("classic_blog.xml")
    before = sorted(Post.objects.values_list("pk", "title", "body"))
    with pytest.raises(CommandError) as refused:
        run_import(name)
    assert sorted(Post.objects.values_list("pk", "title", "body")) == before
    message = str(refused.value)
    assert "\n" not in message
    assert name in message
    return message


def test_the_wordpress_namespace_may_be_https(run_import):
    run_import("https_namespace.xml")
    assert Post.objects.get(slug="kept").body_html == "<p>Still here.</p>"


def test_an_undeclared_atom_prefix_is_declared_and_reported(run_import):
    result = run_import("undeclared_atom.xml")
    assert "repaired: line 6: undeclared prefix atom: declared" in result.stdout
    assert Post.objects.filter(slug="kept").exists()


def test_bare_ampersands_and_html_entities_are_escaped_outside_cdata(run_import):
    result = run_import("bare_ampersand.xml")
    assert "repaired: line 5: bare & or HTML entity outside CDATA escaped (and on 1 more" in (
        result.stdout
    )
    fish = Post.objects.get(slug="fish")
    assert fish.title == "Fish & chips\xa0today"
    assert fish.body == "<p>Salt & vinegar, <b>&amp;</b> stays.</p>"  # CDATA left alone


def test_control_characters_are_removed(run_import):
    result = run_import("control_characters.xml")
    assert "repaired: line 5: control characters removed" in result.stdout
    bell = Post.objects.get(slug="bell")
    assert bell.title == "Bell and tab"
    assert "Ring ring." in bell.body


def test_a_cdata_section_inside_cdata_is_recovered(run_import):
    result = run_import("nested_cdata.xml")
    assert "]]> inside CDATA escaped" in result.stdout
    assert Post.objects.get(slug="nested").body == "<p>Code: <![CDATA[ x ]]> done</p>"


def test_a_billion_laughs_is_refused_without_expanding_anything(run_import):
    assert "DOCTYPE" in refusal(run_import, "billion_laughs.xml")


def test_an_external_entity_is_refused_and_nothing_is_read(run_import):
    message = refusal(run_import, "external_entity.xml")
    assert "DOCTYPE" in message
    assert "root:" not in message


def test_a_doctype_far_down_the_file_is_still_refused(tmp_path):
    padded = tmp_path / "padded.xml"
    text = (DATA / "external_entity.xml").read_text()
    padded.write_text(
        text.replace('<?xml version="1.0"?>', '<?xml version="1.0"?>' + "<!-- pad -->\n" * 9000)
    )
    with pytest.raises(WXRError, match="DTD"):
        open_export(padded)


def test_a_truncated_file_is_refused_with_its_line(run_import):
    message = refusal(run_import, "truncated.xml")
    assert "truncated.xml, line 7, column 1" in message and "truncated" in message


def test_an_empty_file_is_refused(run_import):
    assert "empty (0 bytes)" in refusal(run_import, "empty.xml")


def test_a_file_that_is_not_xml_is_refused(run_import):
    assert "not XML" in refusal(run_import, "not_xml.csv")


def test_a_feed_that_is_not_an_export_is_refused(run_import):
    assert "no <wp:wxr_version>" in refusal(run_import, "plain_rss.xml")


def test_an_unknown_wxr_version_is_refused(run_import):
    assert "WXR version '7.0'" in refusal(run_import, "unknown_version.xml")


def test_bytes_in_the_wrong_encoding_are_refused_with_their_line(run_import):
    message = refusal(run_import, "latin1_said_utf8.xml")
    assert "line 5" in message and "not utf-8" in message.lower()


def test_a_missing_file_is_refused(run_import):
    with pytest.raises(CommandError, match="cannot be read"):
        run_import(DATA / "no-such-export.xml")


def test_the_repaired_copy_is_removed_after_the_import(run_import, tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    run_import("undeclared_atom.xml")
    assert list(tmp_path.glob("carnet-wxr-*")) == []
