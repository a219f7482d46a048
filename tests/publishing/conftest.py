"""Fixtures for the page store's tests: a store of their own, and writes that commit."""

from __future__ import annotations

import pytest

from carnet.publishing.store import PageStore


@pytest.fixture
def store(settings, tmp_path) -> PageStore:
    """An empty page store in a folder of this test's own, used by the middleware too."""
    settings.CARNET_PAGE_STORE = tmp_path / "public"
    return PageStore(settings.CARNET_PAGE_STORE)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs a write's on-commit work (the store's removals) at its end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def visit(client, store):
    """Ask for pages as a reader would, checking that each one is now in the store."""

    def get(*urls: str) -> None:
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            assert store.find(url) is not None, f"{url} was not stored"

    return get


def stored(store: PageStore, *urls: str) -> list[str]:
    """Those of `urls` the store holds."""
    return [url for url in urls if store.find(url) is not None]


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers", "nginx: starts Debian's nginx in front of Carnet (skipped without it, not in CI)"
    )
