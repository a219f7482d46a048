"""Posts and pages of an import, a batch of items at a time.

New posts are made with one INSERT per batch (bulk_create), which skips the save signals: the
import rebuilds the search index and empties the page store once at the end instead (see
finishing.py). A post that changed since the last import is saved the ordinary way.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import unquote

from carnet.blog.models import Post
from carnet.wordpress import oldlinks
from carnet.wordpress.content import digest
from carnet.wordpress.import_comments import import_comments
from carnet.wordpress.languages import polylang_group
from carnet.wordpress.models import ImportedObject
from carnet.wordpress.wxr import Item

if TYPE_CHECKING:
    from carnet.wordpress.importer import Version, WordPressImport

BATCH_SIZE = 250


@dataclass
class Planned:
    """One item's posts (one per language) and, for each, what the import does with it."""

    item: Item
    kind: str
    checksum: str
    posts: list[Post] = field(default_factory=list)
    versions: list[Version] = field(default_factory=list)
    new: list[bool] = field(default_factory=list)


class PostImporter:
    def __init__(self, run: WordPressImport) -> None:
        self.run = run
        self.waiting: list[Item] = []
        self.created = 0

    def add(self, item: Item) -> None:
        self.waiting.append(item)
        if len(self.waiting) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        items, self.waiting = self.waiting, []
        if not items:
            return
        run = self.run
        mappings = {
            (m.edition_id, m.wp_id): m
            for m in ImportedObject.objects.filter(
                source=run.source, kind="post", wp_id__in={item.key[:200] for item in items}
            )
        }
        existing = Post.objects.select_related("edition").in_bulk(
            [m.object_id for m in mappings.values()]
        )
        plans = [plan for item in items if (plan := self.plan(item, mappings, existing))]
        new_posts = [
            post for plan in plans for post, new in zip(plan.posts, plan.new, strict=True) if new
        ]
        Post.objects.bulk_create(new_posts, batch_size=200)
        self.created += len(new_posts)
        self.file_new_posts(plans)
        self.link_translations(plans)
        import_comments(run, [(p.item, p.posts[0], p.new[0]) for p in plans if p.posts])
        oldlinks.save_old_links_for(
            [(self.old_links(p.item), p.posts[0]) for p in plans if p.posts]
        )

    def plan(self, item: Item, mappings: dict, existing: dict[int, Post]) -> Planned | None:
        """Decide, for each language of the item, whether its post is new, changed or the same."""
        from carnet.wordpress.importer import POST_STATUSES, SKIPPED_STATUSES

        run = self.run
        kind = "posts" if item.post_type == "post" else "pages"
        status = item.status or "draft"
        if status in SKIPPED_STATUSES or status not in POST_STATUSES:
            run.report.skip(kind, SKIPPED_STATUSES.get(status, f"status {status}"))
            return None
        checksum = digest(dataclasses.replace(item, comments=[], line=0), bool(run.media.root))
        plan = Planned(item, kind, checksum)
        for version in run.versions(item):
            mapping = mappings.get((version.edition.pk, item.key[:200]))
            post = existing.get(mapping.object_id) if mapping else None
            if mapping is not None and post is None:
                run.report.skip(kind, "deleted in Carnet since the last import")
                continue
            if post is None:
                post = Post(edition=version.edition)
                run.fill_post(post, item, version)
                post.render_body()
            elif mapping.checksum == checksum:
                run.report.done(kind, "unchanged")
            elif post.content_changed_at > mapping.imported_at:
                run.report.skip(kind, "changed in Carnet since the last import")
            else:
                self.update(post, item, version, mapping, plan)
            plan.posts.append(post)
            plan.versions.append(version)
            plan.new.append(post.pk is None)
            run.editions_used.add(version.edition.pk)
        return plan

    def update(
        self, post: Post, item: Item, version: Version, mapping: ImportedObject, plan: Planned
    ) -> None:
        run = self.run
        run.fill_post(post, item, version)
        post.save()
        run.terms.file_post(post, item, version.edition, replace=True)
        run.remember(mapping, "post", item.key, version.edition, post.pk, plan.checksum, item.link)
        run.report.done(plan.kind, "updated")
        run.note_pending(post, item)

    def file_new_posts(self, plans: list[Planned]) -> None:
        """Terms and mappings of the new posts, a few INSERTs for the whole batch."""
        run = self.run
        categories, tags, mappings = [], [], []
        for plan in plans:
            for post, version, new in zip(plan.posts, plan.versions, plan.new, strict=True):
                if not new:
                    continue
                post_categories, post_tags = run.terms.rows_for(post, plan.item, version.edition)
                categories += post_categories
                tags += post_tags
                mappings.append(
                    ImportedObject(
                        source=run.source,
                        edition=version.edition,
                        kind="post",
                        wp_id=plan.item.key[:200],
                        object_id=post.pk,
                        checksum=plan.checksum,
                        link=oldlinks.normalized_url(plan.item.link)[:1000],
                        imported_at=run.now,
                    )
                )
                run.report.done(plan.kind, "imported")
                run.note_pending(post, plan.item)
        Post.categories.through.objects.bulk_create(categories, batch_size=500)
        Post.tags.through.objects.bulk_create(tags, batch_size=500)
        ImportedObject.objects.bulk_create(mappings, batch_size=500)

    def link_translations(self, plans: list[Planned]) -> None:
        """The first language's post is the original; the others translate it."""
        run = self.run
        changed = []
        for plan in plans:
            if not plan.posts:
                continue
            original = plan.posts[0]
            group = polylang_group(plan.item.terms)
            if group:
                run.groups.setdefault(group, []).append(original.pk)
            for translation in plan.posts[1:]:
                if translation.translation_of_id != original.pk:
                    translation.translation_of = original
                    translation.mark_translation_up_to_date()
                    changed.append(translation)
        Post.objects.bulk_update(changed, ["translation_of", "source_synced_at"])

    def old_links(self, item: Item) -> set[str]:
        """The addresses the item had: its link, `?p=`, its dated path, and old slugs."""
        from carnet.wordpress.importer import wp_datetime

        prefix = self.run.prefix
        keys: set[str] = set()
        if item.post_id:
            keys.add(f"{prefix}/?{'p' if item.post_type == 'post' else 'page_id'}={item.post_id}")
        old_slugs = [unquote(s).strip() for s in item.meta.get("_wp_old_slug", []) if s.strip()]
        link = oldlinks.link_key(item.link, prefix) if item.link else None
        if link:
            keys.add(link)
            if not link.startswith(f"{prefix}/?"):
                keys.update(oldlinks.with_slug(link, slug) for slug in old_slugs)
        local_day = wp_datetime(item.post_date, "")
        if item.post_type == "post" and local_day and item.post_name:
            for slug in [unquote(item.post_name), *old_slugs]:
                keys.add(oldlinks.date_path(prefix, local_day.date(), slug))
        return keys
