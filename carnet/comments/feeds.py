"""Atom feeds of approved comments: one per edition, one per post.

Only what the post page shows goes in: a commenter's name, website and words, never their
email or IP address. Pending comments, spam and trash stay out.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from carnet.blog.feeds import NO_POSTS_YET, CarnetAtom1Feed, absolute, absolute_urls
from carnet.blog.models import Edition, Post
from carnet.comments.models import Comment

FEED_LENGTH = 30


def public_comments() -> QuerySet[Comment]:
    """Approved comments on public posts, newest first; a password-protected post's stay out."""
    return (
        Comment.objects.approved()
        .filter(post__in=Post.objects.public().filter(password=""))
        .select_related("post__edition")
        .order_by("-created_at", "-pk")
    )


class EditionCommentsFeed(Feed):
    """The newest approved comments on the posts of the edition being read."""

    feed_type = CarnetAtom1Feed

    def get_object(self, request: HttpRequest, **kwargs) -> Edition:
        return Edition.objects.current()

    def feed_extra_kwargs(self, edition: Edition) -> dict:
        return {"updated_when_empty": NO_POSTS_YET}

    def get_feed(self, subject: Edition | Post, request: HttpRequest):
        feed = super().get_feed(subject, request)
        feed.feed["language"] = self.edition_of(subject).language
        return feed

    def edition_of(self, edition: Edition) -> Edition:
        return edition

    def items(self, edition: Edition) -> QuerySet[Comment]:
        return public_comments().filter(post__edition=edition)[:FEED_LENGTH]

    def title(self, edition: Edition) -> str:
        return _("Comments on %(title)s") % {"title": edition.title}

    def description(self, edition: Edition) -> str:
        return self.title(edition)

    def link(self, edition: Edition) -> str:
        return absolute(edition.get_absolute_url())

    def feed_url(self, edition: Edition) -> str:
        return absolute(edition.reverse("comments_feed"))

    def author_name(self, edition: Edition) -> str:
        return edition.title

    # Its items -----------------------------------------------------------------------

    def item_title(self, comment: Comment) -> str:
        return _("%(name)s on “%(post)s”") % {
            "name": comment.author_name,
            "post": comment.post.title,
        }

    def item_link(self, comment: Comment) -> str:
        return absolute(comment.get_absolute_url())

    def item_description(self, comment: Comment) -> str:
        return absolute_urls(comment.body_html)

    def item_guid(self, comment: Comment) -> str:
        host = urlsplit(settings.BASE_URL).hostname
        return f"tag:{host},{comment.created_at:%Y-%m-%d}:comment-{comment.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, comment: Comment) -> datetime.datetime:
        return comment.created_at

    def item_author_name(self, comment: Comment) -> str:
        return comment.author_name

    def item_author_link(self, comment: Comment) -> str | None:
        return comment.safe_author_url or None


class PostCommentsFeed(EditionCommentsFeed):
    """The approved comments on one post, newest first."""

    def get_object(self, request: HttpRequest, **kwargs) -> Post:
        posts = Post.objects.public().posts().filter(edition=Edition.objects.current(), password="")
        post = get_object_or_404(posts.select_related("edition"), slug=kwargs["slug"])
        day = post.local_date
        wanted = (kwargs["year"], kwargs["month"], kwargs["day"])
        if wanted != (day.year, f"{day.month:02d}", f"{day.day:02d}"):
            raise Http404
        return post

    def items(self, post: Post) -> QuerySet[Comment]:
        return public_comments().filter(post=post)[:FEED_LENGTH]

    def title(self, post: Post) -> str:
        return _("Comments on “%(title)s”") % {"title": post.title}

    def link(self, post: Post) -> str:
        return absolute(post.get_absolute_url() + "#comments")

    def feed_url(self, post: Post) -> str:
        return absolute(post.get_absolute_url() + "comments/feed/")

    def edition_of(self, post: Post) -> Edition:
        return post.edition

    def author_name(self, post: Post) -> str:
        return post.edition.title

    def feed_extra_kwargs(self, post: Post) -> dict:
        return {"updated_when_empty": post.published_at}

    def item_title(self, comment: Comment) -> str:
        return _("By %(name)s") % {"name": comment.author_name}
