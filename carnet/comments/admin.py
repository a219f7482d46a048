"""Comments in the admin: a plain list with the three moderation actions."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from carnet.comments.models import Comment


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("author_name", "post", "excerpt", "status", "created_at")
    list_filter = ("status", "kind")
    list_select_related = ("post",)
    search_fields = ("author_name", "author_email", "body")
    date_hierarchy = "created_at"
    raw_id_fields = ("post", "parent", "user")
    readonly_fields = ("ip_address", "user_agent")
    fieldsets = (
        (None, {"fields": ("post", "parent", "status", "body")}),
        (_("Author"), {"fields": ("author_name", "author_email", "author_url", "user")}),
        (_("Received"), {"fields": ("kind", "created_at", "ip_address", "user_agent")}),
    )
    actions = ("approve", "mark_as_spam", "move_to_trash")

    @admin.display(description=_("comment"))
    def excerpt(self, comment: Comment) -> str:
        return Truncator(comment.body).chars(80)

    def _set_status(self, request: HttpRequest, queryset, status: str) -> int:
        """Save each comment, so that whatever listens to a comment's save hears of it."""
        changed = 0
        for comment in queryset.exclude(status=status):
            comment.status = status
            comment.save(update_fields=["status"])
            changed += 1
        return changed

    @admin.action(description=_("Approve"), permissions=["change"])
    def approve(self, request: HttpRequest, queryset) -> None:
        count = self._set_status(request, queryset, Comment.Status.APPROVED)
        message = ngettext("%(count)d comment approved.", "%(count)d comments approved.", count)
        self.message_user(request, message % {"count": count})

    @admin.action(description=_("Mark as spam"), permissions=["change"])
    def mark_as_spam(self, request: HttpRequest, queryset) -> None:
        count = self._set_status(request, queryset, Comment.Status.SPAM)
        message = ngettext(
            "%(count)d comment marked as spam.", "%(count)d comments marked as spam.", count
        )
        self.message_user(request, message % {"count": count})

    @admin.action(description=_("Move to trash"), permissions=["change"])
    def move_to_trash(self, request: HttpRequest, queryset) -> None:
        count = self._set_status(request, queryset, Comment.Status.TRASH)
        message = ngettext(
            "%(count)d comment moved to the trash.", "%(count)d comments moved to the trash.", count
        )
        self.message_user(request, message % {"count": count})
