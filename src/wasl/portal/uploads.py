"""Photos a buyer adds to a return: the type is read from the file's first bytes, never from its name or the
browser's word; size and count are capped; files are stored under MEDIA_ROOT with names we choose."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from wasl.core.errors import Invalid
from wasl.orders.models import Order
from wasl.portal.models import ReturnPhoto
from wasl.returns.models import ReturnRequest

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTOS = 5
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


def sniff_image(head: bytes) -> str | None:
    """The image type the bytes really are (JPEG, PNG, WebP), or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def check_photo(upload: UploadedFile) -> str:
    """The photo's type, or `photo_empty`, `photo_size`, `photo_type`."""
    size = upload.size or 0
    if size == 0:
        raise Invalid("the file is empty", code="photo_empty")
    if size > MAX_PHOTO_BYTES:
        raise Invalid(f"a photo is at most {MAX_PHOTO_BYTES} bytes", code="photo_size")
    upload.seek(0)
    kind = sniff_image(upload.read(16))
    upload.seek(0)
    if kind is None:
        raise Invalid("photos must be JPEG, PNG or WebP", code="photo_type")
    return kind


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def photos_pending(*, order: Order) -> list[ReturnPhoto]:
    return list(ReturnPhoto.objects.filter(order=order, return_request__isnull=True).order_by("pk"))


def photos_add(*, order: Order, uploads: Sequence[UploadedFile]) -> list[ReturnPhoto]:
    """Check every file first (nothing is kept if one is refused), then store them as the order's pending photos."""
    already = len(photos_pending(order=order))
    if already + len(uploads) > MAX_PHOTOS:
        raise Invalid(f"at most {MAX_PHOTOS} photos per return", code="photo_count")
    kinds = [check_photo(upload) for upload in uploads]
    folder = Path("returns") / str(order.store_id) / str(order.pk)
    (media_root() / folder).mkdir(parents=True, exist_ok=True)
    saved = []
    with transaction.atomic():
        for upload, kind in zip(uploads, kinds, strict=True):
            relative = folder / f"{secrets.token_hex(12)}.{EXTENSIONS[kind]}"
            digest = hashlib.sha256()
            with open(media_root() / relative, "wb") as out:
                for chunk in upload.chunks():
                    digest.update(chunk)
                    out.write(chunk)
            saved.append(
                ReturnPhoto.objects.create(
                    store_id=order.store_id,
                    order=order,
                    path=str(relative),
                    content_type=kind,
                    size=upload.size or 0,
                    sha256=digest.hexdigest(),
                )
            )
    return saved


def photo_remove(*, order: Order, photo_id: int) -> None:
    photo = ReturnPhoto.objects.filter(order=order, return_request__isnull=True, pk=photo_id).first()
    if photo is None:
        return
    (media_root() / photo.path).unlink(missing_ok=True)
    photo.delete()


def photos_attach(*, order: Order, ret: ReturnRequest) -> int:
    """The pending photos become the return's (called in the transaction that creates it)."""
    return ReturnPhoto.objects.filter(order=order, return_request__isnull=True).update(return_request=ret)
