"""The writer's own admin pages: the live Markdown preview and translations side by side.

The ModelAdmins in `carnet/blog/admin.py` mount these under their own URLs, so every view
here is staff-only and CSRF-protected by the admin site.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.admin import ModelAdmin
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from carnet.blog.models import Edition, Post
from carnet.content import render
from carnet.content.more import MORE_ANCHOR_ID

# Where render() leaves the more-marker in the body; the preview draws the cut there.
MORE_ANCHOR = f'<span id="{MORE_ANCHOR_ID}"></span>'

MISSING = "missing"
STATE_LABELS = {
    "original": gettext_lazy("original"),
    "up to date": gettext_lazy("up to date"),
    "outdated": gettext_lazy("source changed since the translation"),
    MISSING: gettext_lazy("missing"),
}
STATE_MARKS = {"original": "✓", "up to date": "✓", "outdated": "⚠", MISSING: "✗"}


# Translation groups ------------------------------------------------------------


def group_by_language(root: Post, translations: Iterable[Post]) -> dict[str, Post]:
    """The posts of a translation group by their edition's language; the original comes first."""
    members: dict[str, Post] = {}
    for member in [root, *translations]:
        members.setdefault(member.edition.language, member)
    return members


def state_of(member: Post | None, root: Post) -> str:
    """ "original", "up to date", "outdated" or "missing", for one edition of a group."""
    if member is None:
        return MISSING
    if member.pk == root.pk:
        return "original"
    return member.translation_state()


def language_marks(post: Post) -> list[tuple[str, str]]:
    """(language, state) for every language of the site; the changelist prefetches the group."""
    root = post.translation_root
    members = group_by_language(root, root.translations.all())
    return [(code, state_of(members.get(code), root)) for code, _name in settings.LANGUAGES]


def language_marks_html(post: Post) -> str:
    """The changelist's languages column, e.g. "EN ✓ FR ⚠"."""
    marks = format_html_join(
        " ",
        '<span class="carnet-lang carnet-lang-{}" title="{}">{} {}</span>',
        (
            (state.replace(" ", "-"), STATE_LABELS[state], code.upper(), STATE_MARKS[state])
            for code, state in language_marks(post)
        ),
    )
    return format_html('<span class="carnet-languages">{}</span>', marks)


def change_url(post: Post) -> str:
    """The admin page that edits a post, or a page under the Pages admin."""
    model_name = "page" if post.kind == Post.Kind.PAGE else "post"
    return reverse(f"admin:blog_{model_name}_change", args=[post.pk])


@dataclass(frozen=True)
class EditionRow:
    """One edition of the site, and the post of a translation group written for it."""

    edition: Edition
    post: Post | None
    state: str
    change_url: str = ""
    translate_url: str = ""

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def css_state(self) -> str:
        return self.state.replace(" ", "-")


def edition_rows(post: Post, model_admin: ModelAdmin) -> list[EditionRow]:
    """Every edition of the site, with the post's translation there (or a link to write it)."""
    opts = model_admin.opts
    root = post.translation_root
    members = group_by_language(root, root.translations.select_related("edition"))
    rows = []
    for edition in Edition.objects.in_site_order():
        member = members.get(edition.language)
        if member is None:
            query = urlencode({"translation_of": root.pk, "edition": edition.pk})
            translate_url = f"{reverse(admin_urlname(opts, 'add'))}?{query}"
            rows.append(EditionRow(edition, None, MISSING, translate_url=translate_url))
        else:
            state = state_of(member, root)
            rows.append(EditionRow(edition, member, state, change_url=change_url(member)))
    return rows


# Views -----------------------------------------------------------------------


def _edition(value: str | None) -> Edition:
    """The edition the form names, or the site's default one."""
    editions = Edition.objects.all()
    found = editions.filter(pk=value).first() if value and value.isdigit() else None
    return found or editions.filter(language=settings.LANGUAGE_CODE).first() or editions.first()


def preview_html(body: str, body_format: str, edition: Edition) -> str:
    """The body as readers will see it, with a visible line where the home-page excerpt ends."""
    # An unsaved post finds figures the way a saved one does, in the edition's language.
    rendered = render(body, body_format, figure_resolver=Post(edition=edition).resolve_figure)
    if not rendered.has_more:
        return rendered.body_html
    label = _("Excerpt ends here")
    if rendered.more_text:
        label = _("Excerpt ends here; the link reads “%(text)s”") % {"text": rendered.more_text}
    cut = format_html('<p class="carnet-more-cut" role="separator"><span>{}</span></p>', label)
    return rendered.body_html.replace(MORE_ANCHOR, cut, 1)


@require_POST
def markdown_preview(request: HttpRequest, model_admin: ModelAdmin) -> JsonResponse:
    """Render a body being written, for the preview pane next to the text; POST only."""
    if not (model_admin.has_add_permission(request) or model_admin.has_change_permission(request)):
        raise PermissionDenied
    body_format = request.POST.get("body_format") or Post.Format.MARKDOWN
    if body_format not in Post.Format.values:
        return JsonResponse({"error": _("Unknown format.")}, status=400)
    edition = _edition(request.POST.get("edition"))
    return JsonResponse({"html": preview_html(request.POST.get("body", ""), body_format, edition)})


def translations_side_by_side(
    request: HttpRequest, model_admin: ModelAdmin, pk: int
) -> TemplateResponse:
    """The original and each translation in columns, for a translator to compare."""
    post = get_object_or_404(model_admin.get_queryset(request), pk=pk)
    if not model_admin.has_view_permission(request, post):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Translations of “%(title)s”") % {"title": post.translation_root.title},
        "opts": model_admin.opts,
        "original": post,
        "rows": edition_rows(post, model_admin),
        "media": model_admin.media,
    }
    return TemplateResponse(request, "admin/blog/translations.html", context)
