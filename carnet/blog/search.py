"""Full-text search within one edition: public posts and pages, best match first.

SQLite: the FTS5 table `blog_post_search` (made by migration 0002) holds each post's title,
standfirst and body as accent-folded plain text, with the post's id as rowid. `index_post` and
`remove_post` keep it in step (see signals.py). Every post is indexed whatever its status: the
edition and "public" are checked against the posts table at query time, so publishing, or a
scheduled post coming due, needs no index work.

PostgreSQL: no second copy of the text. The query builds a weighted tsvector from the posts
table with the edition language's text search configuration, over `unaccent()`ed text (the
extension comes with migration 0002); the reader's words are folded in Python the same way. We
chose the extension over a stored, folded column because such a column would need a field on
Post kept in step on every save, and a weblog's few thousand posts need no precomputed index.
HTML tags in `body_html` are skipped by PostgreSQL's own parser.

Either way the reader's text never reaches the query language raw: each word is quoted, all
words must match, and the last one also matches as a prefix.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import QuerySet

from carnet.blog.models import Edition, Post
from carnet.content.text import fold_accents, plain_text

TABLE = "blog_post_search"
MAX_WORDS = 12
MAX_RESULTS = 100
# bm25 weights of the title, standfirst and body columns: a word in the title counts most.
COLUMN_WEIGHTS = "10.0, 4.0, 1.0"
POSTGRES_CONFIGS = {"en": "english", "fr": "french"}


def uses_index_table() -> bool:
    """True when search reads its own table (SQLite), which index_post must keep in step."""
    return connection.vendor == "sqlite"


def query_words(query: str) -> list[str]:
    """The reader's words, folded like the index; chunks without a letter or digit are dropped."""
    printable = "".join(char if char.isprintable() else " " for char in query)
    words = [w for w in fold_accents(printable).split() if any(c.isalnum() for c in w)]
    return words[:MAX_WORDS]


def indexed_text(title: str, standfirst: str, body_html: str) -> tuple[str, str, str]:
    return fold_accents(title), fold_accents(standfirst), fold_accents(plain_text(body_html))


# Keeping the SQLite index ------------------------------------------------------------


def index_post(post: Post) -> None:
    """(Re)index one post; a no-op where search reads the posts table directly."""
    if not uses_index_table() or post.pk is None:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [post.pk])
        cursor.execute(
            f"INSERT INTO {TABLE} (rowid, title, standfirst, body) VALUES (%s, %s, %s, %s)",
            [post.pk, *indexed_text(post.title, post.standfirst, post.body_html)],
        )


def remove_post(post_id: int) -> None:
    if uses_index_table():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [post_id])


def rebuild_index() -> int | None:
    """Index every post afresh; the number indexed, or None when there is no index to build."""
    if not uses_index_table():
        return None
    rows = Post.objects.order_by("pk").values_list("pk", "title", "standfirst", "body_html")
    count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
        for pk, title, standfirst, body_html in rows.iterator(chunk_size=500):
            cursor.execute(
                f"INSERT INTO {TABLE} (rowid, title, standfirst, body) VALUES (%s, %s, %s, %s)",
                [pk, *indexed_text(title, standfirst, body_html)],
            )
            count += 1
    return count


# Searching ---------------------------------------------------------------------------


def search_posts(edition: Edition, query: str) -> list[Post] | QuerySet[Post]:
    """The public posts and pages of `edition` that contain every word of `query`, best first."""
    words = query_words(query)
    if not words:
        return []
    if connection.vendor == "postgresql":
        return _search_postgresql(edition, words)
    return _search_sqlite(edition, words)


def fts5_match(words: list[str]) -> str:
    """An FTS5 query: each word a quoted string (quotes doubled), the last one a prefix too."""
    quoted = ['"' + word.replace('"', '""') + '"' for word in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def _search_sqlite(edition: Edition, words: list[str]) -> list[Post]:
    candidates = Post.objects.public().filter(edition=edition).order_by().values("pk")
    candidates_sql, candidates_params = candidates.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s AND rowid IN ({candidates_sql}) "
            f"ORDER BY bm25({TABLE}, {COLUMN_WEIGHTS}), rowid DESC LIMIT %s",
            [fts5_match(words), *candidates_params, MAX_RESULTS],
        )
        ids = [row[0] for row in cursor.fetchall()]
    found = Post.objects.select_related("edition", "author").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def tsquery_text(words: list[str]) -> str:
    """A to_tsquery() text: each word quoted (quotes and backslashes escaped), ANDed."""
    quoted = ["'" + word.replace("\\", "\\\\").replace("'", "''") + "'" for word in words]
    quoted[-1] += ":*"
    return " & ".join(quoted)


def _search_postgresql(edition: Edition, words: list[str]) -> QuerySet[Post]:
    # Imported here: they bring in psycopg, which a SQLite site never needs.
    from django.contrib.postgres.lookups import Unaccent
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    config = POSTGRES_CONFIGS.get(edition.language.split("-")[0], "simple")
    document = (
        SearchVector(Unaccent("title"), weight="A", config=config)
        + SearchVector(Unaccent("standfirst"), weight="B", config=config)
        + SearchVector(Unaccent("body_html"), weight="C", config=config)
    )
    query = SearchQuery(tsquery_text(words), search_type="raw", config=config)
    return (
        Post.objects.public()
        .filter(edition=edition)
        .annotate(document=document)
        .filter(document=query)
        .annotate(rank=SearchRank(document, query))
        .select_related("edition", "author")
        .order_by("-rank", "-published_at", "-pk")[:MAX_RESULTS]
    )
