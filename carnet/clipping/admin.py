"""The admin's "New post from an article": an address, or a page's HTML, made into a draft.

`PostAdmin.get_urls` mounts `clip_urls` under the posts' admin, so the page is staff-only and
CSRF-protected by the admin site, and found at /admin/blog/post/clip/.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from carnet.blog.models import Edition
from carnet.clipping import MAX_PAGE_BYTES, ClipError

if TYPE_CHECKING:
    from carnet.clipping.draft import Clipping


def _edition_choices() -> list[tuple[str, str]]:
    editions = [(e.language, str(e)) for e in Edition.objects.in_site_order()]
    return [("", gettext_lazy("The article's language")), *editions]


class ClipForm(forms.Form):
    url = forms.URLField(
        label=gettext_lazy("Article address"),
        required=False,
        max_length=1000,
        assume_scheme="https",
        help_text=gettext_lazy(
            "The page is fetched now. With HTML below, it is not fetched: the address is "
            "then only the source to link to."
        ),
    )
    html = forms.CharField(
        label=gettext_lazy("or the page's HTML"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6, "class": "vLargeTextField"}),
        help_text=gettext_lazy("For a page Carnet cannot fetch: paste its source."),
    )
    html_file = forms.FileField(label=gettext_lazy("or a saved HTML file"), required=False)
    edition = forms.ChoiceField(
        label=gettext_lazy("Edition"), required=False, choices=_edition_choices
    )
    download_images = forms.BooleanField(
        label=gettext_lazy("Download the images into the figures"),
        required=False,
        help_text=gettext_lazy("Otherwise the post shows them from the article's site."),
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        given = [name for name in ("html", "html_file") if cleaned.get(name)]
        if not cleaned.get("url") and not given:
            raise forms.ValidationError(
                _("Give the article's address, paste its HTML or choose an HTML file.")
            )
        if len(given) > 1:
            raise forms.ValidationError(_("Paste the HTML or choose a file, not both."))
        upload = cleaned.get("html_file")
        if upload and upload.size > MAX_PAGE_BYTES:
            limit = MAX_PAGE_BYTES // (1024 * 1024)
            self.add_error("html_file", _("The file is larger than %(mb)d MB.") % {"mb": limit})
        return cleaned


def clip_urls(model_admin: ModelAdmin) -> list:
    """The clipping page's URL, for the posts' ModelAdmin to add to its own."""
    view = model_admin.admin_site.admin_view(lambda request: clip_view(request, model_admin))
    name = f"{model_admin.opts.app_label}_{model_admin.opts.model_name}_clip"
    return [path("clip/", view, name=name)]


def clip_view(request: HttpRequest, model_admin: ModelAdmin) -> HttpResponse:
    """The form; on success, the new draft's change page; on refusal, the form and why."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = ClipForm(request.POST, request.FILES) if request.method == "POST" else ClipForm()
    if form.is_bound and form.is_valid():
        if form.cleaned_data["download_images"] and not request.user.has_perm("blog.add_figure"):
            form.add_error("download_images", _("You may not add figures."))
        else:
            try:
                clipping = _clip(form.cleaned_data, request.user)
            except ClipError as error:
                form.add_error(None, str(error))
            else:
                return _done(request, clipping)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("New post from an article"),
        "opts": model_admin.opts,
        "form": form,
        "media": model_admin.media + form.media,
    }
    return TemplateResponse(request, "admin/clipping/clip.html", context)


def _clip(data: dict, user) -> Clipping:
    # Imported on use: the admin's URLs are read by every command, clipping is not.
    from carnet.clipping.draft import clip_html, clip_url

    options = {
        "edition": data["edition"] or None,
        "author": user,
        "download_images": data["download_images"],
    }
    if data["html"]:
        return clip_html(
            data["html"], source_url=data["url"], where=_("the pasted HTML"), **options
        )
    if data["html_file"]:
        upload = data["html_file"]
        return clip_html(upload.read(), source_url=data["url"], where=upload.name, **options)
    return clip_url(data["url"], **options)


def _done(request: HttpRequest, clipping: Clipping) -> HttpResponse:
    post = clipping.post
    messages.success(
        request,
        _("Draft “%(title)s” made in the %(edition)s edition: edit it, then publish.")
        % {"title": post.title, "edition": post.edition.language_name},
    )
    for warning in clipping.warnings:
        messages.warning(request, warning)
    return redirect(reverse("admin:blog_post_change", args=[post.pk]))
