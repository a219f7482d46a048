"""What an import remembers: which Carnet object each WordPress object became, old links, files."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedObject(models.Model):
    """One WordPress object (post, comment, term…) and the Carnet object an import made of it.

    The checksum of the object's text in the export tells the next import whether it changed.
    """

    class Kind(models.TextChoices):
        AUTHOR = "author", _("Author")
        CATEGORY = "category", _("Category")
        TAG = "tag", _("Tag")
        POST = "post", _("Post or page")
        ATTACHMENT = "attachment", _("Attachment")
        COMMENT = "comment", _("Comment")

    source = models.CharField(_("WordPress blog"), max_length=300)
    edition = models.ForeignKey("blog.Edition", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    wp_id = models.CharField(_("WordPress id"), max_length=200)
    object_id = models.PositiveBigIntegerField()
    checksum = models.CharField(max_length=64)
    link = models.CharField(_("old address"), max_length=1000, blank=True, db_index=True)
    imported_at = models.DateTimeField(_("imported"))

    class Meta:
        verbose_name = _("imported object")
        verbose_name_plural = _("imported objects")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "edition", "kind", "wp_id"], name="one_mapping_per_wp_object"
            )
        ]
        indexes = [models.Index(fields=["kind", "object_id"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.wp_id} of {self.source}"


class Attachment(models.Model):
    """A file the WordPress blog had uploaded: its address, a local copy when one was given."""

    title = models.CharField(_("title"), max_length=300, blank=True)
    caption = models.TextField(_("caption"), blank=True)
    alt = models.CharField(_("alt text"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("original address"), max_length=1000)
    file = models.FileField(_("local copy"), upload_to="wordpress/", max_length=500, blank=True)
    mime_type = models.CharField(_("type"), max_length=100, blank=True)
    post = models.ForeignKey(
        "blog.Post",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attachments",
        verbose_name=_("attached to"),
    )
    figure = models.ForeignKey(
        "blog.Figure", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), null=True, blank=True)
    featured_in = models.ManyToManyField(
        "blog.Post", blank=True, related_name="featured_attachments", verbose_name=_("featured in")
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.title or self.url.rsplit("/", 1)[-1]

    def get_absolute_url(self) -> str:
        """The local copy when there is one, else the address WordPress served it at."""
        return self.file.url if self.file else self.url

    @property
    def is_image(self) -> bool:
        return self.mime_type.startswith("image/")


class OldLink(models.Model):
    """An address of the old WordPress blog that answers with a permanent redirect.

    `path` is the path with its slashes (`/2010/01/07/hello/`), or a query on the home page
    (`/?p=12`); it names one target, whose current address is looked up at request time.
    """

    path = models.CharField(_("old path"), max_length=700, unique=True)
    post = models.ForeignKey("blog.Post", null=True, blank=True, on_delete=models.CASCADE)
    category = models.ForeignKey("blog.Category", null=True, blank=True, on_delete=models.CASCADE)
    tag = models.ForeignKey("blog.Tag", null=True, blank=True, on_delete=models.CASCADE)
    attachment = models.ForeignKey(Attachment, null=True, blank=True, on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("old link")
        verbose_name_plural = _("old links")

    def __str__(self) -> str:
        return self.path

    def target_url(self) -> str | None:
        """Where the old address leads now; None when the target is not public."""
        if self.post is not None:
            return self.post.get_absolute_url() if self.post.is_public else None
        target = self.category or self.tag or self.attachment
        return target.get_absolute_url() if target is not None else None
