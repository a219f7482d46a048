"""The site directory: one folder that holds a site's settings, database, media and page store."""

from __future__ import annotations

import importlib.util
import re
import secrets
import tomllib
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CONFIG_NAME = "carnet.toml"
DATABASE_NAME = "carnet.sqlite3"

# Languages the default theme's interface is translated into; an edition in another
# language still works, with an English interface.
KNOWN_LANGUAGES = {
    "en": "English",
    "fr": "Français",
    "de": "Deutsch",
    "es": "Español",
    "it": "Italiano",
    "nl": "Nederlands",
    "pt": "Português",
}

CONFIG_TEMPLATE = """\
# Carnet site settings. Restart `carnet serve` after editing.
# Edition titles, taglines and notes are edited in the admin (/admin/), not here.

[site]
# The address readers use; feeds, the sitemap and canonical links are built on it.
base_url = "http://127.0.0.1:8000"
# One edition per language. The first is served at /, the others under /<code>/.
languages = {languages}
time_zone = "{time_zone}"
# Host names this site answers to (base_url's host is always added).
allowed_hosts = ["127.0.0.1", "localhost"]
# Development mode shows tracebacks to the browser. Never on a public server.
debug = false
# Signs sessions and form tokens. Keep it secret; changing it logs everyone out.
secret_key = "{secret_key}"

[comments]
# "all" holds every comment for moderation, "first" holds a commenter's first comment,
# "none" publishes at once.
moderation = "first"
# Comments close this many days after publication (0: never).
close_after_days = 0
# Replies nest this many levels deep; deeper replies join the deepest level.
max_depth = 5
# A comment with more links than this is refused, with a message asking to remove some.
max_links = 2
# The form is refused if sent sooner than this many seconds after the page was made (bots
# are quick), or later than this many days (the reader is asked to send it again).
min_seconds = 3
max_days = 7
# Comments allowed per IP address and per email address in rate_window_minutes (0: no limit).
max_per_ip = 10
max_per_email = 5
rate_window_minutes = 60
# Words, email addresses (or @domains) and IP addresses (or networks) whose comments are
# filed as spam: listed here, and/or one a line in a file of the site directory.
blocklist = []
blocklist_file = ""
# true when a proxy (nginx) passes requests on: the commenter's address is then read from
# the X-Forwarded-For header the proxy adds.
behind_proxy = false
# Email each post's author when a comment arrives on it.
notify_authors = true

[email]
# Without an SMTP host, emails are printed by `carnet serve` instead of sent.
from_address = "carnet@localhost"
smtp_host = ""
smtp_port = 587
smtp_user = ""
smtp_password = ""

[clipping]
# Let "New post from an article" and `carnet clip` fetch pages from this machine and its
# private network (127.0.0.1, 10.x, 192.168.x…). Keep false on a server: anyone who may
# clip could otherwise make Carnet read what only the server can reach.
allow_local_addresses = false

[security]
# With an https:// base_url: plain-HTTP requests are redirected to HTTPS, and browsers are told
# (HSTS) to use only HTTPS for this many seconds, subdomains included, and that the site may be
# put on their preload list.
ssl_redirect = true
hsts_seconds = 31536000
hsts_include_subdomains = true
hsts_preload = true
# true when a proxy (nginx) passes requests on: it says whether the reader used HTTPS
# (X-Forwarded-Proto) and who the reader is (X-Forwarded-For, for the sign-in limit).
behind_proxy = false
# After this many failed sign-ins for one account from one address, sign-ins for it from
# there are refused for login_cooloff_minutes.
login_attempts = 5
login_cooloff_minutes = 15
# Uploaded images: JPEG, PNG, GIF or WebP, at most this many megabytes and megapixels.
upload_max_megabytes = 20
upload_max_megapixels = 60

[media]
# Where uploaded images and their resized copies are kept: "local" (media/ in this folder), or
# "s3": a bucket on Amazon S3 or another S3-compatible service (MinIO, Scaleway, OVH, Backblaze,
# Cloudflare R2…) that several app servers share; it needs `pip install "carnet[s3]"`.
# The bucket's keys never go in this file: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in
# the environment of every carnet command.
storage = "local"
# With "s3": the bucket's name; the service's address (empty for Amazon S3) and region; a
# prefix for Carnet's keys in the bucket; the host of a CDN in front of the bucket, such as
# "media.example.org" (media addresses then use it).
bucket = ""
endpoint_url = ""
region = ""
location = ""
custom_domain = ""
# Posts and stored pages keep media addresses for ever, so they are plain public ones: let
# everyone read the bucket (or the CDN). Signed addresses (true) expire; Carnet refuses them.
querystring_auth = false
"""


# [comments] settings that are whole numbers, 0 or more.
COMMENT_NUMBERS = (
    "close_after_days",
    "max_depth",
    "max_links",
    "min_seconds",
    "max_days",
    "max_per_ip",
    "max_per_email",
    "rate_window_minutes",
)


# [security] settings that are whole numbers, and the least each may be.
SECURITY_NUMBERS = {
    "hsts_seconds": 0,
    "login_attempts": 1,
    "login_cooloff_minutes": 1,
    "upload_max_megabytes": 1,
    "upload_max_megapixels": 1,
}


# The [media] settings; text ones are strings, querystring_auth is a switch.
MEDIA_TEXTS = ("storage", "bucket", "endpoint_url", "region", "location", "custom_domain")
MEDIA_STORAGES = ("local", "s3")
# A setting named like this is a key or password, which belongs in the environment.
_CREDENTIAL_NAME = re.compile(r"key|secret|token|password|credential", re.IGNORECASE)
_BUCKET_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{1,254}")
_HOST_NAME = re.compile(r"[A-Za-z0-9.-]+(:[0-9]+)?(/[^\s]*)?")


class SiteError(Exception):
    """A site directory that is missing or broken; the message says what to do."""


@dataclass(frozen=True)
class Site:
    """A site directory and its parsed `carnet.toml`."""

    root: Path
    config: dict[str, Any] = field(repr=False)

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def database_path(self) -> Path:
        return self.root / DATABASE_NAME

    @property
    def media_dir(self) -> Path:
        return self.root / "media"

    @property
    def public_dir(self) -> Path:
        return self.root / "public"

    @property
    def static_dir(self) -> Path:
        return self.root / "static"

    def setting(self, section: str, name: str, default: Any = None) -> Any:
        """One value of `carnet.toml`, or `default` when it is absent."""
        return self.config.get(section, {}).get(name, default)

    @property
    def languages(self) -> list[str]:
        return list(self.setting("site", "languages", ["en"]))


def load_site(root: str | Path) -> Site:
    """Read and check the site directory at `root`."""
    root = Path(root).expanduser().resolve()
    config_path = root / CONFIG_NAME
    if not root.is_dir():
        raise SiteError(f"{root}: no such site directory. Create one with `carnet init {root}`.")
    if not config_path.is_file():
        raise SiteError(
            f"{root}: not a Carnet site ({CONFIG_NAME} is missing). "
            f"Create one with `carnet init DIR`, or pass --site DIR."
        )
    return _parse(root, config_path.read_bytes())


def _parse(root: Path, data: bytes) -> Site:
    """A Site from the bytes of its carnet.toml, checked."""
    try:
        config = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        where = root / CONFIG_NAME
        raise SiteError(f"{where}: cannot be read as TOML: {error}. Fix the file.") from error
    site = Site(root=root, config=config)
    _check(site)
    return site


def _check(site: Site) -> None:
    """Refuse settings that would fail later, with a message naming the setting."""
    where = site.config_path
    languages = site.setting("site", "languages", ["en"])
    if not isinstance(languages, list) or not languages:
        raise SiteError(f'{where}: [site] languages must be a list such as ["en", "fr"].')
    for code in languages:
        if not isinstance(code, str) or code not in KNOWN_LANGUAGES:
            known = ", ".join(sorted(KNOWN_LANGUAGES))
            raise SiteError(f"{where}: [site] languages: unknown language {code!r} (use {known}).")
    if len(set(languages)) != len(languages):
        raise SiteError(f"{where}: [site] languages lists a language twice.")
    secret = site.setting("site", "secret_key", "")
    if not isinstance(secret, str) or len(secret) < 32:
        raise SiteError(f"{where}: [site] secret_key must be a string of 32 characters or more.")
    time_zone = site.setting("site", "time_zone", "UTC")
    if not isinstance(time_zone, str) or not _is_time_zone(time_zone):
        raise SiteError(
            f'{where}: [site] time_zone {time_zone!r} is unknown; use a name like "Europe/Paris".'
        )
    hosts = site.setting("site", "allowed_hosts", [])
    if not isinstance(hosts, list) or not all(isinstance(h, str) for h in hosts):
        raise SiteError(f'{where}: [site] allowed_hosts must be a list such as ["example.org"].')
    if not isinstance(site.setting("site", "debug", False), bool):
        raise SiteError(f"{where}: [site] debug must be true or false (no quotes).")
    moderation = site.setting("comments", "moderation", "first")
    if moderation not in ("all", "first", "none"):
        raise SiteError(f'{where}: [comments] moderation must be "all", "first" or "none".')
    _check_comments(site)
    _check_security(site)
    _check_media(site)


def _check_comments(site: Site) -> None:
    """The [comments] numbers, lists and blocklist file."""
    where = site.config_path
    for name in COMMENT_NUMBERS:
        value = site.setting("comments", name, 0)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise SiteError(f"{where}: [comments] {name} must be a whole number, 0 or more.")
    for name in ("behind_proxy", "notify_authors"):
        if not isinstance(site.setting("comments", name, False), bool):
            raise SiteError(f"{where}: [comments] {name} must be true or false (no quotes).")
    blocklist = site.setting("comments", "blocklist", [])
    if not isinstance(blocklist, list) or not all(isinstance(e, str) for e in blocklist):
        raise SiteError(f'{where}: [comments] blocklist must be a list of strings: ["casino"].')
    listed = site.setting("comments", "blocklist_file", "")
    if listed and not (site.root / listed).is_file():
        raise SiteError(
            f"{where}: [comments] blocklist_file: {site.root / listed} does not exist; "
            'create it or set blocklist_file = "".'
        )


def _check_security(site: Site) -> None:
    """The [security] switches and numbers."""
    where = site.config_path
    for name in ("ssl_redirect", "hsts_include_subdomains", "hsts_preload", "behind_proxy"):
        if not isinstance(site.setting("security", name, False), bool):
            raise SiteError(f"{where}: [security] {name} must be true or false (no quotes).")
    for name, least in SECURITY_NUMBERS.items():
        value = site.setting("security", name, least)
        if not isinstance(value, int) or isinstance(value, bool) or value < least:
            raise SiteError(f"{where}: [security] {name} must be a whole number, {least} or more.")


def _check_media(site: Site) -> None:
    """[media]: where uploads go; never keys, which the environment holds."""
    where = site.config_path
    media = site.config.get("media", {})
    if not isinstance(media, dict):
        raise SiteError(f'{where}: [media] must be a section, with storage = "local" or "s3".')
    for name in media:
        if _CREDENTIAL_NAME.search(name):
            raise SiteError(
                f"{where}: [media] {name}: keys never go in carnet.toml; remove it and set "
                "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment instead."
            )
        if name not in (*MEDIA_TEXTS, "querystring_auth"):
            known = ", ".join((*MEDIA_TEXTS, "querystring_auth"))
            raise SiteError(f"{where}: [media] {name} is not a setting (use {known}).")
    for name in MEDIA_TEXTS:
        if not isinstance(media.get(name, ""), str):
            raise SiteError(f'{where}: [media] {name} must be a string, in quotes ("").')
    if media.get("querystring_auth", False) is not False:
        raise SiteError(
            f"{where}: [media] querystring_auth must be false: posts keep their images' "
            "addresses for ever, and signed ones expire; let everyone read the bucket instead."
        )
    storage = media.get("storage", "local")
    if storage not in MEDIA_STORAGES:
        raise SiteError(f'{where}: [media] storage must be "local" or "s3", not {storage!r}.')
    if storage == "s3":
        _check_bucket(site, media)


def _check_bucket(site: Site, media: dict[str, str]) -> None:
    """The settings `storage = "s3"` needs, and the packages it runs on."""
    where = site.config_path
    bucket = media.get("bucket", "")
    if not _BUCKET_NAME.fullmatch(bucket):
        raise SiteError(
            f'{where}: [media] storage = "s3" needs the bucket\'s name alone, such as '
            f'bucket = "my-blog-media" (got {bucket!r}).'
        )
    endpoint = urlsplit(media.get("endpoint_url", ""))
    if media.get("endpoint_url") and (
        endpoint.scheme not in ("http", "https") or not endpoint.netloc
    ):
        raise SiteError(
            f"{where}: [media] endpoint_url must be the service's http:// or https:// address, "
            'such as "https://s3.fr-par.scw.cloud", or "" for Amazon S3.'
        )
    domain = media.get("custom_domain", "")
    if domain and not _HOST_NAME.fullmatch(domain):
        raise SiteError(
            f"{where}: [media] custom_domain must be a host name without http(s)://, "
            f'such as "media.example.org" (got {domain!r}).'
        )
    if not all(importlib.util.find_spec(name) for name in ("storages", "boto3")):
        raise SiteError(
            f'{where}: [media] storage = "s3" needs django-storages and boto3: '
            'install them with `pip install "carnet[s3]"`.'
        )


def _is_time_zone(name: str) -> bool:
    """Whether the time zone database knows `name` (loads that one zone, not the whole list)."""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def create_site(
    root: str | Path, languages: list[str] | None = None, time_zone: str = "Europe/Paris"
) -> Site:
    """Make a new, empty site directory at `root` and return it."""
    root = Path(root).expanduser().resolve()
    languages = languages or ["en", "fr"]
    if (root / CONFIG_NAME).exists():
        raise SiteError(f"{root}: a site already exists here; choose another directory.")
    if root.exists() and not root.is_dir():
        raise SiteError(f"{root}: exists and is not a directory.")
    text = CONFIG_TEMPLATE.format(
        languages="[" + ", ".join(f'"{code}"' for code in languages) + "]",
        time_zone=time_zone,
        secret_key=secrets.token_urlsafe(48),
    )
    site = _parse(root, text.encode("utf-8"))  # refuse bad options before writing anything
    for folder in (root, root / "media", root / "public", root / "static"):
        folder.mkdir(parents=True, exist_ok=True)
    (root / CONFIG_NAME).write_text(text, encoding="utf-8")
    return site


def find_site(explicit: str | Path | None, cwd: Path | None = None) -> Path:
    """The site directory to use: the one named, else the nearest holding carnet.toml."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise SiteError(
        f"{here}: not inside a Carnet site (no {CONFIG_NAME} here or above). "
        "Pass --site DIR, or create a site with `carnet init DIR`."
    )
