"""Where a comment comes from: this site's own form (Origin/Referer) and the sender's address."""

from __future__ import annotations

import contextlib
import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest


def _origin(url: str) -> str:
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.netloc:
        return ""
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def site_origins(request: HttpRequest) -> set[str]:
    """The origins this site's pages are read from: base_url's, and the request's own host."""
    origins = {_origin(settings.BASE_URL)}
    with contextlib.suppress(DisallowedHost):  # an unknown host is no origin of ours
        origins.add(_origin(f"{request.scheme}://{request.get_host()}"))
    return origins - {""}


def comes_from_this_site(request: HttpRequest) -> bool:
    """True when the browser says the form was on one of this site's pages.

    Browsers send Origin with every POST; when a privacy setting hides it ("null" or
    nothing), the Referer (same-origin policy: sent to ourselves) decides.
    """
    allowed = site_origins(request)
    origin = request.headers.get("Origin", "")
    if origin and origin != "null":
        return _origin(origin) in allowed
    referer = request.headers.get("Referer", "")
    return bool(referer) and _origin(referer) in allowed


def client_ip(request: HttpRequest) -> str | None:
    """The commenter's IP address; behind a proxy, the one the proxy saw (the last forwarded)."""
    address = request.META.get("REMOTE_ADDR", "")
    if settings.CARNET["comment_behind_proxy"]:
        forwarded = [a.strip() for a in request.headers.get("X-Forwarded-For", "").split(",")]
        address = next((a for a in reversed(forwarded) if a), address)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
