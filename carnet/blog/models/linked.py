"""The posts a reader's page links to: a post's neighbours and translations, the menu's pages.

Every post page reads them, and building their queries with the ORM took several times longer
than running them (0.4 ms against 0.06 ms each at 10,000 posts), so they are plain SQL. Each
reads what a link needs; other fields load on use. `PUBLIC` repeats what
`PostQuerySet.public()` means: tests/blog/test_linked.py checks that they agree.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import connections
from django.utils import timezone

if TYPE_CHECKING:
    from carnet.blog.models.editions import Edition
    from carnet.blog.models.posts import Post

COLUMNS = '"id", "edition_id", "kind", "title", "slug", "published_at", "parent_id"'
PUBLIC = '"status" = %(published)s AND "published_at" <= %(now)s'

# Each half is bounded by the post's date, so the database walks its date index from there
# rather than from the newest or oldest post (`until` is the sooner of that date and now). One
# query: the ORM cannot join two sliced queries on SQLite.
NEIGHBOURS = f"""
SELECT * FROM (
    SELECT {COLUMNS} FROM "blog_post"
    WHERE "edition_id" = %(edition)s AND "kind" = %(post)s AND "status" = %(published)s
        AND "published_at" <= %(until)s AND NOT ("published_at" = %(date)s AND "id" >= %(pk)s)
    ORDER BY "published_at" DESC, "id" DESC LIMIT 1
) AS "older"
UNION ALL
SELECT * FROM (
    SELECT {COLUMNS} FROM "blog_post"
    WHERE "edition_id" = %(edition)s AND "kind" = %(post)s AND {PUBLIC}
        AND "published_at" >= %(date)s AND NOT ("published_at" = %(date)s AND "id" <= %(pk)s)
    ORDER BY "published_at", "id" LIMIT 1
) AS "newer"
"""

TRANSLATIONS = f"""
SELECT {COLUMNS} FROM "blog_post"
WHERE ("id" = %(root)s OR "translation_of_id" = %(root)s) AND "id" <> %(pk)s AND {PUBLIC}
"""

MENU = f"""
SELECT {COLUMNS} FROM "blog_post"
WHERE "edition_id" = %(edition)s AND "kind" = %(page)s AND "parent_id" IS NULL AND {PUBLIC}
ORDER BY "menu_order", "title"
"""


def read(sql: str, now: datetime.datetime | None = None, **values: object) -> list[Post]:
    """The posts `sql` finds, public as of `now` (this moment unless given)."""
    from carnet.blog.models.posts import Post

    adapt = connections[Post.objects.db].ops.adapt_datetimefield_value
    params = {
        name: adapt(value) if isinstance(value, datetime.datetime) else value
        for name, value in values.items()
    }
    params.update(
        now=adapt(now or timezone.now()),
        published=Post.Status.PUBLISHED,
        post=Post.Kind.POST,
        page=Post.Kind.PAGE,
    )
    return list(Post.objects.raw(sql, params))


def neighbours(post: Post) -> tuple[Post | None, Post | None]:
    """The public posts before and after `post` in its edition's date order (older, newer)."""
    now = timezone.now()
    found = read(
        NEIGHBOURS,
        now,
        edition=post.edition_id,
        date=post.published_at,
        until=min(post.published_at, now),
        pk=post.pk,
    )
    older = newer = None
    for neighbour in found:
        neighbour.edition = post.edition
        if (neighbour.published_at, neighbour.pk) < (post.published_at, post.pk):
            older = neighbour
        else:
            newer = neighbour
    return older, newer


def public_translations(post: Post) -> list[Post]:
    """The other public posts of `post`'s translation group, in no particular order."""
    return read(TRANSLATIONS, root=post.translation_of_id or post.pk, pk=post.pk)


def menu_pages(edition: Edition) -> list[Post]:
    """The edition's top-level public pages in menu order, each given its edition."""
    pages = read(MENU, edition=edition.pk)
    for page in pages:
        page.edition = edition
    return pages
