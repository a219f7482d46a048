"""Fixtures shared by the whole suite: editions, writers and a post factory."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation

from carnet.blog.models import Edition, Post

# A real S3 server (moto) and a bucket per test, for media on object storage.
pytest_plugins = ["tests.objectstorage"]


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the site's default language, whatever page the one before read
    (the test client leaves the language of its last request active)."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def en(db) -> Edition:
    """The English edition, served at /, with the texts a writer would set."""
    edition = Edition.objects.get(language="en")
    edition.title = "Field Notes"
    edition.edition_note = "I have a parallel blog in French at"
    edition.more_text = "Continue reading"
    edition.save()
    return edition


@pytest.fixture
def fr(db) -> Edition:
    """The French edition, served at /fr/."""
    edition = Edition.objects.get(language="fr")
    edition.title = "Carnet de terrain"
    edition.edition_note = "Je tiens aussi un blog en anglais :"
    edition.more_text = "Lire la suite"
    edition.save()
    return edition


@pytest.fixture
def writer(django_user_model):
    return django_user_model.objects.create_user(
        "annie", password="a long enough password 42", first_name="Annie", is_staff=True
    )


@pytest.fixture
def make_post(en, writer):
    """Make a post (published yesterday by default) in any edition."""

    def make(**fields) -> Post:
        fields.setdefault("edition", en)
        fields.setdefault("title", "A post")
        fields.setdefault("body", "Some text.")
        fields.setdefault("status", Post.Status.PUBLISHED)
        fields.setdefault("author", writer)
        fields.setdefault("published_at", timezone.now() - datetime.timedelta(days=1))
        categories = fields.pop("categories", [])
        tags = fields.pop("tags", [])
        post = Post.objects.create(**fields)
        post.categories.set(categories)
        post.tags.set(tags)
        return post

    return make
