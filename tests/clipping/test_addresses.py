"""Which addresses the clipper may connect to."""

from __future__ import annotations

import ipaddress

import pytest

from carnet.clipping.addresses import refusal


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("10.0.0.5", "private"),
        ("172.16.4.4", "private"),
        ("192.168.1.1", "private"),
        ("fd12:3456::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("100.64.0.1", "carrier-grade NAT"),
        ("100.127.255.254", "carrier-grade NAT"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("255.255.255.255", "reserved"),
        ("192.0.2.10", "reserved"),
        ("198.18.0.1", "reserved"),
        ("::ffff:127.0.0.1", "IPv4-mapped"),
        ("::ffff:93.184.216.34", "IPv4-mapped"),
        ("::127.0.0.1", "IPv4-compatible"),
        ("2002:0a00:0001::1", "leads to 10.0.0.1"),
        ("64:ff9b::a9fe:a9fe", "leads to 169.254.169.254"),
    ],
)
def test_addresses_outside_the_public_internet_are_refused(address, reason):
    found = refusal(ipaddress.ip_address(address))
    assert found is not None and reason in found


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700::1111"])
def test_public_addresses_are_allowed(address):
    assert refusal(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize("address", ["127.0.0.1", "::1", "10.0.0.5", "192.168.1.1", "fd00::5"])
def test_allowing_local_addresses_opens_loopback_and_private_networks(address):
    assert refusal(ipaddress.ip_address(address), allow_local=True) is None


@pytest.mark.parametrize(
    "address", ["169.254.169.254", "100.64.0.1", "0.0.0.0", "::ffff:127.0.0.1", "224.0.0.1"]
)
def test_allowing_local_addresses_still_refuses_metadata_mapped_and_odd_ones(address):
    assert refusal(ipaddress.ip_address(address), allow_local=True) is not None
