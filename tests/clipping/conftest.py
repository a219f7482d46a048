"""A local news site for the clipping tests, and guards that keep every test off the network.

`news_site` is a real HTTP server on 127.0.0.1 (random port) serving the pages in `data/`
and whatever a test adds. Every socket connection is watched: one to an address other than
loopback fails the test at once, and `connections` lists them all, so a test can say that a
refused address was never even tried. Host names resolve through `dns`, a dict the test
fills; any other name fails to resolve, so no test asks a real DNS server.
"""

from __future__ import annotations

import io
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import trustme
from PIL import Image

DATA = Path(__file__).parent / "data"
LOOPBACK = ("127.0.0.1", "::1")


@dataclass
class Route:
    """What the server answers at one path: a status, headers, and a body or its chunks."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | Callable[[], Iterator[bytes]] = b""


@dataclass
class Request:
    path: str
    headers: dict[str, str]


class NewsSite:
    """The server's routes and the requests it received."""

    def __init__(self, server: ThreadingHTTPServer, scheme: str = "http") -> None:
        self.server = server
        self.scheme = scheme
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self.chunks_sent = 0
        self.server_names: list[str | None] = []

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"

    def page(self, path: str, body: bytes, content_type: str = "text/html; charset=utf-8") -> str:
        self.routes[path] = Route(200, {"Content-Type": content_type}, body)
        return self.url(path)

    def fixture(self, path: str, name: str, content_type: str = "text/html; charset=utf-8") -> str:
        return self.page(path, (DATA / name).read_bytes(), content_type)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        self.routes[path] = Route(status, {"Location": location})
        return self.url(path)


def _handler(site: NewsSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            site.requests.append(Request(self.path, dict(self.headers.items())))
            route = site.routes.get(self.path, Route(404, {"Content-Type": "text/plain"}, b"no"))
            self.send_response(route.status)
            for name, value in route.headers.items():
                self.send_header(name, value)
            if callable(route.body):
                self.send_header("Connection", "close")
                self.end_headers()
                try:
                    for chunk in route.body():
                        self.wfile.write(chunk)
                        site.chunks_sent += 1
                except OSError:
                    pass  # the client stopped reading, as it should
                return
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)

        def log_message(self, format: str, *args) -> None:
            pass

    return Handler


def _serve(site_factory: Callable[[ThreadingHTTPServer], NewsSite], wrap=None):
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    server.daemon_threads = True
    site = site_factory(server)
    server.RequestHandlerClass = _handler(site)
    if wrap is not None:
        server.socket = wrap(server.socket)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    return site, server


@pytest.fixture
def news_site() -> Iterator[NewsSite]:
    """A plain-HTTP news site on 127.0.0.1."""
    site, server = _serve(NewsSite)
    yield site
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def certificate_authority() -> trustme.CA:
    """A throw-away certificate authority, made in memory for this test run: no key on disk."""
    return trustme.CA()


@pytest.fixture
def trusted_authority(certificate_authority, tmp_path, monkeypatch) -> None:
    """Make the fetcher trust the test authority, and it alone."""
    bundle = tmp_path / "authority.pem"
    certificate_authority.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))


@pytest.fixture
def secure_news_site(certificate_authority) -> Iterator[NewsSite]:
    """The same over TLS, with a certificate for news.example (and no other name)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    certificate_authority.issue_cert("news.example").configure_cert(context)
    site, server = _serve(
        lambda server: NewsSite(server, scheme="https"),
        wrap=lambda sock: context.wrap_socket(sock, server_side=True),
    )
    context.sni_callback = lambda _socket, name, _context: site.server_names.append(name)
    yield site
    server.shutdown()
    server.server_close()


@pytest.fixture
def local_allowed(settings) -> None:
    """What `[clipping] allow_local_addresses = true` gives: the test server may be fetched."""
    settings.CARNET = {**settings.CARNET, "clipping_allow_local_addresses": True}


@pytest.fixture
def local_refused(settings) -> None:
    settings.CARNET = {**settings.CARNET, "clipping_allow_local_addresses": False}


@pytest.fixture(autouse=True)
def connections(monkeypatch) -> list[tuple]:
    """Every address a socket connects to; a non-loopback one fails the test on the spot."""
    attempts: list[tuple] = []
    real_connect = socket.socket.connect

    def watched_connect(sock: socket.socket, address) -> None:
        attempts.append(tuple(address))
        if address[0] not in LOOPBACK:
            pytest.fail(f"a connection to {address[0]} was attempted")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", watched_connect)
    return attempts


class FakeDNS(dict):
    """Host name → addresses, as a test sets them; `lookups` lists the names asked for."""

    def __init__(self) -> None:
        super().__init__(localhost=["127.0.0.1"])
        self.lookups: list[str] = []

    def getaddrinfo(self, host, port, *args, **kwargs) -> list[tuple]:
        host = host.decode() if isinstance(host, bytes) else host
        self.lookups.append(host)
        if host in self:
            return [
                (
                    socket.AF_INET6 if ":" in address else socket.AF_INET,
                    socket.SOCK_STREAM,
                    6,
                    "",
                    (address, port),
                )
                for address in self[host]
            ]
        try:  # a number such as 2130706433 is an address, as the real resolver reads it
            return _real_getaddrinfo(
                host, port, *args, **{**kwargs, "flags": socket.AI_NUMERICHOST}
            )
        except socket.gaierror:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None


_real_getaddrinfo = socket.getaddrinfo


@pytest.fixture(autouse=True)
def dns(monkeypatch) -> FakeDNS:
    """The only resolver the tests see: names resolve to what the test says, or not at all."""
    fake = FakeDNS()
    monkeypatch.setattr(socket, "getaddrinfo", fake.getaddrinfo)
    return fake


def png(width: int = 640, height: int = 400, color=(30, 110, 160)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format="PNG")
    return buffer.getvalue()
