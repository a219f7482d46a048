"""What every page's template knows: the current edition and the other editions."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from carnet.blog.models import Edition, Post


def edition(request: HttpRequest) -> dict:
    try:
        current = Edition.objects.current()
    except Edition.DoesNotExist:
        return {"base_url": settings.BASE_URL}
    return {
        "edition": current,
        "other_editions": current.others(),
        "nav_pages": Post.objects.public()
        .pages()
        .filter(edition=current, parent=None)
        .order_by("menu_order", "title"),
        "base_url": settings.BASE_URL,
    }
