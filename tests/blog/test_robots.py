"""robots.txt: where the sitemap is, and what crawlers should leave alone."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def robots_lines(client) -> list[str]:
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode().splitlines()


def test_robots_txt_points_to_the_sitemap_by_its_absolute_address(client, en):
    sitemaps = [
        line.split(" ", 1)[1] for line in robots_lines(client) if line.startswith("Sitemap:")
    ]
    assert len(sitemaps) == 1
    assert sitemaps[0].startswith(("http://", "https://"))
    assert sitemaps[0].endswith("/sitemap.xml")
    assert client.get("/sitemap.xml").status_code == 200


def test_robots_txt_keeps_crawlers_out_of_the_admin_and_previews(client, en):
    lines = robots_lines(client)
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Disallow: /preview/" in lines


def test_robots_txt_keeps_crawlers_out_of_every_editions_search_page(client, en, fr):
    lines = robots_lines(client)
    assert "Disallow: /search/" in lines
    assert "Disallow: /fr/search/" in lines


def test_robots_txt_lets_crawlers_read_the_posts(client, en):
    assert "Disallow: /" not in robots_lines(client)
