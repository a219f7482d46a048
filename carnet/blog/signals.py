"""Keep the search index in step with posts."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from carnet.blog import search
from carnet.blog.models import Post


@receiver(post_save)
def index_saved_post(sender, instance, raw: bool = False, **kwargs) -> None:
    # No sender filter: the Page proxy sends its own signal.
    if isinstance(instance, Post):
        search.index_post(instance)


@receiver(post_delete)
def unindex_deleted_post(sender, instance, **kwargs) -> None:
    if isinstance(instance, Post):
        search.remove_post(instance.pk)
