"""The whole public site read into memory in a few queries, for `carnet build`.

A reader's view reads what its page needs (a dozen queries); the build renders every page,
so it reads everything once instead: the editions, every public post and page with its
author, featured figure, parent page, terms, related links, translations and approved
comments. The worker processes of the build inherit this snapshot when they are forked.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.auth import get_user_model
from django.db.models import Model, QuerySet
from django.utils import timezone

from carnet.blog.models import Category, Edition, Figure, Post, RelatedLink, Tag
from carnet.blog.models.posts import edition_order
from carnet.comments.models import Comment


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
        zone = timezone.get_current_timezone()  # once: `localtime` looks it up at each call
        for post in self.posts:
            for term in terms_of[post.pk]:
                self.by_term[(type(term), term.pk)].append(post)
            if post.author_id is not None:
                self.by_author[post.author_id].append(post)
            day = post.published_at.astimezone(zone)
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
    """Read the public site: ten queries whatever its size (one more for pages under drafts)."""
    with collector_paused():
        return _read_site()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector held off while objects that live on are made: its passes over
    them free nothing (at 10,000 posts, they took a third of `load`'s time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read_site() -> SiteData:
    editions = Edition.objects.in_site_order()
    by_pk = {e.pk: e for e in editions}
    public = _public_posts(by_pk)
    categories, tags = _terms(Category, by_pk), _terms(Tag, by_pk)
    terms_of = _attach_relations(public, categories, tags)
    site = SiteData(
        editions=[EditionData(e, [o for o in editions if o.pk != e.pk]) for e in editions],
        comments=_approved_comments(public),
        translations=_translation_groups(public),
    )
    data_of = {data.edition.pk: data for data in site.editions}
    for post in public:
        data = data_of[post.edition_id]
        (data.posts if post.kind == Post.Kind.POST else data.pages).append(post)
    for data in site.editions:
        data.categories = [term for term in categories if term.edition_id == data.edition.pk]
        data.tags = [term for term in tags if term.edition_id == data.edition.pk]
        data.group(terms_of)
    listed = [term for term in (*categories, *tags) if term.edition_id in by_pk]
    strays = [term for terms in terms_of.values() for term in terms if term.edition_id not in by_pk]
    remember_addresses((*editions, *public, *listed, *strays))
    return site


def remember_addresses(objects) -> None:
    """Give each object its address once: pages link to the same posts and terms many times."""
    for found in objects:
        found.get_absolute_url = _constant(found.get_absolute_url())


def _constant(address: str):
    return lambda: address


def _public_posts(editions: dict[int, Edition]) -> list[Post]:
    """The public posts and pages of `editions` (by id), each given its edition, author,
    featured figure and parent.

    One object per edition, author and figure, shared by their posts (their caches too); a
    page's parent is the public page itself, so that its address needs no query.
    """
    chosen = Post.objects.public().filter(edition__in=editions.values())
    posts = list(chosen.order_by("pk"))
    authors = get_user_model().objects.filter(pk__in=chosen.values("author_id")).in_bulk()
    figures = Figure.objects.filter(pk__in=chosen.values("featured_figure_id")).in_bulk()
    pages = {post.pk: post for post in posts}
    hidden = {post.parent_id for post in posts} - pages.keys() - {None}
    if hidden:  # a public page under a draft: rare
        pages.update(Post.objects.in_bulk(hidden))
    for post in posts:
        post.edition = editions[post.edition_id]
        post.author = authors.get(post.author_id)
        post.featured_figure = figures.get(post.featured_figure_id)
        post.parent = pages.get(post.parent_id)
    return posts


def _terms(model: type[Category | Tag], editions: dict[int, Edition]) -> list:
    """Every category or tag in name order, each given its edition when it is one of the site's."""
    terms = list(model.objects.all())
    for term in terms:
        if term.edition_id in editions:
            term.edition = editions[term.edition_id]
    return terms


def _attach_relations(posts: list[Post], categories: list, tags: list) -> dict[int, tuple]:
    """Give each post its categories, tags and related links; the terms by post id.

    Their order is the one `prefetch_related` gives (the models' own), and the posts share one
    object per term: the theme's caches of a term are filled once.
    """
    found = {
        "categories": _linked(Post.categories.through, "category_id", categories),
        "tags": _linked(Post.tags.through, "tag_id", tags),
        "related_links": _related_links(posts),
    }
    categories_of, tags_of = found["categories"], found["tags"]
    for post in posts:
        pending = {relation: objects_of.get(post.pk, []) for relation, objects_of in found.items()}
        post._prefetched_objects_cache = PrefetchedOnDemand(post, pending)
        post.category_list = categories_of.get(post.pk, [])  # the cached_property, given
        post.tag_list = tags_of.get(post.pk, [])
    return {post.pk: (*categories_of.get(post.pk, ()), *tags_of.get(post.pk, ())) for post in posts}


def _linked(link_model: type[Model], term_column: str, terms: list) -> dict[int, list]:
    """Each post's terms in the order of `terms`, from the posts' link table read whole."""
    posts_of: dict[int, list[int]] = defaultdict(list)
    for post_pk, term_pk in link_model.objects.values_list("post_id", term_column):
        posts_of[term_pk].append(post_pk)
    terms_of: dict[int, list] = defaultdict(list)
    for term in terms:
        for post_pk in posts_of.get(term.pk, ()):
            terms_of[post_pk].append(term)
    return terms_of


def _related_links(posts: list[Post]) -> dict[int, list[RelatedLink]]:
    """The posts' related links in their order, by post id, each knowing its post."""
    by_pk = {post.pk: post for post in posts}
    links_of: dict[int, list[RelatedLink]] = defaultdict(list)
    for link in RelatedLink.objects.all():
        post = by_pk.get(link.post_id)
        if post is not None:
            link.post = post
            links_of[post.pk].append(link)
    return links_of


class PrefetchedOnDemand(dict):
    """A post's prefetch cache whose querysets are made when first read, in the process that
    reads them: making one costs a related manager and a query clone (30 µs), and the build
    would otherwise make three per post before its workers start."""

    def __init__(self, post: Post, pending: dict[str, list]) -> None:
        super().__init__()
        self.post, self.pending = post, pending

    def __missing__(self, relation: str) -> QuerySet:
        objects = self.pending.pop(relation)  # KeyError: not prefetched, Django queries
        # While it is made, the relation is missing here: Django makes its plain queryset.
        self[relation] = queryset = _prefetched(self.post, relation, objects)
        return queryset


def _prefetched(post: Post, relation: str, objects: list) -> QuerySet:
    """`post.<relation>.all()` as `prefetch_related_objects` leaves it: the relation's own
    queryset, holding `objects` as its results, so that reading it makes no query."""
    queryset = getattr(post, relation).get_queryset()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    return queryset


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
