"""Clipping: a news article fetched safely, extracted, and made into a draft post.

The pipeline reads top to bottom: `fetch` (the page, over a guarded connection) →
`extract` (the article, its metadata and figures) → `draft` (the post, its figures, its link
to the original).
"""

MAX_PAGE_BYTES = 5 * 1024 * 1024  # the largest page fetched or uploaded


class ClipError(Exception):
    """A page that cannot or may not be clipped; the message says what and where."""
