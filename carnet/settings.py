"""Django settings, read once from the site directory (`carnet.toml`) and the environment.

The CLI sets CARNET_SITE to the site directory before Django starts. DATABASE_URL points
the site at PostgreSQL instead of its SQLite file; CACHE_URL at Redis. A media bucket's keys
(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) are read from the environment by boto3 itself.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.csp import CSP

from carnet.site import KNOWN_LANGUAGES, SiteError, load_site

PACKAGE_DIR = Path(__file__).resolve().parent

if not os.environ.get("CARNET_SITE"):
    raise SiteError("No site directory given: run Carnet through the `carnet` command.")
SITE = load_site(os.environ["CARNET_SITE"])

SECRET_KEY = SITE.setting("site", "secret_key")
DEBUG = bool(SITE.setting("site", "debug", False))
BASE_URL = SITE.setting("site", "base_url", "http://127.0.0.1:8000").rstrip("/")
ALLOWED_HOSTS = [*SITE.setting("site", "allowed_hosts", []), urlsplit(BASE_URL).hostname or ""]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "carnet.blog",
    "carnet.comments",
    "carnet.publishing",
    "carnet.wordpress",
    "carnet.backup",
    "carnet.security",
    "carnet.clipping",
    "carnet.theme",  # its makemessages reads the theme's Jinja2 templates
]

MIDDLEWARE = [
    # First, so that it stores a reader's page with every header the others add.
    "carnet.publishing.middleware.PageStoreMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "carnet.wordpress.redirects.OldLinkMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "carnet.security.headers.PermissionsPolicyMiddleware",
]

ROOT_URLCONF = "carnet.urls"
WSGI_APPLICATION = "carnet.wsgi.application"

# The reader's pages are Jinja2 (carnet/theme/); the admin and the emails, Django templates.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        # A site may override any theme template in its own theme/ folder.
        "DIRS": [SITE.root / "theme", PACKAGE_DIR / "theme"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "carnet.theme.environment.environment",
            # What a theme template may read besides its view's context (carnet/theme/).
            "context_processors": [
                "django.template.context_processors.i18n",
                "carnet.blog.context.edition",
            ],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # A site may override any admin template in its own templates/ folder.
        "DIRS": [SITE.root / "templates", PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "carnet.blog.context.edition",
            ],
        },
    },
]


def _database() -> dict:
    """SQLite in the site directory, or the server DATABASE_URL names."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": SITE.database_path,
        "OPTIONS": {
            # IMMEDIATE takes the write lock at BEGIN, so concurrent writers wait for
            # busy_timeout instead of failing with "database is locked" mid-transaction.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        },
    }


DATABASES = {"default": _database()}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # unaccent() for search; left out on SQLite, where it would only load psycopg.
    INSTALLED_APPS.insert(INSTALLED_APPS.index("carnet.blog"), "django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["CACHE_URL"],
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGES = [(code, KNOWN_LANGUAGES[code]) for code in SITE.languages]
LANGUAGE_CODE = SITE.languages[0]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = SITE.setting("site", "time_zone", "UTC")

STATIC_URL = "/static/"
STATIC_ROOT = SITE.static_dir
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = SITE.media_dir


def media_storage(site) -> dict:
    """Where uploads go: media/ in the site directory, or the bucket carnet.toml's [media] names.

    boto3 reads the bucket's keys from the environment (AWS_ACCESS_KEY_ID…), never from here.
    """
    media = site.config.get("media", {})
    if media.get("storage", "local") != "s3":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": media["bucket"],
            "endpoint_url": media.get("endpoint_url") or None,
            "region_name": media.get("region") or None,
            "custom_domain": media.get("custom_domain") or None,
            "location": media.get("location", "").strip("/"),
            # Plain public addresses: posts and stored pages keep them for ever.
            "querystring_auth": False,
            # Two uploads of one name get two names, as in media/ (the backend would overwrite).
            "file_overwrite": False,
            # As long as nginx's `expires 30d` on media/ (docs/deploy.md).
            "object_parameters": {"CacheControl": "public, max-age=2592000"},
        },
    }


def media_origins(site) -> list[str]:
    """A bucket served over plain HTTP (MinIO on a LAN), for img-src; https: covers the rest."""
    media = site.config.get("media", {})
    endpoint = urlsplit(media.get("endpoint_url", ""))
    if (
        media.get("storage") == "s3"
        and endpoint.scheme == "http"
        and not media.get("custom_domain")
    ):
        return [f"http://{endpoint.netloc}"]
    return []


STORAGES = {
    "default": media_storage(SITE),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LOGIN_URL = "admin:login"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "https:", *media_origins(SITE)],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
if BASE_URL.startswith("https://"):
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    # HTTPS only, remembered by browsers: carnet.toml's [security] (docs/configuration.md).
    SECURE_SSL_REDIRECT = SITE.setting("security", "ssl_redirect", True)
    SECURE_HSTS_SECONDS = SITE.setting("security", "hsts_seconds", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = SITE.setting("security", "hsts_include_subdomains", True)
    SECURE_HSTS_PRELOAD = SITE.setting("security", "hsts_preload", True)
if SITE.setting("security", "behind_proxy", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]


def _comment_blocklist() -> list[str]:
    """[comments] blocklist, then the lines of blocklist_file (# starts a comment)."""
    entries = list(SITE.setting("comments", "blocklist", []))
    listed = SITE.setting("comments", "blocklist_file", "")
    if listed:
        lines = (SITE.root / listed).read_text(encoding="utf-8").splitlines()
        entries += [line.split("#", 1)[0].strip() for line in lines]
    return [entry for entry in entries if entry.strip()]


CARNET = {
    "comment_moderation": SITE.setting("comments", "moderation", "first"),
    "comment_close_after_days": int(SITE.setting("comments", "close_after_days", 0)),
    "comment_max_depth": max(1, SITE.setting("comments", "max_depth", 5)),
    "comment_max_links": SITE.setting("comments", "max_links", 2),
    "comment_min_seconds": SITE.setting("comments", "min_seconds", 3),
    "comment_max_days": SITE.setting("comments", "max_days", 7),
    "comment_max_per_ip": SITE.setting("comments", "max_per_ip", 10),
    "comment_max_per_email": SITE.setting("comments", "max_per_email", 5),
    "comment_rate_window_minutes": SITE.setting("comments", "rate_window_minutes", 60),
    "comment_blocklist": _comment_blocklist(),
    # [security] behind_proxy (set for nginx) covers comments too; [comments] has its own.
    "comment_behind_proxy": bool(
        SITE.setting("comments", "behind_proxy", False)
        or SITE.setting("security", "behind_proxy", False)
    ),
    "comment_notify_authors": bool(SITE.setting("comments", "notify_authors", True)),
    "behind_proxy": bool(SITE.setting("security", "behind_proxy", False)),
    "login_attempts": SITE.setting("security", "login_attempts", 5),
    "login_cooloff_minutes": SITE.setting("security", "login_cooloff_minutes", 15),
    "upload_max_megabytes": SITE.setting("security", "upload_max_megabytes", 20),
    "upload_max_megapixels": SITE.setting("security", "upload_max_megapixels", 60),
    # Only a true `true` opens local addresses to the clipper; anything else keeps them shut.
    "clipping_allow_local_addresses": SITE.setting("clipping", "allow_local_addresses") is True,
}

# Notices of new comments: printed to the console unless [email] names an SMTP host.
DEFAULT_FROM_EMAIL = SERVER_EMAIL = SITE.setting("email", "from_address", "carnet@localhost")
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
if SITE.setting("email", "smtp_host", ""):
    _port = SITE.setting("email", "smtp_port", 587)
    MAILERS["default"] = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": SITE.setting("email", "smtp_host"),
            "port": _port,
            "username": SITE.setting("email", "smtp_user", ""),
            "password": SITE.setting("email", "smtp_password", ""),
            "use_ssl": _port == 465,
            "use_tls": _port != 465,
        },
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # Django's tasks log every task at INFO: one comment's email would be two lines.
    "loggers": {"django.tasks": {"level": "WARNING"}},
}
