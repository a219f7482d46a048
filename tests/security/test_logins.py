"""Signing in to the admin: throttled per account and address, one answer for every failure."""

from __future__ import annotations

import re
import time

import pytest
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.core.cache.backends import locmem
from django.test import Client

from carnet import settings as carnet_settings

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough password 42"
WRONG_LOGIN = "Please enter the correct username and password for a staff account."
HELD_BACK = "Too many failed sign-ins for this account from your address."


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def sign_in(client, username: str, password: str, address: str = "198.51.100.7", **headers):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


def form_errors(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'<p class="errornote">\s*(.*?)\s*</p>', html, re.S)


@pytest.fixture
def later(monkeypatch, settings):
    """Move the cache's clock forward by some minutes, as the cool-off would see it.

    Only an in-process cache can be given a false clock (Redis expires keys by its own), so
    these tests use Django's memory cache whatever CACHE_URL says.
    """
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "later"}
    }

    def move(minutes: int) -> None:
        now = time.time() + minutes * 60
        monkeypatch.setattr(locmem.time, "time", lambda: now)

    return move


def test_an_unknown_account_and_a_wrong_password_get_the_same_answer(client, writer):
    unknown = sign_in(client, "nobody", PASSWORD)
    wrong = sign_in(client, "annie", "not the password")
    assert unknown.status_code == wrong.status_code == 200
    assert form_errors(unknown) == form_errors(wrong)
    assert WRONG_LOGIN in form_errors(wrong)[0]


def test_after_five_failures_even_the_right_password_is_refused_for_that_account_and_address(
    client, writer
):
    for _attempt in range(5):
        assert WRONG_LOGIN in form_errors(sign_in(client, "annie", "guess"))[0]
    refused = sign_in(client, "annie", PASSWORD)
    assert not signed_in(refused)
    assert HELD_BACK in form_errors(refused)[0]
    assert "15 minutes" in form_errors(refused)[0]


def test_a_held_back_unknown_account_gets_the_same_answer_as_a_real_one(client, writer):
    for _attempt in range(5):
        sign_in(client, "annie", "guess")
        sign_in(client, "nobody", "guess")
    real, unknown = sign_in(client, "annie", "guess"), sign_in(client, "nobody", "guess")
    assert real.status_code == unknown.status_code == 200
    assert form_errors(real) == form_errors(unknown) != []


def test_the_owner_signs_in_from_another_address_while_one_address_is_held_back(client, writer):
    for _attempt in range(6):
        sign_in(client, "annie", "guess", address="203.0.113.9")
    assert signed_in(sign_in(client, "annie", PASSWORD, address="198.51.100.7"))


def test_four_failures_and_a_success_start_the_count_again(client, writer):
    for _attempt in range(4):
        sign_in(client, "annie", "guess")
    assert signed_in(sign_in(client, "annie", PASSWORD))
    client.logout()
    for _attempt in range(4):
        sign_in(client, "annie", "guess")
    assert signed_in(sign_in(client, "annie", PASSWORD))


def test_the_cool_off_expires_however_often_the_attacker_keeps_trying(client, writer, later):
    for _attempt in range(5):
        sign_in(client, "annie", "guess")
    later(10)
    for _attempt in range(20):
        assert HELD_BACK in form_errors(sign_in(client, "annie", "guess"))[0]
    later(16)
    assert signed_in(sign_in(client, "annie", PASSWORD))


def test_the_limit_and_the_cool_off_come_from_the_settings(client, writer, settings, later):
    settings.CARNET = {**settings.CARNET, "login_attempts": 2, "login_cooloff_minutes": 1}
    sign_in(client, "annie", "guess")
    sign_in(client, "annie", "guess")
    assert "1 minutes" in form_errors(sign_in(client, "annie", PASSWORD))[0]
    later(2)
    assert signed_in(sign_in(client, "annie", PASSWORD))


def test_behind_a_proxy_the_address_is_the_one_the_proxy_forwarded(client, writer, settings):
    settings.CARNET = {**settings.CARNET, "behind_proxy": True}
    for _attempt in range(5):
        sign_in(client, "annie", "guess", address="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    held = sign_in(
        client, "annie", PASSWORD, address="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    assert HELD_BACK in form_errors(held)[0]
    other = sign_in(
        client, "annie", PASSWORD, address="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    assert signed_in(other)


def test_a_new_password_is_hashed_with_argon2(settings, django_user_model):
    settings.PASSWORD_HASHERS = carnet_settings.PASSWORD_HASHERS
    user = django_user_model.objects.create_user("zoe", password=PASSWORD)
    assert user.password.startswith("argon2")
    assert user.check_password(PASSWORD)
    assert make_password("x").startswith("argon2$argon2id$")


def test_the_sign_in_form_refuses_a_post_without_its_csrf_token(writer):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/admin/login/", {"username": "annie", "password": PASSWORD})
    assert response.status_code == 403
    page = browser.get("/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    signed = browser.post(
        "/admin/login/?next=/admin/",
        {"username": "annie", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert signed_in(signed)
