"""The interface translations: complete, compiled from the current catalogue, placeholders kept."""

from __future__ import annotations

import ast
import gettext
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

LOCALE_DIR = Path(__file__).resolve().parent.parent / "carnet" / "locale"
CATALOGUES = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po"))

# %(name)s, %s, %d, %.2f … but not the literal %%.
PLACEHOLDER = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0\- +]*(?:\*|\d+)?(?:\.\d+)?[sdifreEgGxXocau%]"
)


@dataclass
class Entry:
    line: int
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    def __str__(self) -> str:
        return f"line {self.line}: {self.msgid!r}"


def parse_po(path: Path) -> list[Entry]:
    """The live entries of a .po file (obsolete `#~` entries are left out)."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int | None] | None = None  # where a continuation line "…" goes
    previous = None  # the keyword before, across blank lines
    flags: set[str] = set()
    keyword = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")\s*$")

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            target = None
            continue
        if line.startswith("#"):  # comments, references, flags, obsolete `#~` entries
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        match = keyword.match(line)
        if match:
            name, index, text = match.group(1), match.group(2), ast.literal_eval(match.group(3))
            if name == "msgctxt" or (name == "msgid" and previous != "msgctxt"):
                entry = Entry(line=number, flags=flags)
                entries.append(entry)
                flags = set()
            target, previous = (name, int(index) if index is not None else None), name
        elif line.startswith('"') and target is not None:
            text = ast.literal_eval(line)
        else:
            raise AssertionError(f"{path}:{number}: cannot parse {raw!r}")
        assert entry is not None, f"{path}:{number}: text before the first msgid"
        name, index = target
        if name == "msgstr":
            entry.msgstr[index or 0] = entry.msgstr.get(index or 0, "") + text
        else:
            setattr(entry, name, (getattr(entry, name) or "") + text)
    return entries


def placeholders(text: str) -> tuple[set[str], int]:
    """The named placeholders of a format string, and how many unnamed ones it has."""
    named, unnamed = set(), 0
    for match in PLACEHOLDER.finditer(text):
        if match.group(0) == "%%":
            continue
        if match.group("name") is not None:
            named.add(match.group("name"))
        else:
            unnamed += 1
    return named, unnamed


def header(entries: list[Entry]) -> dict[str, str]:
    first = entries[0]
    assert first.msgid == "" and first.msgctxt is None, "the catalogue has no header entry"
    fields = {}
    for line in first.msgstr[0].splitlines():
        name, _, value = line.partition(":")
        fields[name.strip()] = value.strip()
    return fields


@pytest.fixture(params=CATALOGUES, ids=lambda path: path.parent.parent.name)
def po_path(request) -> Path:
    return request.param


def test_there_is_a_french_catalogue():
    assert LOCALE_DIR / "fr" / "LC_MESSAGES" / "django.po" in CATALOGUES


def test_the_header_names_the_language_and_its_plural_rule(po_path):
    fields = header(parse_po(po_path))
    language = po_path.parent.parent.name
    assert fields["Language"] == language
    assert fields["Content-Type"] == "text/plain; charset=UTF-8"
    if language == "fr":
        assert fields["Plural-Forms"] == "nplurals=2; plural=(n > 1);"


def test_every_message_is_translated_and_none_is_fuzzy(po_path):
    entries = parse_po(po_path)
    nplurals = int(re.search(r"nplurals=(\d+)", header(entries)["Plural-Forms"]).group(1))
    fuzzy = [str(entry) for entry in entries if "fuzzy" in entry.flags]
    untranslated = []
    for entry in entries[1:]:
        expected = range(nplurals) if entry.msgid_plural is not None else range(1)
        if any(not entry.msgstr.get(index) for index in expected):
            untranslated.append(str(entry))
    assert not fuzzy, f"fuzzy entries: {fuzzy}"
    assert not untranslated, f"untranslated entries: {untranslated}"
    assert "#, fuzzy" not in po_path.read_text(encoding="utf-8")


def test_placeholders_are_kept(po_path):
    wrong = []
    for entry in parse_po(po_path)[1:]:
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural is not None else [])
        python_format = "python-format" in entry.flags
        if not python_format and not any(placeholders(source)[0] for source in sources):
            continue
        allowed = set().union(*(placeholders(source)[0] for source in sources))
        for index, translation in entry.msgstr.items():
            # msgstr[0] translates the msgid; the other plural forms translate msgid_plural.
            source = entry.msgid if index == 0 or entry.msgid_plural is None else entry.msgid_plural
            wanted, unnamed = placeholders(source)
            found, found_unnamed = placeholders(translation)
            if wanted - found or found - allowed or found_unnamed != unnamed:
                wrong.append(f"{entry} → msgstr[{index}] {translation!r}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def test_french_typography(po_path):
    """A no-break space before : ; ? ! » and after «, and curly apostrophes, in every message."""
    if po_path.parent.parent.name != "fr":
        pytest.skip("French typography only applies to the French catalogue")
    wrong = []
    for entry in parse_po(po_path)[1:]:
        for translation in entry.msgstr.values():
            text = re.sub(r"<[^>]*>", "", translation)  # markup keeps its own quoting
            if re.search(r"[ \t][:;?!»]|«[ \t]|\w[:;?!»]|«\w|'", text):
                wrong.append(f"{entry} → {translation!r}")
    assert not wrong, "French typography:\n" + "\n".join(wrong)


def test_the_compiled_catalogue_matches_the_po_file(po_path, tmp_path):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip(
            "msgfmt (GNU gettext) is not installed, so the .po cannot be compiled to compare"
        )
    committed = po_path.with_suffix(".mo")
    assert committed.exists(), f"{committed} is missing: run `carnet compilemessages`"
    fresh = tmp_path / "django.mo"
    subprocess.run([msgfmt, "--check", "-o", str(fresh), str(po_path)], check=True)
    with committed.open("rb") as old, fresh.open("rb") as new:
        committed_catalog = gettext.GNUTranslations(old)._catalog
        fresh_catalog = gettext.GNUTranslations(new)._catalog
    stale = sorted(
        str(key)
        for key in committed_catalog.keys() | fresh_catalog.keys()
        if committed_catalog.get(key) != fresh_catalog.get(key)
    )
    assert not stale, f"{committed} is out of date with the .po (run compilemessages): {stale}"
