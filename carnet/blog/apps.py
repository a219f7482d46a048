from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "carnet.blog"
    label = "blog"
    verbose_name = _("Blog")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from carnet.blog import signals  # noqa: F401
        from carnet.blog.editions import ensure_editions

        post_migrate.connect(ensure_editions, sender=self)
