"""`carnet import wordpress`: a WordPress export read into one edition, in one transaction.

Every WordPress object the import makes into a Carnet object is remembered (ImportedObject)
with a checksum of its text in the export, so importing the same file again changes nothing and
a newer export updates what changed. The whole import is one transaction: Ctrl-C, a crash or
kill -9 leaves the database as it was.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO
from urllib.parse import unquote

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from carnet.blog.models import Edition, Post
from carnet.wordpress import oldlinks
from carnet.wordpress.content import convert_body, digest, plain_excerpt, plain_title
from carnet.wordpress.import_media import AttachmentImporter
from carnet.wordpress.import_posts import PostImporter
from carnet.wordpress.import_terms import TermBook
from carnet.wordpress.languages import (
    has_qtranslate,
    polylang_language,
    split_qtranslate,
)
from carnet.wordpress.media import MediaFolder
from carnet.wordpress.models import ImportedObject
from carnet.wordpress.report import ImportReport, Progress
from carnet.wordpress.wxr import Author, Channel, Export, Item, Term

POST_STATUSES = {
    "publish": Post.Status.PUBLISHED,
    "future": Post.Status.PUBLISHED,
    "draft": Post.Status.DRAFT,
    "pending": Post.Status.PENDING,
    "private": Post.Status.PRIVATE,
}
SKIPPED_STATUSES = {
    "trash": "in the trash",
    "auto-draft": "auto-draft",
    "inherit": "revision",
}


def wp_datetime(local: str, gmt: str) -> datetime.datetime | None:
    """A WordPress date: the GMT one when set (drafts have 0000-00-00), else the local one."""
    for text, zone in ((gmt, datetime.UTC), (local, timezone.get_current_timezone())):
        text = (text or "").strip()
        if not text or text.startswith("0000"):
            continue
        try:
            return datetime.datetime.strptime(text[:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=zone)
        except ValueError:
            continue
    return None


@dataclass
class ImportOptions:
    edition: Edition
    media_dir: Path | None = None
    pairs_file: Path | None = None


@dataclass
class Version:
    """One language's version of an item: qTranslate and Polylang give several."""

    edition: Edition
    title: str
    content: str
    excerpt: str


class WordPressImport:
    """One run of the import; `run()` does it all inside one transaction."""

    def __init__(
        self,
        export: Export,
        options: ImportOptions,
        report: ImportReport | None = None,
        progress_stream: TextIO | None = None,
    ) -> None:
        self.export = export
        self.edition = options.edition
        self.options = options
        self.report = report or ImportReport()
        self.report.repairs.extend(export.repairs)
        self.progress = Progress(export.item_count, self.report, progress_stream)
        self.editions = {e.language: e for e in Edition.objects.in_site_order()}
        self.prefix = "" if self.edition.is_default else f"/{self.edition.language}"
        self.source = ""
        self.line = 0  # of the item being imported, for error messages
        self.now = timezone.now()
        self.media = MediaFolder(options.media_dir)
        self.users: dict[str, object] = {}
        self.users_by_id: dict[str, object] = {}
        self.terms = TermBook(self)
        self.attachments = AttachmentImporter(self)
        self.posts = PostImporter(self)
        self.slugs: dict[tuple[int, str], set[str]] = {}
        self.page_parents: list[tuple[int, int, str]] = []
        self.featured: list[tuple[int, str]] = []
        self.galleries: list[int] = []
        self.groups: dict[str, list[int]] = {}
        self.editions_used: set[int] = set()
        self.seen_keys: Counter[tuple[str, str]] = Counter()
        self.comment_items: list[Item] = []
        self.other_items: Counter[str] = Counter()

    # Running ---------------------------------------------------------------------------------

    def run(self) -> ImportReport:
        try:
            with transaction.atomic():
                for event in self.export.events():
                    self.dispatch(event)
                self.posts.flush()
                self.finish()
        except BaseException:
            self.media.forget_copies()
            raise
        finally:
            self.progress.finish()
        return self.report

    def dispatch(self, event: Channel | Author | Term | Item) -> None:
        if isinstance(event, Channel):
            site = event.base_blog_url or event.link or event.base_site_url or "unknown"
            self.source = oldlinks.normalized_url(site)[:300] or "unknown"
        elif isinstance(event, Author):
            self.add_author(event)
        elif isinstance(event, Term):
            self.terms.add(event)
        elif isinstance(event, Item):
            self.progress.step()
            self.line = event.line
            self.add_item(event)

    def finish(self) -> None:
        from carnet.wordpress.finishing import finish_import

        finish_import(self)

    # The mapping -----------------------------------------------------------------------------

    def mapping(self, kind: str, wp_id: str, edition: Edition) -> ImportedObject | None:
        return ImportedObject.objects.filter(
            source=self.source, edition=edition, kind=kind, wp_id=wp_id[:200]
        ).first()

    def remember(
        self,
        existing: ImportedObject | None,
        kind: str,
        wp_id: str,
        edition: Edition,
        object_id: int,
        checksum: str,
        link: str = "",
    ) -> None:
        mapping = existing or ImportedObject(
            source=self.source, edition=edition, kind=kind, wp_id=wp_id[:200]
        )
        mapping.object_id, mapping.checksum, mapping.imported_at = object_id, checksum, self.now
        mapping.link = oldlinks.normalized_url(link)[:1000] if link else ""
        mapping.save()

    # Authors ---------------------------------------------------------------------------------

    def add_author(self, author: Author) -> None:
        if not author.login:
            self.report.skip("authors", "no login")
            return
        checksum = digest(author)
        mapping = self.mapping("author", author.login, self.edition)
        user = get_user_model().objects.filter(username=author.login[:150]).first()
        if user is None:
            user = self._new_user(author)
            self.report.done("authors", "imported")
        elif mapping is not None and mapping.checksum != checksum:
            user.email = author.email[:254]
            user.first_name, user.last_name = self._names(author)
            user.save(update_fields=["email", "first_name", "last_name"])
            self.report.done("authors", "updated")
        else:
            self.report.done("authors", "unchanged")
        self.remember(mapping, "author", author.login, self.edition, user.pk, checksum)
        self.users[author.login] = user
        if author.wp_id:
            self.users_by_id[author.wp_id] = user

    @staticmethod
    def _names(author: Author) -> tuple[str, str]:
        if author.first_name or author.last_name:
            return author.first_name[:150], author.last_name[:150]
        first, _space, last = author.display_name.partition(" ")
        return first[:150], last[:150]

    def _new_user(self, author: Author):
        """A Carnet user for a WordPress author: no password (they sign in once given one)."""
        first, last = self._names(author)
        user = get_user_model()(
            username=author.login[:150], email=author.email[:254], first_name=first, last_name=last
        )
        user.set_unusable_password()
        user.save()
        return user

    def user_for(self, login: str):
        """The user of an item's dc:creator; WXR 1.0 lists no authors, so make them here."""
        if not login:
            return None
        if login not in self.users:
            self.add_author(Author(login=login))
        return self.users.get(login)

    # Items -----------------------------------------------------------------------------------

    def add_item(self, item: Item) -> None:
        # Hand-made exports reuse ids for different posts: each keeps its own identity.
        if item.post_type in ("post", "page", "attachment"):
            bucket = ("attachment" if item.post_type == "attachment" else "post", item.key)
            item.occurrence = self.seen_keys[bucket]
            self.seen_keys[bucket] += 1
        if item.post_type in ("post", "page"):
            self.posts.add(item)
        elif item.post_type == "attachment":
            self.attachments.add(item)
        elif not item.post_type and item.post_id and item.comments:
            # Only comments, for a post given in full elsewhere in the file: added at the end.
            self.comment_items.append(item)
        else:
            self.report.skip("other", f"{item.post_type or 'no post type'}")

    def versions(self, item: Item) -> list[Version]:
        """The item in each language it holds: one version unless qTranslate or Polylang."""
        fields = (item.title, item.content, item.excerpt)
        if any(has_qtranslate(text) for text in fields):
            split = [split_qtranslate(text) for text in fields]
            found = set().union(*(s.keys() for s in split))
            missing = sorted(found - self.editions.keys())
            if missing:
                self.report.notes.append(
                    f"item {item.key}: no edition for {', '.join(missing)}; that text was left out"
                )
            return [
                Version(
                    edition, *(s.get(code, text) for s, text in zip(split, fields, strict=True))
                )
                for code, edition in self.editions.items()
                if code in found
            ] or [Version(self.edition, *fields)]
        language = polylang_language(item.terms)
        edition = self.editions.get(language, self.edition)
        return [Version(edition, *fields)]

    def fill_post(self, post: Post, item: Item, version: Version) -> None:
        post.kind = Post.Kind.POST if item.post_type == "post" else Post.Kind.PAGE
        post.title = plain_title(version.title)
        post.slug = self.unique_slug(post, item, post.title)
        post.author = self.user_for(item.creator)
        post.status = POST_STATUSES[item.status or "draft"]
        post.published_at = wp_datetime(item.post_date, item.post_date_gmt) or self.now
        post.body = convert_body(version.content, self.media.rewrite_urls)
        post.body_format = Post.Format.HTML
        post.excerpt = plain_excerpt(version.excerpt)
        post.sticky = item.is_sticky == "1"
        post.comments_open = item.comment_status != "closed"
        post.password = item.password[:255]
        post.menu_order = int(item.menu_order) if item.menu_order.lstrip("-").isdigit() else 0

    def unique_slug(self, post: Post, item: Item, title: str) -> str:
        """The WordPress slug (decoded), made unique among the edition's posts or pages."""
        wanted = unquote(item.post_name).strip()
        if not wanted or slugify(wanted, allow_unicode=True) != wanted:
            wanted = slugify(wanted or title, allow_unicode=True)
        wanted = wanted[:190] or "untitled"
        key = (post.edition_id, post.kind)
        if key not in self.slugs:
            same = Post.objects.filter(edition_id=post.edition_id, kind=post.kind)
            self.slugs[key] = set(same.values_list("slug", flat=True))
        taken = self.slugs[key]
        if post.pk and post.slug:
            taken.discard(post.slug)
        slug, number = wanted, 2
        while slug in taken:
            slug, number = f"{wanted}-{number}", number + 1
        taken.add(slug)
        return slug

    def note_pending(self, post: Post, item: Item) -> None:
        """What can only be done once the whole file is read: parents, galleries, images."""
        if item.post_parent not in ("", "0"):
            self.page_parents.append((post.pk, post.edition_id, item.post_parent))
        if item.meta_value("_thumbnail_id"):
            self.featured.append((post.pk, item.meta_value("_thumbnail_id").strip()))
        if "[gallery" in post.body:
            self.galleries.append(post.pk)
