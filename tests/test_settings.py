"""What carnet.toml's [media] section makes of Django's settings: the storage and the CSP."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from carnet.settings import media_origins, media_storage
from carnet.site import Site
from tests.commandline import carnet, user_environment


def site_with(**media: str) -> Site:
    return Site(root=Path("/srv/blog"), config={"media": media} if media else {})


def test_a_site_without_a_media_section_keeps_its_media_in_its_folder():
    storage = media_storage(site_with())
    assert storage == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_a_bucket_gets_public_addresses_that_never_overwrite_an_upload():
    storage = media_storage(
        site_with(
            storage="s3",
            bucket="blog-media",
            endpoint_url="https://s3.fr-par.scw.cloud",
            region="fr-par",
            location="/carnet/",
        )
    )
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "blog-media"
    assert options["endpoint_url"] == "https://s3.fr-par.scw.cloud"
    assert options["region_name"] == "fr-par"
    assert options["location"] == "carnet"
    assert options["custom_domain"] is None
    assert options["querystring_auth"] is False and options["file_overwrite"] is False
    assert not {"access_key", "secret_key"} & set(options)  # boto3 reads the environment


def test_amazon_s3_needs_no_endpoint_and_a_cdn_host_is_passed_on():
    options = media_storage(site_with(storage="s3", bucket="b1", custom_domain="cdn.example"))[
        "OPTIONS"
    ]
    assert options["endpoint_url"] is None and options["region_name"] is None
    assert options["custom_domain"] == "cdn.example"


def test_a_bucket_served_over_plain_http_may_show_its_images():
    assert media_origins(
        site_with(storage="s3", bucket="b1", endpoint_url="http://10.0.0.5:9000")
    ) == ["http://10.0.0.5:9000"]


def test_https_buckets_and_cdns_need_nothing_more_in_the_csp():
    https = site_with(storage="s3", bucket="b1", endpoint_url="https://s3.example")
    behind_cdn = site_with(
        storage="s3", bucket="b1", endpoint_url="http://minio:9000", custom_domain="cdn.example"
    )
    assert media_origins(https) == media_origins(behind_cdn) == media_origins(site_with()) == []


def test_commands_start_without_what_only_some_of_them_need(tmp_path):
    """PostgreSQL's driver (for a SQLite site) and the clipper took a tenth of a second to
    import, and every command, `carnet build` included, paid for them."""
    assert carnet("init", "blog", cwd=tmp_path).returncode == 0
    code = (
        "import sys, django; django.setup();"
        "from django.apps import apps; from django.urls import reverse; reverse('robots');"
        "import carnet.blog.search;"
        "print(apps.is_installed('django.contrib.postgres'), 'psycopg' in sys.modules,"
        " 'carnet.clipping.draft' in sys.modules)"
    )
    environment = {
        **user_environment(),
        "CARNET_SITE": str(tmp_path / "blog"),
        "DJANGO_SETTINGS_MODULE": "carnet.settings",
    }
    found = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    assert found.stdout.split() == ["False", "False", "False"]
