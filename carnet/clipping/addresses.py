"""Which network addresses the clipper may connect to: public ones only.

A page given by a writer, or a redirect it answers with, must not make Carnet reach into
its own machine or network (the database, a cloud metadata service, a router's admin
page). Every address a host name resolves to is checked here before any connection.
"""

from __future__ import annotations

import ipaddress

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

CARRIER_GRADE_NAT = ipaddress.ip_network("100.64.0.0/10")
# Private networks proper, which `allow_local_addresses` opens along with loopback.
LOCAL_NETWORKS = (
    ipaddress.ip_network("10.0.0.0/8"),
    ipaddress.ip_network("172.16.0.0/12"),
    ipaddress.ip_network("192.168.0.0/16"),
    ipaddress.ip_network("fc00::/7"),
)
# IPv6 prefixes that carry an IPv4 address in their last 32 bits.
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


def parse_address(text: str) -> IPAddress | None:
    """The address `text` spells (a literal IPv4 or IPv6 address), or None for a host name."""
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def refusal(address: IPAddress, allow_local: bool = False) -> str | None:
    """Why Carnet must not connect to `address` ("a private address"), or None if it may.

    With `allow_local`, loopback and private networks are allowed (for tests and a
    writer's own machine); link-local, mapped and reserved addresses never are.
    """
    if isinstance(address, ipaddress.IPv6Address):
        reason = _embedded_refusal(address)
        if reason:
            return reason
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_loopback:
        return None if allow_local else "a loopback address (this machine)"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if isinstance(address, ipaddress.IPv4Address) and address in CARRIER_GRADE_NAT:
        return "a carrier-grade NAT address"
    if any(address in network for network in LOCAL_NETWORKS):
        return None if allow_local else "a private address"
    if address.is_reserved or address.is_private or not address.is_global:
        return "a reserved address"
    return None


def _embedded_refusal(address: ipaddress.IPv6Address) -> str | None:
    """IPv6 forms that lead to an IPv4 address: mapped ones always refused, others checked."""
    if address.ipv4_mapped is not None:
        return f"an IPv4-mapped IPv6 address (of {address.ipv4_mapped})"
    if address in IPV4_COMPATIBLE and not (address.is_unspecified or address.is_loopback):
        return "an IPv4-compatible IPv6 address"
    embedded = []
    if address.sixtofour is not None:
        embedded.append(address.sixtofour)
    if address.teredo is not None:
        embedded.extend(address.teredo)
    if any(address in network for network in NAT64):
        embedded.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    for inner in embedded:
        if refusal(inner) is not None:
            return f"an IPv6 address that leads to {inner}"
    return None
