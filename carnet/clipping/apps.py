from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClippingConfig(AppConfig):
    name = "carnet.clipping"
    verbose_name = _("Clipping")
