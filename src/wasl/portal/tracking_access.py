"""Who may see what on a tracking page.

Order and tracking numbers are easy to guess, so a bare link shows only where the parcel is (status, timeline,
promised date, city). Every message Wasl sends carries a signed link instead: an HMAC of the store and the
number made with the SECRET_KEY, in `?k=`. With it the page shows the buyer's name, address and phone and the
buttons that change the delivery. A buyer who arrives without it can unlock the page with the last four digits
of their phone; failed tries are counted on the order's timeline (so they hold across server processes) and
stop after a few an hour.
"""

from __future__ import annotations

import hmac
import unicodedata
from datetime import timedelta
from urllib.parse import quote

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

from wasl.orders.models import Order, OrderEvent, OrderEventKind
from wasl.orders.services import order_event_add

SALT = "wasl.portal.tracking"
SIGNATURE_LENGTH = 24  # 96 bits of the SHA-256 HMAC: ample against guessing, short enough for an SMS
UNLOCK_MAX_FAILURES = 5
UNLOCK_WINDOW = timedelta(hours=1)
UNLOCK_FAILED = "tracking_unlock_failed"


def tracking_signature(*, store_slug: str, ref: str) -> str:
    """The `k` that opens the full page of one parcel or order of one store."""
    digest = salted_hmac(SALT, f"{store_slug}\x1f{ref}", secret=settings.SECRET_KEY, algorithm="sha256")
    return digest.hexdigest()[:SIGNATURE_LENGTH]


def signature_valid(*, store_slug: str, ref: str, signature: str | None) -> bool:
    if not signature:
        return False
    expected = tracking_signature(store_slug=store_slug, ref=ref)
    return hmac.compare_digest(expected.encode(), signature.strip().encode())


def tracking_path(*, store_slug: str, ref: str) -> str:
    return f"/t/{store_slug}/{quote(ref, safe='')}/"


def signed_tracking_url(*, store_slug: str, ref: str, base: str | None = None) -> str:
    """The full link put in messages: public address, path and signature."""
    root = settings.WASL_PUBLIC_URL if base is None else base
    signature = tracking_signature(store_slug=store_slug, ref=ref)
    return f"{root}{tracking_path(store_slug=store_slug, ref=ref)}?k={signature}"


def _digits(value: str) -> str:
    return "".join(str(unicodedata.decimal(ch)) for ch in value if ch.isdecimal())


def phone_endings(order: Order) -> set[str]:
    """The last four digits of each phone the order knows (the buyer's, the delivery address')."""
    phones = []
    if order.customer is not None:
        phones.append(order.customer.phone)
    if order.shipping_address is not None:
        phones.append(order.shipping_address.phone)
    return {digits[-4:] for digits in map(_digits, phones) if len(digits) >= 4}


def unlock_failures(*, order: Order) -> int:
    since = timezone.now() - UNLOCK_WINDOW
    return OrderEvent.objects.filter(
        order=order, kind=OrderEventKind.NOTE, occurred_at__gte=since, data__type=UNLOCK_FAILED
    ).count()


class UnlockResult:
    OPENED = "opened"
    WRONG = "wrong"
    BLOCKED = "blocked"
    IMPOSSIBLE = "impossible"  # the order has no phone to compare with


def unlock_try(*, order: Order, digits: str) -> str:
    """Compare the digits typed with the order's phones; a wrong try is written down, too many block."""
    endings = phone_endings(order)
    if not endings:
        return UnlockResult.IMPOSSIBLE
    if unlock_failures(order=order) >= UNLOCK_MAX_FAILURES:
        return UnlockResult.BLOCKED
    typed = _digits(digits)
    if len(typed) == 4 and any(hmac.compare_digest(typed, ending) for ending in endings):
        return UnlockResult.OPENED
    order_event_add(
        order=order,
        kind=OrderEventKind.NOTE,
        message="Wrong phone digits on the tracking page",
        data={"type": UNLOCK_FAILED, "source": "tracking_page"},
    )
    return UnlockResult.WRONG
