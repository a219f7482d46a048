"""A real S3 server for the tests of media on object storage: moto's, on 127.0.0.1.

One server per test process (each xdist worker has its own), started when a test first asks
for a bucket. Each test gets a bucket of its own, readable by everyone as docs/deploy.md asks,
and dummy keys in the environment, so botocore never looks for real credentials or asks an
instance-metadata address. Registered for the whole suite in tests/conftest.py.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REGION = "eu-west-3"
# What botocore reads instead of real credentials; the files named are empty.
FAKE_AWS = {
    "AWS_ACCESS_KEY_ID": "carnet-test-access-key",
    "AWS_SECRET_ACCESS_KEY": "carnet-test-secret-key",
    "AWS_EC2_METADATA_DISABLED": "true",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
}
UNSET_AWS = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_ROLE_ARN")


@dataclass
class Bucket:
    """A bucket on the test server, and what a test asks of it."""

    name: str
    endpoint: str

    def client(self):
        import boto3

        return boto3.client("s3", endpoint_url=self.endpoint, region_name=REGION)

    def stored_keys(self) -> list[str]:
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=self.name)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client().get_object(Bucket=self.name, Key=key)["Body"].read()

    def url(self, key: str) -> str:
        """The public address of `key` (path style, as botocore makes it for an endpoint)."""
        return f"{self.endpoint}/{self.name}/{key}"

    def media(self, **extra: str) -> dict[str, str | bool]:
        """carnet.toml's [media] table for this bucket."""
        place = {"bucket": self.name, "endpoint_url": self.endpoint, "region": REGION}
        return {"storage": "s3", **place, **extra}

    def toml(self, **extra: str) -> str:
        """The same, as a [media] section to put in a carnet.toml."""
        lines = [f"{name} = {json.dumps(value)}" for name, value in self.media(**extra).items()]
        return "\n[media]\n" + "\n".join(lines) + "\n"


def point_media_at(settings, bucket: Bucket, **extra: str) -> None:
    """Django's media in `bucket`, through the settings `[media] storage = "s3"` gives."""
    from carnet.settings import media_storage
    from carnet.site import Site

    site = Site(root=Path(settings.SITE.root), config={"media": bucket.media(**extra)})
    settings.STORAGES = {**settings.STORAGES, "default": media_storage(site)}


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 server for this test process, on 127.0.0.1 and a free port; its address."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, monkeypatch) -> Iterator[Bucket]:
    """A new bucket that everyone may read (as the docs ask), emptied and removed afterwards."""
    for name, value in FAKE_AWS.items():
        monkeypatch.setenv(name, value)
    for name in UNSET_AWS:
        monkeypatch.delenv(name, raising=False)
    made = Bucket(f"carnet-{uuid.uuid4().hex[:16]}", s3_endpoint)
    client = made.client()
    client.create_bucket(Bucket=made.name, CreateBucketConfiguration={"LocationConstraint": REGION})
    public_read = {
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{made.name}/*",
    }
    client.put_bucket_policy(
        Bucket=made.name, Policy=json.dumps({"Version": "2012-10-17", "Statement": [public_read]})
    )
    yield made
    for key in made.stored_keys():
        client.delete_object(Bucket=made.name, Key=key)
    client.delete_bucket(Bucket=made.name)


@pytest.fixture
def media_in_bucket(bucket, settings) -> Bucket:
    """Django's media in a new bucket of the test server, nothing in media/."""
    point_media_at(settings, bucket)
    return bucket
