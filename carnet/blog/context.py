"""What every page's template knows: the current edition and the other editions."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from carnet.blog.models import Edition, linked


def edition(request: HttpRequest) -> dict:
    try:
        current = Edition.objects.current()
    except Edition.DoesNotExist:
        return {"base_url": settings.BASE_URL}
    return {
        "edition": current,
        "other_editions": current.others(),
        # Read when a template shows the menu (the admin's pages do not).
        "nav_pages": SimpleLazyObject(partial(linked.menu_pages, current)),
        "base_url": settings.BASE_URL,
    }
