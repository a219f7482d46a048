"""Categories and tags of an import: the channel's list, and the terms items are filed under."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING
from urllib.parse import unquote

from django.utils.text import slugify

from carnet.blog.models import Category, Edition, Post, Tag
from carnet.wordpress import oldlinks
from carnet.wordpress.content import digest, plain_excerpt, plain_title
from carnet.wordpress.languages import split_qtranslate
from carnet.wordpress.wxr import Item, Term

if TYPE_CHECKING:
    from carnet.wordpress.importer import WordPressImport

MODELS = {"category": Category, "post_tag": Tag}
REPORT_KINDS = {"category": "categories", "post_tag": "tags"}
# Polylang's own terms: read from the items (see languages.py), not imported as terms.
POLYLANG_TAXONOMIES = {"language", "post_translations", "term_language", "term_translations"}
# WXR 1.0 calls tags "tag"; items list a term once without domain too (ignored).
ITEM_DOMAINS = {"category": "category", "post_tag": "post_tag", "tag": "post_tag"}


def term_slug(raw: str, name: str) -> str:
    """A WordPress slug, decoded (`thag%c2%b2` → `thag²`), cleaned to what Carnet's URLs take."""
    slug = unquote(raw).strip()
    if not slug or slugify(slug, allow_unicode=True) != slug:
        slug = slugify(slug or name, allow_unicode=True)
    return slug[:200] or "term"


def term_name(raw: str, language: str) -> str:
    versions = split_qtranslate(raw)
    return plain_title(versions.get(language) or next(iter(versions.values()), raw))[:200]


class TermBook:
    """The categories and tags met so far, by (taxonomy, edition, slug)."""

    def __init__(self, run: WordPressImport) -> None:
        self.run = run
        self.known: dict[tuple[str, int, str], Category | Tag] = {}
        self.parents: list[tuple[int, int, str]] = []
        self.other_taxonomies: Counter[str] = Counter()
        self.seen: set[tuple[str, int, str]] = set()

    def add(self, term: Term) -> None:
        """A term of the channel's list: created, updated or found unchanged."""
        if term.taxonomy not in MODELS:
            if term.taxonomy not in POLYLANG_TAXONOMIES:
                self.other_taxonomies[term.taxonomy or "?"] += 1
            return
        kind = REPORT_KINDS[term.taxonomy]
        if not (term.slug or term.name):
            self.run.report.skip(kind, "no name")
            return
        run = self.run
        edition = run.editions.get(term.meta.get("_carnet_language", ""), run.edition)
        checksum = digest(term)
        wp_id = term.wp_id or f"slug:{term.slug}"
        if (term.taxonomy, edition.pk, wp_id) in self.seen:
            return  # listed twice: as <wp:category> and again as <wp:term>
        self.seen.add((term.taxonomy, edition.pk, wp_id))
        mapping = run.mapping(term.taxonomy, wp_id, edition)
        model = MODELS[term.taxonomy]
        slug = term_slug(term.slug, term_name(term.name, edition.language))
        # The slug names a term in an edition: a term that has it already is this one.
        found = model.objects.filter(edition=edition, slug=slug).first()
        if found is None and mapping is not None:
            found = model.objects.filter(pk=mapping.object_id).first()
        unchanged = mapping is not None and found is not None and mapping.object_id == found.pk
        if unchanged and mapping.checksum == checksum:
            run.report.done(kind, "unchanged")
        else:
            how = "updated" if found else "imported"
            found = found or model(edition=edition)
            found.name = term_name(term.name, edition.language) or slug
            found.slug = slug
            found.description = plain_excerpt(term.description)
            found.save()
            run.report.done(kind, how)
        run.remember(mapping, term.taxonomy, wp_id, edition, found.pk, checksum)
        self.known[(term.taxonomy, edition.pk, slug)] = found
        if term.parent and term.taxonomy == "category":
            self.parents.append((found.pk, edition.pk, term_slug(term.parent, "")))
        self.save_links(term, found, edition)

    def save_links(self, term: Term, found: Category | Tag, edition: Edition) -> None:
        prefix = "" if edition.is_default else f"/{edition.language}"
        base = "category" if term.taxonomy == "category" else "tag"
        keys = set()
        wp_slug = unquote(term.slug).strip()
        if wp_slug and wp_slug != found.slug:
            keys.add(f"{prefix}/{base}/{wp_slug}/")
        if term.wp_id:
            keys.add(f"{prefix}/?{'cat' if base == 'category' else 'tag'}={term.wp_id}")
        if base == "tag" and wp_slug:
            keys.add(f"{prefix}/?tag={wp_slug}")
        oldlinks.save_old_links(keys, **{base: found})

    def get(self, taxonomy: str, raw_slug: str, raw_name: str, edition: Edition) -> Category | Tag:
        """The term an item is filed under, made if the channel did not list it."""
        name = term_name(raw_name, edition.language)
        slug = term_slug(raw_slug, name)
        key = (taxonomy, edition.pk, slug)
        if key not in self.known:
            model = MODELS[taxonomy]
            found = model.objects.filter(edition=edition, slug=slug).first()
            if found is None:
                found = model.objects.create(edition=edition, slug=slug, name=name or slug)
                self.run.report.done(REPORT_KINDS[taxonomy], "imported")
            self.known[key] = found
        return self.known[key]

    def chosen(self, item: Item, edition: Edition) -> dict[str, dict[int, Category | Tag]]:
        """The item's categories and tags in this edition, by primary key."""
        chosen: dict[str, dict[int, Category | Tag]] = {"category": {}, "post_tag": {}}
        for term in item.terms:
            taxonomy = ITEM_DOMAINS.get(term.domain)
            if taxonomy and (term.slug or term.name.strip()):
                found = self.get(taxonomy, term.slug, term.name, edition)
                chosen[taxonomy][found.pk] = found
        return chosen

    def file_post(self, post: Post, item: Item, edition: Edition, replace: bool = True) -> None:
        """Put a saved post in its categories and tags, instead of the ones it had."""
        chosen = self.chosen(item, edition)
        post.categories.set(chosen["category"].values())
        post.tags.set(chosen["post_tag"].values())

    def rows_for(self, post: Post, item: Item, edition: Edition) -> tuple[list, list]:
        """The rows that file a new post under its terms, for one bulk INSERT per batch."""
        chosen = self.chosen(item, edition)
        categories, tags = Post.categories.through, Post.tags.through
        return (
            [categories(post_id=post.pk, category_id=pk) for pk in chosen["category"]],
            [tags(post_id=post.pk, tag_id=pk) for pk in chosen["post_tag"]],
        )

    def finish(self) -> None:
        """Parents by slug (a parent may be listed after its child), and nested old addresses."""
        for pk, edition_id, parent_slug in self.parents:
            parent = Category.objects.filter(edition_id=edition_id, slug=parent_slug).first()
            if parent is not None and parent.pk != pk:
                Category.objects.filter(pk=pk).update(parent=parent)
        for pk, _edition_id, _parent in self.parents:
            category = Category.objects.select_related("edition").get(pk=pk)
            chain, seen, current = [], set(), category
            while current is not None and current.pk not in seen:
                chain.insert(0, current.slug)
                seen.add(current.pk)
                current = current.parent
            prefix = "" if category.edition.is_default else f"/{category.edition.language}"
            oldlinks.save_old_links({f"{prefix}/category/{'/'.join(chain)}/"}, category=category)
        if self.other_taxonomies:
            listed = ", ".join(f"{t}: {n}" for t, n in sorted(self.other_taxonomies.items()))
            self.run.report.notes.append(f"terms of other taxonomies not imported ({listed})")
