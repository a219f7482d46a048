"""`carnet backup` and `restore` for a site whose media are in a bucket (`[media] storage =
"s3"`): the media stay in the bucket, the archive and both commands say so, and the restored
site shows them from there. Real commands, a real site directory, moto's S3 server."""

from __future__ import annotations

import json
import re
import tarfile
import urllib.request
from pathlib import Path

import pytest

from tests.backup.test_backup import SITEWORK, database_maker, restore
from tests.objectstorage import Bucket
from tests.realsite import RealSite, make_site, serving


def keep_media_in(site: RealSite, bucket: Bucket) -> None:
    """Put the bucket in the site's carnet.toml, in place of `carnet init`'s [media]."""
    config = site.root / "carnet.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text[: text.index("\n[media]\n")] + bucket.toml(), encoding="utf-8")


@pytest.fixture
def site_on_bucket(bucket, tmp_path) -> tuple[RealSite, Bucket]:
    """A filled site whose figures are in `bucket`, with a stray file left in its media/."""
    with database_maker() as new:
        site = make_site(tmp_path / "site", new())
        keep_media_in(site, bucket)
        site.run_python(SITEWORK, "fill")
        (site.root / "media" / "left-from-before.jpg").write_bytes(b"not the site's any more")
        yield site, bucket


def members(archive: Path) -> tuple[list[str], dict]:
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        return tar.getnames(), manifest


def test_the_archive_leaves_the_media_in_the_bucket_and_says_where_they_are(
    site_on_bucket, tmp_path
):
    site, bucket = site_on_bucket
    assert len(bucket.stored_keys()) >= 4  # two figures and their renditions
    done = site.carnet("backup", str(tmp_path / "blog.tar.gz"))
    assert f'Media are not in the archive: they stay in the bucket "{bucket.name}"' in done.stdout
    assert bucket.endpoint in done.stdout
    names, manifest = members(tmp_path / "blog.tar.gz")
    assert not [name for name in names if name.startswith("media/")]
    assert manifest["media"] == {
        "storage": "s3",
        "bucket": bucket.name,
        "endpoint_url": bucket.endpoint,
        "location": "",
    }


def test_a_restored_site_shows_the_figures_from_the_bucket(site_on_bucket, tmp_path):
    site, bucket = site_on_bucket
    site.carnet("backup", str(tmp_path / "blog.tar.gz"))
    with database_maker() as new:
        target_url = new()
        done = restore(tmp_path / "blog.tar.gz", tmp_path / "restored", target_url)
        assert done.returncode == 0, done.stderr
        assert f'it reads them from the bucket "{bucket.name}"' in done.stdout
        copy = RealSite(tmp_path / "restored", target_url)
        assert not [path for path in (copy.root / "media").rglob("*") if path.is_file()]
        with serving(copy) as base, urllib.request.urlopen(base + "/", timeout=30) as home:
            html = home.read().decode()
    sources = set(re.findall(r'<img[^>]* src="([^"]+)"', html))
    assert sources and all(src.startswith(f"{bucket.endpoint}/{bucket.name}/") for src in sources)
    for src in sources:
        key = src.removeprefix(f"{bucket.endpoint}/{bucket.name}/")
        with urllib.request.urlopen(src, timeout=10) as image:
            assert image.read() == bucket.read(key)


def test_a_site_with_local_media_says_so_in_its_manifest(tmp_path):
    with database_maker() as new:
        site = make_site(tmp_path / "site", new())
        (site.root / "media" / "photo.jpg").write_bytes(b"a photo")
        done = site.carnet("backup", str(tmp_path / "blog.tar.gz"))
    assert "Media are not in the archive" not in done.stdout
    names, manifest = members(tmp_path / "blog.tar.gz")
    assert "media/photo.jpg" in names and manifest["media"] == {"storage": "local"}
