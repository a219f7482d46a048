"""`carnet import wordpress` run for real: one-line errors, and an import killed half-way
(kill -9, Ctrl-C) that leaves the site's database as it was."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.commandline import carnet as run_carnet
from tests.commandline import user_environment

from .conftest import DATA

ROOT = Path(__file__).resolve().parents[2]


def carnet(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_carnet("--site", str(site), *args, cwd=ROOT)


def count(site: Path, table: str) -> int:
    with sqlite3.connect(site / "carnet.sqlite3") as db:
        return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    parent = tmp_path_factory.mktemp("wp-cli")
    result = subprocess.run(
        [sys.executable, "-m", "carnet.cli", "init", str(parent / "site")],
        cwd=ROOT,
        env=user_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return parent / "site"


@pytest.fixture(scope="module")
def big_export(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("wp-big") / "big.xml"
    subprocess.run(
        [
            sys.executable,
            "bench/wordpress/generate.py",
            str(path),
            "--posts",
            "800",
            "--comments",
            "1600",
        ],
        cwd=ROOT,
        check=True,
        timeout=120,
    )
    return path


def test_an_unreadable_export_is_one_line_without_traceback(site):
    result = carnet(site, "import", "wordpress", str(DATA / "truncated.xml"))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "truncated.xml, line 7" in lines[0] and "truncated" in lines[0]


def test_an_unknown_edition_is_one_line(site):
    result = carnet(site, "import", "wordpress", str(DATA / "classic_blog.xml"), "--edition", "de")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "CommandError: no 'de' edition in this site (editions: en, fr)."
    ]


def start_import(site: Path, export: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "carnet.cli",
            "--site",
            str(site),
            "import",
            "wordpress",
            str(export),
        ],
        cwd=ROOT,
        env=user_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=answer_ctrl_c,
    )


def answer_ctrl_c() -> None:
    """Give the import Ctrl-C's usual effect: a shell starts background jobs with it ignored."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def wait_for_progress(process: subprocess.Popen[str]) -> str:
    """The first progress line that counts posts: the import has written its first batch."""
    while True:
        line = process.stderr.readline()
        assert line.startswith("items "), line
        if " posts and pages 0 " not in line:
            return line


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT], ids=["kill -9", "Ctrl-C"])
def test_an_import_stopped_half_way_leaves_the_database_as_it_was(site, big_export, how):
    process = start_import(site, big_export)
    try:
        wait_for_progress(process)
        process.send_signal(how)
        _out, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode != 0
    if how == signal.SIGINT:
        assert "interrupted: nothing was imported" in err
        assert "Traceback" not in err
    for table in ("blog_post", "comments_comment", "wordpress_importedobject", "blog_tag"):
        assert count(site, table) == 0, table
    with sqlite3.connect(site / "carnet.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_after_a_killed_import_the_same_import_runs_to_the_end(site, big_export):
    process = start_import(site, big_export)
    wait_for_progress(process)
    process.kill()
    process.wait(timeout=60)
    result = carnet(site, "import", "wordpress", str(big_export))
    assert result.returncode == 0, result.stderr
    assert "posts        imported 800" in result.stdout
    assert count(site, "blog_post") == 800
    assert count(site, "comments_comment") == 1600
