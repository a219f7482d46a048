"""The [comments] settings of carnet.toml: checked when the site loads, read by settings.py."""

from __future__ import annotations

import pytest

from carnet.site import SiteError, create_site, load_site
from tests.comments.conftest import settings_of


@pytest.fixture
def site_dir(tmp_path):
    return create_site(tmp_path / "site").root


def write_comments(root, lines: str) -> None:
    config = root / "carnet.toml"
    text = config.read_text()
    start = text.index("[comments]")
    end = text.index("[email]")
    config.write_text(text[:start] + "[comments]\n" + lines + "\n\n" + text[end:])


def test_a_new_site_holds_every_comment_setting_with_its_default(site_dir):
    site = load_site(site_dir)
    assert site.setting("comments", "max_depth") == 5
    assert site.setting("comments", "max_links") == 2
    assert (site.setting("comments", "min_seconds"), site.setting("comments", "max_days")) == (3, 7)
    assert site.setting("comments", "blocklist") == []
    assert site.setting("email", "smtp_host") == ""


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ("max_depth = -1", "[comments] max_depth must be a whole number, 0 or more."),
        ('max_links = "2"', "[comments] max_links must be a whole number, 0 or more."),
        ("min_seconds = true", "[comments] min_seconds must be a whole number, 0 or more."),
        ('blocklist = "casino"', "[comments] blocklist must be a list of strings"),
        ('behind_proxy = "yes"', "[comments] behind_proxy must be true or false"),
        ('blocklist_file = "spam.txt"', "spam.txt does not exist"),
    ],
)
def test_a_comment_setting_that_cannot_work_is_named_in_one_line(site_dir, lines, message):
    write_comments(site_dir, lines)
    with pytest.raises(SiteError) as error:
        load_site(site_dir)
    assert message in str(error.value) and str(site_dir / "carnet.toml") in str(error.value)


def test_the_blocklist_file_is_read_after_the_listed_words(site_dir, monkeypatch):
    (site_dir / "spam.txt").write_text(
        "# words that mean spam\ncasino\n\n@junk.example  # domain\n"
    )
    write_comments(site_dir, 'blocklist = ["pills"]\nblocklist_file = "spam.txt"')
    made = settings_of(site_dir, monkeypatch)
    assert made["CARNET"]["comment_blocklist"] == ["pills", "casino", "@junk.example"]


def test_the_comment_settings_reach_django_settings(site_dir, monkeypatch):
    write_comments(
        site_dir, 'moderation = "all"\nmax_depth = 3\nmax_per_ip = 0\nbehind_proxy = true'
    )
    made = settings_of(site_dir, monkeypatch)["CARNET"]
    assert made["comment_moderation"] == "all" and made["comment_max_depth"] == 3
    assert made["comment_max_per_ip"] == 0 and made["comment_behind_proxy"] is True
    assert made["comment_max_links"] == 2 and made["comment_rate_window_minutes"] == 60


def test_the_security_sections_behind_proxy_covers_comments_too(site_dir, monkeypatch):
    config = site_dir / "carnet.toml"
    before, security = config.read_text().split("[security]\n", 1)
    security = security.replace("behind_proxy = false", "behind_proxy = true", 1)
    config.write_text(before + "[security]\n" + security)
    made = settings_of(site_dir, monkeypatch)
    assert made["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert made["CARNET"]["comment_behind_proxy"] is True
