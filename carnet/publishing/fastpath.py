"""The fast path: a WSGI layer around Django that answers readers from the page store.

A GET or HEAD without a query string, from a reader without a session cookie, for an address
the store holds, is answered from the file without entering Django: with the Content-Type it
was stored with, the security headers Django would have added, ETag and Last-Modified (and 304
to a matching If-None-Match or If-Modified-Since), the brotli or gzip copy when the reader
accepts it. Everything else (writers, forms, search, the admin, pages not stored yet) goes to
Django, which renders the page and stores it for the next reader.

Files are cached in memory per worker and checked with one stat() per request: a page replaced
or removed in the store is never served from the cache.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils.http import http_date, parse_http_date_safe

from carnet.publishing.store import PageStore, StoredFile, page_store

# The headers of a reader's page that the middleware classes below add, in Django's order.
SECURITY_HEADERS = (
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Frame-Options",
    "Content-Security-Policy",
    "Strict-Transport-Security",
    "Permissions-Policy",
)
HEADER_MIDDLEWARE = (
    "django.middleware.security.SecurityMiddleware",
    "carnet.security.headers.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
)
CACHE_CONTROL = "no-cache"  # readers' browsers keep the page, and ask whether it changed
STORE_HEADER = ("X-Page-Store", "carnet")
MAX_CACHED_BYTES = 64 * 1024 * 1024

StartResponse = Callable[[str, list[tuple[str, str]]], object]


def security_headers() -> list[tuple[str, str]]:
    """The security headers Django adds to a reader's page, got from its own middleware."""
    from django.http import HttpResponse
    from django.test import RequestFactory
    from django.utils.module_loading import import_string

    handler = lambda request: HttpResponse()  # noqa: E731
    for path in reversed(settings.MIDDLEWARE):
        if path in HEADER_MIDDLEWARE:
            handler = import_string(path)(handler)
    secure = settings.BASE_URL.startswith("https://")
    host = settings.BASE_URL.split("://", 1)[1].split("/")[0]
    response = handler(RequestFactory().get("/", secure=secure, HTTP_HOST=host))
    return [(name, response[name]) for name in SECURITY_HEADERS if name in response]


@dataclass
class CachedPage:
    """A stored page in memory: its file's identity, and headers and bytes per encoding."""

    identity: tuple[int, int, int]
    etag: str
    last_modified: int
    variants: dict[str, tuple[list[tuple[str, str]], bytes]]
    size: int


def accepted_encodings(header: str) -> set[str]:
    """The content codings an Accept-Encoding header allows (q=0 refuses one)."""
    accepted = set()
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        params = params.replace(" ", "")
        if name and not (params.startswith("q=0") and params.strip("q=0.") == ""):
            accepted.add(name.strip().lower())
    return accepted


class FastPath:
    """WSGI application: stored pages from files, everything else from `application`."""

    def __init__(
        self,
        application: Callable,
        store: PageStore | None = None,
        on_request: Callable[[], None] | None = None,
    ) -> None:
        self.application = application
        self.store = store or page_store()
        self.session_cookie = settings.SESSION_COOKIE_NAME + "="
        self.headers = [*security_headers(), ("Cache-Control", CACHE_CONTROL), STORE_HEADER]
        self.on_request = on_request
        self.cache: dict[str, tuple[StoredFile, CachedPage]] = {}
        self.codings: dict[str, tuple[str, ...]] = {}
        self.cached_bytes = 0
        self.lock = threading.Lock()

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        if self.on_request is not None:
            self.on_request()
        if (
            environ["REQUEST_METHOD"] in ("GET", "HEAD")
            and not environ.get("QUERY_STRING")
            and self.session_cookie not in environ.get("HTTP_COOKIE", "")
            and not self.must_redirect_to_https(environ)
        ):
            page = self.lookup(environ.get("PATH_INFO", "/"))
            if page is not None:
                return self.respond(page, environ, start_response)
        return self.application(environ, start_response)

    @staticmethod
    def must_redirect_to_https(environ: dict) -> bool:
        """True when Django would send this plain-HTTP request to HTTPS: Django answers it."""
        if not getattr(settings, "SECURE_SSL_REDIRECT", False):
            return False
        proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
        if proxy and environ.get(proxy[0]) == proxy[1]:
            return False
        return environ.get("wsgi.url_scheme", "http") != "https"

    # Finding the page ------------------------------------------------------------------

    def lookup(self, path_info: str) -> CachedPage | None:
        """The stored page at an address (PATH_INFO, decoded as WSGI gives it), or None."""
        cached = self.cache.get(path_info)
        if cached is not None:
            stored, page = cached
            try:
                found = os.stat(stored.path)
            except OSError:
                found = None
            if found is not None and identity(found) == page.identity:
                return page
            self.forget(path_info)
        try:
            path = path_info.encode("latin-1").decode("utf-8")
        except UnicodeError:
            return None
        stored = self.store.find(path)
        if stored is None:
            return None
        page = self.load(stored)
        if page is not None:
            self.remember(path_info, stored, page)
        return page

    def load(self, stored: StoredFile) -> CachedPage | None:
        try:
            with open(stored.path, "rb") as file:
                found = os.fstat(file.fileno())
                content = file.read()
        except OSError:
            return None
        etag = f'"{found.st_mtime_ns:x}-{found.st_size:x}'
        modified = int(found.st_mtime)
        common = [
            *self.headers,
            ("Last-Modified", http_date(modified)),
            ("Vary", "Accept-Encoding"),
        ]
        variants = {"identity": self.variant(stored, common, etag + '"', content, None)}
        size = len(content)
        for coding, suffix in (("br", ".br"), ("gzip", ".gz")):
            try:
                with open(f"{stored.path}{suffix}", "rb") as file:
                    packed = file.read()
            except OSError:
                continue
            variants[coding] = self.variant(stored, common, f'{etag}-{coding}"', packed, coding)
            size += len(packed)
        return CachedPage(identity(found), etag, modified, variants, size)

    @staticmethod
    def variant(stored, common, etag, content, coding) -> tuple[list[tuple[str, str]], bytes]:
        headers = [("Content-Type", stored.content_type), ("ETag", etag), *common]
        if coding:
            headers.append(("Content-Encoding", coding))
        headers.append(("Content-Length", str(len(content))))
        return headers, content

    def remember(self, path: str, stored: StoredFile, page: CachedPage) -> None:
        with self.lock:
            if self.cached_bytes + page.size > MAX_CACHED_BYTES:
                self.cache.clear()
                self.cached_bytes = 0
            self.cache[path] = (stored, page)
            self.cached_bytes += page.size

    def forget(self, path: str) -> None:
        with self.lock:
            gone = self.cache.pop(path, None)
            if gone is not None:
                self.cached_bytes -= gone[1].size

    # Answering -------------------------------------------------------------------------

    def respond(self, page: CachedPage, environ: dict, start_response: StartResponse):
        accepted = self.codings.get(environ.get("HTTP_ACCEPT_ENCODING", ""))
        if accepted is None:
            accepted = self.parse_accept_encoding(environ.get("HTTP_ACCEPT_ENCODING", ""))
        coding = next((c for c in accepted if c in page.variants), "identity")
        headers, body = page.variants[coding]
        if ("HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MODIFIED_SINCE" in environ) and (
            self.not_modified(page, environ)
        ):
            keep = ("ETag", "Last-Modified", "Vary", "Cache-Control")
            start_response("304 Not Modified", [h for h in headers if h[0] in keep])
            return [b""]
        start_response("200 OK", headers)
        return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    def parse_accept_encoding(self, header: str) -> tuple[str, ...]:
        """The stored encodings a reader accepts, best first; remembered per header value."""
        accepted = accepted_encodings(header)
        choice = tuple(coding for coding in ("br", "gzip") if coding in accepted)
        if len(self.codings) < 256:
            self.codings[header] = choice
        return choice

    @staticmethod
    def not_modified(page: CachedPage, environ: dict) -> bool:
        """True when the reader's copy is current (If-None-Match first, as RFC 9110 says)."""
        if_none_match = environ.get("HTTP_IF_NONE_MATCH")
        if if_none_match is not None:
            tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
            current = {f'{page.etag}{suffix}"' for suffix in ("", "-br", "-gzip")}
            return "*" in tags or not tags.isdisjoint(current)
        since = parse_http_date_safe(environ.get("HTTP_IF_MODIFIED_SINCE", ""))
        return since is not None and page.last_modified <= since


def identity(found: os.stat_result) -> tuple[int, int, int]:
    """What changes when a file is replaced (by rename) or rewritten."""
    return found.st_ino, found.st_mtime_ns, found.st_size
