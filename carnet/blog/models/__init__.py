"""The blog's content: editions, posts and pages, categories and tags, figures."""

from carnet.blog.models.editions import Edition
from carnet.blog.models.figures import Figure, FigureTranslation
from carnet.blog.models.posts import Page, Post, RelatedLink
from carnet.blog.models.taxonomy import Category, Tag

__all__ = [
    "Category",
    "Edition",
    "Figure",
    "FigureTranslation",
    "Page",
    "Post",
    "RelatedLink",
    "Tag",
]
