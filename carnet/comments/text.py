"""A comment's plain text as HTML: paragraphs, line breaks and clickable links, sanitised."""

from __future__ import annotations

import re

from django.utils.html import escape

from carnet.content import sanitize_html

URL = re.compile(r"\bhttps?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]")
_LINK_START = re.compile(r"https?://", re.IGNORECASE)


def _linkify(escaped: str) -> str:
    return URL.sub(lambda m: f'<a href="{m.group(0)}" rel="nofollow ugc">{m.group(0)}</a>', escaped)


def comment_html(text: str) -> str:
    """Readers write plain text; blank lines make paragraphs and URLs become links."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]
    html = "".join(f"<p>{_linkify(escape(p)).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return sanitize_html(html)


def count_links(text: str) -> int:
    """How many web addresses the text holds, clickable or not (for the site's link limit)."""
    return len(_LINK_START.findall(text))
