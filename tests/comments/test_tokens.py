"""The comment form's signed token: bound to one post, with a minimum and a maximum age."""

from __future__ import annotations

import pytest
from django.core import signing

from carnet.comments import tokens

NOW = 1_800_000_000


def test_a_token_old_enough_for_its_post_is_accepted(carnet):
    carnet(min_seconds=3, max_days=7)
    token = tokens.make_token(42, now=NOW)
    assert tokens.check_token(token, 42, now=NOW + 3) == tokens.FormToken(42, NOW)


def test_a_token_sent_back_sooner_than_the_minimum_age_is_too_young(carnet):
    carnet(min_seconds=3)
    with pytest.raises(tokens.TokenTooYoung):
        tokens.check_token(tokens.make_token(42, now=NOW), 42, now=NOW + 2)


def test_a_token_from_a_clock_ahead_of_ours_is_too_young(carnet):
    with pytest.raises(tokens.TokenTooYoung):
        tokens.check_token(tokens.make_token(42, now=NOW + 60), 42, now=NOW)


def test_a_token_older_than_the_maximum_age_has_expired(carnet):
    carnet(max_days=7)
    token = tokens.make_token(42, now=NOW)
    assert tokens.check_token(token, 42, now=NOW + 7 * 86400)
    with pytest.raises(tokens.TokenExpired):
        tokens.check_token(token, 42, now=NOW + 7 * 86400 + 1)


def test_a_maximum_age_of_zero_never_expires_a_token(carnet):
    carnet(max_days=0)
    assert tokens.check_token(tokens.make_token(42, now=NOW), 42, now=NOW + 400 * 86400)


def test_a_token_made_for_another_post_is_refused():
    with pytest.raises(tokens.TokenError):
        tokens.check_token(tokens.make_token(41, now=NOW), 42, now=NOW + 60)


@pytest.mark.parametrize(
    "token",
    [
        "",
        "garbage",
        signing.Signer(salt="another purpose").sign_object({"post": 42, "at": NOW}),
        signing.Signer(salt=tokens.SALT).sign_object({"post": 42}),
        signing.Signer(salt=tokens.SALT).sign_object(["not", "a", "dict"]),
    ],
    # Stable ids: each test process signs with its own test site's secret key.
    ids=["empty", "garbage", "other-purpose", "no-time", "not-a-dict"],
)
def test_a_token_not_made_by_this_site_for_the_form_is_refused(token):
    with pytest.raises(tokens.TokenError):
        tokens.check_token(token, 42, now=NOW + 60)


def test_a_token_signed_with_another_secret_key_is_refused(settings):
    token = tokens.make_token(42, now=NOW)
    settings.SECRET_KEY = "another secret key, long enough to be a real one"
    with pytest.raises(tokens.TokenError):
        tokens.check_token(token, 42, now=NOW + 60)
