"""The comment form's signed token: which post it was made for, and when.

Pages are rendered once and served to everyone, so the form cannot carry a session or a
CSRF token. It carries this instead: signed with the site's secret key (a bot cannot make
one), bound to one post, and dated, so that a form sent within seconds of its page being
made (as bots do) or long after (a page kept open for days) is caught.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core import signing

SALT = "carnet.comments.form-token"
# The time forms are dated with while `dated(...)` is in force (`carnet build`), else now.
_dated_at: ContextVar[int | None] = ContextVar("comment_form_dated_at", default=None)


class TokenError(Exception):
    """The token is not one this site made for this post."""


class TokenTooYoung(TokenError):
    """The form came back sooner after its page was made than a person could write."""


class TokenExpired(TokenError):
    """The page the form came from was made longer ago than the site accepts."""


@dataclass(frozen=True)
class FormToken:
    post_id: int
    made_at: int


@contextlib.contextmanager
def dated(made_at: int) -> Iterator[None]:
    """Date the forms made meanwhile `made_at`, so that pages rendered twice are the same."""
    reset = _dated_at.set(made_at)
    try:
        yield
    finally:
        _dated_at.reset(reset)


def make_token(post_id: int, now: float | None = None) -> str:
    """A token for the form on the page of post `post_id`, made now (or as `dated` says)."""
    if now is None:
        now = _dated_at.get()
    made_at = int(time.time() if now is None else now)
    # A plain signer: Django's default one adds the signing time, and a page rendered twice
    # must be the same (the token carries its own time).
    return signing.Signer(salt=SALT).sign_object({"post": post_id, "at": made_at})


def check_token(token: str, post_id: int, now: float | None = None) -> FormToken:
    """The token's content, if it was made for `post_id` and is neither too young nor too old."""
    try:
        content = signing.Signer(salt=SALT).unsign_object(token)
        found = FormToken(post_id=int(content["post"]), made_at=int(content["at"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError) as bad:
        raise TokenError("not a token of this site") from bad
    if found.post_id != post_id:
        raise TokenError("a token made for another post")
    age = (time.time() if now is None else now) - found.made_at
    if age < settings.CARNET["comment_min_seconds"]:
        raise TokenTooYoung(f"sent {age:.0f} s after the page was made")
    max_days = settings.CARNET["comment_max_days"]
    if max_days and age > max_days * 86400:
        raise TokenExpired(f"the page was made {age / 86400:.0f} days ago")
    return found
