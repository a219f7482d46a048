"""Full-text search: an FTS5 table on SQLite, the unaccent extension on PostgreSQL.

See carnet/blog/search.py for how each is used. Reversing drops the SQLite table but leaves the
PostgreSQL extension, which is shared by the whole database and cheap to keep.
"""

from django.db import migrations

from carnet.content.text import fold_accents, plain_text

CREATE_TABLE = """
CREATE VIRTUAL TABLE IF NOT EXISTS blog_post_search USING fts5(
    title, standfirst, body, tokenize = "unicode61 remove_diacritics 2"
)
"""


def create_search_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    elif vendor == "sqlite":
        schema_editor.execute(CREATE_TABLE)
        index_existing_posts(apps.get_model("blog", "Post"), schema_editor.connection)


def index_existing_posts(Post, connection):
    """Fill the new table from the posts a site already has (folded as search.py does)."""
    rows = Post.objects.order_by("pk").values_list("pk", "title", "standfirst", "body_html")
    with connection.cursor() as cursor:
        for pk, title, standfirst, body_html in rows.iterator(chunk_size=500):
            body = plain_text(body_html)
            cursor.execute(
                "INSERT INTO blog_post_search (rowid, title, standfirst, body)"
                " VALUES (%s, %s, %s, %s)",
                [pk, fold_accents(title), fold_accents(standfirst), fold_accents(body)],
            )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS blog_post_search")


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_search_index, drop_search_index, elidable=False),
    ]
