"""The `carnet` command, run for real as a subprocess on site directories made for each test."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.commandline import carnet

STRONG_PASSWORD = "a long enough password 42"


def createuser(site: Path, name: str, *options: str, password: str = STRONG_PASSWORD):
    """`carnet createuser NAME OPTIONS --password-stdin` on `site`, the password typed in."""
    return carnet(
        "--site",
        str(site),
        "createuser",
        name,
        *options,
        "--password-stdin",
        cwd=site.parent,
        stdin=password + "\n",
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    """A failure for people: non-zero exit, no traceback, one line naming what is wrong."""
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """One site made by `carnet init`, shared by the tests that only read it or add users."""
    parent = tmp_path_factory.mktemp("cli")
    result = carnet("init", "site", cwd=parent)
    assert result.returncode == 0, result.stderr
    return parent / "site"


def users(site: Path) -> dict[str, tuple[int, int, list[str]]]:
    """Each user's (is_staff, is_superuser, groups), read straight from the site's database."""
    with sqlite3.connect(site / "carnet.sqlite3") as db:
        rows = db.execute(
            "SELECT u.username, u.is_staff, u.is_superuser, g.name FROM auth_user u"
            " LEFT JOIN auth_user_groups ug ON ug.user_id = u.id"
            " LEFT JOIN auth_group g ON g.id = ug.group_id"
        ).fetchall()
    found: dict[str, tuple[int, int, list[str]]] = {}
    for username, is_staff, is_superuser, group in rows:
        found.setdefault(username, (is_staff, is_superuser, []))[2].extend([group] if group else [])
    return found


def test_init_makes_a_site_directory_with_its_database(tmp_path):
    result = carnet("init", "blog", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "blog"
    assert (site / "carnet.toml").is_file()
    assert (site / "carnet.sqlite3").is_file()
    assert (site / "media").is_dir() and (site / "public").is_dir()
    assert "Created a Carnet site" in result.stdout


def test_init_writes_the_languages_asked_for(tmp_path):
    result = carnet("init", "blog", "--languages", "fr,en", "--time-zone", "UTC", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    config = (tmp_path / "blog" / "carnet.toml").read_text()
    assert 'languages = ["fr", "en"]' in config
    assert 'time_zone = "UTC"' in config


def test_init_refuses_a_directory_that_holds_a_site(site):
    config = (site / "carnet.toml").read_text()
    result = carnet("init", str(site), cwd=site.parent)
    assert_one_line_error(result, str(site), "already exists")
    assert (site / "carnet.toml").read_text() == config


def test_a_command_outside_any_site_says_how_to_make_one(tmp_path):
    result = carnet("check", cwd=tmp_path)
    assert_one_line_error(result, "not inside a Carnet site", "--site", "carnet init")


def test_a_command_inside_a_subdirectory_finds_the_site_above(site):
    result = carnet("check", cwd=site / "media")
    assert result.returncode == 0, result.stderr


def test_site_option_naming_a_missing_directory_is_one_line(tmp_path):
    result = carnet("--site", str(tmp_path / "nowhere"), "check", cwd=tmp_path)
    assert_one_line_error(result, str(tmp_path / "nowhere"), "carnet init")


def test_site_option_naming_a_directory_without_carnet_toml_is_one_line(tmp_path):
    result = carnet("--site", str(tmp_path), "check", cwd=tmp_path)
    assert_one_line_error(result, "carnet.toml is missing")


def broken_site(tmp_path: Path, config: str) -> Path:
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "carnet.toml").write_text(config)
    return tmp_path / "broken"


GOOD_SECRET = "s" * 40


@pytest.mark.parametrize(
    ("config", "complaint"),
    [
        ("[site\nlanguages = ", "cannot be read as TOML"),
        (f'[site]\nlanguages = ["en", "xx"]\nsecret_key = "{GOOD_SECRET}"\n', "'xx'"),
        ('[site]\nlanguages = ["en"]\nsecret_key = "short"\n', "secret_key"),
    ],
    ids=["bad-toml", "unknown-language", "short-secret"],
)
def test_a_broken_carnet_toml_is_one_line_naming_the_file(tmp_path, config, complaint):
    broken = broken_site(tmp_path, config)
    result = carnet("--site", str(broken), "check", cwd=tmp_path)
    assert_one_line_error(result, str(broken / "carnet.toml"), complaint)


def test_site_option_works_before_or_after_the_command(site):
    before = carnet("--site", str(site), "check", cwd=site.parent)
    after = carnet("check", "--site", str(site), cwd=site.parent)
    equals = carnet("check", f"--site={site}", cwd=site.parent)
    for result in (before, after, equals):
        assert result.returncode == 0, result.stderr
        assert "no issues" in result.stdout


def test_createuser_makes_a_staff_writer_in_the_writers_group(site):
    result = createuser(site, "annie")
    assert result.returncode == 0, result.stderr
    assert users(site)["annie"] == (1, 0, ["Writers"])


def test_createuser_admin_makes_a_superuser(site):
    result = createuser(site, "boss", "--admin")
    assert result.returncode == 0, result.stderr
    assert users(site)["boss"][:2] == (1, 1)


def test_createuser_refuses_a_weak_password(site):
    result = createuser(site, "weak", password="password")
    assert result.returncode != 0
    assert "password refused" in result.stderr and "Traceback" not in result.stderr
    assert "weak" not in users(site)


def test_createuser_refuses_a_name_taken_already(site):
    first = createuser(site, "twice")
    assert first.returncode == 0, first.stderr
    second = createuser(site, "twice")
    assert second.returncode != 0
    assert "exists already" in second.stderr and "Traceback" not in second.stderr


def test_createuser_without_a_terminal_asks_for_password_stdin(site):
    result = carnet("--site", str(site), "createuser", "nopass", cwd=site.parent)
    assert result.returncode != 0
    assert "--password-stdin" in result.stderr and "Traceback" not in result.stderr


def test_the_created_user_is_seen_by_django_too(site):
    createuser(site, "seen")
    code = (
        "from django.contrib.auth.models import User; u = User.objects.get(username='seen');"
        " print(u.is_staff, list(u.groups.values_list('name', flat=True)))"
    )
    result = carnet("--site", str(site), "shell", "-c", code, cwd=site.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True ['Writers']"


@pytest.mark.parametrize("args", [["help"], [], ["--help"]])
def test_help_lists_the_commands(tmp_path, args):
    result = carnet(*args, cwd=tmp_path)
    assert result.returncode == 0
    for command in ("init", "demo", "serve", "createuser"):
        assert command in result.stdout


def test_help_on_one_command_shows_its_options(site):
    result = carnet("--site", str(site), "help", "createuser", cwd=site.parent)
    assert result.returncode == 0, result.stderr
    assert "--password-stdin" in result.stdout


def test_check_passes_on_a_new_site(site):
    result = carnet("check", cwd=site)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("port", ["0", "70000"])
def test_serve_rejects_a_port_out_of_range(site, port):
    result = carnet("serve", "--port", port, cwd=site)
    assert result.returncode != 0
    assert f"--port {port}" in result.stderr and "Traceback" not in result.stderr
