"""What the import kept, for the writer to look at: attachments and old links."""

from __future__ import annotations

from django.contrib import admin

from carnet.wordpress.models import Attachment, OldLink


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "mime_type", "post", "figure", "uploaded_at"]
    list_filter = ["mime_type"]
    search_fields = ["title", "url", "caption"]
    raw_id_fields = ["post", "figure"]
    filter_horizontal = ["featured_in"]


@admin.register(OldLink)
class OldLinkAdmin(admin.ModelAdmin):
    list_display = ["path", "post", "category", "tag", "attachment"]
    search_fields = ["path"]
    raw_id_fields = ["post", "category", "tag", "attachment"]
