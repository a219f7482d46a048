"""The comment form's endpoint and its small pages: reply, send again, thank you.

None of these pages is ever stored or cached: they answer one reader. The post pages that
carry the form stay the same for everyone, so the endpoint is exempt from Django's CSRF
check (there is no per-reader token to check) and defends itself instead: Origin/Referer,
the signed and dated form token, a honeypot, rate limits, a link limit and a blocklist.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from carnet.blog.models import Post
from carnet.comments import ratelimits, tokens
from carnet.comments.blocklist import is_blocked
from carnet.comments.forms import CommentForm
from carnet.comments.models import Comment
from carnet.comments.moderation import comments_are_open, status_for_new_comment
from carnet.comments.origin import client_ip, comes_from_this_site
from carnet.comments.tasks import notify_author

POSTED_SALT = "carnet.comments.posted"
POSTED_MAX_AGE = 7 * 86400


def _public_post(post_id: int) -> Post:
    return get_object_or_404(Post.objects.public().select_related("edition"), pk=post_id)


def _uncached(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex"
    return response


def form_page(
    request: HttpRequest,
    post: Post,
    form: CommentForm,
    *,
    notice: str = "",
    replying_to: Comment | None = None,
    status: int = 200,
) -> HttpResponse:
    """A small page with the comment form alone: to reply, to send again, to fix a mistake."""
    context = {
        "title": _("Reply to a comment") if replying_to else _("Your comment"),
        "post": post,
        "form": form,
        "notice": notice,
        "replying_to": replying_to,
        "action": reverse("comments:post", args=[post.pk]),
        "moderation": settings.CARNET["comment_moderation"],
    }
    return _uncached(render(request, "comments/form_page.html", context, status=status))


def _fresh_form(post: Post, data: dict | None = None, parent: int | None = None) -> CommentForm:
    """An unbound form with a new token, holding what the reader wrote (if anything)."""
    initial = {key: data.get(key, "") for key in ("name", "email", "url", "body")} if data else {}
    initial.update(token=tokens.make_token(post.pk), parent=parent or (data or {}).get("parent"))
    return CommentForm(initial=initial)


@csrf_exempt
@never_cache
@require_POST
def post_comment(request: HttpRequest, post_id: int) -> HttpResponse:
    """Receive a comment, check where it comes from and what it holds, file it, redirect."""
    post = _public_post(post_id)
    with translation.override(post.edition.language):
        return _receive(request, post)


def _receive(request: HttpRequest, post: Post) -> HttpResponse:
    if not comes_from_this_site(request):
        return _refused(request, post, _("This comment was not sent from this site's own form."))
    if not comments_are_open(post):
        return _refused(request, post, _("Comments are closed on this post."))
    try:
        tokens.check_token(request.POST.get("token", ""), post.pk)
    except tokens.TokenError as problem:
        return form_page(request, post, _fresh_form(post, request.POST), notice=_notice(problem))
    form = CommentForm(request.POST)
    if not form.is_valid():
        return form_page(request, post, form, status=400)
    ip = client_ip(request)
    try:
        ratelimits.count_comment(ip, form.cleaned_data["email"])
    except ratelimits.RateLimited as limited:
        notice = _rate_notice(limited)
        return form_page(request, post, _fresh_form(post, request.POST), notice=notice, status=429)
    comment = _file(request, post, form, ip)
    signed = signing.dumps(comment.pk, salt=POSTED_SALT)
    # 303 See Other: the browser fetches the thank-you page with GET (Post/Redirect/Get).
    response = HttpResponseRedirect(f"{reverse('comments:posted')}?c={signed}")
    response.status_code = 303
    return response


def _file(request: HttpRequest, post: Post, form: CommentForm, ip: str | None) -> Comment:
    """Save the comment as spam, pending or approved, and tell the post's author."""
    data = form.cleaned_data
    fields = {key: data[key] for key in ("name", "email", "url", "body")}
    spam = form.caught_by_honeypot or is_blocked(**fields, ip=ip)
    parent = post.comments.approved().filter(pk=data.get("parent") or 0).first()
    with transaction.atomic():
        comment = Comment.objects.create(
            post=post,
            parent=parent,
            author_name=data["name"],
            author_email=data["email"],
            author_url=data["url"],
            body=data["body"],
            status=Comment.Status.SPAM if spam else status_for_new_comment(data["email"]),
            ip_address=ip,
            user_agent=request.headers.get("User-Agent", "")[:300],
        )
        if settings.CARNET["comment_notify_authors"] and not spam:
            transaction.on_commit(lambda: notify_author.enqueue(comment.pk))
    return comment


def _notice(problem: tokens.TokenError) -> str:
    if isinstance(problem, tokens.TokenTooYoung):
        return _("Your comment came back very quickly. Check it, then send it again.")
    if isinstance(problem, tokens.TokenExpired):
        return _(
            "The page you wrote on is older than this site accepts. Your comment is kept "
            "below: check it, then send it again."
        )
    return _("This form could not be checked. Your comment is kept below: send it again.")


def _rate_notice(limited: ratelimits.RateLimited) -> str:
    if limited.who == "email":
        text = _(
            "You have sent %(limit)d comments with this email address in the last "
            "%(minutes)d minutes, the most this site accepts. Your comment is kept below: "
            "send it again later."
        )
    else:
        text = _(
            "%(limit)d comments have come from your network address in the last %(minutes)d "
            "minutes, the most this site accepts. Your comment is kept below: send it again "
            "later."
        )
    return text % {"limit": limited.limit, "minutes": limited.minutes}


def _refused(request: HttpRequest, post: Post, reason: str) -> HttpResponse:
    """Say why the comment was not taken, and give the reader their text back."""
    context = {"title": _("Comment not sent"), "post": post, "reason": reason}
    context["body"] = request.POST.get("body", "")
    return _uncached(render(request, "comments/refused.html", context, status=403))


@never_cache
@require_GET
def reply(request: HttpRequest, comment_id: int) -> HttpResponse:
    """The form for a reply to one comment, on a page of its own: no JavaScript needed."""
    comment = get_object_or_404(
        Comment.objects.approved().filter(post__in=Post.objects.public()).select_related("post"),
        pk=comment_id,
    )
    post = comment.post
    with translation.override(post.edition.language):
        if not comments_are_open(post):
            return _refused(request, post, _("Comments are closed on this post."))
        form = _fresh_form(post, parent=comment.pk)
        return form_page(request, post, form, replying_to=comment)


@never_cache
@require_GET
def posted(request: HttpRequest) -> HttpResponse:
    """Thank the reader, and say whether the comment is published or awaits moderation."""
    try:
        pk = signing.loads(request.GET.get("c", ""), salt=POSTED_SALT, max_age=POSTED_MAX_AGE)
    except signing.BadSignature as bad:
        raise Http404 from bad
    comment = get_object_or_404(Comment.objects.select_related("post__edition"), pk=pk)
    with translation.override(comment.post.edition.language):
        context = {
            "title": _("Thank you"),
            "comment": comment,
            "post": comment.post,
            "published": comment.status == Comment.Status.APPROVED,
        }
        return _uncached(render(request, "comments/posted.html", context))
