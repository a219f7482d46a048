"""Which stored pages a write changes, and their removal once the write is committed.

Design: the affected addresses are computed from the model, not recorded when pages are
stored. A page of the store shows a post in a few ways only, each with an address that follows
from the post: its own page, its translations' pages (their links and hreflang), the pages
before and after it (their "previous/next" links), the listings it appears in (its edition's
home and all of its pages, its year, month, categories, tags and author, the archives index),
its edition's feeds and the sitemap. So a write is turned into addresses twice, from the
object as it was (read back from the database in pre_save) and as it is (post_save), and the
union is removed: a post that moves from March to April leaves both months. A listing's later
pages (`/page/2/`…) shift when one post comes or goes, so a listing is removed whole: `/x/*`
stands for `/x/` and everything stored below it (feeds included).

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

from django.db import transaction
from django.db.models import Model, Q, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.urls import NoReverseMatch

from carnet.blog.models import Category, Edition, Post, RelatedLink, Tag
from carnet.comments.models import Comment
from carnet.publishing.store import PageStore, page_store

SITEMAP = "/sitemap.xml"
ALL_EDITIONS = "@all"
# Edition settings that other editions show too (the "parallel blog" note).
SHARED_EDITION_FIELDS = ("title", "language")
NAV_FIELDS = ("title", "slug", "menu_order", "parent_id", "edition_id")
# Post fields that no page shows, and those that only link translations together.
BOOKKEEPING = frozenset({"updated_at", "created_at"})
TRANSLATION_FIELDS = frozenset({"translation_of_id", "source_synced_at"})


# Addresses -------------------------------------------------------------------------------


def edition_wipe(edition: Edition) -> str:
    """The token that stands for every stored page of an edition."""
    return f"@{edition.language}"


def listing(path: str) -> set[str]:
    """A listing's first page and its later pages (`page/2/`…), nothing else below it."""
    return {path, f"{path}page/*"}


def post_listings(post: Post) -> set[str]:
    """The listings a public post appears in: home, year, month, its terms and its author."""
    edition = post.edition
    day = post.local_date
    urls = listing(edition.reverse("home"))
    urls |= listing(edition.reverse("year", year=day.year))
    urls |= listing(edition.reverse("month", year=day.year, month=f"{day.month:02d}"))
    urls |= {term.get_absolute_url() + "*" for term in post.categories.all()}
    urls |= {term.get_absolute_url() + "*" for term in post.tags.all()}
    if post.author is not None:
        urls.add(edition.reverse("author", username=post.author.get_username()) + "*")
    return urls


def neighbours(post: Post) -> list[Post]:
    """The public posts before and after a post in its edition (their links name it)."""
    siblings = Post.objects.public().posts().filter(edition_id=post.edition_id).exclude(pk=post.pk)
    before = siblings.filter(
        Q(published_at__lt=post.published_at) | Q(published_at=post.published_at, pk__lt=post.pk)
    ).order_by("-published_at", "-pk")
    after = siblings.filter(
        Q(published_at__gt=post.published_at) | Q(published_at=post.published_at, pk__gt=post.pk)
    ).order_by("published_at", "pk")
    return [p for p in (before.first(), after.first()) if p is not None]


def post_pages(post: Post) -> set[str]:
    """Every stored page that shows a post as it is in this instance."""
    if post.pk is None or post.edition_id is None:
        return set()
    urls = {p.get_absolute_url() for p in post.translation_group()}
    urls.add(post.get_absolute_url() + "*")  # its page, and its comment feed below it
    if not post.is_public:
        return urls
    urls |= {SITEMAP, *comment_feeds(post.edition)}
    if post.kind == Post.Kind.PAGE:  # its subpages' addresses, below its own, hold its slug
        return urls
    edition = post.edition
    urls |= post_listings(post)
    urls |= {edition.reverse("archives"), edition.reverse("feed") + "*"}
    urls |= {p.get_absolute_url() for p in neighbours(post)}
    return urls


def nav_entry(post: Post) -> tuple | None:
    """What the menu of every page shows of a top-level public page (None: not in the menu)."""
    if post.kind != Post.Kind.PAGE or post.parent_id is not None or not post.is_public:
        return None
    return tuple(getattr(post, field) for field in NAV_FIELDS)


def comment_feeds(edition: Edition) -> set[str]:
    """The edition's feed of comments, if the comments app has one."""
    try:
        return {edition.reverse("comments_feed") + "*"}
    except NoReverseMatch:
        return set()


def comment_pages(comment: Comment) -> set[str]:
    """The pages that show a comment or count it: its post's page and the post's listings."""
    post = comment.post
    if not post.is_public:
        return set()
    urls = {post.get_absolute_url() + "*"}  # the page, and its comment feed below it
    urls |= comment_feeds(post.edition)
    if post.kind == Post.Kind.POST:
        urls |= post_listings(post)
    return urls


def term_pages(term: Category | Tag) -> set[str]:
    """The pages that name a category or tag: its own, its posts' and the lists they are in."""
    edition = term.edition
    urls = {term.get_absolute_url() + "*", edition.reverse("archives"), SITEMAP}
    urls.add(edition.reverse("feed") + "*")
    posts = (
        term.posts.public()
        .select_related("edition", "author")
        .prefetch_related("categories", "tags")
    )
    for post in posts:
        urls.add(post.get_absolute_url())
        urls |= post_listings(post)
    return urls


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
    if nav_entry(instance) is not None:
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
    post_save.connect(related_link_changed, sender=RelatedLink, dispatch_uid="store-link-save")
    post_delete.connect(related_link_changed, sender=RelatedLink, dispatch_uid="store-link-del")
