"""The warehouse dock: find a return by what is scanned, record its arrival, keep photos of what came back,
and list what was restocked. Grading and restocking themselves are `services.return_inspect`.

A scanner types the return's code (or the reverse parcel's tracking number, `RET<code>` on a printed label)
followed by Enter; staff may type it too, in any case and with stray spaces.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from wasl.core.errors import Conflict, Invalid, NotFound
from wasl.core.text import db_text
from wasl.returns.models import (
    Disposition,
    InspectionPhoto,
    ReturnItem,
    ReturnRequest,
    ReturnState,
)
from wasl.returns.services import return_receive
from wasl.stores.models import Store

S = ReturnState
MAX_SCAN_LENGTH = 100
MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_PHOTOS_PER_ITEM = 12
# States in which the parcel is expected at the dock, or is there.
EXPECTED = (S.APPROVED, S.IN_TRANSIT)
AT_THE_DOCK = (S.RECEIVED, S.INSPECTED)


@dataclass(frozen=True)
class ImageKind:
    content_type: str
    extension: str


def image_kind(head: bytes) -> ImageKind | None:
    """What the first bytes of a file say it is (JPEG, PNG, WebP, HEIC), whatever its name or declared type."""
    if head.startswith(b"\xff\xd8\xff"):
        return ImageKind("image/jpeg", "jpg")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return ImageKind("image/png", "png")
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ImageKind("image/webp", "webp")
    if len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"heif"):
        return ImageKind("image/heic", "heic")
    return None


def scanned_code(raw: str) -> str:
    """The return's code from what was scanned or typed: `k7mq 2xpa`, `RETK7MQ2XPA` -> `K7MQ2XPA`."""
    code = "".join(raw.split()).upper()
    if len(code) > MAX_SCAN_LENGTH:
        raise Invalid("that is too long to be a return's code", code="invalid_code")
    if not code:
        raise Invalid("scan or type the return's code", code="missing_code")
    return code


def return_for_dock(*, store: Store, scanned: str) -> ReturnRequest:
    """The store's return named by its code or its reverse parcel's tracking number; another store's is not found."""
    code = scanned_code(scanned)
    candidates = [code, code[3:]] if code.startswith("RET") and len(code) > 3 else [code]
    found = (
        ReturnRequest.objects.filter(store=store, code__in=candidates).order_by("pk").first()
        or ReturnRequest.objects.filter(store=store, reverse_shipment__tracking_number__iexact=code)
        .order_by("-pk")
        .first()
    )
    if found is None:
        raise NotFound(f"no return {code} in this store", code="return_not_found")
    return found


def dock_receive(*, ret: ReturnRequest, actor: str) -> tuple[ReturnRequest, bool]:
    """Scanned at the dock: the parcel is here. Returns (return, received now); scanning again changes nothing.

    A return still `requested` was never approved, so nothing should have been sent: refused with
    `not_approved` for staff to look at, rather than quietly received."""
    if ret.state == S.REQUESTED:
        raise Conflict("this return was not approved; approve or reject it first", code="not_approved")
    if ret.state in (S.REJECTED, S.CLOSED):
        raise Conflict(f"this return is {ret.state}; nothing is expected for it", code="invalid_transition")
    was = ret.state
    ret = return_receive(ret=ret, actor=actor)
    return ret, was in EXPECTED and ret.state == S.RECEIVED


def photo_add(*, ret: ReturnRequest, item_id: int, upload: UploadedFile, actor: str) -> InspectionPhoto:
    """Keep a photo of a returned item. Checked by size and by its bytes (JPEG, PNG, WebP, HEIC), not by its
    name; the same picture twice is kept once. Refused with `photo_too_large`, `photo_empty`,
    `photo_not_an_image`, `too_many_photos`, `unknown_item` or `invalid_transition`."""
    if ret.state not in AT_THE_DOCK:
        raise Conflict("photos are taken once the parcel is at the dock", code="invalid_transition")
    item = ReturnItem.objects.filter(return_request=ret, pk=item_id).first()
    if item is None:
        raise Invalid("that item is not part of this return", code="unknown_item")
    size = upload.size or 0
    if size > MAX_PHOTO_BYTES:
        raise Invalid(f"a photo is at most {MAX_PHOTO_BYTES // (1024 * 1024)} MB", code="photo_too_large")
    if size == 0:
        raise Invalid("the photo is empty", code="photo_empty")
    content = upload.read(MAX_PHOTO_BYTES + 1)
    if len(content) > MAX_PHOTO_BYTES:  # a client that lied about the size
        raise Invalid(f"a photo is at most {MAX_PHOTO_BYTES // (1024 * 1024)} MB", code="photo_too_large")
    kind = image_kind(content[:16])
    if kind is None:
        raise Invalid("only JPEG, PNG, WebP or HEIC pictures are kept", code="photo_not_an_image")
    digest = hashlib.sha256(content).hexdigest()
    existing = InspectionPhoto.objects.filter(item=item, sha256=digest).first()
    if existing is not None:
        return existing
    if InspectionPhoto.objects.filter(item=item).count() >= MAX_PHOTOS_PER_ITEM:
        raise Conflict(f"at most {MAX_PHOTOS_PER_ITEM} photos per item", code="too_many_photos")
    # The stored name is ours: nothing of the uploaded file's name reaches the disk.
    name = f"{ret.store_id}/{ret.pk}/{uuid.uuid4().hex}.{kind.extension}"
    try:
        with transaction.atomic():
            photo = InspectionPhoto(
                store_id=ret.store_id,
                return_request=ret,
                item=item,
                content_type=kind.content_type,
                size=len(content),
                sha256=digest,
                uploaded_by=db_text(actor, 150),
            )
            photo.file.save(name, ContentFile(content), save=False)
            photo.save()
    except IntegrityError:  # the same picture sent twice at once
        photo.file.delete(save=False)
        return InspectionPhoto.objects.get(item=item, sha256=digest)
    return photo


def photo_get(*, store: Store, ret: ReturnRequest, photo_id: int) -> InspectionPhoto:
    photo = InspectionPhoto.objects.filter(store=store, return_request=ret, pk=photo_id).first()
    if photo is None:
        raise NotFound("no such photo", code="photo_not_found")
    return photo


def dock_returns(*, store: Store, states: tuple[str, ...]) -> QuerySet[ReturnRequest]:
    """The store's returns in these states, the oldest first (first come, first inspected)."""
    return (
        ReturnRequest.objects.filter(store=store, state__in=states)
        .select_related("order", "customer", "reverse_shipment")
        .prefetch_related("items")
        .order_by("received_at", "approved_at", "pk")
    )


def restock_locations(*, store: Store) -> list[str]:
    """Locations the store already keeps stock in, for the restock field's suggestions."""
    from wasl.orders.models import StockLevel

    return list(
        StockLevel.objects.filter(store=store)
        .values_list("location", flat=True)
        .distinct()
        .order_by("location")
    )


def restocked_items(*, store: Store, since: datetime | None = None, limit: int = 50) -> list[ReturnItem]:
    """Returned items put back on the shelves, the latest first."""
    items = ReturnItem.objects.filter(
        return_request__store=store, disposition=Disposition.RESTOCK, inspected_at__isnull=False
    ).select_related("return_request", "variant")
    if since is not None:
        items = items.filter(inspected_at__gte=since)
    return list(items.order_by("-inspected_at", "-pk")[:limit])
