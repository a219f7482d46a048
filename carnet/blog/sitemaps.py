"""The sitemap: edition homes, every public post and page of every edition, categories and tags.

Each address lists its translations as hreflang alternates, itself included and x-default for the
original, as Google asks. Django's i18n sitemaps assume one object shown in every language; a
Carnet translation is another post, so the alternates come from translation groups instead.
Addresses are built on BASE_URL, not on the host the request came by.
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet

from carnet.blog.models import Category, Edition, Post, Tag


def absolute(path: str) -> str:
    return settings.BASE_URL + path


def hreflang_links(members: list[Post | Edition], original: Post | Edition | None) -> list[dict]:
    """The alternates of a group of translations: each member, then x-default for the original."""
    links = [
        {"lang_code": member_language(m), "location": absolute(m.get_absolute_url())}
        for m in members
    ]
    if original is not None:
        links.append({"lang_code": "x-default", "location": absolute(original.get_absolute_url())})
    return links


def member_language(member: Post | Edition) -> str:
    return member.language if isinstance(member, Edition) else member.edition.language


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
            for url in urls:
                url["alternates"] = hreflang_links(editions, default)
        return urls


class PostSitemap(BaseUrlSitemap):
    """Every public post and page, with its public translations."""

    def items(self) -> QuerySet[Post]:
        return Post.objects.public().select_related("edition", "parent").order_by("pk")

    def lastmod(self, post: Post):
        return post.updated_at

    def get_urls(self, page=1, site=None, protocol=None) -> list[dict]:
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        groups = translation_groups(self.items())
        for url in urls:
            post = url["item"]
            url["alternates"] = groups.get(post.translation_of_id or post.pk, [])
        return urls


def translation_groups(public_posts: QuerySet[Post]) -> dict[int, list[dict]]:
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
        original = next((p for p in posts if p.pk == root_id), None)
        groups[root_id] = hreflang_links(posts, original)
    return groups


class TermSitemap(BaseUrlSitemap):
    """The archive pages of the categories or tags that have public posts."""

    model: type[Category] | type[Tag]

    def items(self) -> QuerySet:
        public = Post.objects.public().posts()
        return (
            self.model.objects.filter(posts__in=public)
            .distinct()
            .select_related("edition")
            .order_by("pk")
        )


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
