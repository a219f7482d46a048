"""Addresses made from recipes are Django's reverse(): address for address, error for error."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import hypothesis
import pytest
from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.test import override_settings
from django.urls import (
    LocalePrefixPattern,
    URLResolver,
    get_resolver,
    include,
    path,
    re_path,
    register_converter,
    reverse,
    set_script_prefix,
    set_urlconf,
)
from django.utils import translation
from django.utils.translation import gettext_lazy

from carnet.blog import reversing
from carnet.blog.models import Category, Post, Tag

LANGUAGES = ["en", "fr"]
A_POST = {"year": 2024, "month": "03", "day": "05", "slug": "été"}


class Unprintable:
    """A value str() refuses (where a converter's to_url fails, Django tries the next pattern)."""

    def __str__(self) -> str:
        raise ValueError("no text for this value")

    def __repr__(self) -> str:
        return "<unprintable>"


# Values a template or a model may hand to reverse(): numbers, zero-padded and not, letters
# beyond ASCII, spaces, slashes, percent signs, what a converter refuses, what str() refuses.
AWKWARD = [
    0, 7, 2024, -3, 1.5, True, None, "03", "007", "café", "Zoë & co", "a b", "a/b/c", "50%",
    "%20", "", "x?y#z", "//x", "ü/ß x", "[x]", 10**5000, Unprintable(),
]  # fmt: skip


def outcome(make, *args, **kwargs) -> object:
    """What a call gives: its value, or the class and message of what it raises."""
    try:
        return make(*args, **kwargs)
    except Exception as error:
        return type(error), str(error)


def view(request):
    return HttpResponse()


@contextlib.contextmanager
def without_django_reverse(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Within, an address that is not a recipe's fails (Django's reverse() is unavailable)."""

    def unavailable(*args, **kwargs):
        raise AssertionError("made by Django, not by a recipe")

    with monkeypatch.context() as patched:
        patched.setattr(reversing.base, "reverse", unavailable)
        yield


def assert_same_as_django(language: str, name: str, args=None, kwargs=None) -> object:
    with translation.override(language):
        expected = outcome(reverse, name, args=args, kwargs=kwargs)
        made = outcome(reversing.reverse, name, args, kwargs)
    assert made == expected, (language, name, args, kwargs)
    return made


def url_names(resolver: URLResolver, namespace: str = "", params: tuple = ()) -> Iterator:
    """Every URL name under `resolver` with the names of its parts, prefixes included."""
    for pattern in resolver.url_patterns:
        is_prefix = isinstance(pattern.pattern, LocalePrefixPattern)
        groups = () if is_prefix else tuple(pattern.pattern.regex.groupindex)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern, inner, params + groups)
        elif pattern.name:
            yield namespace + pattern.name, params + groups


def site_url_names() -> list[tuple[str, tuple]]:
    return sorted(set(url_names(get_resolver())))


# The site's own addresses -------------------------------------------------------------------


def test_the_site_has_the_url_names_the_tests_walk():
    names = dict(site_url_names())
    assert names["blog:post"] == ("year", "month", "day", "slug")
    assert names["blog:page"] == ("path",) and "comments:reply" in names and "sitemap" in names


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_url_of_the_site_with_awkward_values_is_djangos(language):
    for name, params in site_url_names():
        assert_same_as_django(language, name)
        assert_same_as_django(language, name, kwargs={"unknown": 1})
        for value in AWKWARD:
            assert_same_as_django(language, name, kwargs=dict.fromkeys(params, value))
            assert_same_as_django(language, name, args=[value] * len(params))
            for param in params:
                kwargs = {**dict.fromkeys(params, 7), param: value}
                assert_same_as_django(language, name, kwargs=kwargs)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_url_of_the_site_is_made_by_a_recipe(language, monkeypatch):
    for name, params in site_url_names():
        kwargs = dict.fromkeys(params, "auth" if name == "admin:app_list" else 7)
        with translation.override(language):
            expected = reverse(name, kwargs=kwargs)
            with without_django_reverse(monkeypatch):
                assert reversing.reverse(name, None, kwargs) == expected, name


@hypothesis.settings(max_examples=300, deadline=None)
@hypothesis.given(
    language=hypothesis.strategies.sampled_from(LANGUAGES),
    year=hypothesis.strategies.integers() | hypothesis.strategies.text(),
    slug=hypothesis.strategies.text(),
    page_path=hypothesis.strategies.text(),
)
def test_any_post_or_page_address_is_djangos(language, year, slug, page_path):
    post = {"year": year, "month": "03", "day": "05", "slug": slug}
    assert_same_as_django(language, "blog:post", kwargs=post)
    assert_same_as_django(language, "blog:page", kwargs={"path": page_path})
    assert_same_as_django(language, "blog:tag", args=[slug])


@pytest.mark.django_db
def test_posts_pages_and_terms_link_to_djangos_addresses(make_post, en, fr):
    page = Post.Kind.PAGE
    parent = make_post(kind=page, title="À propos", slug="à-propos", edition=fr)
    team = make_post(kind=page, title="L'équipe", slug="l équipe", parent=parent, edition=fr)
    post = make_post(title="Storm 50% off", slug="storm-50%-off")
    day = post.local_date
    category = Category.objects.create(edition=fr, name="Météo", slug="météo")
    tag = Tag.objects.create(edition=en, name="Sea & sky", slug="sea sky")
    for item, name, kwargs in [
        (team, "page", {"path": "à-propos/l équipe"}),
        (post, "post", {"year": day.year, "month": f"{day.month:02d}", "day": f"{day.day:02d}",
                        "slug": "storm-50%-off"}),
        (category, "category", {"slug": "météo"}),
        (tag, "tag", {"slug": "sea sky"}),
    ]:  # fmt: skip
        with translation.override(item.edition.language):
            expected = reverse(f"blog:{name}", kwargs=kwargs)
        assert item.get_absolute_url() == expected
        assert item.get_absolute_url() == expected  # from the edition's cache


@pytest.mark.django_db
def test_an_edition_given_values_it_cannot_keep_links_as_django_does(en, fr):
    for edition in (en, fr):
        with translation.override(edition.language):
            expected = outcome(reverse, "blog:page", kwargs={"path": ["a", "b"]})
        assert outcome(edition.reverse, "page", path=["a", "b"]) == expected


def test_the_theme_and_the_comment_form_link_as_django_does():
    from carnet.theme.environment import url

    for language in LANGUAGES:
        with translation.override(language):
            assert url("comments:reply", 12) == reverse("comments:reply", args=[12])
            assert url("blog:tag", slug="été") == reverse("blog:tag", kwargs={"slug": "été"})
            assert outcome(url, "blog:tag", "a", slug="b") == outcome(
                reverse, "blog:tag", args=["a"], kwargs={"slug": "b"}
            )


# What reverse() reads besides its arguments ------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["/blog/", "/my blog/", "/caf%C3%A9/", "/ü/", "/50%/", "//"])
def test_addresses_under_another_script_prefix_are_djangos(prefix, en, fr, monkeypatch):
    set_script_prefix(prefix)
    try:
        for language in LANGUAGES:
            for name, args, kwargs in [
                ("blog:home", None, None),
                ("blog:post", None, A_POST),
                ("comments:post", [3], None),
            ]:
                expected = assert_same_as_django(language, name, args, kwargs)
                with without_django_reverse(monkeypatch), translation.override(language):
                    assert reversing.reverse(name, args, kwargs) == expected
        with translation.override("fr"):
            assert fr.reverse("tag", slug="x") == reverse("blog:tag", kwargs={"slug": "x"})
    finally:
        set_script_prefix("/")
    assert en.reverse("home") == "/" and fr.reverse("tag", slug="x") == "/fr/tag/x/"


def test_a_urlconf_set_for_the_thread_is_followed():
    set_urlconf(__name__)
    try:
        assert reversing.reverse("plain", [4]) == reverse("plain", args=[4]) == "/plain/4/"
        assert outcome(reversing.reverse, "blog:home") == outcome(reverse, "blog:home")
    finally:
        set_urlconf(None)
    assert reversing.reverse("blog:home") == "/"


# Other URL configurations: what the site does not use ----------------------------------------


class FourDigits:
    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{value:04d}"


with contextlib.suppress(ValueError):  # registered once per process
    register_converter(FourDigits, "fourdigits")

inner = [path("page/<slug:slug>/", view, name="page"), path("", view, name="index")]
urlpatterns = [
    path("plain/<int:n>/", view, name="plain"),
    re_path(r"^twice/(?P<a>[0-9]+)/$", view, name="twice"),
    path("twice/<str:a>/<str:b>/", view, name="twice"),
    path("twice/<slug:a>/", view, name="twice"),
    re_path(r"^unnamed/([0-9]+)/(x|y)/$", view, name="unnamed"),
    path("defaulted/", view, {"flag": "on"}, name="defaulted"),
    path("defaulted/<int:n>/", view, {"n": 3}, name="defaulted_part"),
    path("year/<fourdigits:year>/", view, name="four_digits"),
    path("100%/<int:n>/", view, name="percent"),
    path("/double/<path:rest>", view, name="double"),
    path("site/<int:site>/", include((inner, "inner"), namespace="inner")),
    path("one/", include((inner, "shared"), namespace="one")),
    path("two/", include((inner, "shared"), namespace="two")),
    *i18n_patterns(
        path(gettext_lazy("about/"), view, name="about"),
        path("blog/", include((inner, "blog"), namespace="blog")),
    ),
]

CALLS = [
    ("plain", [5], None),
    ("plain", None, {"n": "05"}),
    ("plain", None, {"n": "x"}),
    ("twice", [12], None),
    ("twice", ["ab"], None),
    ("twice", ["a b"], None),
    ("twice", ["a", "b/c"], None),
    ("twice", None, {"a": "a-b"}),
    ("twice", None, {"a": 3, "b": "é"}),
    ("unnamed", [4, "x"], None),
    ("unnamed", [4, "z"], None),
    ("defaulted", None, None),
    ("defaulted", None, {"flag": "on"}),
    ("defaulted", None, {"flag": "off"}),
    ("defaulted_part", None, {"n": 4}),
    ("defaulted_part", [4], None),
    ("four_digits", None, {"year": 987}),
    ("percent", [1], None),
    ("double", ["x/y"], None),
    ("inner:page", None, {"site": 2, "slug": "x"}),
    ("inner:page", None, {"slug": "x"}),
    ("inner:index", [2], None),
    ("shared:page", ["x"], None),
    ("two:page", ["x"], None),
    ("about", None, None),
    ("blog:page", ["x"], None),
    ("nowhere:page", ["x"], None),
    ("missing", None, None),
]


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("name", "args", "kwargs"), CALLS)
def test_other_url_configurations_give_djangos_addresses(language, name, args, kwargs):
    assert_same_as_django(language, name, args, kwargs)
    assert_same_as_django(language, name, args, kwargs)  # from the recipe kept


@override_settings(ROOT_URLCONF=__name__)
def test_patterns_a_recipe_does_not_cover_are_left_to_django(monkeypatch):
    covered = [("twice", ["a", "b"], None), ("inner:page", None, {"site": 2, "slug": "x"})]
    covered += [("defaulted", None, None), ("two:page", ["x"], None), ("unnamed", [4, "x"], None)]
    with without_django_reverse(monkeypatch):
        for name, args, kwargs in covered:
            assert reversing.reverse(name, args, kwargs), name
    for name, args, kwargs in [
        ("four_digits", None, {"year": 987}),  # a converter of the project's own
        ("defaulted", None, {"flag": "on"}),  # a value compared with the pattern's default
        ("percent", [1], None),  # a literal %, which Django's template cannot take
    ]:
        with without_django_reverse(monkeypatch), pytest.raises(AssertionError, match="Django"):
            reversing.reverse(name, args, kwargs)


def test_a_changed_root_urlconf_is_followed_at_once():
    assert reversing.reverse("blog:home") == "/"
    with override_settings(ROOT_URLCONF=__name__):
        assert reversing.reverse("blog:index") == reverse("blog:index") == "/en/blog/"
        assert outcome(reversing.reverse, "blog:home") == outcome(reverse, "blog:home")
    assert reversing.reverse("blog:home") == "/"


# Django's own code, as the recipes mirror it -------------------------------------------------


def test_django_is_the_code_the_recipes_mirror():
    changed = {
        code: reversing.source_digest(code)
        for code, digest in reversing.MIRRORED.items()
        if reversing.source_digest(code) != digest
    }
    assert not changed, (
        f"Changed since carnet/blog/reversing.py was written: {changed}. Check the recipes "
        "against the new code, then record these digests in MIRRORED."
    )
    assert reversing.is_mirrored()


def test_code_that_is_not_the_one_mirrored_leaves_every_address_to_django(monkeypatch):
    monkeypatch.setitem(reversing.MIRRORED, "django.urls.base:reverse", "0" * 16)
    reversing.is_mirrored.cache_clear()
    reversing._recipes.clear()
    try:
        for language in LANGUAGES:
            assert_same_as_django(language, "blog:post", kwargs=A_POST)
            assert_same_as_django(language, "comments:reply", [5])
        assert set(reversing._recipes.values()) == {None}
    finally:
        monkeypatch.undo()
        reversing.is_mirrored.cache_clear()
        reversing._recipes.clear()
