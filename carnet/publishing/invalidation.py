"""Which stored pages a write changes, and their removal once the write is committed.

A write is turned into addresses (see `addresses.py`) twice, from the object as it was (read
back from the database in pre_save) and as it is (post_save), and the union is removed: a post
that moves from March to April leaves both months. A change to a post's text alone leaves it
where it was, so its addresses are worked out once, without the pages that only link to it. A
writer's new name is worked out before the save, so that their archive at its old address
goes. A figure's new caption or image reaches the posts that place it when the blog app
renders their bodies again and saves them (`carnet/blog/signals.py`), which comes here as a
change to their text; only the pages it is featured on are removed for the figure itself.

Some writes change every page of an edition, and then the edition is removed whole: its
settings (its title also appears in the other editions' "parallel blog" note, so a new title
removes them all), or a top-level page coming, going or being renamed (every page's menu
lists it). Nothing is removed before the transaction commits (`on_commit`), so the next reader
renders from the new data; the store's generation file keeps a render that was already under
way from storing what it read before the write. Removal is idempotent, so several workers or
app servers may repeat it safely.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from urllib.parse import unquote

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Model, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from carnet.blog.models import Category, Edition, Figure, Post, RelatedLink, Tag
from carnet.comments.models import Comment
from carnet.publishing.addresses import (
    ALL_EDITIONS,
    SITEMAP,
    author_pages,
    comment_pages,
    edition_wipe,
    featuring_pages,
    nav_entry,
    post_pages,
    term_pages,
)
from carnet.publishing.store import PageStore, page_store

# Edition settings that other editions show too (the "parallel blog" note).
SHARED_EDITION_FIELDS = ("title", "language")
# Post fields that no page shows, and those that only link translations together.
BOOKKEEPING = frozenset({"updated_at", "created_at"})
TRANSLATION_FIELDS = frozenset({"translation_of_id", "source_synced_at"})
# Post fields that decide where a post is shown, or that its translations and neighbours show.
PLACE_FIELDS = frozenset(
    {"title", "slug", "status", "published_at", "edition_id", "kind", "parent_id", "author_id"}
    | TRANSLATION_FIELDS
)


# Removing them ---------------------------------------------------------------------------


def invalidate(urls: Iterable[str]) -> None:
    """Remove these stored pages once the current transaction commits (at once outside one)."""
    urls = set(urls)
    if urls:
        transaction.on_commit(lambda: remove_now(urls))


def remove_now(urls: set[str]) -> None:
    """Remove stored pages: addresses (`/x/`), trees (`/x/*`), editions (`@en`, `@all`)."""
    store = page_store()
    editions = {url[1:] for url in urls if url.startswith("@")}
    if editions:
        store.bump_generation()
        if ALL_EDITIONS[1:] in editions:
            store.remove_tree("/")
            return
        for language in editions:
            remove_edition(store, language)
    store.invalidate(unquote(url) for url in urls if not url.startswith("@"))


def remove_edition(store: PageStore, language: str) -> None:
    """Remove every stored page of one edition (the first edition's folder holds the others')."""
    edition = Edition.objects.filter(language=language).first()
    if edition is None:
        return
    home = unquote(edition.reverse("home"))
    others = [e.language for e in Edition.objects.exclude(pk=edition.pk)]
    store.remove_tree(home, keep=others if home == "/" else ())


# Signal receivers ------------------------------------------------------------------------


def stored_version(instance: Model, queryset: QuerySet) -> Model | None:
    """The object as the database holds it before this save, or None for a new one."""
    if instance.pk is None:
        return None
    return queryset.filter(pk=instance.pk).first()


def changed_fields(before: Post | None, after: Post) -> set[str]:
    """The fields a save changes (all of them for a new post)."""
    fields = [f.attname for f in Post._meta.concrete_fields if f.attname not in BOOKKEEPING]
    if before is None:
        return set(fields)
    return {name for name in fields if getattr(before, name) != getattr(after, name)}


def post_before_save(sender, instance, raw=False, **kwargs) -> None:
    if raw or not isinstance(instance, Post):
        return
    instance._before = stored_version(instance, Post.objects.select_related("edition", "author"))


def post_after_save(sender, instance, raw=False, **kwargs) -> None:
    if raw or not isinstance(instance, Post):
        return
    before = getattr(instance, "_before", None)
    changed = changed_fields(before, instance)
    if not changed:
        return
    if changed <= TRANSLATION_FIELDS:
        # Linking translations changes the posts' pages (links, hreflang) and the sitemap.
        groups = {p.get_absolute_url() for p in instance.translation_group()}
        if before is not None:
            groups |= {p.get_absolute_url() for p in before.translation_group()}
        invalidate({*groups, SITEMAP})
        return
    if before is not None and not changed & PLACE_FIELDS:  # its text: shown where it was
        urls = post_pages(instance, with_links=False)
    else:
        urls = (post_pages(before) if before else set()) | post_pages(instance)
    nav_before, nav_after = nav_entry(before) if before else None, nav_entry(instance)
    if nav_before != nav_after:
        urls.add(edition_wipe(instance.edition))
        if nav_before is not None and nav_before[-1] != instance.edition_id:
            urls.add(ALL_EDITIONS)  # moved to another edition: both menus change
    invalidate(urls)


def post_before_delete(sender, instance, **kwargs) -> None:
    if not isinstance(instance, Post):
        return
    urls = post_pages(instance)
    # A top-level page leaves the menu; a subpage's own subpages become top-level, joining it.
    orphans = Post.objects.public().filter(parent=instance)
    if nav_entry(instance) is not None or orphans.exists():
        urls.add(edition_wipe(instance.edition))
    invalidate(urls)


def post_terms_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    """Categories or tags added to or taken from a post (or posts added to a term)."""
    if action not in ("pre_add", "pre_remove", "pre_clear", "post_add", "post_remove"):
        return
    if reverse:  # term.posts.add(...): the term's pages, with the posts as they are
        invalidate(term_pages(instance))
        return
    if isinstance(instance, Post):
        urls = post_pages(instance)
        model = kwargs["model"]
        urls |= {
            term.get_absolute_url() + "*" for term in model.objects.filter(pk__in=pk_set or ())
        }
        invalidate(urls)


def term_before_save(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    before = stored_version(instance, type(instance).objects.select_related("edition"))
    instance._pages_before = term_pages(before) if before else set()


def term_after_save(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        invalidate(getattr(instance, "_pages_before", set()) | term_pages(instance))


def term_before_delete(sender, instance, **kwargs) -> None:
    invalidate(term_pages(instance))


def comment_before_save(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    before = stored_version(instance, Comment.objects.all())
    instance._shown_before = before is not None and before.status == Comment.Status.APPROVED


def comment_after_save(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    if getattr(instance, "_shown_before", False) or instance.status == Comment.Status.APPROVED:
        invalidate(comment_pages(instance))


def comment_deleted(sender, instance, **kwargs) -> None:
    if instance.status == Comment.Status.APPROVED:
        # Deleted with its post? The post's own removal covers its pages.
        with contextlib.suppress(Post.DoesNotExist):
            invalidate(comment_pages(instance))


def edition_before_save(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    before = stored_version(instance, Edition.objects.all())
    instance._shared_before = (
        tuple(getattr(before, f) for f in SHARED_EDITION_FIELDS) if before else None
    )


def edition_after_save(sender, instance, created: bool, raw=False, **kwargs) -> None:
    if raw:
        return
    shared = tuple(getattr(instance, f) for f in SHARED_EDITION_FIELDS)
    if created or getattr(instance, "_shared_before", None) != shared:
        invalidate({ALL_EDITIONS})
    else:
        invalidate({edition_wipe(instance)})


def byline(author) -> tuple[str, str]:
    return author.get_username(), author.get_full_name()


def author_before_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """A writer renamed: the pages with their old byline, and their archive at its old address.

    Nothing can be stored yet at the new address: the archive of an unknown writer is a 404.
    """
    named = {sender.USERNAME_FIELD, "first_name", "last_name"}
    if raw or instance.pk is None or (update_fields is not None and not named & set(update_fields)):
        return  # signing in saves last_login only
    before = stored_version(instance, sender._default_manager.all())
    if before is not None and byline(before) != byline(instance):
        invalidate(author_pages(before))


def author_before_delete(sender, instance, **kwargs) -> None:
    invalidate(author_pages(instance))  # their posts are kept, with no byline


def figure_before_save(sender, instance, raw=False, **kwargs) -> None:
    before = None if raw else stored_version(instance, Figure.objects.all())
    instance._image_before = before.image.name if before else None


def figure_after_save(sender, instance, created: bool, raw=False, **kwargs) -> None:
    """A new image is a new og:image; the bodies that place it are rendered by the blog app."""
    if not raw and not created and getattr(instance, "_image_before", None) != instance.image.name:
        invalidate(featuring_pages(instance))


def figure_before_delete(sender, instance, **kwargs) -> None:
    invalidate(featuring_pages(instance))  # the posts lose it without a save (SET_NULL)


def related_link_changed(sender, instance, **kwargs) -> None:
    if instance.post_id is not None:
        invalidate({instance.post.get_absolute_url()})


def connect() -> None:
    """Listen to the writes that change stored pages (called once, from the app's ready())."""
    # No sender for posts: the Page proxy sends signals of its own.
    pre_save.connect(post_before_save, dispatch_uid="store-post-before")
    post_save.connect(post_after_save, dispatch_uid="store-post-after")
    pre_delete.connect(post_before_delete, dispatch_uid="store-post-delete")
    for through in (Post.categories.through, Post.tags.through):
        m2m_changed.connect(post_terms_changed, sender=through, dispatch_uid=f"store-{through}")
    for term in (Category, Tag):
        pre_save.connect(term_before_save, sender=term, dispatch_uid=f"store-{term}-before")
        post_save.connect(term_after_save, sender=term, dispatch_uid=f"store-{term}-after")
        pre_delete.connect(term_before_delete, sender=term, dispatch_uid=f"store-{term}-delete")
    pre_save.connect(comment_before_save, sender=Comment, dispatch_uid="store-comment-before")
    post_save.connect(comment_after_save, sender=Comment, dispatch_uid="store-comment-after")
    post_delete.connect(comment_deleted, sender=Comment, dispatch_uid="store-comment-delete")
    pre_save.connect(edition_before_save, sender=Edition, dispatch_uid="store-edition-before")
    post_save.connect(edition_after_save, sender=Edition, dispatch_uid="store-edition-after")
    author = get_user_model()
    pre_save.connect(author_before_save, sender=author, dispatch_uid="store-author-before")
    pre_delete.connect(author_before_delete, sender=author, dispatch_uid="store-author-delete")
    pre_save.connect(figure_before_save, sender=Figure, dispatch_uid="store-figure-before")
    post_save.connect(figure_after_save, sender=Figure, dispatch_uid="store-figure-after")
    pre_delete.connect(figure_before_delete, sender=Figure, dispatch_uid="store-figure-delete")
    post_save.connect(related_link_changed, sender=RelatedLink, dispatch_uid="store-link-save")
    post_delete.connect(related_link_changed, sender=RelatedLink, dispatch_uid="store-link-del")
