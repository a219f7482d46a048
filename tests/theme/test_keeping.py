"""{% keep %}: a fragment rendered once per edition when the page gives a `kept` dict."""

from __future__ import annotations

from django.template import engines

SOURCE = '{% keep "header" %}<p>{{ next(counter) }}</p>{% endkeep %}'


def render(**context) -> str:
    return engines["jinja2"].from_string(SOURCE).render({"next": next, **context})


def test_a_kept_fragment_is_rendered_once_for_every_page_given_the_same_dict():
    counter, kept = iter(range(10)), {}
    pages = [render(counter=counter, kept=kept) for _ in range(3)]
    assert pages == ["<p>0</p>"] * 3
    assert kept == {"header": "<p>0</p>"}


def test_without_a_dict_the_fragment_is_rendered_on_every_page():
    counter = iter(range(10))
    assert [render(counter=counter) for _ in range(3)] == ["<p>0</p>", "<p>1</p>", "<p>2</p>"]


def test_a_kept_fragment_is_still_escaped():
    source = '{% keep "x" %}{{ value }}{% endkeep %}'
    template = engines["jinja2"].from_string(source)
    assert template.render({"value": "<b>", "kept": {}}) == "&lt;b&gt;"
