"""The sitemap: edition homes, every public post and page of every edition, categories and tags.

Each address lists its translations as hreflang alternates, itself included and x-default for the
original, as Google asks. Django's i18n sitemaps assume one object shown in every language; a
Carnet translation is another post, so the alternates come from translation groups instead.
Addresses are built on BASE_URL, not on the host the request came by.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from carnet.blog.models import Category, Edition, Post, Tag


def absolute(path: str) -> str:
    return settings.BASE_URL + path


def hreflang_links(members: list[tuple[str, str]], original: str | None) -> list[dict]:
    """The alternates of a group of translations, given as (language, path): each member, then
    x-default for the original's path."""
    links = [{"lang_code": language, "location": absolute(path)} for language, path in members]
    if original is not None:
        links.append({"lang_code": "x-default", "location": absolute(original)})
    return links


class BaseUrlSitemap(Sitemap):
    """Locations on BASE_URL: Django writes them as `{protocol}://{domain}{path}`."""

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.BASE_URL).scheme

    def get_domain(self, site=None) -> str:
        return settings.BASE_URL.split("://", 1)[1]


class EditionHomeSitemap(BaseUrlSitemap):
    """Each edition's home; the homes are translations of each other."""

    def items(self) -> list[Edition]:
        return Edition.objects.in_site_order()

    def lastmod(self, edition: Edition):
        posts = Post.objects.public().posts().filter(edition=edition)
        return posts.aggregate(latest=Max("updated_at"))["latest"]

    def get_urls(self, page=1, site=None, protocol=None) -> list[dict]:
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        editions = self.items()
        if len(editions) > 1:
            default = next((e for e in editions if e.is_default), None)
            members = [(e.language, e.get_absolute_url()) for e in editions]
            original = default.get_absolute_url() if default else None
            links = hreflang_links(members, original)
            for url in urls:
                url["alternates"] = links
        return urls


# What Post.get_absolute_url reads (the edition is attached, the parents read apart).
ADDRESS_FIELDS = ("edition", "kind", "slug", "published_at", "parent")


class PostSitemap(BaseUrlSitemap):
    """Every public post and page, with its public translations."""

    def items(self) -> list[Post]:
        return self.public_posts

    @cached_property
    def public_posts(self) -> list[Post]:
        """Read once per request (Django's paginator and the alternates both go through them),
        with only the fields an address, a date and a language need."""
        posts = list(
            Post.objects.public()
            .only(*ADDRESS_FIELDS, "updated_at", "translation_of")
            .order_by("pk")
        )
        Edition.objects.attach_to(posts)
        attach_parents(posts)
        return posts

    @cached_property
    def paths(self) -> dict[int, str]:
        """Each post's path, made once: its own <loc> and its translations' alternates use it."""
        return {post.pk: post.get_absolute_url() for post in self.public_posts}

    def location(self, post: Post) -> str:
        return self.paths[post.pk]

    def lastmod(self, post: Post):
        return post.updated_at

    def get_urls(self, page=1, site=None, protocol=None) -> list[dict]:
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        groups = translation_groups(self.public_posts, self.paths)
        for url in urls:
            post = url["item"]
            url["alternates"] = groups.get(post.translation_of_id or post.pk, [])
        return urls


def attach_parents(posts: list[Post]) -> None:
    """Give pages their chain of parent pages, read in one query, so that their paths need none."""
    if not any(post.parent_id for post in posts):
        return
    parent_ids = Post.objects.exclude(parent=None).values("parent_id")
    parents = {
        p.pk: p for p in Post.objects.filter(pk__in=parent_ids).only("slug", "parent").order_by()
    }
    for post in [*posts, *parents.values()]:
        if post.parent_id in parents:
            post.parent = parents[post.parent_id]


def translation_groups(public_posts: list[Post], paths: dict[int, str]) -> dict[int, list[dict]]:
    """hreflang alternates of each group of two or more public posts, keyed by its original."""
    members: dict[int, list[Post]] = defaultdict(list)
    for post in public_posts:
        members[post.translation_of_id or post.pk].append(post)
    order = {code: position for position, (code, _name) in enumerate(settings.LANGUAGES)}
    groups = {}
    for root_id, posts in members.items():
        if len(posts) < 2:
            continue
        posts.sort(key=lambda p: order.get(p.edition.language, len(order)))
        addresses = [(p.edition.language, paths[p.pk]) for p in posts]
        groups[root_id] = hreflang_links(addresses, paths.get(root_id))
    return groups


class TermSitemap(BaseUrlSitemap):
    """The archive pages of the categories or tags that have public posts."""

    model: type[Category] | type[Tag]

    def items(self) -> list[Category] | list[Tag]:
        """A list, not a query, so that Django's paginator does not count them in another."""
        public = Post.objects.public().posts()
        terms = list(
            self.model.objects.filter(posts__in=public)
            .distinct()
            .only("edition", "slug")
            .order_by("pk")
        )
        Edition.objects.attach_to(terms)
        return terms


class CategorySitemap(TermSitemap):
    model = Category


class TagSitemap(TermSitemap):
    model = Tag


# Classes, not instances: the sitemap view makes one per request, as Sitemap keeps state.
SITEMAPS = {
    "editions": EditionHomeSitemap,
    "posts": PostSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
}
