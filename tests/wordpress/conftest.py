"""Helpers for the WordPress tests: run the real import command on a fixture file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from PIL import Image

DATA = Path(__file__).parent / "data"


class Imported:
    """What one run of `carnet import wordpress` printed."""

    def __init__(self, stdout: str, stderr: str) -> None:
        self.stdout = stdout
        self.stderr = stderr

    def line(self, kind: str) -> str:
        return next(line for line in self.stdout.splitlines() if line.startswith(kind + " "))


@pytest.fixture
def run_import(en, fr):
    """Import a fixture of tests/wordpress/data (or any path) as `carnet import wordpress` does."""

    def run(name: str | Path, *options: str) -> Imported:
        path = name if isinstance(name, Path) else DATA / name
        out, err = io.StringIO(), io.StringIO()
        call_command("import", "wordpress", str(path), *options, stdout=out, stderr=err)
        return Imported(out.getvalue(), err.getvalue())

    return run


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def uploads(tmp_path) -> Path:
    """A copy of a WordPress uploads folder, with the classic blog's two images."""
    folder = tmp_path / "uploads" / "2020" / "05"
    folder.mkdir(parents=True)
    Image.new("RGB", (640, 480), "grey").save(folder / "heron.jpg")
    Image.new("RGB", (300, 200), "white").save(folder / "egret.png")
    return tmp_path / "uploads"
