"""The site's addresses: the admin, the sitemap, and each edition's pages under its prefix."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.static import serve as serve_file

from carnet.blog import views
from carnet.blog.sitemaps import SITEMAPS

urlpatterns = [
    path("admin/", admin.site.urls),
    path("preview/<int:pk>/", views.preview, name="preview"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": SITEMAPS, "template_name": "blog/sitemap.xml"},
        name="sitemap",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
    # Browsers ask for /favicon.ico on every page without an icon link, the admin's included.
    path("favicon.ico", RedirectView.as_view(url=static("carnet/favicon.svg"), permanent=True)),
    # The comment form's endpoint and small pages: never stored, the same for every edition.
    path("comments/", include("carnet.comments.urls")),
    # Uploaded media; in production nginx or object storage serves these before Django.
    re_path(r"^media/(?P<path>.+)$", serve_file, {"document_root": settings.MEDIA_ROOT}),
    *i18n_patterns(path("", include("carnet.blog.urls")), prefix_default_language=False),
]

handler404 = "carnet.blog.views.not_found"
