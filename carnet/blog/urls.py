"""An edition's addresses; the same patterns serve every edition under its language prefix."""

from django.urls import path

from carnet.blog import feeds, views
from carnet.comments import feeds as comment_feeds

app_name = "blog"


def paged(route: str, view, name: str) -> list:
    """A listing's first page at `route`, and page N at `route/page/N/`."""
    return [
        path(route, view, name=name),
        path(f"{route}page/<int:page>/", view, name=f"{name}_page"),
    ]


DATE = "<int:year>/<str:month>/<str:day>"

urlpatterns = [
    *paged("", views.home, "home"),
    path("feed/", feeds.EditionAtomFeed(), name="feed"),
    path("feed/rss/", feeds.EditionRssFeed(), name="feed_rss"),
    path("search/", views.search, name="search"),
    path("archives/", views.archives, name="archives"),
    *paged("category/<str:slug>/", views.category, "category"),
    path("category/<str:slug>/feed/", feeds.CategoryAtomFeed(), name="category_feed"),
    path("category/<str:slug>/feed/rss/", feeds.CategoryRssFeed(), name="category_feed_rss"),
    *paged("tag/<str:slug>/", views.tag, "tag"),
    path("tag/<str:slug>/feed/", feeds.TagAtomFeed(), name="tag_feed"),
    path("tag/<str:slug>/feed/rss/", feeds.TagRssFeed(), name="tag_feed_rss"),
    *paged("author/<str:username>/", views.author, "author"),
    *paged("<int:year>/", views.year, "year"),
    *paged("<int:year>/<str:month>/", views.month, "month"),
    path(f"{DATE}/<str:slug>/", views.post, name="post"),
    path("comments/feed/", comment_feeds.EditionCommentsFeed(), name="comments_feed"),
    path(
        f"{DATE}/<str:slug>/comments/feed/",
        comment_feeds.PostCommentsFeed(),
        name="post_comments_feed",
    ),
    path("<path:path>/", views.page, name="page"),
]
