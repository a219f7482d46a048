"""The page store on disk: where each address goes, atomic writes, removal, generations."""

from __future__ import annotations

import gzip
import os
import threading

import brotli
import pytest

from carnet.publishing.store import HOST, PageStore, UnsafePath, write_atomically, write_page

HTML = "text/html; charset=utf-8"


@pytest.fixture
def store(tmp_path) -> PageStore:
    return PageStore(tmp_path / "public")


def test_a_folder_address_is_stored_as_its_index_html(store):
    assert (
        store.file_for("/2026/03/05/a-walk/", HTML) == store.root / "2026/03/05/a-walk/index.html"
    )
    assert store.file_for("/", HTML) == store.root / "index.html"


def test_feeds_get_the_extension_of_their_content_type(store):
    atom = "application/atom+xml; charset=utf-8"
    rss = "application/rss+xml; charset=utf-8"
    assert store.file_for("/fr/feed/", atom) == store.root / "fr/feed/index.atom"
    assert store.file_for("/feed/rss/", rss) == store.root / "feed/rss/index.rss"


def test_an_address_without_a_final_slash_is_the_file_it_names(store):
    assert store.file_for("/sitemap.xml", "application/xml") == store.root / "sitemap.xml"
    assert store.file_for("/robots.txt", "text/plain; charset=utf-8") == store.root / "robots.txt"


def test_a_file_name_that_disagrees_with_its_content_type_is_refused(store):
    with pytest.raises(UnsafePath):
        store.file_for("/about", HTML)
    with pytest.raises(UnsafePath):
        store.file_for("/photo.jpg", "image/jpeg")


def test_a_non_ascii_slug_is_a_utf8_file_name_as_nginx_decodes_it(store):
    store.save("/fr/café-crème/", b"<p>caf\xc3\xa9</p>", HTML)
    assert (store.root / "fr" / "café-crème" / "index.html").read_bytes() == b"<p>caf\xc3\xa9</p>"
    assert store.find("/fr/café-crème/") is not None


@pytest.mark.parametrize(
    "address",
    ["/../carnet.toml", "/a/../../etc/", "/.generation", "/a/.hidden/", "/a//b/", "a/", "/a\x00/"],
)
def test_addresses_that_could_leave_the_store_or_reach_its_own_files_are_refused(store, address):
    with pytest.raises(UnsafePath):
        store.file_for(address, HTML)
    assert store.find(address) is None


def test_addresses_differ_by_case_and_by_their_final_slash(store):
    store.save("/About/", b"upper", HTML)
    assert store.find("/about/") is None
    assert store.find("/About") is None
    assert store.find("/About/").path.read_bytes() == b"upper"


def test_a_page_is_stored_with_gzip_and_brotli_copies_and_no_temporary_file(store):
    content = b"<!doctype html><p>" + b"words " * 500
    assert store.save("/a/", content, HTML) is True
    folder = store.root / "a"
    assert gzip.decompress((folder / "index.html.gz").read_bytes()) == content
    assert brotli.decompress((folder / "index.html.br").read_bytes()) == content
    assert sorted(p.name for p in folder.iterdir()) == [
        "index.html",
        "index.html.br",
        "index.html.gz",
    ]


def test_storing_the_same_content_again_leaves_the_file_alone(store):
    store.save("/a/", b"same", HTML)
    before = store.find("/a/").path.stat().st_mtime_ns
    assert store.save("/a/", b"same", HTML) is False
    assert store.find("/a/").path.stat().st_mtime_ns == before


def test_a_page_rendered_before_a_removal_is_not_kept(store):
    generation = store.generation()
    store.invalidate(["/elsewhere/"])  # a write happened while the page was being rendered
    assert store.save("/a/", b"stale", HTML, generation=generation) is False
    assert store.find("/a/") is None


def test_a_page_rendered_after_the_last_removal_is_kept(store):
    store.invalidate(["/elsewhere/"])
    assert store.save("/a/", b"fresh", HTML, generation=store.generation()) is True


def test_removing_a_page_takes_its_compressed_copies_and_may_be_repeated(store):
    store.save("/a/", b"page", HTML)
    store.invalidate(["/a/"])
    store.invalidate(["/a/"])
    assert list((store.root / "a").iterdir()) == []


def test_a_tree_address_removes_the_page_and_everything_below_it_only(store):
    for address in ("/category/birds/", "/category/birds/page/2/", "/category/boats/"):
        store.save(address, b"x", HTML)
    store.invalidate(["/category/birds/*"])
    assert store.find("/category/birds/") is None
    assert store.find("/category/birds/page/2/") is None
    assert store.find("/category/boats/") is not None


def test_removing_the_root_tree_keeps_the_folders_named_and_the_copied_static_files(store):
    store.save("/a/", b"x", HTML)
    store.save("/fr/a/", b"x", HTML)
    (store.root / "static").mkdir()
    (store.root / "static" / "theme.css").write_text("body {}")
    store.remove_tree("/", keep=["fr"])
    assert store.find("/a/") is None
    assert store.find("/fr/a/") is not None
    assert (store.root / "static" / "theme.css").exists()


def test_a_page_written_into_an_empty_build_makes_its_folders_once(tmp_path):
    made: set[str] = set()
    target = tmp_path / "out" / "2026" / "03" / "a-walk" / "index.html"
    assert write_page(target, b"<p>walk", compress=False, folders=made) is True
    assert target.read_bytes() == b"<p>walk"
    assert made == {str(target.parent)}
    beside = target.with_name("index.atom")
    assert write_page(beside, b"<feed/>", compress=False, folders=made) is True
    assert sorted(p.name for p in target.parent.iterdir()) == ["index.atom", "index.html"]


def test_a_page_is_written_into_a_folder_that_is_missing(tmp_path):
    target = tmp_path / "gone" / "index.html"
    assert write_page(target, b"back") is True
    assert target.read_bytes() == b"back"
    assert oct(target.stat().st_mode & 0o777) == "0o644"


def test_a_page_is_written_whole_over_a_temporary_file_a_killed_writer_left(tmp_path):
    target = tmp_path / "a" / "index.html"
    target.parent.mkdir()
    left = target.parent / f".tmp-{HOST}-{os.getpid()}-{threading.get_ident()}"
    left.write_bytes(b"half a page from before, longer than the new one")
    write_atomically(target, b"whole")
    assert target.read_bytes() == b"whole"
    assert [p.name for p in target.parent.iterdir()] == ["index.html"]


def test_a_failed_write_keeps_the_old_page_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "index.html"
    target.write_bytes(b"old")
    with pytest.raises(TypeError):
        write_atomically(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]


def test_a_write_does_not_follow_a_link_planted_at_its_temporary_name(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_bytes(b"untouched")
    (tmp_path / f".tmp-{HOST}-{os.getpid()}-{threading.get_ident()}").symlink_to(elsewhere)
    with pytest.raises(OSError):
        write_atomically(tmp_path / "index.html", b"page")
    assert elsewhere.read_bytes() == b"untouched"


def test_a_folder_another_build_process_made_meanwhile_is_not_an_error(tmp_path):
    made = {str(tmp_path)}
    (tmp_path / "2026").mkdir()  # by another worker, after this one looked
    assert write_page(tmp_path / "2026" / "index.html", b"y", compress=False, folders=made)
    assert str(tmp_path / "2026") in made
