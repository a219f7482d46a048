"""Posts and pages, their translations, source attribution and related links."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from carnet.blog.models import linked
from carnet.content import FigureData, render
from carnet.content.text import plain_text

# Fields whose change makes a translation older than its source.
CONTENT_FIELDS = ("title", "standfirst", "body")
SUMMARY = 300  # the longest summary_text, in characters


class PostQuerySet(models.QuerySet):
    def posts(self) -> PostQuerySet:
        return self.filter(kind=Post.Kind.POST)

    def pages(self) -> PostQuerySet:
        return self.filter(kind=Post.Kind.PAGE)

    def public(self) -> PostQuerySet:
        """Published and due: a post dated in the future goes live by itself at that time."""
        return self.filter(status=Post.Status.PUBLISHED, published_at__lte=timezone.now())

    def with_comment_counts(self) -> PostQuerySet:
        return self.annotate(
            approved_comments=Count(
                "comments", filter=Q(comments__status="approved"), distinct=True
            )
        )

    def for_listing(self) -> PostQuerySet:
        """What a list of posts shows: author, edition, terms and comment counts in few queries."""
        return (
            self.select_related("edition", "author")
            .prefetch_related("categories", "tags")
            .with_comment_counts()
        )


class Post(models.Model):
    class Kind(models.TextChoices):
        POST = "post", _("Post")
        PAGE = "page", _("Page")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING = "pending", _("Pending review")
        PRIVATE = "private", _("Private")
        PUBLISHED = "published", _("Published")

    class Format(models.TextChoices):
        MARKDOWN = "markdown", _("Markdown")
        HTML = "html", _("HTML")

    edition = models.ForeignKey(
        "blog.Edition", on_delete=models.PROTECT, related_name="posts", verbose_name=_("edition")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.POST)
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, allow_unicode=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
        verbose_name=_("author"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publication date"),
        default=timezone.now,
        db_index=True,
        help_text=_("A published post dated in the future goes live at that time."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    content_changed_at = models.DateTimeField(_("content changed"), default=timezone.now)

    standfirst = models.TextField(
        _("standfirst"), blank=True, help_text=_("One or two sentences under the title.")
    )
    body = models.TextField(_("body"), blank=True)
    body_format = models.CharField(
        _("format"), max_length=10, choices=Format, default=Format.MARKDOWN
    )
    excerpt = models.TextField(
        _("summary"), blank=True, help_text=_("For feeds and search engines; optional.")
    )
    body_html = models.TextField(editable=False, default="")
    excerpt_html = models.TextField(editable=False, default="")
    has_more = models.BooleanField(editable=False, default=False)
    more_text = models.CharField(editable=False, max_length=200, blank=True)

    categories = models.ManyToManyField(
        "blog.Category", blank=True, related_name="posts", verbose_name=_("categories")
    )
    tags = models.ManyToManyField(
        "blog.Tag", blank=True, related_name="posts", verbose_name=_("tags")
    )
    sticky = models.BooleanField(
        _("sticky"), default=False, help_text=_("Kept at the top of the home page.")
    )
    comments_open = models.BooleanField(_("comments open"), default=True)
    password = models.CharField(
        _("password"),
        max_length=255,
        blank=True,
        help_text=_("A post with a password shows readers a notice instead of its text."),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        verbose_name=_("parent page"),
    )
    menu_order = models.IntegerField(_("menu order"), default=0)
    featured_figure = models.ForeignKey(
        "blog.Figure",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("featured figure"),
    )

    translation_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
        verbose_name=_("translation of"),
        help_text=_("The original this post translates; leave empty for an original."),
    )
    source_synced_at = models.DateTimeField(
        _("translated from the version of"), null=True, blank=True, editable=False
    )

    source_publication = models.CharField(_("source publication"), max_length=200, blank=True)
    source_author = models.CharField(_("source author"), max_length=200, blank=True)
    source_title = models.CharField(_("source title"), max_length=300, blank=True)
    source_date = models.DateField(_("source date"), null=True, blank=True)
    source_url = models.URLField(_("source URL"), max_length=1000, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "kind", "slug"], name="slug_per_edition_and_kind"
            )
        ]
        indexes = [
            # Lists newest first, and the home's order: sticky posts first, then newest first
            # (without it, the home's page of ids was sorted from every row: 5.8 ms at 10,000).
            models.Index(fields=["edition", "kind", "status", "published_at"]),
            models.Index(fields=["edition", "kind", "status", "sticky", "published_at"]),
        ]

    def __str__(self) -> str:
        return self.title or _("(no title)")

    # Saving ------------------------------------------------------------------

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = self.unique_slug(slugify(self.title, allow_unicode=True) or "untitled")
        if self._content_changed():
            self.content_changed_at = timezone.now()
        self.render_body()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        if self.kind == self.Kind.PAGE:
            return self.edition.reverse("page", path=self.page_path())
        day = self.local_date
        return self.edition.reverse(
            "post", year=day.year, month=f"{day.month:02d}", day=f"{day.day:02d}", slug=self.slug
        )

    def _content_changed(self) -> bool:
        if self.pk is None:
            return True
        stored = Post.objects.filter(pk=self.pk).values(*CONTENT_FIELDS).first()
        return stored is None or any(stored[f] != getattr(self, f) for f in CONTENT_FIELDS)

    def unique_slug(self, base: str) -> str:
        """`base`, or `base-2`, `base-3`… when another post of this edition has it."""
        others = Post.objects.filter(edition_id=self.edition_id, kind=self.kind).exclude(pk=self.pk)
        slug, n = base[:200], 2
        while others.filter(slug=slug).exists():
            slug, n = f"{base[:190]}-{n}", n + 1
        return slug

    def render_body(self) -> None:
        """Fill the rendered, sanitised HTML from the source text."""
        rendered = render(self.body, self.body_format, figure_resolver=self.resolve_figure)
        self.body_html = rendered.body_html
        self.excerpt_html = rendered.excerpt_html
        self.has_more = rendered.has_more
        self.more_text = rendered.more_text or ""
        if self.password:
            # Public pages are the same for every reader, so a protected body is never shown.
            with translation.override(self.edition.language):
                notice = gettext("This post is protected by a password.")
            self.body_html = self.excerpt_html = f'<p class="protected">{notice}</p>'
            self.has_more, self.more_text = False, ""

    def resolve_figure(self, slug: str) -> FigureData | None:
        from carnet.blog.models.figures import Figure

        figure = Figure.objects.prefetch_related("translations").filter(slug=slug).first()
        return figure.as_figure_data(self.edition.language) if figure else None

    # Reading -----------------------------------------------------------------

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def is_scheduled(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at > timezone.now()

    @property
    def local_date(self):
        return timezone.localtime(self.published_at)

    def neighbours(self) -> tuple[Post | None, Post | None]:
        """The public posts before and after this one in its edition's date order (older, newer).

        They carry what a link to them needs; other fields load on use.
        """
        return linked.neighbours(self)

    def page_path(self) -> str:
        """A page's path: its ancestors' slugs and its own, joined by slashes."""
        slugs, page, seen = [self.slug], self.parent, {self.pk}
        while page is not None and page.pk not in seen:
            slugs.insert(0, page.slug)
            seen.add(page.pk)
            page = page.parent
        return "/".join(slugs)

    @cached_property
    def category_list(self) -> list:
        """The post's categories as its pages and feeds show them, read once per post object
        (a page shows them in its meta line, a feed in each item; Django makes a related
        manager at every `post.categories`)."""
        return list(self.categories.all())

    @cached_property
    def tag_list(self) -> list:
        """The post's tags, read once per post object, as `category_list`."""
        return list(self.tags.all())

    def summary_text(self) -> str:
        """Plain text that describes the post: its summary, standfirst or opening."""
        if self.password:
            return ""
        text = self.excerpt or self.standfirst or plain_text(self.excerpt_html, enough=SUMMARY)
        return text if len(text) <= SUMMARY else text[: SUMMARY - 3].rsplit(" ", 1)[0] + "…"

    @property
    def has_source(self) -> bool:
        return bool(self.source_url or self.source_publication)

    # Translations ------------------------------------------------------------

    @property
    def translation_root(self) -> Post:
        return self.translation_of or self

    def translation_group(self) -> PostQuerySet:
        """This post and every translation of the same original."""
        root = self.translation_of_id or self.pk
        return Post.objects.filter(Q(pk=root) | Q(translation_of_id=root)).select_related("edition")

    def translations_list(self) -> list[Post]:
        """The other posts of the group, drafts too, in the site's edition order."""
        root = self.translation_of_id or self.pk
        group = Post.objects.filter(Q(pk=root) | Q(translation_of_id=root)).order_by()
        return sorted_by_edition([p for p in group if p.pk != self.pk])

    def public_translations(self) -> list[Post]:
        """The group's public posts in the site's edition order, with what a link needs."""
        return sorted_by_edition(linked.public_translations(self))

    def translation_state(self) -> str:
        """For a translation: "up to date", or "outdated" when the original changed since."""
        if self.translation_of is None:
            return "original"
        source_changed = self.translation_of.content_changed_at
        if self.source_synced_at and self.source_synced_at >= source_changed:
            return "up to date"
        return "outdated"

    def mark_translation_up_to_date(self) -> None:
        if self.translation_of is not None:
            self.source_synced_at = self.translation_of.content_changed_at


def sorted_by_edition(posts: list[Post]) -> list[Post]:
    """Posts in the order carnet.toml lists their editions' languages, newest first in each.

    Each is given its edition from the request's own, rather than one joined into its query.
    """
    from carnet.blog.models.editions import Edition

    Edition.objects.attach_to(posts)
    return sorted(posts, key=edition_order)


def edition_order(post: Post) -> tuple:
    """Where a post goes among its translations: its language's place in carnet.toml, then
    newest first."""
    rank = [code for code, _name in settings.LANGUAGES]
    place = rank.index(post.edition.language) if post.edition.language in rank else len(rank)
    return (place, -post.published_at.timestamp(), -post.pk)


class PageManager(models.Manager.from_queryset(PostQuerySet)):
    def get_queryset(self) -> PostQuerySet:
        return super().get_queryset().filter(kind=Post.Kind.PAGE)


class Page(Post):
    """Pages share the post table; this proxy gives them their own admin."""

    objects = PageManager()

    class Meta:
        proxy = True
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def save(self, *args, **kwargs) -> None:
        self.kind = Post.Kind.PAGE
        super().save(*args, **kwargs)


class RelatedLink(models.Model):
    """A "Read more on this issue" link at the end of a post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="related_links")
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("URL"), max_length=1000)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("related link")
        verbose_name_plural = _("related links")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title
