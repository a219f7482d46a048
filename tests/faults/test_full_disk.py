"""A full disk, for real: small tmpfs file systems mounted under the page store and the media.

Writing must fail with a clear message and lose nothing already saved. Mounting needs root and
the right to mount (a CI runner has both); elsewhere these tests are skipped, saying why.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import subprocess
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from carnet.blog.models import Figure
from tests.realsite import RealSite, make_site, serving

SITEWORK = "tests/backup/sitework.py"


@contextlib.contextmanager
def small_disk(folder: Path, kilobytes: int) -> Iterator[Path]:
    """A tmpfs of `kilobytes` mounted on `folder` (made if needed), unmounted afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={kilobytes}k", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        reason = mounted.stderr.strip() or "mount failed"
        pytest.skip(f"cannot mount a small tmpfs to fill a disk for real ({reason}); needs root")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill_up(folder: Path, leave: int) -> Path:
    """Write a filler file so that only about `leave` bytes stay free on folder's disk."""
    filler = folder / "filler.bin"
    free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
    filler.write_bytes(b"\0" * max(0, free - leave))
    return filler


def whole_pages(folder: Path) -> list[Path]:
    """The stored pages under `folder`, each checked to be whole (and its gzip copy too)."""
    pages = list(folder.rglob("index.html"))
    for page in pages:
        assert page.read_text().rstrip().endswith("</html>"), f"{page} is cut short"
        packed = page.with_name(page.name + ".gz")
        if packed.exists():
            assert gzip.decompress(packed.read_bytes()) == page.read_bytes()
    return pages


def folder_size(folder: Path) -> int:
    """What a folder takes on a tmpfs: whole 4 kB pages per file, and per folder."""
    return sum(-(-path.stat().st_size // 4096) * 4096 + 4096 for path in folder.rglob("*"))


@pytest.fixture
def site(tmp_path) -> RealSite:
    site = make_site(tmp_path / "site")
    site.run_python(SITEWORK, "fill")
    return site


@dataclass
class FullBuild:
    """A second `carnet build` onto a disk that the first one nearly filled."""

    out: Path
    before: dict[Path, bytes]
    done: subprocess.CompletedProcess


@pytest.fixture(scope="module")
def full_build(tmp_path_factory) -> Iterator[FullBuild]:
    root = tmp_path_factory.mktemp("full-build")
    site = make_site(root / "site")
    site.run_python(SITEWORK, "fill")
    site.carnet("build", "--quiet", "--out", str(root / "probe"))
    needed = folder_size(root / "probe") // 1024
    with small_disk(root / "out", needed + 256) as out:
        site.carnet("build", "--quiet", "--out", str(out))
        before = {page: page.read_bytes() for page in whole_pages(out)}
        site.run_python(SITEWORK, "many", "10")
        fill_up(out, leave=64 * 1024)
        done = site.carnet("build", "--quiet", "--out", str(out), check=False)
        yield FullBuild(out, before, done)


def test_a_build_onto_a_full_disk_fails_and_keeps_whole_the_pages_it_had(full_build):
    assert full_build.done.returncode != 0
    kept = whole_pages(full_build.out)
    assert set(full_build.before) <= set(kept)


# carnet/publishing/build.py lets the OSError out of its worker processes: reported to the lead.
def test_a_build_onto_a_full_disk_says_so_in_one_line(full_build):
    stderr = full_build.done.stderr
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert str(full_build.out) in stderr and "space" in stderr.lower()


def test_a_full_page_store_still_serves_readers_and_keeps_whole_pages(site):
    public = site.root / "public"
    with small_disk(public, 512):
        with serving(site) as base:
            paths = ["/", "/fr/", "/archives/", "/fr/archives/", "/feed/"]
            with urllib.request.urlopen(base + paths[0]) as response:
                assert response.status == 200
            fill_up(public, leave=8 * 1024)
            for path in paths:
                with urllib.request.urlopen(base + path) as response:
                    assert response.status == 200
                    assert response.read().rstrip().endswith((b"</html>", b"</feed>"))
        assert whole_pages(public)


@pytest.mark.django_db
def test_an_upload_onto_a_full_media_disk_is_refused_and_saved_media_stays(
    settings, client, django_user_model, tmp_path
):
    with small_disk(tmp_path / "media", 2048) as media:
        settings.MEDIA_ROOT = media
        saved = Figure(slug="first", alt="First")
        saved.image = SimpleUploadedFile("first.png", png(300, 200))
        saved.save()
        kept = {path: path.read_bytes() for path in media.rglob("*") if path.is_file()}
        fill_up(media, leave=200 * 1024)
        boss = django_user_model.objects.create_superuser("boss", password="a long password 42")
        client.force_login(boss)
        response = client.post(
            "/admin/blog/figure/add/",
            {
                "image": SimpleUploadedFile("big.png", png(400, 300)),
                "slug": "big",
                "alt": "Big",
                "translations-TOTAL_FORMS": "0",
                "translations-INITIAL_FORMS": "0",
            },
        )
        assert response.status_code == 200
        assert "There is no room left on the server&#x27;s disk for big.png" in (
            response.content.decode()
        )
        assert list(Figure.objects.values_list("slug", flat=True)) == ["first"]
        for path, data in kept.items():
            assert path.read_bytes() == data


def png(width: int, height: int) -> bytes:
    """A PNG that does not compress: noise, about 3 bytes a pixel."""
    buffer = io.BytesIO()
    Image.effect_noise((width, height), 90).convert("RGB").save(buffer, format="PNG")
    return buffer.getvalue()
