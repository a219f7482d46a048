"""Comments in the admin: the moderation queue (pending first), its actions, replies, erasure."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Case, Value, When
from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from carnet.comments import admin_views
from carnet.comments.models import Comment


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = (
        "author_name",
        "author_email",
        "post",
        "excerpt",
        "status",
        "created_at",
        "reply_link",
    )
    list_display_links = ("author_name", "excerpt")
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
    actions = ("approve", "mark_as_spam", "move_to_trash", "erase_commenters")

    def get_ordering(self, request: HttpRequest) -> tuple:
        """The moderation queue: comments waiting for a decision first, newest first."""
        waiting_first = Case(When(status=Comment.Status.PENDING, then=Value(0)), default=Value(1))
        return (waiting_first.asc(), "-created_at", "-pk")

    def get_urls(self) -> list:
        own = [
            path(
                "<int:pk>/reply/",
                self.admin_site.admin_view(admin_views.ReplyView.as_view(admin=self)),
                name="comments_comment_reply",
            ),
        ]
        return own + super().get_urls()

    @admin.display(description=_("comment"))
    def excerpt(self, comment: Comment) -> str:
        return Truncator(comment.body).chars(80)

    @admin.display(description=_("reply"))
    def reply_link(self, comment: Comment) -> str:
        url = reverse("admin:comments_comment_reply", args=[comment.pk])
        return format_html('<a href="{}">{}</a>', url, _("Reply"))

    @admin.action(description=_("Erase the commenters' data…"), permissions=["delete"])
    def erase_commenters(self, request: HttpRequest, queryset):
        """Ask, then anonymise or delete every comment written with the chosen emails."""
        return admin_views.erase_commenters(self, request, queryset)

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
