"""Production settings: `carnet check --deploy` and HTTPS behaviour of a real public site."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

import pytest

from tests.realsite import RealSite, make_site, serving

PUBLIC = {
    'base_url = "http://127.0.0.1:8000"': 'base_url = "https://blog.example.org"',
    'smtp_host = ""': 'smtp_host = "smtp.example.org"',
}


def configure(site: RealSite, changes: dict[str, str]) -> None:
    config = site.root / "carnet.toml"
    text = config.read_text()
    for old, new in changes.items():
        assert old in text, old
        text = text.replace(old, new)
    config.write_text(text)


@pytest.fixture(scope="module")
def public_site(tmp_path_factory) -> RealSite:
    """A site on SQLite with an https:// base_url, debug off, mail sent by SMTP, behind nginx."""
    site = make_site(tmp_path_factory.mktemp("public") / "site")
    configure(site, {**PUBLIC, "behind_proxy = false\n# After": "behind_proxy = true\n# After"})
    return site


def check_deploy(site: RealSite):
    return site.carnet("check", "--deploy", "--fail-level", "WARNING", check=False)


def test_a_public_https_site_passes_check_deploy_with_no_warning(public_site):
    done = check_deploy(public_site)
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout


def test_a_site_still_on_http_fails_check_deploy(tmp_path):
    done = check_deploy(make_site(tmp_path / "site"))
    assert done.returncode != 0
    assert "security.W004" in done.stderr and "security.W008" in done.stderr  # HSTS, redirect


def test_hsts_without_subdomains_or_preload_is_reported_by_check_deploy(tmp_path):
    site = make_site(tmp_path / "site")
    configure(
        site,
        {
            **PUBLIC,
            "hsts_include_subdomains = true": "hsts_include_subdomains = false",
            "hsts_preload = true": "hsts_preload = false",
        },
    )
    done = check_deploy(site)
    assert "security.W005" in done.stderr and "security.W021" in done.stderr


def test_a_security_setting_of_the_wrong_kind_stops_carnet_with_one_line(tmp_path):
    site = make_site(tmp_path / "site")
    configure(site, {"hsts_seconds = 31536000": 'hsts_seconds = "a year"'})
    done = site.carnet("check", check=False)
    assert done.returncode != 0
    assert done.stderr.strip().splitlines() == [
        f"carnet: {site.root / 'carnet.toml'}: [security] hsts_seconds must be a whole number, "
        "0 or more."
    ]


def get(base: str, path: str, **headers: str) -> http.client.HTTPResponse:
    address = urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_behind_a_proxy_http_is_redirected_and_https_pages_carry_hsts_even_from_the_store(
    public_site,
):
    with serving(public_site) as base:
        plain = get(base, "/")
        assert plain.status == 301
        assert plain.headers["Location"].startswith("https://")
        for _time in ("rendered", "from the page store"):
            page = get(base, "/", **{"X-Forwarded-Proto": "https"})
            assert page.status == 200
            hsts = page.headers["Strict-Transport-Security"]
            assert hsts == "max-age=31536000; includeSubDomains; preload"
            assert "default-src 'self'" in page.headers["Content-Security-Policy"]
            assert page.headers["X-Content-Type-Options"] == "nosniff"
            assert page.headers["Cross-Origin-Opener-Policy"] == "same-origin"


# The fast path (carnet/publishing/fastpath.py) answers from the store before Django's
# SecurityMiddleware, and copies only the headers it lists: reported to the lead.
def test_a_stored_page_is_not_served_over_plain_http(public_site):
    with serving(public_site) as base:
        for _time in ("rendered", "from the page store"):
            assert get(base, "/", **{"X-Forwarded-Proto": "https"}).status == 200
        assert get(base, "/").status == 301


def test_a_stored_page_keeps_the_permissions_policy(public_site):
    with serving(public_site) as base:
        for _time in ("rendered", "from the page store"):
            page = get(base, "/feed/", **{"X-Forwarded-Proto": "https"})
            assert page.status == 200
            assert "camera=()" in page.headers.get("Permissions-Policy", "")
