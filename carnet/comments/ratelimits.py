"""How many comments one IP address or one email address may send in a while.

Counters live in Django's cache: in memory for one process, in Redis (CACHE_URL) for a
site served by several processes or machines, which is what makes the limit hold there.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


class RateLimited(Exception):
    """Too many comments from one sender; `who` is "ip" or "email"."""

    def __init__(self, who: str, limit: int, minutes: int) -> None:
        super().__init__(f"more than {limit} comments by {who} in {minutes} minutes")
        self.who, self.limit, self.minutes = who, limit, minutes


def _key(who: str, value: str) -> str:
    # Hashed: the cache (perhaps a shared Redis) needs no readable addresses.
    digest = hashlib.sha256(f"{who}:{value}".encode()).hexdigest()[:32]
    return f"carnet:comments:rate:{who}:{digest}"


def _count(who: str, value: str, minutes: int) -> int:
    """Add one to this sender's counter for the current window, and return it."""
    key = _key(who, value)
    cache.add(key, 0, timeout=minutes * 60)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=minutes * 60)
        return 1


def count_comment(ip: str | None, email: str) -> None:
    """Count one comment against its IP address and email; raise RateLimited past a limit."""
    minutes = settings.CARNET["comment_rate_window_minutes"]
    if not minutes:
        return
    senders = [
        ("ip", ip or "", settings.CARNET["comment_max_per_ip"]),
        ("email", email.strip().lower(), settings.CARNET["comment_max_per_email"]),
    ]
    for who, value, limit in senders:
        if value and limit and _count(who, value, minutes) > limit:
            raise RateLimited(who, limit, minutes)
