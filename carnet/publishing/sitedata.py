"""The whole public site read into memory in a few queries, for `carnet build`.

A reader's view reads what its page needs (a dozen queries); the build renders every page,
so it reads everything once instead: the editions, every public post and page with its
author, terms, related links, translations and approved comments. The worker processes of
the build inherit this snapshot when they are forked.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from carnet.blog.models import Category, Edition, Post, Tag
from carnet.blog.models.posts import edition_order
from carnet.comments.models import Comment

BATCH = 500  # posts per prefetch query: SQLite limits the parameters of one statement


def newest_first(post: Post) -> tuple:
    return (post.published_at, post.pk)


@dataclass
class EditionData:
    """One edition's public posts and pages, and how its listings group them."""

    edition: Edition
    others: list[Edition]
    posts: list[Post] = field(default_factory=list)  # newest first
    pages: list[Post] = field(default_factory=list)
    categories: list[Category] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    by_term: dict[tuple[type, int], list[Post]] = field(default_factory=lambda: defaultdict(list))
    by_author: dict[int, list[Post]] = field(default_factory=lambda: defaultdict(list))
    by_year: dict[int, list[Post]] = field(default_factory=lambda: defaultdict(list))
    by_month: dict[tuple[int, int], list[Post]] = field(default_factory=lambda: defaultdict(list))
    kept: dict = field(default_factory=dict)  # the theme's {% keep %} fragments of this edition

    @cached_property
    def home_order(self) -> list[Post]:
        """The home's order: sticky posts first, then newest first."""
        return sorted(self.posts, key=lambda p: (p.sticky, *newest_first(p)), reverse=True)

    @cached_property
    def nav_pages(self) -> list[Post]:
        top = [p for p in self.pages if p.parent_id is None]
        return sorted(top, key=lambda p: (p.menu_order, p.title))

    def neighbours(self, post: Post) -> tuple[Post | None, Post | None]:
        """The posts before and after `post` in date order (older, newer)."""
        index = self._index[post.pk]
        older = self.posts[index + 1] if index + 1 < len(self.posts) else None
        newer = self.posts[index - 1] if index > 0 else None
        return older, newer

    def group(self, terms_of: dict[int, tuple]) -> None:
        """Sort the posts and file them by term, author, year and month."""
        self.posts.sort(key=newest_first, reverse=True)
        self._index = {post.pk: i for i, post in enumerate(self.posts)}
        for post in self.posts:
            for term in terms_of[post.pk]:
                self.by_term[(type(term), term.pk)].append(post)
            if post.author_id is not None:
                self.by_author[post.author_id].append(post)
            day = timezone.localtime(post.published_at)
            self.by_year[day.year].append(post)
            self.by_month[(day.year, day.month)].append(post)


@dataclass
class SiteData:
    """Every edition's public content, and what posts share across editions."""

    editions: list[EditionData]
    comments: dict[int, list[Comment]]  # approved, oldest first, by post id
    translations: dict[int, list[Post]]  # public posts of each translation group, by root id

    def comments_of(self, post: Post) -> list[Comment]:
        return self.comments.get(post.pk, [])

    def public_translations(self, post: Post) -> list[Post]:
        """The post's public translations in site order, as `Post.public_translations` gives."""
        group = self.translations.get(post.translation_of_id or post.pk, [])
        return sorted((p for p in group if p.pk != post.pk), key=edition_order)


def load() -> SiteData:
    """Read the public site: about a dozen queries, whatever its size."""
    editions = Edition.objects.in_site_order()
    by_pk = {e.pk: e for e in editions}
    public = list(
        Post.objects.public()
        .filter(edition__in=editions)
        .select_related("author", "parent", "featured_figure")
        .order_by("pk")
    )
    for post in public:
        post.edition = by_pk[post.edition_id]  # one object per edition: its caches are shared
    terms_of = _prefetch(public, by_pk)
    comments = _approved_comments(public)
    site = SiteData(
        editions=[EditionData(e, [o for o in editions if o.pk != e.pk]) for e in editions],
        comments=comments,
        translations=_translation_groups(public),
    )
    data_of = {data.edition.pk: data for data in site.editions}
    for post in public:
        data = data_of[post.edition_id]
        (data.posts if post.kind == Post.Kind.POST else data.pages).append(post)
    for data in site.editions:
        data.categories = list(Category.objects.filter(edition=data.edition))
        data.tags = list(Tag.objects.filter(edition=data.edition))
        for term in (*data.categories, *data.tags):
            term.edition = data.edition
        data.group(terms_of)
    terms = [term for post_terms in terms_of.values() for term in post_terms]
    remember_addresses((*editions, *public, *terms))
    return site


def remember_addresses(objects) -> None:
    """Give each object its address once: pages link to the same posts and terms many times."""
    for found in objects:
        found.get_absolute_url = _constant(found.get_absolute_url())


def _constant(address: str):
    return lambda: address


def _prefetch(posts: list[Post], editions: dict[int, Edition]) -> dict[int, tuple]:
    """Each post's categories, tags and related links, in batches; the terms by post id."""
    lookups = (
        Prefetch("categories", queryset=Category.objects.all()),
        Prefetch("tags", queryset=Tag.objects.all()),
        "related_links",
    )
    for start in range(0, len(posts), BATCH):
        prefetch_related_objects(posts[start : start + BATCH], *lookups)
    terms_of = {post.pk: (*post.categories.all(), *post.tags.all()) for post in posts}
    for terms in terms_of.values():
        for term in terms:
            term.edition = editions.get(term.edition_id) or term.edition
    return terms_of


def _approved_comments(posts: Iterable[Post]) -> dict[int, list[Comment]]:
    """Approved comments by post, oldest first, each knowing its post."""
    by_pk = {post.pk: post for post in posts}
    found: dict[int, list[Comment]] = defaultdict(list)
    for comment in Comment.objects.approved().order_by("created_at", "pk").iterator(2000):
        post = by_pk.get(comment.post_id)
        if post is not None:
            comment.post = post
            found[post.pk].append(comment)
    return found


def _translation_groups(posts: Iterable[Post]) -> dict[int, list[Post]]:
    groups: dict[int, list[Post]] = defaultdict(list)
    for post in posts:
        groups[post.translation_of_id or post.pk].append(post)
    return groups
