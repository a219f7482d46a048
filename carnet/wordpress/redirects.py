"""Old WordPress addresses answered with a 301 to the post, page, term or file they became.

Normal pages pay nothing: the table is read only when Carnet's own URLs answered 404, or when
a home page is asked with WordPress's query forms (`/?p=12`, `/?page_id=3`, `/?cat=5`…).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect

from carnet.wordpress.models import OldLink

# WordPress's "plain" permalinks: the home page with one of these queries.
QUERY_NAMES = ("p", "page_id", "attachment_id", "cat", "tag")
_HOME = re.compile(r"^/(?:[a-z]{2,3}(?:-[a-z0-9]+)?/)?$")


def home_query_key(prefix: str, name: str, value: str) -> str:
    """The stored form of a query address: `/?p=12`, or `/fr/?p=12` in the French edition."""
    return f"{prefix}/?{name}={value}"


def path_key(path: str) -> str:
    """The stored form of a path: decoded, with one slash at each end."""
    return "/" + path.strip("/") + "/" if path.strip("/") else "/"


def candidate_keys(request: HttpRequest) -> list[str]:
    """The keys an old link of this request could be stored under."""
    keys = []
    if _HOME.match(request.path):
        prefix = request.path.rstrip("/")
        for name in QUERY_NAMES:
            value = request.GET.get(name, "").strip()
            if value:
                keys.append(home_query_key(prefix, name, value))
    if request.path != "/":
        keys.append(path_key(request.path))
    return keys


def find_redirect(request: HttpRequest) -> HttpResponse | None:
    keys = candidate_keys(request)
    if not keys:
        return None
    links = OldLink.objects.filter(path__in=keys).select_related(
        "post__edition", "post__parent", "category__edition", "tag__edition", "attachment"
    )
    found = {link.path: link for link in links}
    for key in keys:
        target = found[key].target_url() if key in found else None
        if target and target != request.path:
            return HttpResponsePermanentRedirect(target)
    return None


class OldLinkMiddleware:
    """Answer a WordPress address that Carnet does not know with a permanent redirect."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD") and request.GET and _HOME.match(request.path):
            redirect = find_redirect(request)
            if redirect is not None:
                return redirect
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            return find_redirect(request) or response
        return response
