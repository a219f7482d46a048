"""The moderation queue's own pages: reply to a comment, erase a commenter's data."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from carnet.comments.models import Comment
from carnet.comments.moderation import erase_commenter


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Your reply"),
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80}),
        help_text=gettext_lazy("Plain text, as readers write: blank lines between paragraphs."),
    )


class ReplyView(View):
    """Answer a comment as the signed-in writer: the reply is published at once."""

    admin: admin.ModelAdmin = None

    def dispatch(self, request: HttpRequest, pk: int) -> HttpResponse:
        allowed = self.admin.has_add_permission(request)
        if not (allowed and self.admin.has_change_permission(request)):
            raise PermissionDenied
        self.comment = get_object_or_404(Comment.objects.select_related("post"), pk=pk)
        return super().dispatch(request, pk)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render(request, ReplyForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = ReplyForm(request.POST)
        if not form.is_valid():
            return self.render(request, form)
        reply = self.publish_reply(request.user, form.cleaned_data["body"])
        self.admin.message_user(
            request, _("Your reply is published: %(name)s") % {"name": reply}, messages.SUCCESS
        )
        return HttpResponseRedirect(reverse("admin:comments_comment_changelist"))

    def publish_reply(self, user, body: str) -> Comment:
        """Save the reply, approving the comment it answers if it was waiting."""
        with transaction.atomic():
            if self.comment.status != Comment.Status.APPROVED:
                self.comment.status = Comment.Status.APPROVED
                self.comment.save(update_fields=["status"])
            return Comment.objects.create(
                post=self.comment.post,
                parent=self.comment,
                user=user,
                author_name=user.get_full_name() or user.get_username(),
                author_email=user.email,
                body=body,
                status=Comment.Status.APPROVED,
            )

    def render(self, request: HttpRequest, form: ReplyForm) -> HttpResponse:
        opts = Comment._meta
        context = {
            **self.admin.admin_site.each_context(request),
            "title": _("Reply to %(name)s") % {"name": self.comment.author_name},
            "opts": opts,
            "comment": self.comment,
            "form": form,
            "waiting": self.comment.status != Comment.Status.APPROVED,
        }
        return TemplateResponse(request, "admin/comments/comment/reply.html", context)


def erase_commenters(model_admin: admin.ModelAdmin, request: HttpRequest, queryset):
    """The erase action: a confirmation page, then every comment by those emails erased."""
    emails = sorted({c.author_email for c in queryset if c.author_email})
    if not emails:
        model_admin.message_user(
            request, _("None of these comments has an email address to erase."), messages.WARNING
        )
        return None
    if request.POST.get("confirm") in ("anonymise", "delete"):
        delete = request.POST["confirm"] == "delete"
        count = sum(erase_commenter(email, delete=delete) for email in emails)
        message = (
            ngettext("%(count)d comment deleted.", "%(count)d comments deleted.", count)
            if delete
            else ngettext("%(count)d comment anonymised.", "%(count)d comments anonymised.", count)
        )
        model_admin.message_user(request, message % {"count": count}, messages.SUCCESS)
        return None
    commenters = (
        Comment.objects.filter(author_email__in=emails)
        .values("author_email")
        .annotate(count=Count("pk"))
        .order_by("author_email")
    )
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Erase the commenters' data"),
        "opts": Comment._meta,
        "commenters": commenters,
        "selected": queryset.values_list("pk", flat=True),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/comments/comment/erase_commenters.html", context)
