"""`carnet reindex`: rebuild the full-text search index from the posts."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from carnet.blog import search


class Command(BaseCommand):
    help = "Rebuild the search index (after restoring a database or an interrupted import)."

    def handle(self, *args, **options) -> None:
        count = search.rebuild_index()
        if count is None:
            self.stdout.write("Nothing to rebuild: on PostgreSQL, search reads the posts directly.")
        else:
            self.stdout.write(f"Indexed {count} posts and pages.")
