"""The blocklist sorts its entries into words, addresses, domains and networks."""

from __future__ import annotations

from carnet.comments.blocklist import Blocklist

LIST = Blocklist.parse(
    ["Casino", "bad@example.net", "@junk.example", "203.0.113.0/24", "2001:db8::1"]
)


def matches(**fields) -> bool:
    comment = {"name": "Bea", "email": "bea@example.org", "url": "", "body": "Hello", "ip": None}
    return LIST.matches(**{**comment, **fields})


def test_an_ordinary_comment_is_not_blocked():
    assert not matches()


def test_words_match_anywhere_whatever_their_case():
    assert matches(body="big casino night") and matches(name="CASINO king")
    assert matches(url="https://casino.example")


def test_addresses_and_domains_match_the_email():
    assert matches(email="Bad@Example.net") and matches(email="x@junk.example")
    assert not matches(email="x@notjunk.example.org")


def test_networks_and_single_addresses_match_the_ip():
    assert matches(ip="203.0.113.77") and matches(ip="2001:db8::1")
    assert not matches(ip="203.0.114.1") and not matches(ip="not an ip")
