"""Store each public page a reader asks for, so that the next reader gets it from a file.

Only what is the same for every reader is stored: a GET or HEAD without a query string from a
reader without a session cookie, answered 200 by one of the reader's views listed below, with
no cookie set and no `Cache-Control: private/no-store`. Search, previews, the admin and the
comment endpoints are not in the list, so they are never stored.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from carnet.publishing.store import UnsafePath, extension_for, page_store

logger = logging.getLogger(__name__)

STORED_VIEWS = frozenset(
    {
        "sitemap",
        "robots",
        *(
            f"blog:{name}"
            for name in (
                "home",
                "home_page",
                "feed",
                "feed_rss",
                "archives",
                "category",
                "category_page",
                "category_feed",
                "category_feed_rss",
                "tag",
                "tag_page",
                "tag_feed",
                "tag_feed_rss",
                "author",
                "author_page",
                "year",
                "year_page",
                "month",
                "month_page",
                "post",
                "page",
                "comments_feed",
                "post_comments_feed",
            )
        ),
    }
)
# Set in a request's environ by `carnet build`, which writes its pages itself.
NO_STORE = "carnet.no_store"


def is_reader_request(request: HttpRequest) -> bool:
    """A request whose answer could be the same for every reader."""
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.META.get(NO_STORE)
    )


def is_storable(request: HttpRequest, response: HttpResponse) -> bool:
    """A reader's page that may be stored and served as a file to everyone."""
    match = request.resolver_match
    cache_control = response.get("Cache-Control", "").lower()
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
        and match is not None
        and match.view_name in STORED_VIEWS
        and extension_for(response.get("Content-Type", "")) is not None
    )


class PageStoreMiddleware:
    """Write a reader's public page to the page store; first in MIDDLEWARE to see all headers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_reader_request(request):
            return self.get_response(request)
        store = page_store()
        generation = store.generation()
        response = self.get_response(request)
        if is_storable(request, response):
            try:
                store.save(request.path, response.content, response["Content-Type"], generation)
            except UnsafePath:
                pass
            except OSError as error:
                # A full disk or a read-only public/ must not fail the reader's request.
                logger.warning("page store: cannot store %s: %s", request.path, error)
        return response
