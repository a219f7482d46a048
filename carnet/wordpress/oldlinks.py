"""Recording the addresses the WordPress blog used, so they keep answering (with a 301)."""

from __future__ import annotations

import datetime
from urllib.parse import parse_qs, unquote, urlsplit

from carnet.wordpress.models import OldLink
from carnet.wordpress.redirects import QUERY_NAMES, home_query_key, path_key


def normalized_url(url: str) -> str:
    """An address compared loosely: no scheme, no `www.`, no trailing slash, host in lowercase."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    path = unquote(parts.path).rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{path}{query}"


def link_key(url: str, prefix: str) -> str | None:
    """The stored key of an old address (see OldLink.path); None for the home page itself."""
    parts = urlsplit(url.strip())
    query = parse_qs(parts.query)
    for name in QUERY_NAMES:
        if query.get(name):
            return home_query_key(prefix, name, query[name][0])
    path = unquote(parts.path)
    if not path.strip("/"):
        return None
    return prefix + path_key(path)


def with_slug(path_key_: str, old_slug: str) -> str:
    """The same address with its last segment replaced by an older slug."""
    segments = path_key_.strip("/").split("/")
    segments[-1] = old_slug
    return "/" + "/".join(segments) + "/"


def date_path(prefix: str, day: datetime.date, slug: str) -> str:
    return f"{prefix}/{day.year}/{day.month:02d}/{day.day:02d}/{slug}/"


def save_old_links(keys: set[str], **target) -> None:
    """Point each key at the target (a post, category, tag or attachment); later imports win."""
    fields = {"post": None, "category": None, "tag": None, "attachment": None, **target}
    _save({key[:700]: OldLink(path=key[:700], **fields) for key in keys if key})


def save_old_links_for(posts: list[tuple[set[str], object]]) -> None:
    """Old links of many posts in one statement; a later post takes an address from an earlier."""
    _save({key[:700]: OldLink(path=key[:700], post=post) for keys, post in posts for key in keys})


def _save(links: dict[str, OldLink]) -> None:
    if links:
        OldLink.objects.bulk_create(
            [links[key] for key in sorted(links)],
            update_conflicts=True,
            unique_fields=["path"],
            update_fields=["post", "category", "tag", "attachment"],
            batch_size=500,
        )
