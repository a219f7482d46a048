"""Search within an edition. (Placeholder: replaced by the full-text implementation.)"""

from carnet.blog.models import Post


def index_post(post: Post) -> None:
    pass


def remove_post(post_id: int) -> None:
    pass


def search_posts(edition, query: str):
    return Post.objects.public().filter(edition=edition, title__icontains=query)
