"""Template tags: the comment form on a post page, and the pending count in the admin."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template
from django.conf import settings
from django.urls import reverse

from carnet.comments import tokens
from carnet.comments.forms import CommentForm
from carnet.comments.models import Comment
from carnet.comments.moderation import comments_are_open

if TYPE_CHECKING:
    from carnet.blog.models import Post

register = template.Library()


@register.inclusion_tag("comments/form.html")
def comment_form(post: Post) -> dict:
    """The form every reader of `post` gets: the same for all, with a token made now."""
    if not comments_are_open(post):
        return {"closed": True}
    form = CommentForm(initial={"token": tokens.make_token(post.pk)})
    return {
        "form": form,
        "post": post,
        "action": reverse("comments:post", args=[post.pk]),
        "moderation": settings.CARNET["comment_moderation"],
    }


@register.simple_tag
def comments_open(post: Post) -> bool:
    return comments_are_open(post)


@register.simple_tag(takes_context=True)
def pending_comments(context: template.Context) -> int | None:
    """How many comments wait for moderation, for someone allowed to moderate them."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_active or not user.has_perm("comments.change_comment"):
        return None
    return Comment.objects.pending().count()
