"""Template tags for the admin: how many comments wait for moderation.

The reader's pages (the comment form, the threads) are Jinja2: see carnet/theme/environment.py.
"""

from __future__ import annotations

from django import template

from carnet.comments.models import Comment

register = template.Library()


@register.simple_tag(takes_context=True)
def pending_comments(context: template.Context) -> int | None:
    """How many comments wait for moderation, for someone allowed to moderate them."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_active or not user.has_perm("comments.change_comment"):
        return None
    return Comment.objects.pending().count()
