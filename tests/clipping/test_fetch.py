"""The safe fetcher, against a real HTTP server on 127.0.0.1 and a resolver the test controls."""

from __future__ import annotations

import gzip
import socket
import threading

import pytest

from carnet.clipping import ClipError, fetch
from carnet.clipping.fetch import MAX_PAGE_BYTES, MAX_REDIRECTS
from tests.clipping.conftest import DATA, Route

MB = 1024 * 1024


@pytest.fixture
def public_first_hop(monkeypatch, local_refused) -> list[str]:
    """The news site stands for a site on the internet: its own address (loopback) is let
    through for the first request only; every later hop is checked with local addresses
    refused, as on a real server."""
    real_resolve = fetch.resolve
    resolved: list[str] = []

    def resolve(url: str, allow_local: bool = False, origin: str = ""):
        resolved.append(url)
        return real_resolve(url, allow_local or len(resolved) == 1, origin)

    monkeypatch.setattr(fetch, "resolve", resolve)
    return resolved


# Fetching ------------------------------------------------------------------------------


def test_a_page_is_fetched_with_its_type_and_charset(news_site, local_allowed):
    url = news_site.fixture("/ferry", "article_with_figure.html")
    page = fetch.fetch(url)
    assert page.url == url
    assert page.content_type == "text/html"
    assert page.charset == "utf-8"
    assert b"Harbour town votes" in page.body


def test_a_gzipped_page_arrives_decoded(news_site, local_allowed):
    body = (DATA / "article_with_figure.html").read_bytes()
    headers = {"Content-Type": "text/html", "Content-Encoding": "gzip"}
    news_site.routes["/zipped"] = Route(200, headers, gzip.compress(body))
    assert fetch.fetch(news_site.url("/zipped")).body == body


def test_redirects_are_followed_to_the_page(news_site, local_allowed):
    news_site.fixture("/2026/ferry", "article_with_figure.html")
    news_site.redirect("/s/ferry", "/2026/ferry", status=301)
    page = fetch.fetch(news_site.url("/s/ferry"))
    assert page.url == news_site.url("/2026/ferry")
    assert [r.path for r in news_site.requests] == ["/s/ferry", "/2026/ferry"]


def test_five_redirects_are_followed_and_a_sixth_is_refused(news_site, local_allowed):
    news_site.fixture("/end", "article_with_figure.html")
    for hop in range(MAX_REDIRECTS):
        news_site.redirect(f"/r{hop}", f"/r{hop + 1}")
    news_site.redirect(f"/r{MAX_REDIRECTS}", "/end")
    assert fetch.fetch(news_site.url("/r1")).url.endswith("/end")
    with pytest.raises(ClipError, match="more than 5 redirects"):
        fetch.fetch(news_site.url("/r0"))


def test_the_host_name_is_resolved_once_and_the_checked_address_is_the_one_connected(
    news_site, local_allowed, dns, connections
):
    dns["news.example"] = ["127.0.0.1"]
    news_site.fixture("/ferry", "article_with_figure.html")
    fetch.fetch(news_site.url("/ferry", host="news.example"))
    # Asked of the resolver once; the connection then goes to the address itself.
    assert dns.lookups == ["news.example", "127.0.0.1"]
    assert connections == [("127.0.0.1", news_site.port)]
    assert news_site.requests[0].headers["Host"] == f"news.example:{news_site.port}"


def test_https_checks_the_certificate_against_the_host_name_not_the_address(
    secure_news_site, trusted_authority, local_allowed, dns
):
    dns["news.example"] = ["127.0.0.1"]
    dns["other.example"] = ["127.0.0.1"]
    secure_news_site.fixture("/ferry", "article_with_figure.html")
    page = fetch.fetch(secure_news_site.url("/ferry", host="news.example"))
    assert b"Harbour town" in page.body
    assert secure_news_site.server_names == ["news.example"]
    with pytest.raises(ClipError, match="secure connection failed"):
        fetch.fetch(secure_news_site.url("/ferry", host="other.example"))


# What is not a page ------------------------------------------------------------------------


def test_a_pdf_is_not_a_web_page(news_site, local_allowed):
    url = news_site.fixture("/report.pdf", "annual_report.pdf", content_type="application/pdf")
    with pytest.raises(ClipError, match="is not a web page: its type is application/pdf"):
        fetch.fetch(url)


def test_a_missing_page_says_what_the_server_answered(news_site, local_allowed):
    with pytest.raises(ClipError, match="answered 404"):
        fetch.fetch(news_site.url("/gone"))


def test_a_huge_page_is_refused_and_not_read_to_its_end(news_site, local_allowed):
    chunk = b"<p>" + b"la" * 32_000 + b"</p>\n"

    def fifty_megabytes():
        for _ in range(50 * MB // len(chunk)):
            yield chunk

    news_site.routes["/huge"] = Route(200, {"Content-Type": "text/html"}, fifty_megabytes)
    with pytest.raises(ClipError, match="larger than 5 MB"):
        fetch.fetch(news_site.url("/huge"))
    # The server stopped early: what it wrote is about the cap plus socket buffers.
    assert news_site.chunks_sent * len(chunk) < 20 * MB


def test_a_page_that_announces_a_huge_length_is_refused_before_reading(news_site, local_allowed):
    headers = {"Content-Type": "text/html", "Content-Length": str(MAX_PAGE_BYTES + 1)}
    news_site.routes["/big"] = Route(200, headers, lambda: iter([b"<p>start</p>"]))
    with pytest.raises(ClipError, match="larger than 5 MB"):
        fetch.fetch(news_site.url("/big"))


def test_a_server_that_stops_sending_times_out(news_site, local_allowed, monkeypatch):
    monkeypatch.setattr(fetch, "READ_TIMEOUT", 0.2)
    released = threading.Event()

    def stalls():
        yield b"<html><body><p>The first words"
        released.wait(10)

    news_site.routes["/stalls"] = Route(200, {"Content-Type": "text/html"}, stalls)
    try:
        with pytest.raises(ClipError, match="stopped answering"):
            fetch.fetch(news_site.url("/stalls"))
    finally:
        released.set()


def test_a_page_that_drips_forever_meets_the_deadline(news_site, local_allowed, monkeypatch):
    monkeypatch.setattr(fetch, "DEADLINE", 0.5)
    stop = threading.Event()

    def drips():
        while not stop.wait(0.05):
            yield b"<p>drop</p>"

    news_site.routes["/drips"] = Route(200, {"Content-Type": "text/html"}, drips)
    try:
        with pytest.raises(ClipError, match="took longer than"):
            fetch.fetch(news_site.url("/drips"))
    finally:
        stop.set()


# Refusals, before any connection ---------------------------------------------------------

REFUSED = [
    ("http://10.0.0.1/", "refused: 10.0.0.1 is a private address"),
    ("http://[::ffff:127.0.0.1]:{port}/", "IPv4-mapped IPv6 address (of 127.0.0.1)"),
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
    ("http://100.64.0.1/", "100.64.0.1 is a carrier-grade NAT address"),
    ("http://0.0.0.0:{port}/", "0.0.0.0 is an unspecified address"),
    ("http://2130706433:{port}/", "127.0.0.1 is a loopback address"),
    ("http://127.0.0.1:{port}/ferry", "127.0.0.1 is a loopback address"),
    ("http://intranet.example/wiki", "10.0.0.5 is a private address"),
    ("http://mixed.example/", "10.0.0.6 is a private address"),
    ("file:///etc/passwd", "only http and https addresses can be clipped, not file:"),
    ("ftp://files.example/report.html", "only http and https addresses can be clipped, not ftp:"),
    ("http://user:secret@news.example/", "carries a user name or password"),
]


@pytest.fixture
def internal_names(dns) -> None:
    dns["intranet.example"] = ["10.0.0.5"]
    dns["mixed.example"] = ["93.184.216.34", "10.0.0.6"]


@pytest.mark.parametrize(("target", "message"), REFUSED)
def test_a_forbidden_address_is_refused_without_a_connection(
    news_site, local_refused, internal_names, connections, target, message
):
    with pytest.raises(ClipError, match=message.replace("(", r"\(").replace(")", r"\)")):
        fetch.fetch(target.format(port=news_site.port))
    assert connections == []
    assert news_site.requests == []


@pytest.mark.parametrize(("target", "message"), REFUSED)
def test_a_redirect_to_a_forbidden_address_is_refused_before_following_it(
    news_site, public_first_hop, internal_names, connections, target, message
):
    news_site.fixture("/ferry", "article_with_figure.html")
    url = news_site.redirect("/moved", target.format(port=news_site.port))
    with pytest.raises(ClipError, match=message.replace("(", r"\(").replace(")", r"\)")) as error:
        fetch.fetch(url)
    assert connections == [("127.0.0.1", news_site.port)]
    assert [request.path for request in news_site.requests] == ["/moved"]
    assert "secret" not in str(error.value)


def test_a_refusal_names_the_address_and_the_page_it_came_from(local_refused, internal_names):
    with pytest.raises(ClipError) as error:
        fetch.fetch("http://intranet.example/")
    assert str(error.value) == (
        "refused: 10.0.0.5 is a private address (from http://intranet.example/)."
    )


def test_a_mapped_address_is_refused_even_when_local_addresses_are_allowed(
    news_site, local_allowed, connections
):
    url = news_site.redirect("/moved", f"http://[::ffff:127.0.0.1]:{news_site.port}/")
    with pytest.raises(ClipError, match="IPv4-mapped"):
        fetch.fetch(url)
    assert connections == [("127.0.0.1", news_site.port)]


def test_a_host_that_does_not_resolve_is_a_clear_error(local_refused):
    with pytest.raises(ClipError, match="cannot find the host nowhere.example"):
        fetch.fetch("https://nowhere.example/article")


def test_a_server_that_is_down_is_a_clear_error(local_allowed):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    with pytest.raises(ClipError, match=rf"cannot connect to http://127.0.0.1:{closed_port}/x"):
        fetch.fetch(f"http://127.0.0.1:{closed_port}/x")
