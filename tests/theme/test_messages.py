"""The theme's strings: translated into French, in the catalogue that keeps them, extracted."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from carnet.theme.environment import environment
from tests.test_translations import Entry, parse_po

PACKAGE = Path(__file__).resolve().parents[2] / "carnet"
THEME = PACKAGE / "theme"
MAIN = PACKAGE / "locale" / "fr" / "LC_MESSAGES" / "django.po"
COMMENTS = PACKAGE / "comments" / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def theme_strings(root: Path = THEME) -> list[tuple[str, int, str, str | None]]:
    """(template, line, msgid, msgid_plural) for every translatable string of the theme."""
    found = []
    for path in sorted(root.rglob("*.html")):
        name = path.relative_to(root).as_posix()
        for line, _function, message in environment().extract_translations(path.read_text()):
            singular, plural = (message, None) if isinstance(message, str) else message[:2]
            found.append((name, line, singular, plural))
    return found


def catalogue(path: Path) -> dict[str, Entry]:
    return {entry.msgid: entry for entry in parse_po(path)[1:]}


def test_the_theme_has_strings_to_translate():
    names = {name for name, *_ in theme_strings()}
    assert {"base.html", "blog/post.html", "comments/form.html"} <= names


def test_every_theme_string_has_a_french_translation():
    catalogues = {**catalogue(COMMENTS), **catalogue(MAIN)}
    missing = []
    for name, line, msgid, plural in theme_strings():
        entry = catalogues.get(msgid)
        forms = (0, 1) if plural is not None else (0,)
        if (
            entry is None
            or entry.msgid_plural != plural
            or not all(entry.msgstr.get(index) for index in forms)
        ):
            missing.append(f"{name}:{line} {msgid!r}")
    assert not missing, "no French translation for:\n" + "\n".join(missing)


def test_comment_strings_live_in_the_comments_catalogue_and_the_rest_in_the_main_one():
    """makemessages keeps the main catalogue; the comments app's is kept by hand."""
    main, comments = catalogue(MAIN), catalogue(COMMENTS)
    misplaced = [
        f"{name}:{line} {msgid!r}"
        for name, line, msgid, _plural in theme_strings()
        if msgid not in (comments if name.startswith("comments/") else main)
    ]
    assert not misplaced, "not in the catalogue that keeps it:\n" + "\n".join(misplaced)


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext is not installed")
def test_makemessages_keeps_every_theme_string_with_its_place(tmp_path, monkeypatch, settings):
    shutil.copytree(THEME, tmp_path / "theme", ignore=shutil.ignore_patterns("*.py", "__py*"))
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["fr"], verbosity=0)
    po = (tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    extracted = catalogue(tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.po")
    expected = theme_strings(tmp_path / "theme")
    assert set(extracted) == {msgid for _name, _line, msgid, _plural in expected}
    for name, line, msgid, plural in expected:
        assert extracted[msgid].msgid_plural == plural
        assert re.search(rf"^#: .*theme/{re.escape(name)}:{line}\b", po, re.M), (name, line)
    assert not list(tmp_path.rglob("*.html.py")), "stand-in files are left behind"
