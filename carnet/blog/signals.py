"""Keep what is derived from posts in step: the search index, and bodies that place a figure.

A post's HTML is rendered when the post is saved, with its figures' text and image in it, so
a figure's change (or its translation's, or its deletion) renders again the bodies that place
it. Those that come out different are saved, which removes their stored pages the way an edit
does; their `content_changed_at` stays, since a caption fix is not a new version of the text.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from carnet.blog import search
from carnet.blog.models import Figure, FigureTranslation, Post
from carnet.content.markdown import named_figures

RENDERED_FIELDS = ("body_html", "excerpt_html", "has_more", "more_text")


@receiver(post_save)
def index_saved_post(sender, instance, raw: bool = False, **kwargs) -> None:
    # No sender filter: the Page proxy sends its own signal.
    if isinstance(instance, Post):
        search.index_post(instance)


@receiver(post_delete)
def unindex_deleted_post(sender, instance, **kwargs) -> None:
    if isinstance(instance, Post):
        search.remove_post(instance.pk)


# Figures ---------------------------------------------------------------------------------


def posts_placing(slugs: Iterable[str]) -> list[Post]:
    """The Markdown posts whose source names one of these figures: narrowed in SQL, then read."""
    slugs = set(slugs)
    if not slugs:
        return []
    candidates = Post.objects.filter(
        reduce(or_, (Q(body__contains=slug) for slug in slugs)),
        body_format=Post.Format.MARKDOWN,
        body__contains="[figure",
    ).select_related("edition")
    return [post for post in candidates if named_figures(post.body) & slugs]


def render_again(posts: Iterable[Post]) -> None:
    """Render these posts' bodies from the figures as they are now; save those that changed."""
    for post in posts:
        shown = [getattr(post, field) for field in RENDERED_FIELDS]
        post.render_body()
        if [getattr(post, field) for field in RENDERED_FIELDS] != shown:
            post.save(update_fields=[*RENDERED_FIELDS, "updated_at"])


def figure_slug(figure_id: int) -> str | None:
    return Figure.objects.filter(pk=figure_id).values_list("slug", flat=True).first()


@receiver(pre_save, sender=Figure)
def remember_figure_slug(sender, instance: Figure, raw: bool = False, **kwargs) -> None:
    """A new slug leaves a gap in the posts that name the old one."""
    instance._slug_before = figure_slug(instance.pk) if instance.pk and not raw else None


@receiver(post_save, sender=Figure)
def render_posts_of_saved_figure(sender, instance: Figure, raw: bool = False, **kwargs) -> None:
    if not raw:
        render_again(posts_placing({instance.slug, instance._slug_before} - {None}))


@receiver(post_delete, sender=Figure)
def render_posts_of_deleted_figure(sender, instance: Figure, **kwargs) -> None:
    render_again(posts_placing({instance.slug}))  # they show a "missing figure" note


@receiver(post_save, sender=FigureTranslation)
@receiver(post_delete, sender=FigureTranslation)
def render_posts_of_figure_translation(
    sender, instance: FigureTranslation, raw: bool = False, origin=None, **kwargs
) -> None:
    deleted_with_figure = isinstance(origin, Figure) or (
        isinstance(origin, QuerySet) and origin.model is Figure
    )
    if raw or deleted_with_figure:  # the figure's own deletion renders its posts
        return
    slug = figure_slug(instance.figure_id)
    if slug is not None:
        render_again(posts_placing({slug}))
