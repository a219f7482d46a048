"""Work done after a comment is saved, through Django's tasks (run at once by default)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from carnet.comments.models import Comment


@task
def notify_author(comment_id: int) -> bool:
    """Email the post's author about a new comment; False when there is no one to tell."""
    comment = Comment.objects.select_related("post__author", "post__edition").get(pk=comment_id)
    author = comment.post.author
    if author is None or not author.email or comment.status == Comment.Status.SPAM:
        return False
    admin_path = reverse("admin:comments_comment_change", args=[comment.pk])
    context = {
        "comment": comment,
        "post": comment.post,
        "post_url": settings.BASE_URL + comment.post.get_absolute_url(),
        "moderate_url": settings.BASE_URL + admin_path,
        "pending": comment.status == Comment.Status.PENDING,
    }
    with translation.override(comment.post.edition.language):
        subject = render_to_string("comments/email/new_comment_subject.txt", context)
        body = render_to_string("comments/email/new_comment.txt", context)
    send_mail(" ".join(subject.split()), body, None, [author.email])
    return True
