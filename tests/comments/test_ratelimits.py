"""Rate limits per IP address and per email address, counted in Django's cache.

Run once more with CACHE_URL=redis://127.0.0.1:6379/1 to check them on Redis.
"""

from __future__ import annotations

import os

import pytest
from django.conf import settings

from carnet.comments import ratelimits
from carnet.comments.models import Comment

pytestmark = pytest.mark.django_db


def test_the_cache_in_use_is_the_one_the_environment_names():
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend.endswith("RedisCache" if os.environ.get("CACHE_URL") else "LocMemCache")


def test_one_ip_address_may_send_up_to_its_limit_then_is_told_to_wait(send, post, carnet):
    carnet(max_per_ip=3, max_per_email=0, rate_window_minutes=60)
    codes = [send(post, email=f"r{n}@example.org").status_code for n in range(3)]
    refused = send(post, email="r9@example.org", body="My fourth words")
    assert codes == [303, 303, 303] and refused.status_code == 429
    assert "3 comments have come from your network address in the last 60 minutes" in refused.text
    assert "My fourth words" in refused.text
    assert Comment.objects.count() == 3


def test_one_email_address_may_send_up_to_its_limit_whatever_its_case(send, post, carnet):
    carnet(max_per_ip=0, max_per_email=2, rate_window_minutes=10)
    assert send(post, email="Bea@example.org").status_code == 303
    assert send(post, email="bea@EXAMPLE.org").status_code == 303
    refused = send(post, email="bea@example.org")
    assert refused.status_code == 429
    assert "You have sent 2 comments with this email address in the last 10 minutes" in (
        refused.text
    )
    assert send(post, email="carl@example.org").status_code == 303


def test_a_window_of_zero_minutes_turns_the_limits_off(send, post, carnet):
    carnet(max_per_ip=1, max_per_email=1, rate_window_minutes=0)
    assert [send(post).status_code for _ in range(3)] == [303, 303, 303]


def test_counters_are_kept_per_sender(carnet):
    carnet(max_per_ip=2, max_per_email=0, rate_window_minutes=5)
    ratelimits.count_comment("192.0.2.1", "")
    ratelimits.count_comment("192.0.2.1", "")
    ratelimits.count_comment("192.0.2.2", "")
    with pytest.raises(ratelimits.RateLimited) as limited:
        ratelimits.count_comment("192.0.2.1", "")
    assert (limited.value.who, limited.value.limit, limited.value.minutes) == ("ip", 2, 5)


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(send, post, carnet):
    carnet(behind_proxy=True, max_per_ip=0)
    headers = {"Origin": "http://testserver", "X-Forwarded-For": "198.51.100.9, 203.0.113.5"}
    send(post, headers=headers)
    assert Comment.objects.get().ip_address == "203.0.113.5"


def test_without_a_proxy_a_forwarded_address_is_ignored(send, post, carnet):
    send(post, headers={"Origin": "http://testserver", "X-Forwarded-For": "203.0.113.5"})
    assert Comment.objects.get().ip_address == "127.0.0.1"
