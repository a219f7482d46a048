"""Django's `reverse()`, from a recipe worked out once per URL name, language and URLconf.

Django's `reverse()` walks the resolver's namespaces and patterns on every call (20 to 30 µs).
For one URL name, set of arguments, language, URL configuration and script prefix, the patterns
it tries are always the same: a recipe keeps them (address template, pattern, converters) so that
making an address is converting, filling in, checking and quoting, as `URLResolver` does.
Whatever a recipe does not cover (a converter of the project's own, a default that depends on the
values, a Django whose reverse() is not the one mirrored here) is left to Django itself.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import inspect
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

from django.core.signals import setting_changed
from django.urls import base, converters, get_resolver, get_script_prefix, get_urlconf, resolvers
from django.utils import translation
from django.utils.http import RFC3986_SUBDELIMS, escape_leading_slashes

# What URLResolver._reverse_with_prefix leaves unquoted, and a test for strings quote() leaves
# as they are (ASCII letters, digits and these), which most addresses are.
SAFE = RFC3986_SUBDELIMS + "/~:@"
_needs_no_quoting = re.compile(rf"[A-Za-z0-9_.\-~{re.escape(SAFE)}]*").fullmatch

# Django's own converters: their to_url() does not depend on the active language. The string
# ones give the value as it is, which the address template turns into text as Django's does.
AS_IS_CONVERTERS = (converters.StringConverter, converters.SlugConverter, converters.PathConverter)
KNOWN_CONVERTERS = (converters.IntConverter, converters.UUIDConverter, *AS_IS_CONVERTERS)

# The code the recipes mirror, by the SHA-256 of its source: Django's reverse() and the resolver
# parts it uses. Where one differs (another version), Django does the work itself;
# tests/blog/test_reversing.py says which changed.
MIRRORED = {
    "django.urls.base:reverse": "8b977c560cf5f7f8",
    "django.urls.resolvers:get_ns_resolver": "d52c1c503381b795",
    "django.urls.resolvers:URLResolver._populate": "fd4ac62e7f63c125",
    "django.urls.resolvers:URLResolver._reverse_with_prefix": "947b252a39a3a018",
}

# One part of an address: its place among the template's %s, where its value is (an index of
# args, a name of kwargs) and how it becomes text: a converter's to_url (a ValueError skips the
# pattern), None for a value as it is, `str` for a regex group (an error is not caught).
Part = tuple[int, int | str, Callable[[Any], Any] | None]
# One pattern Django would try: the address template, its regex's match and the parts, in the
# order Django converts them.
Candidate = tuple[str, Callable[[str], Any], tuple[Part, ...]]

_recipes: dict[tuple, tuple[Candidate, ...] | None] = {}
MAX_RECIPES = 4096  # names x argument sets x languages x prefixes: a few hundred in practice
_UNKNOWN = object()
_PLACEHOLDER = re.compile(r"%%|%\(([^)]*)\)s|%")  # in Django's templates: %% and %(name)s


class Unsupported(Exception):
    """A pattern the recipes do not cover: Django makes these addresses."""


def reverse(
    viewname: str, args: Sequence[Any] | None = None, kwargs: Mapping[str, Any] | None = None
) -> str:
    """`django.urls.reverse(viewname, args=args, kwargs=kwargs)`, the same address or error."""
    language = translation.get_language()
    return reverse_in(language, viewname, args, kwargs, get_urlconf(), get_script_prefix())


def reverse_in(
    language: str | None,
    viewname: str,
    args: Sequence[Any] | None,
    kwargs: Mapping[str, Any] | None,
    urlconf: str | None,
    prefix: str,
) -> str:
    """Django's reverse() as `translation.override(language)` would give it, for the URLconf
    and script prefix given (those `get_urlconf()` and `get_script_prefix()` give)."""
    shape = _shape(args, kwargs)
    if shape is not None and type(viewname) is str:
        key = (language, viewname, shape, get_resolver(urlconf), prefix)
        recipe = _recipes.get(key, _UNKNOWN)
        if recipe is _UNKNOWN:
            recipe = _remember(key)
        if recipe is not None:
            address = _make(recipe, args or kwargs)
            if address is not None:
                return address
    with translation.override(language):
        return base.reverse(viewname, urlconf=urlconf, args=args, kwargs=kwargs)


def _shape(args: Any, kwargs: Any) -> int | tuple | None:
    """What a recipe depends on in the arguments: their number, or the names of kwargs."""
    if args:
        if kwargs or type(args) not in (list, tuple):
            return None  # Django's ValueError for both, or a sequence it may not take
        return len(args)
    if kwargs:
        return tuple(kwargs) if type(kwargs) is dict else None
    return ()


def _remember(key: tuple) -> tuple[Candidate, ...] | None:
    if len(_recipes) >= MAX_RECIPES:
        _recipes.clear()
    recipe = _recipes[key] = _work_out(*key)
    return recipe


def _make(recipe: tuple[Candidate, ...], values: Any) -> str | None:
    """The first candidate's address that Django's resolver would accept; None if none."""
    for template, match, parts in recipe:
        texts = [None] * len(parts)
        for place, source, convert in parts:
            value = values[source]
            if convert is None:
                texts[place] = value
            elif convert is str:
                texts[place] = str(value)
            else:
                try:
                    texts[place] = convert(value)
                except ValueError:
                    break
        else:
            candidate = template % tuple(texts)
            if match(candidate):
                if not _needs_no_quoting(candidate):
                    candidate = quote(candidate, safe=SAFE)
                return escape_leading_slashes(candidate) if candidate[:2] == "//" else candidate
    return None


def _work_out(
    language: str | None, viewname: str, shape: int | tuple, resolver: Any, prefix: str
) -> tuple[Candidate, ...] | None:
    """The patterns Django's reverse() tries for `viewname`, in its order; None: ask Django."""
    if not isinstance(prefix, str) or not is_mirrored():
        return None
    with translation.override(language):
        try:
            resolver, view = _namespace_resolver(resolver, viewname)
            possibilities = resolver.reverse_dict.getlist(view)
            return tuple(_candidates(possibilities, shape, prefix)) or None
        except Exception:  # a missing namespace, an unusual pattern: Django says what it is
            return None


def _namespace_resolver(resolver: resolvers.URLResolver, viewname: str) -> tuple[Any, str]:
    """The resolver reverse() looks `viewname` up in, and the name in it (no current_app)."""
    *namespaces, view = viewname.split(":")
    ns_pattern, ns_converters = "", {}
    for namespace in namespaces:
        try:
            instances = resolver.app_dict[namespace]
            if namespace not in instances:
                namespace = instances[0]
        except KeyError:
            pass
        extra, resolver = resolver.namespace_dict[namespace]
        ns_pattern += extra
        ns_converters.update(resolver.pattern.converters)
    if ns_pattern:
        converters_seen = tuple(ns_converters.items())
        resolver = resolvers.get_ns_resolver(ns_pattern, resolver, converters_seen)
    return resolver, view


def _candidates(possibilities: list, shape: int | tuple, prefix: str) -> list[Candidate]:
    """What _reverse_with_prefix tries for arguments of this shape, in its order."""
    found = []
    for possibility, pattern, defaults, pattern_converters in possibilities:
        if not isinstance(pattern, str) or not isinstance(defaults, dict):
            raise Unsupported(pattern)
        for result, params in possibility:
            sources = _sources(shape, params, defaults)
            if sources is None:
                continue
            template, places = _positional(prefix.replace("%", "%%") + result, params)
            parts = tuple(
                (places[name], source, _converter(pattern_converters, name))
                for name, source in sources
            )
            match = re.compile("^" + re.escape(prefix) + pattern).match
            found.append((template, match, parts))
    return found


def _sources(shape: int | tuple, params: list, defaults: dict) -> list[tuple] | None:
    """Where each of a pattern's parts comes from, in the order Django converts them; None if
    Django would skip the pattern."""
    if isinstance(shape, int):
        return [(name, i) for i, name in enumerate(params)] if len(params) == shape else None
    if set(shape).symmetric_difference(params).difference(defaults):
        return None
    for name, value in defaults.items():
        if name in params:
            continue
        if name in shape:  # Django compares the value given with the default's
            raise Unsupported(name)
        if value != value:  # as Django's kwargs.get(name, value) != value finds
            return None
    if set(params) - set(shape):
        raise Unsupported(params)  # a part filled by a default: Django fails its own way
    return [(name, name) for name in shape]


def _positional(template: str, params: list) -> tuple[str, dict[str, int]]:
    """Django's template of %(name)s as one of %s (quicker to fill), and each name's place."""
    places: dict[str, int] = {}

    def positional(placeholder: re.Match) -> str:
        name = placeholder[1]
        if placeholder[0] == "%%":
            return "%%"
        if name is None or name in places:
            raise Unsupported(template)
        places[name] = len(places)
        return "%s"

    positional_template = _PLACEHOLDER.sub(positional, template)
    if sorted(places) != sorted(params):
        raise Unsupported(template)
    return positional_template, places


def _converter(pattern_converters: dict, name: str) -> Callable[[Any], Any] | None:
    converter = pattern_converters.get(name)
    if converter is None:
        return str
    if type(converter) in AS_IS_CONVERTERS:
        return None
    if type(converter) not in KNOWN_CONVERTERS:
        raise Unsupported(converter)
    return converter.to_url


def source_digest(code: str) -> str:
    """The start of the SHA-256 of the source of `code` ("module:name"), as MIRRORED has it."""
    module, name = code.split(":")
    function = importlib.import_module(module)
    for attribute in name.split("."):
        function = getattr(function, attribute)
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()[:16]


@functools.cache
def is_mirrored() -> bool:
    """Whether Django's code is the code mirrored here (read once per process)."""
    try:
        return all(source_digest(code) == digest for code, digest in MIRRORED.items())
    except (ImportError, AttributeError, OSError, TypeError):  # gone, or no .py files to read
        return False


def _settings_changed(**kwargs: object) -> None:
    _recipes.clear()


setting_changed.connect(_settings_changed, dispatch_uid="carnet-reversing-recipes")
