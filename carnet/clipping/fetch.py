"""Fetching a page or an image from an address a writer gave, without being turned against us.

http and https only; no user name or password in the address; each host name resolved
once and every address checked (`addresses.refusal`) before the connection, which goes to
that very address (the Host header, TLS SNI and the certificate check use the host name);
redirects followed by hand, each hop checked the same way, at most `MAX_REDIRECTS`;
connect and read timeouts and a deadline for the whole; a size cap while streaming.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

import urllib3
from django.conf import settings
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    NewConnectionError,
    SSLError,
)

from carnet.clipping import MAX_PAGE_BYTES, ClipError
from carnet.clipping.addresses import IPAddress, parse_address, refusal

PAGE_TYPES = ("text/html", "application/xhtml+xml")
IMAGE_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")
MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 10.0
DEADLINE = 30.0
CHUNK = 64 * 1024
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
USER_AGENT = "Mozilla/5.0 (compatible; Carnet clipping)"
_SAFE_IN_PATH = "!#$%&'()*+,/:;=?@[]~"


@dataclass(frozen=True)
class Fetched:
    """What an address answered, after redirects: its body and how to read it."""

    url: str
    content_type: str
    charset: str | None
    body: bytes


@dataclass(frozen=True)
class Target:
    """One request to make: the checked addresses of a host, and what to ask it."""

    url: str
    scheme: str
    host: str
    port: int
    path: str
    addresses: tuple[IPAddress, ...]

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"


def fetch(url: str, accept: Sequence[str] = PAGE_TYPES, max_bytes: int = MAX_PAGE_BYTES) -> Fetched:
    """GET `url` safely, following redirects; refuse (ClipError) anything off the rules."""
    deadline = time.monotonic() + DEADLINE
    allow_local = settings.CARNET.get("clipping_allow_local_addresses", False) is True
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        target = resolve(current, allow_local, origin=url)
        response = _open(target, deadline)
        try:
            if response.status in REDIRECT_STATUSES:
                location = (response.headers.get("Location") or "").strip()
                if not location:
                    raise ClipError(f"{current} redirects without saying where.")
                current = urljoin(current, location)
                continue
            return _read(response, target, accept, max_bytes, deadline)
        finally:
            response.release_conn()
            response.close()
    raise ClipError(f"refused: more than {MAX_REDIRECTS} redirects (from {url}).")


def resolve(url: str, allow_local: bool = False, origin: str = "") -> Target:
    """Check an address and resolve its host once; every address found must be allowed."""
    where = url if not origin or origin == url else f"{url}, reached from {origin}"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise ClipError(f"{url} is not a valid address ({error}).") from error
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        shown = f"{scheme}:" if scheme else "an address without http:// or https://"
        raise ClipError(
            f"refused: only http and https addresses can be clipped, not {shown} ({where})."
        )
    if "@" in parts.netloc:
        raise ClipError(
            f"refused: the address carries a user name or password ({_without_userinfo(url)})."
        )
    host = _ascii_host(parts.hostname or "", url)
    port = port if port is not None else (443 if scheme == "https" else 80)
    literal = parse_address(host)
    addresses = (literal,) if literal else _lookup(host, port, url)
    for address in addresses:
        reason = refusal(address, allow_local)
        if reason:
            raise ClipError(f"refused: {address} is {reason} (from {where}).")
    path = quote(parts.path or "/", safe=_SAFE_IN_PATH)
    if parts.query:
        path += "?" + quote(parts.query, safe=_SAFE_IN_PATH)
    return Target(url, scheme, host, port, path, addresses)


def _ascii_host(hostname: str, url: str) -> str:
    if not hostname:
        raise ClipError(f"{url} names no host.")
    if parse_address(hostname):
        return hostname
    try:
        return hostname.encode("idna").decode("ascii")
    except UnicodeError as error:
        raise ClipError(f"{url}: the host name {hostname!r} is not valid.") from error


def _without_userinfo(url: str) -> str:
    parts = urlsplit(url)
    return parts._replace(netloc="…@" + parts.netloc.rpartition("@")[2]).geturl()


def _lookup(host: str, port: int, url: str) -> tuple[IPAddress, ...]:
    """Every address `host` resolves to, in the resolver's order; asked once per request."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise ClipError(f"cannot find the host {host} ({url}); check the address.") from error
    addresses: list[IPAddress] = []
    for _family, _type, _proto, _name, sockaddr in found:
        address = parse_address(str(sockaddr[0]))
        if address is not None and address not in addresses:
            addresses.append(address)
    if not addresses:
        raise ClipError(f"cannot find the host {host} ({url}); check the address.")
    return tuple(addresses)


def _pool(target: Target, address: IPAddress) -> urllib3.HTTPConnectionPool:
    """A connection pool to the checked address itself, never to the host name."""
    if target.scheme == "https":
        return urllib3.HTTPSConnectionPool(
            str(address),
            target.port,
            maxsize=1,
            retries=False,
            cert_reqs="CERT_REQUIRED",
            server_hostname=target.host,
            assert_hostname=target.host,
        )
    return urllib3.HTTPConnectionPool(str(address), target.port, maxsize=1, retries=False)


def _remaining(deadline: float, url: str) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise ClipError(
            f"{url} took longer than {DEADLINE:.0f} seconds to answer; try again later."
        )
    return left


def _open(target: Target, deadline: float) -> urllib3.BaseHTTPResponse:
    """Send the request to the first of the target's addresses that accepts a connection."""
    headers = {
        "Host": target.host_header,
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml;q=0.9,image/*;q=0.8,*/*;q=0.1",
        "Accept-Encoding": "gzip, deflate",
    }
    failure: Exception | None = None
    for address in target.addresses:
        left = _remaining(deadline, target.url)
        timeout = urllib3.Timeout(connect=min(CONNECT_TIMEOUT, left), read=min(READ_TIMEOUT, left))
        try:
            return _pool(target, address).urlopen(
                "GET",
                target.path,
                headers=headers,
                retries=False,
                redirect=False,
                assert_same_host=False,
                preload_content=False,
                timeout=timeout,
            )
        except (NewConnectionError, ConnectTimeoutError) as error:
            failure = error
        except SSLError as error:
            raise ClipError(
                f"{target.url}: the secure connection failed ({_reason(error)}); "
                "the site's certificate may not be valid for this address."
            ) from error
        except HTTPError as error:
            raise ClipError(f"{target.url} did not answer properly ({_reason(error)}).") from error
    raise ClipError(f"cannot connect to {target.url} ({_reason(failure)}); try again later.")


def _reason(error: Exception | None) -> str:
    """The innermost cause of a urllib3 error, in a few words."""
    while error is not None and getattr(error, "reason", None) is not None:
        error = error.reason  # type: ignore[attr-defined]
    text = str(error or "no address answered")
    return text.rsplit(": ", 1)[-1] if len(text) > 120 else text


def media_type(header: str) -> tuple[str, str | None]:
    """("text/html", "utf-8") from a Content-Type header; the charset may be absent."""
    kind, *parameters = header.split(";")
    charset = None
    for parameter in parameters:
        name, _equals, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'").lower()
    return kind.strip().lower(), charset


def _read(
    response: urllib3.BaseHTTPResponse,
    target: Target,
    accept: Sequence[str],
    max_bytes: int,
    deadline: float,
) -> Fetched:
    url = target.url
    if response.status != 200:
        raise ClipError(f"{url} answered {response.status} {response.reason or ''}".rstrip() + ".")
    kind, charset = media_type(response.headers.get("Content-Type", ""))
    if kind not in accept:
        wanted = "a web page" if "text/html" in accept else "an image"
        raise ClipError(f"{url} is not {wanted}: its type is {kind or 'not given'}.")
    too_big = f"{url} is larger than {max_bytes // (1024 * 1024)} MB; Carnet stops reading there."
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise ClipError(too_big)
    body = bytearray()
    try:
        while chunk := response.read1(CHUNK):
            body += chunk
            if len(body) > max_bytes:
                raise ClipError(too_big)
            _remaining(deadline, url)
    except HTTPError as error:
        raise ClipError(f"{url} stopped answering ({_reason(error)}); try again.") from error
    return Fetched(url, kind, charset, bytes(body))
