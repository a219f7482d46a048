"""The writer's side of the admin: posts and pages, editions, categories, tags and figures."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.core.files.storage import default_storage
from django.db import models
from django.db.models import Count, Prefetch
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from carnet.blog import admin_views
from carnet.blog.models import (
    Category,
    Edition,
    Figure,
    FigureTranslation,
    Page,
    Post,
    RelatedLink,
    Tag,
)
from carnet.security.images import UploadedImageField

admin.site.site_header = "Carnet"
admin.site.site_title = "Carnet"
admin.site.index_title = _("Write and publish")
admin.site.site_url = "/"


# Forms -----------------------------------------------------------------------


class WritingForm(forms.ModelForm):
    """A post or page, its choices limited to its edition once the edition is known."""

    kind = Post.Kind.POST

    translation_up_to_date = forms.BooleanField(
        label=_("This translation is up to date with the original"),
        required=False,
        help_text=_(
            "For a translation: tick when it says all that its original says now. "
            "Ignored for an original."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "translation_up_to_date" in self.fields and self.instance.pk is None:
            self.fields["translation_up_to_date"].initial = True
        edition_id = self._edition_id()
        if "translation_of" in self.fields:
            originals = Post.objects.filter(kind=self.kind, translation_of=None)
            originals = originals.exclude(pk=self.instance.pk)
            if edition_id:
                originals = originals.exclude(edition_id=edition_id)
            field = self.fields["translation_of"]
            field.queryset = originals.select_related("edition")
            field.label_from_instance = lambda post: f"{post.title} ({post.edition.language})"
        for name in ("categories", "tags", "parent"):
            if name in self.fields:
                self._limit_to_edition(self.fields[name], edition_id)

    def _edition_id(self) -> str | None:
        """The edition chosen in the data sent, the instance's, or the one the add link named."""
        if self.is_bound:
            value = self.data.get(self.add_prefix("edition"))
        else:
            value = self.instance.edition_id or self.initial.get("edition")
        return str(value) if value and str(value).isdigit() else None

    def _limit_to_edition(self, field: forms.ModelChoiceField, edition_id: str | None) -> None:
        queryset = field.queryset.select_related("edition")
        if field.queryset.model is Post:
            queryset = queryset.filter(kind=Post.Kind.PAGE).exclude(pk=self.instance.pk)
        if edition_id:
            field.queryset = queryset.filter(edition_id=edition_id)
        else:
            field.queryset = queryset
            field.label_from_instance = lambda item: f"{item} ({item.edition.language})"

    def clean(self) -> dict:
        cleaned = super().clean()
        original = cleaned.get("translation_of")
        if original and self.instance.pk and self.instance.translations.exists():
            self.add_error(
                "translation_of",
                _("This post has translations of its own, so it cannot be a translation."),
            )
        return cleaned


class PageForm(WritingForm):
    kind = Post.Kind.PAGE


class RelatedLinkInline(admin.StackedInline):
    model = RelatedLink
    fields = ("title", "url", "position")
    extra = 1


class WritingChangeList(ChangeList):
    """The list of posts with each one's translation group fetched in two queries."""

    def get_queryset(self, request: HttpRequest, exclude_parameters=None):
        with_edition = Post.objects.select_related("edition")
        return (
            super()
            .get_queryset(request, exclude_parameters)
            .prefetch_related(
                Prefetch("translations", queryset=with_edition),
                Prefetch("translation_of__translations", queryset=with_edition),
            )
        )


class StatusFilter(admin.SimpleListFilter):
    """Status, with published posts split into those that are live and those to come."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin) -> list[tuple[str, str]]:
        return [
            ("live", _("Published")),
            ("scheduled", _("Scheduled")),
            *[(value, label) for value, label in Post.Status.choices if value != "published"],
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        match self.value():
            case "live":
                return queryset.public()
            case "scheduled":
                return queryset.filter(status=Post.Status.PUBLISHED, published_at__gt=now)
            case value if value in Post.Status.values:
                return queryset.filter(status=value)
        return queryset


# Posts and pages -------------------------------------------------------------


class WritingAdmin(admin.ModelAdmin):
    """What posts and pages share: the live preview, translations, publishing actions."""

    kind = Post.Kind.POST
    # fmt: off
    list_display = (
        "title", "edition_code", "status_label", "published_at", "author", "languages",
        "site_link",
    )
    # fmt: on
    list_select_related = ("edition", "author", "translation_of__edition")
    search_fields = ("title", "body")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}
    raw_id_fields = ("featured_figure",)  # select2 has no accessible name: tests/browser/
    readonly_fields = ("translations_panel",)
    inlines = (RelatedLinkInline,)
    actions = ("publish_now", "make_draft")
    save_on_top = True

    class Media:
        css = {"all": ("carnet/admin/writing.css",)}
        js = ("carnet/admin/preview.js",)

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).filter(kind=self.kind)

    def get_changelist(self, request: HttpRequest, **kwargs):
        return WritingChangeList

    def get_urls(self) -> list:
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        preview = self.admin_site.admin_view(self.markdown_preview_view)
        translations = self.admin_site.admin_view(self.translations_view)
        return [
            path("markdown-preview/", preview, name=f"{name}_markdown_preview"),
            path("<int:pk>/translations/", translations, name=f"{name}_translations"),
            *super().get_urls(),
        ]

    def markdown_preview_view(self, request: HttpRequest):
        return admin_views.markdown_preview(request, self)

    def translations_view(self, request: HttpRequest, pk: int):
        return admin_views.translations_side_by_side(request, self, pk)

    def get_fieldsets(self, request: HttpRequest, obj: Post | None = None) -> list:
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # Read-only, the form has no checkbox to show.
        checkbox = "translation_up_to_date"
        return [
            (title, {**options, "fields": [f for f in options["fields"] if f != checkbox]})
            for title, options in fieldsets
        ]

    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "body" and field is not None:
            field.widget.attrs.update(
                {
                    "rows": 24,
                    "data-preview-url": reverse(
                        f"admin:{self.opts.app_label}_{self.opts.model_name}_markdown_preview"
                    ),
                    "data-preview-label": _("Preview"),
                    "data-preview-failed": _("The preview could not be updated."),
                }
            )
        if db_field.name == "edition" and field is not None:
            field.initial = Edition.objects.filter(language=settings.LANGUAGE_CODE).first()
        return field

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        """The current writer as author; for a translation, the original's text to start from."""
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("author", request.user.pk)
        source = str(initial.get("translation_of", ""))
        original = Post.objects.filter(pk=source).first() if source.isdigit() else None
        if original is not None:
            for name in ("title", "standfirst", "body", "body_format", "excerpt", "menu_order"):
                initial.setdefault(name, getattr(original, name))
        return initial

    def save_model(self, request: HttpRequest, obj: Post, form, change: bool) -> None:
        if form.cleaned_data.get("translation_up_to_date"):
            obj.mark_translation_up_to_date()
        super().save_model(request, obj, form, change)

    def view_on_site(self, obj: Post) -> str:
        """The public address of a public post; the preview of a draft or a scheduled post."""
        return obj.get_absolute_url() if obj.is_public else reverse("preview", args=[obj.pk])

    # Columns and read-only fields

    @admin.display(description=_("edition"), ordering="edition__language")
    def edition_code(self, post: Post) -> str:
        edition = post.edition
        return format_html('<span title="{}">{}</span>', edition, edition.language.upper())

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, post: Post) -> str:
        if post.is_scheduled:
            when = date_format(timezone.localtime(post.published_at), "DATETIME_FORMAT")
            label = _("Scheduled for %(date)s") % {"date": when}
            return format_html('<span class="carnet-scheduled">{}</span>', label)
        return post.get_status_display()

    @admin.display(description=_("languages"))
    def languages(self, post: Post) -> str:
        return admin_views.language_marks_html(post)

    @admin.display(description=_("on the site"))
    def site_link(self, post: Post) -> str:
        label = _("View on site") if post.is_public else _("Preview")
        url = self.view_on_site(post)
        return format_html('<a class="carnet-site-link" href="{}">{}</a>', url, label)

    @admin.display(description=_("translations"))
    def translations_panel(self, post: Post) -> str:
        if post.pk is None:
            return _("Once saved, this post's translations are listed here.")
        context = {
            "rows": admin_views.edition_rows(post, self),
            "post": post,
            "side_by_side_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_translations", args=[post.pk]
            ),
        }
        return render_to_string("admin/blog/_translations_panel.html", context)

    # Actions

    @admin.action(description=_("Publish now"), permissions=["change"])
    def publish_now(self, request: HttpRequest, queryset) -> None:
        published = 0
        for post in queryset:
            if not post.is_public:
                post.status, post.published_at = Post.Status.PUBLISHED, timezone.now()
                post.save()
                published += 1
        message = ngettext("%(count)d item published.", "%(count)d items published.", published)
        self.message_user(request, message % {"count": published})

    @admin.action(description=_("Make draft"), permissions=["change"])
    def make_draft(self, request: HttpRequest, queryset) -> None:
        drafted = 0
        for post in queryset.exclude(status=Post.Status.DRAFT):
            post.status = Post.Status.DRAFT
            post.save()
            drafted += 1
        message = ngettext("%(count)d item made a draft.", "%(count)d items made drafts.", drafted)
        self.message_user(request, message % {"count": drafted})


WRITING_FIELDSET = (None, {"fields": ("title", "standfirst", "body", "body_format", "excerpt")})
TRANSLATION_FIELDSET = (
    _("Translation"),
    {"fields": ("translation_of", "translation_up_to_date", "translations_panel")},
)
FIGURE_FIELDSET = (_("Featured figure"), {"fields": ("featured_figure",)})


@admin.register(Post)
class PostAdmin(WritingAdmin):
    form = WritingForm
    list_filter = ("edition", StatusFilter, "categories")
    # Categories and tags in native multiple selects: the filter_horizontal widget fails the
    # accessibility check (tests/browser/), and so does select2's.
    # fmt: off
    fieldsets = (
        WRITING_FIELDSET,
        (_("Publishing"), {"fields": (
            "edition", ("status", "published_at"), "author", "slug", ("sticky", "comments_open"),
            "password", "categories", "tags",
        )}),
        (_("Source"), {
            "classes": ("collapse",),
            "description": _("When the post reports on a piece published elsewhere."),
            "fields": (
                "source_publication", "source_author", "source_title", "source_date", "source_url",
            ),
        }),
        TRANSLATION_FIELDSET,
        FIGURE_FIELDSET,
    )
    # fmt: on

    def get_urls(self) -> list:
        from carnet.clipping.admin import clip_urls  # "New post from an article"

        return [*clip_urls(self), *super().get_urls()]


@admin.register(Page)
class PageAdmin(WritingAdmin):
    kind = Post.Kind.PAGE
    form = PageForm
    # fmt: off
    list_display = (
        "title", "edition_code", "status_label", "parent", "menu_order", "published_at", "author",
        "languages", "site_link",
    )
    fieldsets = (
        WRITING_FIELDSET,
        (_("Publishing"), {"fields": (
            "edition", ("status", "published_at"), "author", "slug", ("parent", "menu_order"),
            "comments_open", "password",
        )}),
        TRANSLATION_FIELDSET,
        FIGURE_FIELDSET,
    )
    # fmt: on
    list_select_related = (*WritingAdmin.list_select_related, "parent__parent")
    list_filter = ("edition", StatusFilter)


# Editions, categories and tags -----------------------------------------------


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    """Editions come from carnet.toml's languages: they are edited here, never added."""

    list_display = ("title", "language", "tagline", "posts_per_page")
    # fmt: off
    fields = (
        "language", "title", "tagline", "description", "edition_note", "more_text",
        "footer_credit", "posts_per_page",
    )
    # fmt: on
    readonly_fields = ("language",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Edition | None = None) -> bool:
        return False


class TermAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "edition", "post_count")
    list_filter = ("edition",)
    list_select_related = ("edition",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(post_count=Count("posts", distinct=True))

    @admin.display(description=_("posts"), ordering="post_count")
    def post_count(self, term) -> int:
        return term.post_count


@admin.register(Category)
class CategoryAdmin(TermAdmin):
    fields = ("edition", "name", "slug", "parent", "description")


@admin.register(Tag)
class TagAdmin(TermAdmin):
    fields = ("edition", "name", "slug", "description")


# Figures ---------------------------------------------------------------------


class FigureTranslationForm(forms.ModelForm):
    language = forms.ChoiceField(label=_("language"), choices=lambda: settings.LANGUAGES)

    class Meta:
        model = FigureTranslation
        fields = ("language", "alt", "caption")


class FigureTranslationInline(admin.TabularInline):
    model = FigureTranslation
    form = FigureTranslationForm
    extra = 1


@admin.register(Figure)
class FigureAdmin(admin.ModelAdmin):
    list_display = ("thumbnail", "slug", "alt", "credit", "shortcode", "created_at")
    list_display_links = ("thumbnail", "slug")
    search_fields = ("slug", "alt", "caption", "credit")
    fields = ("image", "thumbnail", "slug", "shortcode", "alt", "caption", "credit")
    readonly_fields = ("thumbnail", "shortcode")
    inlines = (FigureTranslationInline,)
    # Only decodable JPEG, PNG, GIF and WebP, re-encoded; refusals say why.
    formfield_overrides = {models.ImageField: {"form_class": UploadedImageField}}

    class Media:
        css = {"all": ("carnet/admin/writing.css",)}

    @admin.display(description=_("thumbnail"))
    def thumbnail(self, figure: Figure) -> str:
        if not figure.image:
            return "—"
        url = figure.image.url
        widths = figure.rendition_widths() if figure.pk else []
        if widths and default_storage.exists(figure.rendition_name(widths[0])):
            url = default_storage.url(figure.rendition_name(widths[0]))
        image = '<img class="carnet-thumb" src="{}" alt="{}" loading="lazy">'
        return format_html(image, url, figure.alt)

    @admin.display(description=_("shortcode"))
    def shortcode(self, figure: Figure) -> str:
        if not figure.slug:
            return "—"
        return format_html('<code class="carnet-shortcode">[figure {}]</code>', figure.slug)
