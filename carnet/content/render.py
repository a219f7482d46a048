"""The whole way from a post's source to the safe HTML of its body and its excerpt."""

from dataclasses import dataclass

from carnet.content.markdown import FigureResolver, render_markdown
from carnet.content.more import MORE_ANCHOR_ID, find_more_marker
from carnet.content.sanitize import sanitize_html

SOURCE_FORMATS = ("markdown", "html")

_MORE_ANCHOR = f'<span id="{MORE_ANCHOR_ID}"></span>'


@dataclass(frozen=True)
class Rendered:
    """A post ready to show: the full body, and the excerpt that ends at the more-marker."""

    body_html: str
    excerpt_html: str
    has_more: bool
    more_text: str | None


def _source_html(source: str, source_format: str, figure_resolver: FigureResolver | None) -> str:
    if source_format == "markdown":
        return render_markdown(source, figure_resolver)
    if source_format == "html":
        return source
    raise ValueError(f"Unknown source format {source_format!r}: use one of {SOURCE_FORMATS}.")


def render(
    source: str, source_format: str = "markdown", figure_resolver: FigureResolver | None = None
) -> Rendered:
    """Render and sanitise a post, cutting its excerpt at the first more-marker.

    The whole source is rendered at once, so references and footnotes defined after
    the marker still resolve before it; the HTML is then cut at the marker comment, which
    Markdown has already left out of code. The sanitiser closes whatever the cut leaves open.
    """
    html = _source_html(source, source_format, figure_resolver)
    marker = find_more_marker(html)
    if marker is None:
        body_html = sanitize_html(html)
        return Rendered(body_html, body_html, has_more=False, more_text=None)
    intro, rest = html[: marker.start], html[marker.end :]
    return Rendered(
        body_html=sanitize_html(intro + _MORE_ANCHOR + rest),
        excerpt_html=sanitize_html(intro),
        has_more=True,
        more_text=marker.more_text,
    )
