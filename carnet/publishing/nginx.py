"""The nginx configuration for a site, from the template that docs/deploy.md shows."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

from carnet.publishing.fastpath import security_headers
from carnet.publishing.store import page_store

TEMPLATE = Path(__file__).with_name("nginx.conf.template")
PLACEHOLDER = re.compile(r"\{\{ (\w+) \}\}")


def header_lines(indent: str = "        ") -> str:
    """`add_header` lines for the security headers Django adds to a reader's page."""
    lines = []
    for name, value in security_headers():
        quoted = value.replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'{indent}add_header {name} "{quoted}" always;')
    return "\n".join(lines)


def nginx_config(
    listen: str = "80",
    server_name: str = "_",
    upstream: str = "127.0.0.1:8000",
    public_dir: Path | None = None,
) -> str:
    """The template filled in for this site."""
    values = {
        "listen": listen,
        "server_name": server_name,
        "upstream": upstream,
        "public_dir": str(public_dir or page_store().root),
        "site_dir": str(settings.SITE.root),
        "security_headers": header_lines(),
    }
    return PLACEHOLDER.sub(lambda match: values[match[1]], TEMPLATE.read_text(encoding="utf-8"))
