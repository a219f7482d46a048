"""Figures kept in a bucket (`[media] storage = "s3"`): uploaded through the admin, resized,
shown in posts at the bucket's (or the CDN's) address, and fetched from there by readers."""

from __future__ import annotations

import io
import re
import urllib.request

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from carnet.blog.management.commands.createuser import writers_group
from carnet.blog.models import Figure
from tests.objectstorage import point_media_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, writer) -> Client:
    writer.groups.add(writers_group())
    client.force_login(writer)
    return client


def jpeg(width: int, height: int, name: str = "harbour.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (40, 90, 160)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def upload(staff: Client, slug: str = "harbour", name: str = "harbour.jpg") -> Figure:
    response = staff.post(
        "/admin/blog/figure/add/",
        {
            "image": jpeg(2000, 1200, name),
            "slug": slug,
            "alt": "Boats in the harbour at dawn",
            "translations-TOTAL_FORMS": "0",
            "translations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Figure.objects.get(slug=slug)


def image_sources(html: str) -> list[str]:
    return re.findall(r'<img[^>]* src="([^"]+)"', html)


def test_a_figure_uploaded_in_the_admin_lands_in_the_bucket_with_its_renditions(
    staff, media_in_bucket, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path  # empty, and to stay so
    figure = upload(staff)
    assert figure.image.name.startswith("figures/") and figure.image.name.endswith("harbour.jpg")
    renditions = [figure.rendition_name(width) for width in (480, 960, 1600)]
    assert media_in_bucket.stored_keys() == sorted([figure.image.name, *renditions])
    with Image.open(io.BytesIO(media_in_bucket.read(renditions[0]))) as smallest:
        assert smallest.size == (480, 288)
    assert not any(path.is_file() for path in tmp_path.rglob("*"))


def test_the_post_page_shows_the_figure_at_the_buckets_address_for_readers_to_fetch(
    staff, media_in_bucket, make_post
):
    figure = upload(staff)
    post = make_post(body="Dawn.\n\n[figure harbour]\n")
    page = Client().get(post.get_absolute_url()).text
    (src,) = image_sources(page)
    assert src == media_in_bucket.url(figure.image.name)
    assert media_in_bucket.url(figure.rendition_name(480)) + " 480w" in page
    with urllib.request.urlopen(src, timeout=10) as answer:  # a reader, with no keys at all
        assert answer.headers["Content-Type"] == "image/jpeg"
        assert answer.headers["Cache-Control"] == "public, max-age=2592000"
        assert answer.read() == media_in_bucket.read(figure.image.name)


def test_a_custom_domain_puts_the_cdn_host_in_every_media_address(
    staff, bucket, settings, make_post
):
    point_media_at(settings, bucket, custom_domain="media.example.org")
    figure = upload(staff)
    post = make_post(body="[figure harbour]")
    page = Client().get(post.get_absolute_url()).text
    assert image_sources(page) == [f"https://media.example.org/{figure.image.name}"]
    assert f"https://media.example.org/{figure.rendition_name(960)} 960w" in page
    assert bucket.endpoint not in page


def test_a_location_keeps_the_sites_media_under_its_prefix_in_the_bucket(staff, bucket, settings):
    point_media_at(settings, bucket, location="/blog-media/")
    figure = upload(staff)
    assert all(key.startswith("blog-media/") for key in bucket.stored_keys())
    assert len(bucket.stored_keys()) == 4
    assert figure.image.url == bucket.url(f"blog-media/{figure.image.name}")


def test_two_uploads_of_one_file_name_keep_both_images(staff, media_in_bucket):
    first = upload(staff, "first", "photo.jpg")
    second = upload(staff, "second", "photo.jpg")
    assert first.image.name != second.image.name
    assert {first.image.name, second.image.name} <= set(media_in_bucket.stored_keys())


def test_the_admin_list_shows_the_thumbnail_from_the_bucket(staff, media_in_bucket):
    figure = upload(staff)
    listing = staff.get("/admin/blog/figure/").text
    assert f'src="{media_in_bucket.url(figure.rendition_name(480))}"' in listing


def test_a_refused_upload_leaves_the_bucket_empty(staff, media_in_bucket):
    response = staff.post(
        "/admin/blog/figure/add/",
        {
            "image": SimpleUploadedFile("x.jpg", b"<svg onload=alert(1)>", "image/jpeg"),
            "slug": "x",
            "alt": "x",
            "translations-TOTAL_FORMS": "0",
            "translations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200 and not Figure.objects.exists()
    assert media_in_bucket.stored_keys() == []


def test_the_full_image_address_is_the_buckets_own(staff, media_in_bucket, settings):
    figure = upload(staff)
    assert figure.full_image_url == media_in_bucket.url(figure.image.name)
    point_media_at(settings, media_in_bucket, custom_domain="media.example.org")
    assert figure.full_image_url == f"https://media.example.org/{figure.image.name}"
