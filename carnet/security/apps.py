from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "carnet.security"
    label = "security"
    verbose_name = _("Security")

    def ready(self) -> None:
        from django.conf import settings
        from django.contrib import admin
        from PIL import Image

        from carnet.security.logins import ThrottledLoginForm

        admin.site.login_form = ThrottledLoginForm
        # Pillow refuses to open anything larger (a decompression bomb) before decoding it.
        Image.MAX_IMAGE_PIXELS = settings.CARNET["upload_max_megapixels"] * 1_000_000
