"""The reader's theme: a Jinja2 environment with Django's translations, dates, URLs and escaping.

Context contract: besides its view's own context, a theme template may read only
`request.path`, `LANGUAGE_CODE` and the four variables of `carnet.blog.context.edition`
(`edition`, `other_editions`, `nav_pages`, `base_url`). `carnet build` renders the templates
without context processors and supplies exactly these, plus the `kept` dict of `{% keep %}`
(keeping.py). Templates reach the database only through the objects their view passes
(`post.categories.all()` and the like, prefetched).
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import pickle
from typing import TYPE_CHECKING, Any

import jinja2
import markupsafe
from django.conf import settings
from django.core.signals import setting_changed
from django.template import defaultfilters
from django.templatetags.static import static as django_static
from django.utils import timezone, translation
from markupsafe import Markup

from carnet.blog import reversing
from carnet.comments import tokens
from carnet.comments.forms import CommentForm
from carnet.comments.moderation import comments_are_open

if TYPE_CHECKING:
    from django.forms import BoundField

    from carnet.blog.models import Post


def environment(**options: Any) -> jinja2.Environment:
    """The environment Django's Jinja2 backend renders the theme with (TEMPLATES in settings)."""
    extensions = ["jinja2.ext.i18n", "carnet.theme.keeping.KeepExtension"]
    options["extensions"] = [*options.get("extensions", []), *extensions]
    # Pages are the same whatever DEBUG says; and, like Django, a template keeps its last
    # newline and escapes every value the way Django does.
    options.update(undefined=jinja2.Undefined, keep_trailing_newline=True, finalize=_output)
    options.setdefault("bytecode_cache", compiled_templates())
    env = jinja2.Environment(**options)
    # Jinja's own install_gettext_callables(newstyle=True) would escape the values of
    # {% trans %} with markupsafe (&#39;); these callables escape them as Django does.
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    env.globals.update(
        _=gettext,  # called at once, not through the i18n extension's alias of `gettext`
        gettext=gettext, ngettext=ngettext, static=static, url=url,
        comment_form=comment_form, comments_open=comments_are_open, widget=widget,
        excerpt=excerpt, post_part=post_part,
    )  # fmt: skip
    env.filters.update(date=date, capfirst=defaultfilters.capfirst)
    return env


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates in the system's temporary folder (a folder of the
    user's own, which Jinja checks), so that each process need not compile the theme again
    (0.1 s of every build worker). A cache file it cannot read or write is left aside: the
    template is compiled, as without a cache."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def compiled_templates() -> CompiledTemplates | None:
    """The cache of compiled templates; none where no safe folder can be had for it."""
    try:
        return CompiledTemplates(pattern="carnet-%s.cache")
    except (OSError, RuntimeError):
        return None


@jinja2.pass_context
def gettext(context: jinja2.runtime.Context, message: str, **variables: Any) -> str:
    """`_()` and `{% trans %}`: Django's translation, its values escaped as Django does."""
    language = context.get("LANGUAGE_CODE")
    if language is None:
        return _fill(context, translation.gettext(message), variables)
    if not variables and context.eval_ctx.autoescape:
        return translated_markup(language, message)
    return _fill(context, translated(language, message), variables)


@functools.cache
def translated(language: str, message: str) -> str:
    """A theme message in `language` (LANGUAGE_CODE of the page), looked up once per process:
    a page asks for a dozen of them, and Django's lookup costs microseconds each time."""
    with translation.override(language):
        return translation.gettext(message)


@functools.cache
def translated_markup(language: str, message: str) -> Markup:
    """`translated` as a page shows it, for a message without variables."""
    return Markup(translated(language, message)) % {}


@jinja2.pass_context
def ngettext(
    context: jinja2.runtime.Context, singular: str, plural: str, number: int, **variables: Any
) -> str:
    """`{% trans %}…{% pluralize %}…{% endtrans %}`: the form Django's catalogue gives `number`."""
    variables.setdefault("num", number)
    language = context.get("LANGUAGE_CODE")
    if language is None or type(number) is not int:
        return _fill(context, translation.ngettext(singular, plural, number), variables)
    return _fill(context, translated_plural(language, singular, plural, number), variables)


@functools.lru_cache(maxsize=1024)
def translated_plural(language: str, singular: str, plural: str, number: int) -> str:
    """`translated` for a message with a plural: the form for `number` (post and comment
    counts take few values)."""
    with translation.override(language):
        return translation.ngettext(singular, plural, number)


def _fill(context: jinja2.runtime.Context, text: str, variables: dict) -> str:
    # Every message is a format string, as in Django's blocktranslate: a literal % is %%.
    if not context.eval_ctx.autoescape:
        return text % variables
    return Markup(text) % {name: escape(value) for name, value in variables.items()}


@jinja2.pass_eval_context
def _output(eval_context: jinja2.nodes.EvalContext, value: Any) -> Any:
    # Jinja escapes what this returns; it differs from Django only on quotes.
    if not eval_context.autoescape or hasattr(value, "__html__"):
        return value
    text = value if type(value) is str else str(value)
    return escape(text) if "'" in text or '"' in text else text


def escape(value: Any) -> Markup:
    """Django's escaping (&#x27; and &quot;, where markupsafe writes &#39; and &#34;)."""
    if hasattr(value, "__html__"):
        return value
    escaped = str(markupsafe.escape(value))  # compiled, unlike html.escape
    if "&#3" in escaped:  # only quotes make &#39; or &#34;: every & became &amp;
        escaped = escaped.replace("&#39;", "&#x27;").replace("&#34;", "&quot;")
    return Markup(escaped)


@functools.lru_cache(maxsize=256)
def static(path: str) -> str:
    """Django's `static()`, worked out once per file and process (20 µs a call otherwise)."""
    return django_static(path)


def _settings_changed(**kwargs: Any) -> None:
    static.cache_clear()
    formatted_date.cache_clear()


setting_changed.connect(_settings_changed, dispatch_uid="carnet-theme-static")


def url(name: str, *args: Any, **kwargs: Any) -> str:
    """The path of a named URL, like Django's {% url %} tag."""
    return reversing.reverse(name, args or None, kwargs or None)


def date(value: Any, format: str | None = None) -> str:
    """Django's |date filter, in the active language and, for a datetime, the local time."""
    if type(value) not in (datetime.datetime, datetime.date):
        return defaultfilters.date(timezone.template_localtime(value), format)
    language, zone = translation.get_language(), timezone.get_current_timezone()
    return formatted_date(value, format, language, zone)


@functools.lru_cache(maxsize=4096)
def formatted_date(value: datetime.date, format: str | None, language: str, zone: Any) -> str:
    """`date` of a date or datetime, kept: a post's date shows in its page, its excerpts and
    its feeds, and Django's formatting costs tens of microseconds."""
    if format == "c":
        return timezone.template_localtime(value).isoformat()  # what Django's "c" writes
    return defaultfilters.date(timezone.template_localtime(value), format)


def widget(field: BoundField) -> dict:
    """What Django's template for a field's widget gets (type, name, value, attrs), as
    `BoundField.as_widget` makes it; comments/form.html writes the HTML out itself."""
    attrs = field.build_widget_attrs({})
    if field.auto_id and "id" not in field.field.widget.attrs:
        attrs.setdefault("id", field.auto_id)
    return field.field.widget.get_context(field.html_name, field.value(), attrs)["widget"]


@jinja2.pass_context
def excerpt(context: jinja2.runtime.Context, post: Post, is_home: bool = False) -> Markup:
    """A post as listings show it, rendered once per post object and kept on it.

    `carnet build` shows the same post objects in a dozen listings (home, archives, terms,
    author); a reader's request gets objects of its own, so nothing outlives the request.
    """
    sticky = bool(post.sticky and is_home)
    return _kept_on(post, context, "blog/_excerpt.html", sticky=sticky)


@jinja2.pass_context
def post_part(context: jinja2.runtime.Context, template: str, post: Post) -> Markup:
    """A part of a post that its page and its excerpt both show (its meta line, its tags),
    rendered once per post object and kept on it, as `excerpt` is."""
    return _kept_on(post, context, template)


def _kept_on(post: Post, context: jinja2.runtime.Context, template: str, **values: Any) -> Markup:
    """`template` rendered with the post, its page's edition and language and `values`; kept
    on the post object, the first time, for the same edition and language."""
    edition = context["edition"]
    language = context.get("LANGUAGE_CODE") or translation.get_language()
    kept = post.__dict__.setdefault("_parts", {})
    key = (template, edition.pk, language, *values.values())
    if key not in kept:
        values.update(post=post, edition=edition, LANGUAGE_CODE=language)
        kept[key] = Markup(context.environment.get_template(template).render(values))
    return kept[key]


@jinja2.pass_environment
def comment_form(env: jinja2.Environment, post: Post) -> Markup:
    """The form every reader of `post` gets: the same for all, with a token made now.

    Only its action and token differ from post to post, so the blank form is rendered once
    per language and moderation policy, and these two are filled in.
    """
    if not comments_are_open(post):
        return Markup(blank_form(env, translation.get_language(), None))
    blank = blank_form(env, translation.get_language(), settings.CARNET["comment_moderation"])
    action = escape(reversing.reverse("comments:post", args=[post.pk]))
    return Markup(
        blank.replace(BLANK_ACTION, action, 1).replace(
            BLANK_TOKEN, escape(tokens.make_token(post.pk)), 1
        )
    )


# Stand-ins for a post's own values in the blank comment form: nothing in it escapes them.
BLANK_ACTION, BLANK_TOKEN = "carnet-blank-form-action", "carnet-blank-form-token"


@functools.cache
def blank_form(env: jinja2.Environment, language: str, moderation: str | None) -> str:
    """The comment form in `language` with stand-ins for its action and token (closed: None)."""
    template = env.get_template("comments/form.html")
    if moderation is None:
        return template.render(closed=True, LANGUAGE_CODE=language)
    context = {
        "LANGUAGE_CODE": language,
        "form": CommentForm(initial={"token": BLANK_TOKEN}),
        "action": BLANK_ACTION,
        "moderation": moderation,
    }
    return template.render(context)
