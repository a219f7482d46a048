"""Readers' comments on posts and pages, threaded and moderated."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from carnet.comments.text import comment_html
from carnet.content.sanitize import is_safe_url


class CommentQuerySet(models.QuerySet):
    def approved(self) -> CommentQuerySet:
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self) -> CommentQuerySet:
        return self.filter(status=Comment.Status.PENDING)

    def by_email(self, email: str) -> CommentQuerySet:
        """Comments written with this address (stored in lower case), whatever its case."""
        email = email.strip().lower()
        return self.filter(author_email=email) if email else self.none()


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        SPAM = "spam", _("Spam")
        TRASH = "trash", _("Trash")

    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment")
        PINGBACK = "pingback", _("Pingback")
        TRACKBACK = "trackback", _("Trackback")

    post = models.ForeignKey("blog.Post", on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.COMMENT)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PENDING, db_index=True
    )
    author_name = models.CharField(_("name"), max_length=100)
    author_email = models.EmailField(_("email"), blank=True)
    author_url = models.URLField(_("website"), max_length=500, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [
            # A post's approved comments, in date order: the page, its count and its feed.
            models.Index(fields=["post", "status", "created_at"], name="comment_post_status_date"),
            # "Has this address an approved comment?" for first-time moderation.
            models.Index(fields=["author_email", "status"], name="comment_email_status"),
        ]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.body[:40]}"

    def save(self, *args, **kwargs) -> None:
        self.author_email = self.author_email.strip().lower()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"{self.post.get_absolute_url()}#comment-{self.pk}"

    @cached_property
    def body_html(self) -> str:
        return comment_html(self.body)

    @property
    def safe_author_url(self) -> str:
        """The commenter's website if it is an http(s) address, else nothing to link to."""
        url = self.author_url.strip()
        return url if url.lower().startswith(("http://", "https://")) and is_safe_url(url) else ""

    @property
    def depth(self) -> int:
        """1 for a comment on the post, 2 for a reply to it, and so on."""
        level, parent, seen = 1, self.parent, {self.pk}
        while parent is not None and parent.pk not in seen:
            seen.add(parent.pk)
            level, parent = level + 1, parent.parent
        return level
