"""Uploaded images, with real crafted files: bombs, polyglots, SVG, disguised text, truncation."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from carnet.blog.models import Figure
from carnet.security.images import clean_image

PAYLOAD = b"<script>alert(document.cookie)</script><html><body onload=alert(1)>"


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@pytest.fixture(scope="module")
def png_bomb() -> bytes:
    """A 20000×20000 one-bit PNG: about 50 kB on disk, 400 million pixels once decoded."""
    width = height = 20000
    rows = (b"\x00" + bytes(width // 8)) * height
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(rows, 9))
        + png_chunk(b"IEND", b"")
    )


def photo(kind: str = "JPEG", size=(400, 300), **options) -> bytes:
    image = Image.effect_noise(size, 60).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format=kind, **options)
    return buffer.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def refusal(name: str, data: bytes) -> str:
    with pytest.raises(ValidationError) as refused:
        clean_image(upload(name, data))
    return refused.value.messages[0]


def test_a_png_bomb_is_refused_before_it_is_decoded(png_bomb):
    assert len(png_bomb) < 200_000
    message = refusal("harbour.png", png_bomb)
    assert message == "harbour.png has more than 60 megapixels; upload a smaller image."


def test_an_image_over_the_pixel_limit_is_refused_with_its_size(settings):
    settings.CARNET = {**settings.CARNET, "upload_max_megapixels": 1}
    message = refusal("wide.png", photo("PNG", size=(1500, 800)))
    assert message == "wide.png has more than 1 megapixels; upload a smaller image."


def test_an_image_over_the_byte_limit_is_refused(settings):
    settings.CARNET = {**settings.CARNET, "upload_max_megabytes": 1}
    big = photo("PNG", size=(1000, 800))
    assert len(big) > 1_000_000
    assert refusal("big.png", big) == "big.png is larger than 1 MB; upload a smaller image."


def test_a_jpeg_with_a_script_in_its_comment_and_after_its_end_is_stored_without_them():
    data = photo(comment=PAYLOAD) + PAYLOAD
    assert data.count(b"<script>") == 2
    cleaned = clean_image(upload("cat.jpg", data)).read()
    assert b"<script" not in cleaned and b"onload" not in cleaned
    with Image.open(io.BytesIO(cleaned)) as image:
        assert (image.format, image.size) == ("JPEG", (400, 300))
        assert "comment" not in image.info


def test_exif_is_dropped_and_the_photo_kept_upright():
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotated, to be turned 90° clockwise
    exif[0x010F] = "Spy camera"
    cleaned = clean_image(upload("tall.jpg", photo(exif=exif.tobytes()))).read()
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.size == (300, 400)
        assert not image.getexif()
    assert b"Spy camera" not in cleaned


def test_png_text_chunks_are_dropped():
    data = photo("PNG")
    with_text = data[:-12] + png_chunk(b"tEXt", b"Comment\x00" + PAYLOAD) + data[-12:]
    assert PAYLOAD in with_text
    assert PAYLOAD not in clean_image(upload("a.png", with_text)).read()


@pytest.mark.parametrize("name", ["drawing.svg", "drawing.png"])
def test_an_svg_with_a_script_is_refused_whatever_its_name(name):
    svg = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)'
    svg += b"</script><circle r='4'/></svg>"
    assert "is an SVG drawing, which can carry scripts" in refusal(name, svg)


def test_a_text_file_named_jpg_is_refused():
    message = refusal("holiday.jpg", b"Dear reader,\nthis is not a photo.\n" * 20)
    assert message == "holiday.jpg is not a JPEG, PNG, GIF or WebP image."


def test_a_truncated_jpeg_is_refused_as_damaged():
    data = photo()
    message = refusal("cut.jpg", data[: len(data) * 6 // 10])
    assert message.startswith("cut.jpg is damaged or incomplete")


def test_an_image_of_another_format_is_refused():
    assert "is not a JPEG, PNG, GIF or WebP" in refusal("scan.tiff", photo("TIFF"))


def test_each_accepted_format_is_stored_in_its_own_format():
    for kind, extension in (("JPEG", "jpg"), ("PNG", "png"), ("GIF", "gif"), ("WEBP", "webp")):
        cleaned = clean_image(upload(f"picture.{kind.lower()}", photo(kind)))
        assert cleaned.name == f"picture.{extension}"
        with Image.open(cleaned) as image:
            assert image.format == kind


def test_an_animated_gif_keeps_its_frames():
    frames = [Image.new("RGB", (40, 40), colour) for colour in ("red", "green", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], duration=100)
    with Image.open(clean_image(upload("moving.gif", buffer.getvalue()))) as image:
        assert image.n_frames == 3


@pytest.mark.django_db
class TestTheAdminForm:
    @pytest.fixture(autouse=True)
    def media(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        return tmp_path

    @pytest.fixture
    def boss(self, client, django_user_model):
        user = django_user_model.objects.create_superuser("boss", password="a long password 42")
        client.force_login(user)
        return client

    def add(self, client, name: str, data: bytes):
        return client.post(
            "/admin/blog/figure/add/",
            {
                "image": SimpleUploadedFile(name, data),
                "slug": "upload",
                "alt": "An upload",
                "translations-TOTAL_FORMS": "0",
                "translations-INITIAL_FORMS": "0",
            },
        )

    def test_a_refused_upload_shows_why_and_stores_nothing(self, boss, media, png_bomb):
        for name, data, reason in (
            ("bomb.png", png_bomb, "has more than 60 megapixels"),
            ("evil.svg", b"<svg onload='alert(1)'/>", "is an SVG drawing"),
            ("cut.jpg", photo()[:3000], "is damaged or incomplete"),
        ):
            response = self.add(boss, name, data)
            assert response.status_code == 200
            assert reason in response.content.decode()
        assert not Figure.objects.exists()
        assert [p for p in media.rglob("*") if p.is_file()] == []

    def test_an_accepted_upload_is_stored_re_encoded(self, boss, media):
        response = self.add(boss, "cat.jpg", photo(comment=PAYLOAD) + PAYLOAD)
        assert response.status_code == 302
        figure = Figure.objects.get()
        stored = (media / figure.image.name).read_bytes()
        assert b"<script" not in stored
        assert (figure.width, figure.height) == (400, 300)


@pytest.mark.django_db
def test_a_figure_saved_outside_a_form_is_checked_too(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    figure = Figure(slug="text", alt="Text")
    figure.image = SimpleUploadedFile("text.jpg", b"not an image at all")
    with pytest.raises(ValidationError):
        figure.save()
    assert not Figure.objects.exists()
