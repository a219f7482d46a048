"""Sign-in limits: after N failures for one account from one address, a cool-off that expires.

The count lives in Django's cache (Redis when CACHE_URL is set, so every app server shares it)
under a key made from the account name as typed and the reader's address. Only that pair is
held back: the owner signing in from elsewhere is not, and nobody can lock an account for good.
An unknown account and a wrong password get the same answer, and so does a held-back one
whether the account exists or not.
"""

from __future__ import annotations

import hashlib
import ipaddress

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


def client_address(request: HttpRequest | None) -> str:
    """The reader's IP address; behind a proxy, the last one it forwarded."""
    if request is None:
        return ""
    address = request.META.get("REMOTE_ADDR", "")
    if settings.CARNET["behind_proxy"]:
        forwarded = [a.strip() for a in request.headers.get("X-Forwarded-For", "").split(",")]
        address = next((a for a in reversed(forwarded) if a), address)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return ""


class LoginThrottle:
    """The failed sign-ins of one (account, address) pair."""

    def __init__(self, username: str, address: str) -> None:
        pair = f"{username.strip().casefold()}\0{address}".encode()
        self.key = "carnet:login-failures:" + hashlib.sha256(pair).hexdigest()[:40]
        self.limit = settings.CARNET["login_attempts"]
        self.cooloff = settings.CARNET["login_cooloff_minutes"] * 60

    def is_held_back(self) -> bool:
        return cache.get(self.key, 0) >= self.limit

    def failed(self) -> None:
        """Count a failure; the one that reaches the limit starts a full cool-off."""
        if cache.add(self.key, 1, self.cooloff):
            count = 1
        else:
            try:
                count = cache.incr(self.key)
            except ValueError:  # expired between add and incr
                cache.add(self.key, 1, self.cooloff)
                count = 1
        if count == self.limit:
            cache.set(self.key, count, self.cooloff)

    def succeeded(self) -> None:
        cache.delete(self.key)


class ThrottledLoginForm(AdminAuthenticationForm):
    """The admin's sign-in form, refusing a held-back pair before any password is checked."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "throttled": _(
            "Too many failed sign-ins for this account from your address. "
            "Try again in %(minutes)s minutes."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        throttle = LoginThrottle(username, client_address(self.request))
        if throttle.is_held_back():
            raise ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": settings.CARNET["login_cooloff_minutes"]},
            )
        try:
            cleaned = super().clean()
        except ValidationError as error:
            if any(e.code == "invalid_login" for e in error.error_list):
                throttle.failed()
            raise
        throttle.succeeded()
        return cleaned
