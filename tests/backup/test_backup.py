"""`carnet backup` and `carnet restore`, run as commands on real site directories.

The database is the one this run of the suite uses: the site's SQLite file, or a scratch
PostgreSQL database (and pg_dump/pg_restore) when DATABASE_URL is set.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import signal
import subprocess
import tarfile
import time
from pathlib import Path

import pytest

from carnet.backup.archive import site_files
from carnet.site import create_site
from tests.backup.sitework import WRITTEN
from tests.realsite import CARNET, RealSite, make_site, scratch_database, suite_database_url

SITEWORK = "tests/backup/sitework.py"


@contextlib.contextmanager
def database_maker():
    """A function giving a new database URL (None: the site's SQLite file) for each call."""
    with contextlib.ExitStack() as stack:

        def new() -> str | None:
            if not suite_database_url():
                return None
            return stack.enter_context(scratch_database("carnet_backup"))

        yield new


@pytest.fixture
def databases():
    with database_maker() as new:
        yield new


@pytest.fixture(scope="module")
def shared_site(tmp_path_factory) -> RealSite:
    """A filled site, backed up by the tests (the first one also writes to it)."""
    with database_maker() as new:
        site = make_site(tmp_path_factory.mktemp("shared") / "site", new())
        site.run_python(SITEWORK, "fill")
        yield site


def restore(archive: Path, target: Path, database_url: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run(
        [str(CARNET), "restore", str(archive), str(target)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def dump(site: RealSite) -> dict[tuple[str, object], dict]:
    """Every post, comment, figure, term, edition and user of a site, by (model, pk)."""
    out = site.carnet("dumpdata", "blog", "comments", "auth.user", "--format", "json").stdout
    return {(row["model"], row["pk"]): row["fields"] for row in json.loads(out)}


def media_hashes(site: RealSite) -> dict[str, str]:
    media = site.root / "media"
    return {
        path.relative_to(media).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in media.rglob("*")
        if path.is_file()
    }


def written_numbers(rows: dict) -> list[int]:
    titles = [f["title"] for (model, _pk), f in rows.items() if model == "blog.post"]
    return sorted(int(t.rsplit(" ", 1)[1]) for t in titles if t.startswith(WRITTEN))


def test_a_backup_taken_while_a_writer_commits_restores_every_post_comment_and_media_file(
    shared_site, databases, tmp_path
):
    stop = tmp_path / "stop"
    writer = shared_site.python(SITEWORK, "write", str(stop), stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "writing"
        backed_up = shared_site.carnet("backup", str(tmp_path / "blog.tar.gz"))
    finally:
        stop.touch()
        writer.wait(timeout=60)
    assert "Backed up" in backed_up.stdout

    target_url = databases()
    restored = restore(tmp_path / "blog.tar.gz", tmp_path / "restored", target_url)
    assert restored.returncode == 0, restored.stderr
    copy = RealSite(tmp_path / "restored", target_url)

    before, after = dump(shared_site), dump(copy)
    for key, fields in after.items():
        assert before[key] == fields, key
    missing = {key for key in before if key not in after}
    kept = written_numbers(after)
    # What the snapshot missed is only what the writer committed after it, a post with its comment.
    assert all(
        f.get("title", "").startswith(WRITTEN) or f.get("author_name") == "Bot"
        for key, f in ((k, before[k]) for k in missing)
    )
    assert kept == list(range(1, len(kept) + 1)), "the snapshot is not one point in time"
    assert 1 <= len(kept) < len(written_numbers(before)), "the writer did not overlap the backup"
    bots = sorted(int(f["body"]) for (m, _), f in after.items() if f.get("author_name") == "Bot")
    assert bots == kept, "a post and its comment were committed together, and restored together"

    figures = [f for (model, _pk), f in after.items() if model == "blog.figure"]
    assert len(figures) == 2 and len(media_hashes(copy)) >= 4  # originals and renditions
    assert media_hashes(copy) == media_hashes(shared_site)
    assert (copy.root / "carnet.toml").read_bytes() == (
        shared_site.root / "carnet.toml"
    ).read_bytes()
    assert copy.carnet("check").returncode == 0


@pytest.fixture(scope="module")
def made_archive(shared_site, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("archive") / "blog.tar.gz"
    shared_site.carnet("backup", str(path))
    return path


@pytest.fixture
def archive(made_archive, tmp_path) -> Path:
    """A copy of the shared site's backup, for one test to do what it likes with."""
    path = tmp_path / "blog.tar.gz"
    path.write_bytes(made_archive.read_bytes())
    return path


def assert_refused(done: subprocess.CompletedProcess, *words: str) -> None:
    assert done.returncode != 0
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr
    for word in words:
        assert word in done.stderr


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".restoring-" in p.name)


def test_a_truncated_archive_is_refused_in_one_line_and_nothing_is_restored(archive, tmp_path):
    cut = tmp_path / "cut.tar.gz"
    data = archive.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    done = restore(cut, tmp_path / "restored", None)
    assert_refused(done, str(cut), "nothing was restored")
    assert not (tmp_path / "restored").exists() and not leftovers(tmp_path)


def test_an_archive_with_a_damaged_byte_is_refused_and_nothing_is_restored(archive, tmp_path):
    damaged = tmp_path / "damaged.tar.gz"
    data = bytearray(archive.read_bytes())
    data[len(data) // 3] ^= 0xFF
    damaged.write_bytes(bytes(data))
    done = restore(damaged, tmp_path / "restored", None)
    assert_refused(done, str(damaged), "nothing was restored")
    assert not (tmp_path / "restored").exists() and not leftovers(tmp_path)


def repack(archive: Path, target: Path, change) -> None:
    """Copy an archive, letting `change(name, data)` alter each member (None drops it)."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as copy:
        for member in source:
            result = change(member.name, source.extractfile(member).read())
            if result is not None:
                name, data = result
                info = tarfile.TarInfo(name)
                info.size = len(data)
                copy.addfile(info, io.BytesIO(data))


def test_a_media_file_that_does_not_match_the_manifest_is_refused(archive, tmp_path):
    forged = tmp_path / "forged.tar.gz"

    def swap(name: str, data: bytes):
        return name, (b"\x89PNG changed" if name.startswith("media/") else data)

    repack(archive, forged, swap)
    done = restore(forged, tmp_path / "restored", None)
    assert_refused(done, "does not match the manifest")
    assert not (tmp_path / "restored").exists()


def test_an_archive_entry_that_climbs_out_of_the_site_is_refused(archive, tmp_path):
    hostile = tmp_path / "hostile.tar.gz"
    repack(archive, hostile, lambda name, data: (name.replace("media/", "../../evil/"), data))
    done = restore(hostile, tmp_path / "restored", None)
    assert_refused(done, "unexpected entry")
    assert not (tmp_path.parent / "evil").exists() and not (tmp_path / "restored").exists()


def test_restore_refuses_a_directory_that_is_not_empty(archive, tmp_path):
    target = tmp_path / "taken"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    done = restore(archive, target, None)
    assert_refused(done, "not empty")
    assert [p.name for p in target.iterdir()] == ["notes.txt"]


def test_backup_does_not_replace_an_archive_unless_told_to(shared_site, archive):
    before = archive.read_bytes()
    done = shared_site.carnet("backup", str(archive), check=False)
    assert_refused(done, "--overwrite")
    assert archive.read_bytes() == before
    shared_site.carnet("backup", str(archive), "--overwrite")
    assert archive.read_bytes() != before


def test_a_backup_killed_midway_leaves_no_archive_under_its_name(tmp_path, databases):
    site = make_site(tmp_path / "site", databases())
    (site.root / "media" / "big.bin").write_bytes(os.urandom(48 << 20))
    archive = tmp_path / "blog.tar.gz"
    backup = subprocess.Popen(
        [str(CARNET), "--site", str(site.root), "backup", str(archive)],
        env=site.env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    partial = []
    for _attempt in range(3000):
        partial = list(tmp_path.glob(".blog.tar.gz.*.partial"))
        if partial or backup.poll() is not None:
            break
        time.sleep(0.005)
    backup.send_signal(signal.SIGKILL)
    backup.wait()
    assert partial, "the backup finished before it could be killed: give it more to copy"
    assert not archive.exists()


def test_a_backup_holds_the_sites_own_theme_and_admin_templates(tmp_path):
    site = create_site(tmp_path / "site")
    own = ["theme/blog/post.html", "theme/base.html", "templates/admin/base_site.html"]
    for name in own:
        (site.root / name).parent.mkdir(parents=True, exist_ok=True)
        (site.root / name).write_text("{# the site's own #}\n", encoding="utf-8")
    assert set(own) <= {name for name, _path in site_files(site)}
