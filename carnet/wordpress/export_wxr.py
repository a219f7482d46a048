"""`carnet export wordpress OUT.xml`: the whole site as a WXR 1.2 file WordPress's importer takes.

Translations travel the way Polylang writes them (a `language` term and a `post_translations`
group per item), and each term says its edition in a `_carnet_language` term meta, so that
importing the file into Carnet gives the same site back.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from email.utils import format_datetime
from html import escape
from typing import TextIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from carnet.blog.models import Category, Edition, Post, Tag
from carnet.comments.models import Comment
from carnet.content.markdown import render_markdown
from carnet.content.more import split_more
from carnet.content.sanitize import sanitize_html
from carnet.wordpress.models import Attachment

WP = "http://wordpress.org/export/1.2/"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_MORE = re.compile(r"<!--\s*more(\s[\s\S]*?)?-->")
STATUSES = {
    Post.Status.DRAFT: "draft",
    Post.Status.PENDING: "pending",
    Post.Status.PRIVATE: "private",
}
COMMENT_STATUSES = {"approved": "1", "pending": "0", "spam": "spam", "trash": "trash"}


def cdata(text: str) -> str:
    """Text in a CDATA section; `]]>` inside is split the way WordPress does it."""
    text = _NOT_XML.sub("", text or "")
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def tag(name: str, text: object = "", raw: bool = False) -> str:
    value = str(text) if raw else cdata(str(text))
    return f"<{name}>{value}</{name}>"


def wp_dates(moment: datetime.datetime) -> tuple[str, str]:
    local = timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")
    return local, moment.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")


def body_html(post: Post) -> str:
    """The post's HTML as WordPress's block editor keeps it: HTML blocks around the more-marker."""
    if post.body_format == Post.Format.HTML:
        found = _MORE.search(post.body)
        intro, rest = (
            (post.body, None)
            if not found
            else (post.body[: found.start()], post.body[found.end() :])
        )
        custom = (found.group(1) or "").strip() if found else ""
    else:
        split = split_more(post.body)
        intro = sanitize_html(render_markdown(split.intro, post.resolve_figure))
        rest = (
            None
            if split.rest is None
            else sanitize_html(render_markdown(split.rest, post.resolve_figure))
        )
        custom = split.more_text or ""
    blocks = [f"<!-- wp:html -->\n{intro.strip()}\n<!-- /wp:html -->"]
    if rest is not None:
        attrs = f' {{"customText":{_json(custom)}}}' if custom else ""
        marker = f"<!--more {custom}-->" if custom else "<!--more-->"
        blocks.append(f"<!-- wp:more{attrs} -->\n{marker}\n<!-- /wp:more -->")
        blocks.append(f"<!-- wp:html -->\n{rest.strip()}\n<!-- /wp:html -->")
    return "\n\n".join(blocks)


def _json(text: str) -> str:
    import json

    # Block attributes may not hold "--" or angle brackets; WordPress escapes them like this.
    return json.dumps(text).replace("-", "\\u002d").replace("<", "\\u003c").replace(">", "\\u003e")


class WXRWriter:
    """Writes the channel, then one item per post, page and attachment, as it goes."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.editions = Edition.objects.in_site_order()
        self.multilingual = len(self.editions) > 1
        last_post = Post.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        self.attachment_offset = last_post + 1
        self.counts = {"posts": 0, "pages": 0, "attachments": 0, "comments": 0}

    def write(self) -> dict[str, int]:
        self.out.write('<?xml version="1.0" encoding="UTF-8" ?>\n')
        self.out.write(
            '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            f'xmlns:wp="{WP}">\n<channel>\n'
        )
        self.channel()
        for post in self.posts():
            self.post_item(post)
        for attachment in Attachment.objects.select_related("post").order_by("pk"):
            self.attachment_item(attachment)
        self.out.write("</channel>\n</rss>\n")
        return self.counts

    def line(self, text: str) -> None:
        self.out.write(text + "\n")

    def channel(self) -> None:
        first = self.editions[0] if self.editions else None
        self.line(tag("title", first.title if first else "", raw=False))
        self.line(tag("link", escape(settings.BASE_URL), raw=True))
        self.line(tag("description", first.tagline if first else ""))
        self.line(tag("pubDate", format_datetime(timezone.now()), raw=True))
        self.line(tag("language", settings.LANGUAGE_CODE, raw=True))
        self.line(tag("wp:wxr_version", "1.2", raw=True))
        self.line(tag("wp:base_site_url", escape(settings.BASE_URL), raw=True))
        self.line(tag("wp:base_blog_url", escape(settings.BASE_URL), raw=True))
        for user in get_user_model().objects.filter(posts__isnull=False).distinct().order_by("pk"):
            self.line(
                "<wp:author>"
                + tag("wp:author_id", user.pk, raw=True)
                + tag("wp:author_login", user.username)
                + tag("wp:author_email", user.email)
                + tag("wp:author_display_name", user.get_full_name() or user.username)
                + tag("wp:author_first_name", user.first_name)
                + tag("wp:author_last_name", user.last_name)
                + "</wp:author>"
            )
        self.terms()

    def _language_meta(self, edition_id: int) -> str:
        language = next((e.language for e in self.editions if e.pk == edition_id), "")
        return (
            "<wp:termmeta>"
            + tag("wp:meta_key", "_carnet_language")
            + tag("wp:meta_value", language)
            + "</wp:termmeta>"
        )

    def terms(self) -> None:
        for category in Category.objects.select_related("parent").order_by("pk"):
            self.line(
                "<wp:category>"
                + tag("wp:term_id", category.pk, raw=True)
                + tag("wp:category_nicename", category.slug)
                + tag("wp:category_parent", category.parent.slug if category.parent else "")
                + tag("wp:cat_name", category.name)
                + tag("wp:category_description", category.description)
                + self._language_meta(category.edition_id)
                + "</wp:category>"
            )
        for term in Tag.objects.order_by("pk"):
            self.line(
                "<wp:tag>"
                + tag("wp:term_id", term.pk, raw=True)
                + tag("wp:tag_slug", term.slug)
                + tag("wp:tag_name", term.name)
                + tag("wp:tag_description", term.description)
                + self._language_meta(term.edition_id)
                + "</wp:tag>"
            )
        if self.multilingual:
            for edition in self.editions:
                self.line(
                    "<wp:term>"
                    + tag("wp:term_taxonomy", "language")
                    + tag("wp:term_slug", edition.language)
                    + tag("wp:term_name", edition.language_name)
                    + "</wp:term>"
                )

    def posts(self) -> Iterable[Post]:
        return (
            Post.objects.select_related("edition", "author", "parent", "translation_of")
            .prefetch_related("categories", "tags", "featured_attachments")
            .order_by("pk")
            .iterator(chunk_size=200)
        )

    def item_terms(self, post: Post) -> list[str]:
        terms = [
            f'<category domain="category" nicename="{escape(c.slug)}">{cdata(c.name)}</category>'
            for c in post.categories.all()
        ]
        terms += [
            f'<category domain="post_tag" nicename="{escape(t.slug)}">{cdata(t.name)}</category>'
            for t in post.tags.all()
        ]
        if self.multilingual:
            language = post.edition.language
            terms.append(f'<category domain="language" nicename="{language}">{language}</category>')
            root = post.translation_of_id or post.pk
            if post.translation_of_id or post.translations.exists():
                group = f"pll_carnet_{root}"
                terms.append(
                    f'<category domain="post_translations" nicename="{group}">{group}</category>'
                )
        return terms

    def status(self, post: Post) -> str:
        if post.status == Post.Status.PUBLISHED:
            return "future" if post.published_at > timezone.now() else "publish"
        return STATUSES[post.status]

    def post_item(self, post: Post) -> None:
        local, gmt = wp_dates(post.published_at)
        kind = "post" if post.kind == Post.Kind.POST else "page"
        meta = [
            ("_thumbnail_id", str(self.attachment_offset + a.pk))
            for a in post.featured_attachments.all()[:1]
        ]
        self.line("<item>")
        self.line(tag("title", post.title))
        self.line(tag("link", escape(settings.BASE_URL + post.get_absolute_url()), raw=True))
        self.line(tag("pubDate", format_datetime(post.published_at), raw=True))
        self.line(tag("dc:creator", post.author.username if post.author else ""))
        guid = escape(f"{settings.BASE_URL}/?p={post.pk}")
        self.line(f'<guid isPermaLink="false">{guid}</guid>')
        self.line("<description></description>")
        self.line(tag("content:encoded", body_html(post)))
        self.line(tag("excerpt:encoded", post.excerpt))
        for name, value in (
            ("wp:post_id", post.pk),
            ("wp:post_date", local),
            ("wp:post_date_gmt", gmt),
            ("wp:comment_status", "open" if post.comments_open else "closed"),
            ("wp:ping_status", "closed"),
            ("wp:post_name", post.slug),
            ("wp:status", self.status(post)),
            ("wp:post_parent", post.parent_id or 0),
            ("wp:menu_order", post.menu_order),
            ("wp:post_type", kind),
            ("wp:post_password", post.password),
            ("wp:is_sticky", int(post.sticky)),
        ):
            self.line(tag(name, value))
        for term in self.item_terms(post):
            self.line(term)
        for key, value in meta:
            self.line(
                f"<wp:postmeta>{tag('wp:meta_key', key)}{tag('wp:meta_value', value)}</wp:postmeta>"
            )
        for comment in Comment.objects.filter(post=post).order_by("pk"):
            self.comment(comment)
        self.line("</item>")
        self.counts["posts" if kind == "post" else "pages"] += 1

    def comment(self, comment: Comment) -> None:
        local, gmt = wp_dates(comment.created_at)
        kind = "comment" if comment.kind == Comment.Kind.COMMENT else comment.kind
        self.line(
            "<wp:comment>"
            + tag("wp:comment_id", comment.pk, raw=True)
            + tag("wp:comment_author", comment.author_name)
            + tag("wp:comment_author_email", comment.author_email)
            + tag("wp:comment_author_url", comment.author_url)
            + tag("wp:comment_author_IP", comment.ip_address or "")
            + tag("wp:comment_date", local)
            + tag("wp:comment_date_gmt", gmt)
            + tag("wp:comment_content", escape(comment.body, quote=False))
            + tag("wp:comment_approved", COMMENT_STATUSES.get(comment.status, "0"))
            + tag("wp:comment_type", kind)
            + tag("wp:comment_parent", comment.parent_id or 0, raw=True)
            + tag("wp:comment_user_id", comment.user_id or 0, raw=True)
            + "</wp:comment>"
        )
        self.counts["comments"] += 1

    def attachment_item(self, attachment: Attachment) -> None:
        moment = attachment.uploaded_at or timezone.now()
        local, gmt = wp_dates(moment)
        url = attachment.url
        if attachment.file:
            url = attachment.file.url  # /media/… here, or a full address on a bucket or CDN
            url = settings.BASE_URL + url if url.startswith("/") else url
        self.line("<item>")
        self.line(tag("title", attachment.title))
        self.line(tag("link", escape(url), raw=True))
        self.line(f'<guid isPermaLink="false">{escape(url)}</guid>')
        self.line(tag("content:encoded", attachment.description))
        self.line(tag("excerpt:encoded", attachment.caption))
        for name, value in (
            ("wp:post_id", self.attachment_offset + attachment.pk),
            ("wp:post_date", local),
            ("wp:post_date_gmt", gmt),
            ("wp:post_name", url.rsplit("/", 1)[-1].rsplit(".", 1)[0]),
            ("wp:status", "inherit"),
            ("wp:post_parent", attachment.post_id or 0),
            ("wp:post_type", "attachment"),
            ("wp:attachment_url", url),
        ):
            self.line(tag(name, value))
        if attachment.alt:
            self.line(
                f"<wp:postmeta>{tag('wp:meta_key', '_wp_attachment_image_alt')}"
                f"{tag('wp:meta_value', attachment.alt)}</wp:postmeta>"
            )
        self.line("</item>")
        self.counts["attachments"] += 1


def export_wxr(out: TextIO) -> dict[str, int]:
    """Write the site as WXR 1.2 to `out`; the counts of what was written."""
    return WXRWriter(out).write()
