"""Stock per SKU and location, low-stock thresholds and the alerts staff get by e-mail, once per crossing.

A variant is low when its units on hand, all locations together, are at or below its threshold (its own, or
the store's default). `low_stock_scan` opens an alert row the first time that is seen and clears it when the
stock is above the threshold again; a unique index allows one open alert per variant, so a variant that stays
low is never announced twice, and one that comes back and falls again is announced again. `low_stock_notify`
claims an alert's notification with a conditional UPDATE before sending, so two workers send it once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count, F, IntegerField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wasl.core.errors import Invalid, NotFound
from wasl.orders.models import InventorySettings, LowStockAlert, StockLevel, Variant
from wasl.stores.models import Store

DEFAULT_THRESHOLD = 5
MAX_THRESHOLD = 1_000_000
MAX_SEARCH = 100


def default_threshold(*, store: Store) -> int:
    found = (
        InventorySettings.objects.filter(store=store).values_list("low_stock_threshold", flat=True).first()
    )
    return DEFAULT_THRESHOLD if found is None else int(found)


def _checked(threshold: int) -> int:
    if isinstance(threshold, bool) or not isinstance(threshold, int) or not 0 <= threshold <= MAX_THRESHOLD:
        raise Invalid(f"a threshold is a whole number from 0 to {MAX_THRESHOLD}", code="invalid_threshold")
    return threshold


@transaction.atomic
def inventory_default_threshold_set(*, store: Store, threshold: int) -> InventorySettings:
    settings, _ = InventorySettings.objects.update_or_create(
        store=store, defaults={"low_stock_threshold": _checked(threshold)}
    )
    return settings


@transaction.atomic
def variant_threshold_set(*, store: Store, variant_id: int, threshold: int | None) -> Variant:
    """The variant's own threshold; None goes back to the store's default."""
    variant = Variant.objects.select_for_update().filter(store=store, pk=variant_id).first()
    if variant is None:
        raise NotFound("no such variant in this store", code="variant_not_found")
    variant.low_stock_threshold = None if threshold is None else _checked(threshold)
    variant.save(update_fields=["low_stock_threshold"])
    return variant


def stock_list(
    *, store: Store, search: str = "", location: str = "", low_only: bool = False
) -> QuerySet[Variant]:
    """Variants with `on_hand` (all locations, or the one asked), `threshold` and `is_low`, by SKU; their
    levels per location are prefetched."""
    search = search.strip()[:MAX_SEARCH]
    default = default_threshold(store=store)
    levels = Q(stock_levels__location=location) if location else Q()
    variants = (
        Variant.objects.filter(store=store)
        .select_related("product")
        .annotate(
            on_hand=Coalesce(Sum("stock_levels__quantity", filter=levels), Value(0)),
            threshold=Coalesce(F("low_stock_threshold"), Value(default), output_field=IntegerField()),
            locations=Count("stock_levels", filter=levels),
        )
        .prefetch_related("stock_levels")
        .order_by("sku", "pk")
    )
    if location:
        variants = variants.filter(locations__gt=0)
    if search:
        variants = variants.filter(
            Q(sku__icontains=search) | Q(name__icontains=search) | Q(product__name__icontains=search)
        )
    if low_only:
        variants = variants.filter(on_hand__lte=F("threshold"))
    return variants


def stock_locations(*, store: Store) -> list[str]:
    return list(
        StockLevel.objects.filter(store=store)
        .values_list("location", flat=True)
        .distinct()
        .order_by("location")
    )


def open_alerts(*, store: Store) -> QuerySet[LowStockAlert]:
    return (
        LowStockAlert.objects.filter(store=store, cleared_at__isnull=True)
        .select_related("variant__product")
        .order_by("-opened_at", "-pk")
    )


@dataclass(frozen=True)
class ScanResult:
    opened: list[int]  # ids of alerts opened by this scan
    cleared: int


def low_stock_scan(*, store: Store, now: datetime | None = None) -> ScanResult:
    """Open an alert for each variant that fell to its threshold or below, clear those back above it."""
    now = now or timezone.now()
    default = default_threshold(store=store)
    totals = Variant.objects.filter(store=store).annotate(
        on_hand=Coalesce(Sum("stock_levels__quantity"), Value(0)),
        threshold=Coalesce(F("low_stock_threshold"), Value(default), output_field=IntegerField()),
    )
    low = {
        row["pk"]: row
        for row in totals.filter(on_hand__lte=F("threshold")).values("pk", "on_hand", "threshold")
    }
    already = set(
        LowStockAlert.objects.filter(store=store, cleared_at__isnull=True).values_list(
            "variant_id", flat=True
        )
    )
    cleared = (
        LowStockAlert.objects.filter(store=store, cleared_at__isnull=True)
        .exclude(variant_id__in=list(low))
        .update(cleared_at=now)
    )
    opened = []
    for variant_id, row in low.items():
        if variant_id in already:
            continue
        try:
            with transaction.atomic():
                alert = LowStockAlert.objects.create(
                    store=store,
                    variant_id=variant_id,
                    quantity=row["on_hand"],
                    threshold=row["threshold"],
                    opened_at=now,
                )
        except IntegrityError:
            continue  # a concurrent scan opened it: one alert per crossing
        opened.append(alert.pk)
    return ScanResult(opened=opened, cleared=cleared)


def staff_addresses(*, store: Store) -> list[str]:
    from wasl.stores.models import StoreMember

    emails = StoreMember.objects.filter(store=store, user__is_active=True).values_list(
        "user__email", flat=True
    )
    return sorted({e.strip() for e in emails if e and e.strip()})


def alert_text(alert: LowStockAlert) -> tuple[str, str]:
    """The e-mail's subject and body, in the store's language."""
    variant = alert.variant
    levels = "\n".join(
        f"  {level.location}: {level.quantity}" for level in variant.stock_levels.order_by("location")
    )
    facts = {
        "name": variant.name or variant.product.name,
        "sku": variant.sku,
        "left": alert.quantity,
        "threshold": alert.threshold,
    }
    with translation.override(alert.store.language or "en"):
        subject = _("Low stock: %(sku)s (%(left)s left)") % facts
        body = "\n\n".join(
            [
                _("%(name)s (%(sku)s) is down to %(left)s units, at or below its threshold of %(threshold)s.")
                % facts,
                _("By location:") + "\n" + (levels or "  -"),
                _(
                    "You will hear about it again only once it is restocked above the threshold and falls again."
                ),
            ]
        )
    return subject, body


def low_stock_notify(*, alert_id: int) -> str:
    """E-mail the store's staff about one alert, once: "sent", "no_channel", "no_staff", "already" or
    "failed" (the claim is released, so the next run tries again)."""
    from wasl.messaging.channels.registry import channel_get
    from wasl.messaging.channels.types import OutgoingMessage, ProviderError

    now = timezone.now()
    claimed = LowStockAlert.objects.filter(pk=alert_id, notified_at__isnull=True).update(notified_at=now)
    if not claimed:
        return "already"
    alert = LowStockAlert.objects.select_related("store", "variant__product").get(pk=alert_id)
    recipients = staff_addresses(store=alert.store)
    handle = channel_get(store=alert.store, name="email")
    if not recipients or handle is None:
        LowStockAlert.objects.filter(pk=alert_id).update(notified_at=None)
        return "no_staff" if not recipients else "no_channel"
    subject, body = alert_text(alert)
    told = []
    try:
        for address in recipients:
            handle.channel.send(
                OutgoingMessage(
                    idempotency_key=f"low-stock:{alert.pk}",
                    to=address,
                    kind="email",
                    language=alert.store.language or "en",
                    text=body,
                    subject=subject,
                )
            )
            told.append(address)
    except ProviderError:
        if not told:
            LowStockAlert.objects.filter(pk=alert_id).update(notified_at=None)
            return "failed"
    LowStockAlert.objects.filter(pk=alert_id).update(notified_to=told)
    return "sent"
