"""The fast path: stored pages answered from files, through the real WSGI interface."""

from __future__ import annotations

import gzip
import io
import os
import time

import brotli
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils.http import http_date

from carnet.publishing.fastpath import FastPath

pytestmark = pytest.mark.django_db

SECURITY = (
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "X-Frame-Options",
    "Cross-Origin-Opener-Policy",
)


class Answer:
    def __init__(self, status: str, headers: list[tuple[str, str]], body: bytes) -> None:
        self.status = int(status.split()[0])
        self.headers = {name.lower(): value for name, value in headers}
        self.body = body

    def __getitem__(self, name: str) -> str:
        return self.headers[name.lower()]

    @property
    def from_store(self) -> bool:
        return self.headers.get("x-page-store") == "carnet"


def call(app, path: str, method: str = "GET", query: str = "", **headers: str) -> Answer:
    """One request through a WSGI application, as granian would make it."""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path.encode().decode("latin-1"),
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        "HTTP_HOST": "127.0.0.1:8000",
    }
    environ.update({f"HTTP_{name.upper()}": value for name, value in headers.items()})
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"], answer["headers"] = status, response_headers

    body = b"".join(app(environ, start_response))
    return Answer(answer["status"], answer["headers"], body)


@pytest.fixture
def app(store):
    """The fast path in front of Django's own WSGI handler.

    As Django's test client does, requests do not close the database connection here: it
    holds the test's transaction.
    """
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield FastPath(WSGIHandler(), store=store)
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def post_url(make_post) -> str:
    return make_post(title="Walking the dyke", body="Tide tables. " * 200).get_absolute_url()


@pytest.fixture
def stored_page(app, post_url) -> Answer:
    """The post's page as Django rendered and stored it on a first request."""
    first = call(app, post_url)
    assert first.status == 200 and not first.from_store
    return first


def test_a_stored_page_is_answered_without_entering_django(store, post_url, stored_page):
    def django(environ, start_response):
        raise AssertionError("the request reached Django")

    answer = call(FastPath(django, store=store), post_url)
    assert answer.status == 200
    assert answer.from_store
    assert answer.body == stored_page.body


def test_a_stored_page_has_djangos_content_type_and_security_headers(app, post_url, stored_page):
    answer = call(app, post_url)
    assert answer.from_store
    for name in ("Content-Type", *SECURITY):
        assert answer[name] == stored_page[name], name


def test_a_stored_feed_keeps_its_atom_content_type(app, post_url):
    live = call(app, "/feed/")
    answer = call(app, "/feed/")
    assert answer.from_store
    assert answer["Content-Type"] == live["Content-Type"] == "application/atom+xml; charset=utf-8"


def test_a_matching_etag_gets_304_without_a_body(app, post_url, stored_page):
    etag = call(app, post_url)["ETag"]
    answer = call(app, post_url, if_none_match=etag)
    assert answer.status == 304
    assert answer.body == b""
    assert answer["ETag"] == etag


def test_an_older_etag_gets_the_page(app, post_url, stored_page):
    answer = call(app, post_url, if_none_match='"1-2"')
    assert answer.status == 200
    assert answer.body == stored_page.body


def test_if_modified_since_the_files_time_gets_304_and_before_it_the_page(
    app, post_url, stored_page
):
    modified = call(app, post_url)["Last-Modified"]
    assert call(app, post_url, if_modified_since=modified).status == 304
    earlier = http_date(time.time() - 3600 * 24 * 365)
    assert call(app, post_url, if_modified_since=earlier).status == 200


def test_brotli_is_sent_to_readers_who_accept_it_and_gzip_to_the_others(app, post_url, stored_page):
    answer = call(app, post_url, accept_encoding="gzip, deflate, br")
    assert answer["Content-Encoding"] == "br"
    assert brotli.decompress(answer.body) == stored_page.body
    answer = call(app, post_url, accept_encoding="gzip")
    assert answer["Content-Encoding"] == "gzip"
    assert gzip.decompress(answer.body) == stored_page.body
    assert answer["Vary"] == "Accept-Encoding"
    assert int(answer["Content-Length"]) == len(answer.body) < len(stored_page.body)


def test_an_encoding_refused_with_q_0_is_not_sent(app, post_url, stored_page):
    answer = call(app, post_url, accept_encoding="br;q=0, gzip;q=0")
    assert "content-encoding" not in answer.headers
    assert answer.body == stored_page.body


def test_each_encoding_has_its_own_etag(app, post_url, stored_page):
    plain = call(app, post_url)["ETag"]
    packed = call(app, post_url, accept_encoding="br")["ETag"]
    assert plain != packed
    assert call(app, post_url, accept_encoding="br", if_none_match=packed).status == 304


def test_head_gets_the_headers_and_no_body(app, post_url, stored_page):
    answer = call(app, post_url, method="HEAD")
    assert answer.from_store
    assert answer.body == b""
    assert int(answer["Content-Length"]) == len(stored_page.body)


def test_a_signed_in_writer_goes_to_django(app, post_url, stored_page, client, writer):
    client.force_login(writer)
    session = client.cookies["sessionid"].value
    answer = call(app, post_url, cookie=f"theme=dark; sessionid={session}")
    assert answer.status == 200
    assert not answer.from_store


def test_an_address_with_a_query_string_goes_to_django(app, post_url, stored_page):
    assert not call(app, post_url, query="utm_source=x").from_store


def test_a_post_request_goes_to_django(app, post_url, stored_page):
    assert not call(app, post_url, method="POST").from_store


def test_a_removed_page_goes_to_django_again(app, store, post_url, stored_page):
    assert call(app, post_url).from_store
    store.invalidate([post_url])
    assert not call(app, post_url).from_store


def test_a_replaced_page_is_served_new_not_from_the_workers_memory(app, store, post_url):
    call(app, post_url)
    assert call(app, post_url).from_store
    store.save(post_url, b"<p>new version</p>", "text/html; charset=utf-8")
    assert call(app, post_url).body == b"<p>new version</p>"


def test_a_percent_encoded_non_ascii_address_finds_its_utf8_file(app, store, make_post):
    url = make_post(title="Café crème").get_absolute_url()
    decoded = url.replace("%C3%A9", "é").replace("%C3%A8", "è")
    call(app, decoded)
    assert store.find(decoded) is not None
    assert call(app, decoded).from_store


def test_an_address_climbing_out_of_the_store_is_not_served(app, store, settings):
    secret = store.root.parent / "secret.txt"
    store.root.mkdir(parents=True, exist_ok=True)
    secret.write_text("do not serve")
    answer = call(app, "/../secret.txt")
    assert not answer.from_store
    assert b"do not serve" not in answer.body


def test_the_stores_own_files_are_not_served(app, store, post_url, stored_page):
    store.invalidate(["/elsewhere/"])  # writes .generation
    assert os.path.exists(store.root / ".generation")
    assert not call(app, "/.generation").from_store
