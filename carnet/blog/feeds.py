"""Atom and RSS feeds. (Placeholder: replaced by the full implementation.)"""

from django.contrib.syndication.views import Feed
from django.http import Http404


class EditionAtomFeed(Feed):
    def get_object(self, request, *args, **kwargs):
        raise Http404


EditionRssFeed = CategoryAtomFeed = CategoryRssFeed = TagAtomFeed = TagRssFeed = EditionAtomFeed
