"""The site's blocklist: words, email addresses or domains, IP addresses or networks.

A comment that matches is filed as spam, out of sight, rather than refused: a spammer
learns nothing, and a writer can still rescue a comment the list caught by mistake.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from django.conf import settings


@dataclass
class Blocklist:
    words: list[str] = field(default_factory=list)
    emails: set[str] = field(default_factory=set)
    domains: set[str] = field(default_factory=set)
    networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = field(default_factory=list)

    @classmethod
    def parse(cls, entries: list[str]) -> Blocklist:
        """Sort each entry: an IP or network, "@domain", an email address, else a word."""
        blocklist = cls()
        for entry in (e.strip().lower() for e in entries):
            if not entry:
                continue
            try:
                blocklist.networks.append(ipaddress.ip_network(entry, strict=False))
                continue
            except ValueError:
                pass
            if entry.startswith("@"):
                blocklist.domains.add(entry[1:])
            elif "@" in entry:
                blocklist.emails.add(entry)
            else:
                blocklist.words.append(entry)
        return blocklist

    def matches(self, *, name: str, email: str, url: str, body: str, ip: str | None) -> bool:
        email = email.strip().lower()
        if email and (email in self.emails or email.rsplit("@", 1)[-1] in self.domains):
            return True
        if ip and self._ip_listed(ip):
            return True
        text = "\n".join((name, email, url, body)).lower()
        return any(word in text for word in self.words)

    def _ip_listed(self, ip: str) -> bool:
        try:
            address = ipaddress.ip_address(ip)
        except ValueError:
            return False
        return any(address in network for network in self.networks)


def is_blocked(*, name: str, email: str, url: str, body: str, ip: str | None) -> bool:
    """True when the comment matches the site's blocklist (settings: [comments] blocklist)."""
    blocklist = Blocklist.parse(settings.CARNET["comment_blocklist"])
    return blocklist.matches(name=name, email=email, url=url, body=body, ip=ip)
