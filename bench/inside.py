"""Benchmarks that run inside a Carnet site's Django: render times and publishing one post.

    .venv/bin/python bench/inside.py render SITE_DIR
    .venv/bin/python bench/inside.py publish SITE_DIR

Each prints one JSON object. `render` times uncached renders of a post page, a home page and
archive pages through Django's test client (every middleware, nothing stored): median and p95
of 200 requests after 10 for warming up. `publish` publishes one new post on a site whose page
store is full (run `carnet build` into public/ first) and times the save until every affected
page is removed (readers get fresh pages from then on), then the re-rendering of those pages.
"""

from __future__ import annotations

import datetime
import json
import os
import statistics
import sys
import time


def setup(site: str) -> None:
    os.environ["CARNET_SITE"] = site
    os.environ["DJANGO_SETTINGS_MODULE"] = "carnet.settings"
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()


def timings(client, url: str, runs: int = 200) -> dict:
    from carnet.publishing.middleware import NO_STORE

    for _ in range(10):
        response = client.get(url, **{NO_STORE: True})
    assert response.status_code == 200, (url, response.status_code)
    spent = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url, **{NO_STORE: True})
        spent.append((time.perf_counter() - started) * 1000)
    spent.sort()
    return {
        "url": url,
        "median_ms": round(statistics.median(spent), 2),
        "p95_ms": round(spent[int(len(spent) * 0.95) - 1], 2),
    }


def render(site: str) -> dict:
    setup(site)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from carnet.blog.models import Post
    from carnet.publishing.middleware import NO_STORE

    client = Client(HTTP_HOST="127.0.0.1")
    posts = Post.objects.public().posts().filter(edition__language="en")
    post = posts.order_by("-published_at")[posts.count() // 2]
    day = post.local_date
    pages = {
        "post page": post.get_absolute_url(),
        "home page": "/",
        "month archive": f"/{day.year}/{day.month:02d}/",
        "category archive": post.categories.first().get_absolute_url(),
        "archives index": "/archives/",
    }
    results = {}
    for name, url in pages.items():
        results[name] = timings(client, url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url, **{NO_STORE: True})
        results[name]["queries"] = len(queries.captured_queries)
    return {"posts": Post.objects.count(), "pages": results}


def publish(site: str) -> dict:
    setup(site)
    from django.db import transaction
    from django.test import Client

    from carnet.blog.models import Category, Edition, Post
    from carnet.publishing.store import page_store

    store = page_store()
    edition = Edition.objects.get(language="en")
    category = Category.objects.filter(edition=edition).first()
    latest = Post.objects.public().posts().filter(edition=edition).order_by("-published_at")[0]
    post = Post(
        edition=edition,
        title="Breaking: the ferry runs again",
        body="It does.\n\n<!--more-->\n\nMore.",
        status=Post.Status.DRAFT,
        published_at=latest.published_at + datetime.timedelta(hours=1),
        author=latest.author,
    )
    post.save()
    post.categories.add(category)
    before = stored_addresses(store.root)
    started = time.perf_counter()
    with transaction.atomic():
        post.status = Post.Status.PUBLISHED
        post.save()
    removed_at = time.perf_counter()
    removed = sorted(before - stored_addresses(store.root))
    # Render the removed pages again, as their next readers would (one process, in a row).
    client = Client(HTTP_HOST="127.0.0.1")
    rendered = sum(client.get(address).status_code == 200 for address in removed)
    done = time.perf_counter()
    return {
        "posts": Post.objects.count(),
        "stored_before": len(before),
        "removed": len(removed),
        "publish_to_fresh_ms": round((removed_at - started) * 1000, 1),
        "rerendered": rendered,
        "rerender_ms": round((done - removed_at) * 1000, 1),
    }


def stored_addresses(root) -> set[str]:
    """The addresses of the pages a page store holds."""
    addresses = set()
    for folder, _dirs, names in os.walk(root):
        relative = os.path.relpath(folder, root)
        prefix = "/" if relative == "." else f"/{relative}/"
        for name in names:
            if name.startswith("index.") and name.count(".") == 1:
                addresses.add(prefix)
            elif name in ("sitemap.xml", "robots.txt") and prefix == "/":
                addresses.add(prefix + name)
    return addresses


if __name__ == "__main__":
    action, site = sys.argv[1], sys.argv[2]
    print(json.dumps({"render": render, "publish": publish}[action](site)))
