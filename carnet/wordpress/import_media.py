"""Attachments of an import: their addresses, local copies (with --media) and figures."""

from __future__ import annotations

import dataclasses
import mimetypes
from typing import TYPE_CHECKING

from django.utils.text import slugify
from PIL import UnidentifiedImageError

from carnet.blog.models import Figure
from carnet.wordpress import oldlinks
from carnet.wordpress.content import digest, plain_excerpt, plain_title
from carnet.wordpress.media import upload_path
from carnet.wordpress.models import Attachment
from carnet.wordpress.wxr import Item

if TYPE_CHECKING:
    from carnet.wordpress.importer import WordPressImport


class AttachmentImporter:
    def __init__(self, run: WordPressImport) -> None:
        self.run = run
        self.parents: list[tuple[int, str]] = []

    def add(self, item: Item) -> None:
        run = self.run
        if item.status == "trash":
            run.report.skip("attachments", "in the trash")
            return
        checksum = digest(dataclasses.replace(item, comments=[], line=0), bool(run.media.root))
        mapping = run.mapping("attachment", item.key, run.edition)
        attachment = None
        if mapping is not None:
            attachment = Attachment.objects.filter(pk=mapping.object_id).first()
            if attachment is not None and mapping.checksum == checksum:
                run.report.done("attachments", "unchanged")
                return
        how = "updated" if attachment else "imported"
        attachment = attachment or Attachment()
        self.fill(attachment, item)
        attachment.save()
        self.make_figure(attachment, item)
        run.remember(
            mapping, "attachment", item.key, run.edition, attachment.pk, checksum, item.link
        )
        run.report.done("attachments", how)
        if item.post_parent not in ("", "0"):
            self.parents.append((attachment.pk, item.post_parent))
        keys = {oldlinks.link_key(item.link, run.prefix) if item.link else None}
        if item.post_id:
            keys.add(f"{run.prefix}/?attachment_id={item.post_id}")
        if attachment.file:  # the file's own old address leads to the copy
            keys.add(oldlinks.link_key(attachment.url, ""))
        oldlinks.save_old_links({k for k in keys if k}, attachment=attachment)

    def fill(self, attachment: Attachment, item: Item) -> None:
        from carnet.wordpress.importer import wp_datetime

        url = (item.attachment_url or item.guid).strip()
        attachment.url = url[:1000]
        attachment.title = plain_title(item.title)
        attachment.caption = item.excerpt.strip()
        attachment.description = item.content.strip()
        attachment.alt = plain_excerpt(item.meta_value("_wp_attachment_image_alt"))[:300]
        attachment.mime_type = (mimetypes.guess_type(url.split("?")[0])[0] or "")[:100]
        attachment.uploaded_at = wp_datetime(item.post_date, item.post_date_gmt)
        name = self.run.media.copy(upload_path(url, item.meta_value("_wp_attached_file")))
        attachment.file.name = name or ""

    def make_figure(self, attachment: Attachment, item: Item) -> None:
        """An image with a local copy becomes a Figure, to be placed in posts or featured."""
        if not (attachment.file and attachment.is_image):
            return
        figure = attachment.figure or Figure()
        stem = slugify(attachment.file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]) or "image"
        edition = self.run.edition
        language = "" if edition.is_default else f"{edition.language}-"
        figure.slug = figure.slug or f"wp-{language}{item.post_id or attachment.pk}-{stem}"[:100]
        figure.alt = (attachment.alt or attachment.title or stem)[:300]
        figure.caption = plain_excerpt(attachment.caption)[:500]
        figure.image.name = attachment.file.name
        try:
            figure.save()
        except (UnidentifiedImageError, OSError, ValueError):
            self.run.report.notes.append(f"{attachment.file.name}: not an image Carnet can read")
            return
        attachment.figure = figure
        attachment.save(update_fields=["figure"])
