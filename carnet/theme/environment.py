"""The reader's theme: a Jinja2 environment with Django's translations, dates, URLs and escaping.

Context contract: besides its view's own context, a theme template may read only
`request.path`, `LANGUAGE_CODE` and the four variables of `carnet.blog.context.edition`
(`edition`, `other_editions`, `nav_pages`, `base_url`). `carnet build` renders the templates
without context processors and supplies exactly these. Templates reach the database only
through the objects their view passes (`post.categories.all()` and the like, prefetched).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import jinja2
from django.conf import settings
from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from markupsafe import Markup

from carnet.comments import tokens
from carnet.comments.forms import CommentForm
from carnet.comments.moderation import comments_are_open

if TYPE_CHECKING:
    from django.forms import BoundField

    from carnet.blog.models import Post


def environment(**options: Any) -> jinja2.Environment:
    """The environment Django's Jinja2 backend renders the theme with (TEMPLATES in settings)."""
    options["extensions"] = [*options.get("extensions", []), "jinja2.ext.i18n"]
    # Pages are the same whatever DEBUG says; and, like Django, a template keeps its last
    # newline and escapes every value the way Django does.
    options.update(undefined=jinja2.Undefined, keep_trailing_newline=True, finalize=_output)
    env = jinja2.Environment(**options)
    # Jinja's own install_gettext_callables(newstyle=True) would escape the values of
    # {% trans %} with markupsafe (&#39;); these callables escape them as Django does.
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    env.globals.update(
        gettext=gettext, ngettext=ngettext, static=static, url=url,
        comment_form=comment_form, comments_open=comments_are_open, widget=widget,
    )  # fmt: skip
    env.filters.update(date=date, capfirst=defaultfilters.capfirst)
    return env


@jinja2.pass_context
def gettext(context: jinja2.runtime.Context, message: str, **variables: Any) -> str:
    """`_()` and `{% trans %}`: Django's translation, its values escaped as Django does."""
    return _fill(context, translation.gettext(message), variables)


@jinja2.pass_context
def ngettext(
    context: jinja2.runtime.Context, singular: str, plural: str, number: int, **variables: Any
) -> str:
    """`{% trans %}…{% pluralize %}…{% endtrans %}`: the form Django's catalogue gives `number`."""
    variables.setdefault("num", number)
    return _fill(context, translation.ngettext(singular, plural, number), variables)


def _fill(context: jinja2.runtime.Context, text: str, variables: dict) -> str:
    # Every message is a format string, as in Django's blocktranslate: a literal % is %%.
    if not context.eval_ctx.autoescape:
        return text % variables
    return Markup(text) % {name: escape(value) for name, value in variables.items()}


@jinja2.pass_eval_context
def _output(eval_context: jinja2.nodes.EvalContext, value: Any) -> Any:
    return escape(value) if eval_context.autoescape else value


def escape(value: Any) -> Markup:
    """Django's escaping (&#x27; and &quot;, where markupsafe writes &#39; and &#34;)."""
    if hasattr(value, "__html__"):
        return value
    return Markup(html.escape(str(value)))


def url(name: str, *args: Any, **kwargs: Any) -> str:
    """The path of a named URL, like Django's {% url %} tag."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


def date(value: Any, format: str | None = None) -> str:
    """Django's |date filter, in the active language and, for a datetime, the local time."""
    return defaultfilters.date(timezone.template_localtime(value), format)


def widget(field: BoundField) -> dict:
    """What Django's template for a field's widget gets (type, name, value, attrs), as
    `BoundField.as_widget` makes it; comments/form.html writes the HTML out itself."""
    attrs = field.build_widget_attrs({})
    if field.auto_id and "id" not in field.field.widget.attrs:
        attrs.setdefault("id", field.auto_id)
    return field.field.widget.get_context(field.html_name, field.value(), attrs)["widget"]


@jinja2.pass_environment
def comment_form(env: jinja2.Environment, post: Post) -> Markup:
    """The form every reader of `post` gets: the same for all, with a token made now."""
    if not comments_are_open(post):
        return Markup(env.get_template("comments/form.html").render(closed=True))
    context = {
        "form": CommentForm(initial={"token": tokens.make_token(post.pk)}),
        "post": post,
        "action": reverse("comments:post", args=[post.pk]),
        "moderation": settings.CARNET["comment_moderation"],
    }
    return Markup(env.get_template("comments/form.html").render(context))
