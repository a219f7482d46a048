"""Mutated WordPress exports (flipped bytes, cut files, deleted tags) never crash the import:
it either imports, or stops with its own one-line error and leaves the data as it was.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import tests.fuzzing  # noqa: F401  (loads the Hypothesis profile)
from carnet.blog.models import Post
from carnet.comments.models import Comment
from tests.wordpress.generated import make_wxr

pytestmark = pytest.mark.django_db

SOUND = make_wxr(3)
TAGS = [match.span() for match in re.finditer(rb"</?[a-zA-Z:_]+[^>]*>", SOUND)]


@st.composite
def mutated(draw) -> bytes:
    """The sound export, with some bytes flipped, a tag deleted, and/or its end cut off."""
    data = bytearray(SOUND)
    for _flip in range(draw(st.integers(0, 4))):
        where = draw(st.integers(0, len(data) - 1))
        data[where] ^= draw(st.integers(1, 255))
    if draw(st.booleans()):
        start, end = draw(st.sampled_from(TAGS))
        data[start:end] = b""
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return bytes(data)


def import_export(path: Path) -> str | None:
    """Run `carnet import wordpress`; None when it imported, else its one-line error."""
    try:
        call_command("import", "wordpress", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    except CommandError as error:
        return str(error)
    return None


def test_the_sound_export_imports(en, fr, tmp_path):
    path = tmp_path / "export.xml"
    path.write_bytes(SOUND)
    assert import_export(path) is None
    assert Post.objects.count() == 3
    assert "<script" not in Post.objects.first().body_html


@settings(max_examples=120, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutated())
@example(SOUND[: len(SOUND) // 2])
@example(SOUND.replace(b"<channel>", b"", 1))
@example(SOUND.replace(b"UTF-8", b"ISO-2022-JP", 1))
@example(SOUND.replace(b"UTF-8", b"TTF-8", 1))  # an unknown encoding escaped as XMLSyntaxError
def test_a_mutated_export_imports_or_stops_with_one_clear_line(en, fr, tmp_path, data):
    path = tmp_path / "export.xml"
    path.write_bytes(data)
    posts, comments = Post.objects.count(), Comment.objects.count()
    error = import_export(path)
    if error is not None:
        assert error.startswith(str(path)) and "Traceback" not in error
        assert (Post.objects.count(), Comment.objects.count()) == (posts, comments)
    for post in Post.objects.all():
        assert "<script" not in post.body_html.lower()
