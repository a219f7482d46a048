"""The site directory: create it, read and check its carnet.toml, find it from inside."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path

import pytest

from carnet.site import CONFIG_NAME, SiteError, create_site, find_site, load_site

SECRET = "x" * 40


def write_config(root: Path, text: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / CONFIG_NAME).write_text(text, encoding="utf-8")
    return root


def test_create_site_makes_the_folders_and_a_readable_config(tmp_path):
    site = create_site(tmp_path / "blog")
    assert site.root == (tmp_path / "blog").resolve()
    for folder in (site.media_dir, site.public_dir, site.static_dir):
        assert folder.is_dir()
    config = tomllib.loads(site.config_path.read_text())
    assert config["site"]["languages"] == ["en", "fr"]
    assert config["comments"]["moderation"] == "first"
    assert site.database_path == site.root / "carnet.sqlite3"


def test_create_site_keeps_the_languages_and_time_zone_given(tmp_path):
    site = create_site(tmp_path / "blog", languages=["fr", "de"], time_zone="UTC")
    assert site.languages == ["fr", "de"]
    assert site.setting("site", "time_zone") == "UTC"


def test_each_new_site_gets_its_own_long_secret_key(tmp_path):
    first = create_site(tmp_path / "one").setting("site", "secret_key")
    second = create_site(tmp_path / "two").setting("site", "secret_key")
    assert first != second and len(first) >= 32


def test_create_site_accepts_an_existing_empty_directory(tmp_path):
    assert create_site(tmp_path).config_path.is_file()


def test_create_site_refuses_to_overwrite_a_site(tmp_path):
    create_site(tmp_path / "blog")
    before = (tmp_path / "blog" / CONFIG_NAME).read_text()
    with pytest.raises(SiteError, match="already exists"):
        create_site(tmp_path / "blog")
    assert (tmp_path / "blog" / CONFIG_NAME).read_text() == before


def test_create_site_refuses_a_path_that_is_a_file(tmp_path):
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(SiteError, match="not a directory"):
        create_site(tmp_path / "file")


def test_load_site_reads_settings_with_defaults_for_missing_ones(tmp_path):
    root = write_config(tmp_path, f'[site]\nlanguages = ["en"]\nsecret_key = "{SECRET}"\n')
    site = load_site(root)
    assert site.languages == ["en"]
    assert site.setting("site", "debug", False) is False
    assert site.setting("comments", "moderation", "first") == "first"


def test_load_site_names_a_missing_directory(tmp_path):
    with pytest.raises(SiteError, match="no such site directory") as error:
        load_site(tmp_path / "nowhere")
    assert str(tmp_path / "nowhere") in str(error.value)


def test_load_site_names_the_missing_config(tmp_path):
    with pytest.raises(SiteError, match="carnet.toml is missing"):
        load_site(tmp_path)


@pytest.mark.parametrize(
    ("config", "complaint"),
    [
        ("[site\n", "cannot be read as TOML"),
        (f'[site]\nlanguages = "en"\nsecret_key = "{SECRET}"\n', "must be a list"),
        (f'[site]\nlanguages = []\nsecret_key = "{SECRET}"\n', "must be a list"),
        (f'[site]\nlanguages = ["en", "xx"]\nsecret_key = "{SECRET}"\n', "unknown language 'xx'"),
        (f'[site]\nlanguages = ["en", "en"]\nsecret_key = "{SECRET}"\n', "twice"),
        ('[site]\nlanguages = ["en"]\nsecret_key = "short"\n', "secret_key"),
        ('[site]\nlanguages = ["en"]\n', "secret_key"),
        (
            f'[site]\nsecret_key = "{SECRET}"\n[comments]\nmoderation = "some"\n',
            "moderation",
        ),
        (f'[site]\nsecret_key = "{SECRET}"\ntime_zone = "Mars/Base"\n', "time_zone"),
        (f'[site]\nsecret_key = "{SECRET}"\nallowed_hosts = "localhost"\n', "allowed_hosts"),
        (f'[site]\nsecret_key = "{SECRET}"\ndebug = "yes"\n', "debug"),
    ],
    ids=[
        "bad-toml",
        "languages-not-a-list",
        "no-languages",
        "unknown-language",
        "language-twice",
        "short-secret",
        "no-secret",
        "bad-moderation",
        "unknown-time-zone",
        "hosts-not-a-list",
        "debug-not-a-boolean",
    ],
)
def test_load_site_refuses_a_broken_config_naming_the_file(tmp_path, config, complaint):
    root = write_config(tmp_path, config)
    with pytest.raises(SiteError, match=complaint) as error:
        load_site(root)
    assert str(root / CONFIG_NAME) in str(error.value)
    assert "\n" not in str(error.value)


def test_load_site_refuses_a_config_that_is_not_utf8(tmp_path):
    tmp_path.joinpath(CONFIG_NAME).write_bytes(b'[site]\ntitle = "\xff"\n')
    with pytest.raises(SiteError, match="cannot be read as TOML"):
        load_site(tmp_path)


def test_find_site_uses_the_directory_named(tmp_path):
    assert find_site(str(tmp_path / "any"), cwd=Path("/")) == (tmp_path / "any").resolve()


def test_find_site_walks_up_from_a_subdirectory(tmp_path):
    site = create_site(tmp_path / "blog")
    deep = site.root / "media" / "2026" / "02"
    deep.mkdir(parents=True)
    assert find_site(None, cwd=deep) == site.root
    assert find_site(None, cwd=site.root) == site.root


def test_find_site_outside_any_site_says_what_to_do(tmp_path):
    with pytest.raises(SiteError, match="not inside a Carnet site") as error:
        find_site(None, cwd=tmp_path)
    assert "carnet init" in str(error.value) and "--site" in str(error.value)


@pytest.mark.parametrize(
    "options", [{"languages": ["en", "xx"]}, {"time_zone": "Mars/Base"}], ids=["language", "zone"]
)
def test_create_site_with_bad_options_writes_nothing(tmp_path, options):
    root = tmp_path / "new"
    with pytest.raises(SiteError):
        create_site(root, **options)
    assert not root.exists()
    create_site(root)  # the same directory can be used once the options are fixed


# [media] ---------------------------------------------------------------------------------


def media_config(**media: object) -> str:
    lines = [f"{name} = {value}" for name, value in media.items()]
    return f'[site]\nsecret_key = "{SECRET}"\n[media]\n' + "\n".join(lines) + "\n"


def test_a_new_site_keeps_its_media_in_its_own_folder(tmp_path):
    site = create_site(tmp_path / "blog")
    assert site.config["media"]["storage"] == "local"
    assert site.config["media"]["querystring_auth"] is False


def test_a_bucket_with_an_endpoint_a_cdn_and_a_prefix_is_accepted(tmp_path):
    root = write_config(
        tmp_path,
        media_config(
            storage='"s3"',
            bucket='"blog-media"',
            endpoint_url='"https://s3.fr-par.scw.cloud"',
            region='"fr-par"',
            custom_domain='"media.example.org"',
            location='"carnet"',
        ),
    )
    assert load_site(root).setting("media", "bucket") == "blog-media"


@pytest.mark.parametrize(
    ("media", "complaint"),
    [
        ({"storage": '"ftp"'}, 'storage must be "local" or "s3"'),
        ({"storage": '"s3"'}, 'needs the bucket\'s name alone, such as bucket = "my-blog-media"'),
        ({"storage": '"s3"', "bucket": '"s3://blog"'}, "needs the bucket's name alone"),
        ({"storage": '"s3"', "bucket": '"b1"', "endpoint_url": '"s3.example.org"'}, "http://"),
        ({"storage": '"s3"', "bucket": '"b1"', "endpoint_url": '"ftp://s3.example"'}, "http://"),
        ({"storage": '"s3"', "bucket": '"b1"', "custom_domain": '"https://cdn.example"'}, "host"),
        ({"bucket": "42"}, "bucket must be a string"),
        ({"querystring_auth": "true"}, "querystring_auth must be false"),
        ({"querystring_auth": '"no"'}, "querystring_auth must be false"),
        ({"bukcet": '"blog"'}, "bukcet is not a setting"),
    ],
    ids=[
        "unknown-storage",
        "no-bucket",
        "bucket-as-url",
        "endpoint-without-scheme",
        "endpoint-not-http",
        "cdn-as-url",
        "bucket-not-a-string",
        "signed-addresses",
        "querystring-auth-not-a-boolean",
        "typo",
    ],
)
def test_a_broken_media_section_is_refused_naming_the_file_and_setting(tmp_path, media, complaint):
    root = write_config(tmp_path, media_config(**media))
    with pytest.raises(SiteError, match=re.escape(complaint)) as error:
        load_site(root)
    assert f"{root / CONFIG_NAME}: [media]" in str(error.value)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(
    "name", ["access_key", "secret_key", "aws_secret_access_key", "AWS_ACCESS_KEY_ID", "token"]
)
def test_keys_in_the_media_section_are_refused_and_sent_to_the_environment(tmp_path, name):
    root = write_config(
        tmp_path, media_config(storage='"s3"', bucket='"b1"', **{name: '"AKIAEXAMPLE"'})
    )
    with pytest.raises(SiteError, match="keys never go in carnet.toml") as error:
        load_site(root)
    assert "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment" in str(error.value)
    assert "AKIAEXAMPLE" not in str(error.value)


def test_a_bucket_without_django_storages_installed_says_what_to_install(tmp_path, monkeypatch):
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *args: None if name == "storages" else real_find_spec(name, *args),
    )
    root = write_config(tmp_path, media_config(storage='"s3"', bucket='"b1"'))
    with pytest.raises(SiteError, match=re.escape('pip install "carnet[s3]"')):
        load_site(root)
