"""`excerpt()` and `post_part()`: parts of a post rendered once per post object and kept."""

from __future__ import annotations

import pytest
from django.template import engines
from django.utils import translation

from carnet.blog.models import Category

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    return engines["jinja2"].from_string(source).render(context)


@pytest.fixture
def rendered_templates(monkeypatch):
    """The names of the templates `get_template` gives, in order."""
    env = engines["jinja2"].env
    names, get_template = [], env.get_template

    def spy(name, *args, **kwargs):
        names.append(name)
        return get_template(name, *args, **kwargs)

    monkeypatch.setattr(env, "get_template", spy)
    return names


def test_a_posts_meta_line_is_rendered_once_for_its_excerpt_and_its_page(
    en, make_post, rendered_templates
):
    post = make_post(
        title="Tide tables", categories=[Category.objects.create(edition=en, name="Sea")]
    )
    post.approved_comments = 2
    with translation.override("en"):
        excerpt = render("{{ excerpt(post) }}", post=post, edition=en)
        meta = render('{{ post_part("blog/_post_meta.html", post) }}', post=post, edition=en)
    assert 'rel="category">Sea</a>' in meta and "2 comments" in meta
    assert meta in excerpt
    assert rendered_templates.count("blog/_post_meta.html") == 1


def test_a_part_is_rendered_again_for_another_edition_or_language(
    en, fr, make_post, rendered_templates
):
    post = make_post(title="Tide tables")
    post.approved_comments = 1
    source = '{{ post_part("blog/_post_meta.html", post) }}'
    with translation.override("en"):
        english = render(source, post=post, edition=en)
    with translation.override("fr"):
        french = render(source, post=post, edition=fr)
        assert render(source, post=post, edition=fr) == french
    assert "1 comment" in english and "1 commentaire" in french
    assert rendered_templates.count("blog/_post_meta.html") == 2


def test_another_post_object_of_the_same_post_renders_its_own_parts(en, make_post):
    post = make_post(title="Tide tables")
    post.approved_comments = 1
    source = '{{ post_part("blog/_post_meta.html", post) }}'
    with translation.override("en"):
        assert "1 comment" in render(source, post=post, edition=en)
        fresh = type(post).objects.get(pk=post.pk)  # a reader's request: objects of its own
        fresh.approved_comments = 3
        assert "3 comments" in render(source, post=fresh, edition=en)
