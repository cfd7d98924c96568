"""Promises and cost estimates for shipments that came in without them: an import of history, the demo.

Each forward shipment is promised what the store's current lane figures give from its first scan (the same
rule as a new parcel), and each shipment is priced with the card that was in force on its first scan's day.
Work goes by a thousand shipments with a handful of queries each, so a history of 100,000 parcels is minutes.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Min, OuterRef, Q, Subquery
from django.utils import timezone

from wasl.orders.models import OrderLine
from wasl.shipping.models import Direction, Shipment, TrackingEvent
from wasl.shipping.promises import (
    calendar_for,
    destination_of,
    lane_figures,
    normalize_place,
    settings_for,
    transit_quote,
)
from wasl.shipping.rates import cod_amount_of, price_with
from wasl.shipping.rates_models import RateCard, ShipmentEstimate, SkuWeight
from wasl.stores.models import Store

CHUNK = 1000


def _card_on(cards: list[RateCard], day: date) -> RateCard | None:
    """`cards` newest first (effective date, then version)."""
    return next((card for card in cards if card.effective_from <= day), None)


def _grams(lines: list[tuple[str, int]], weights: dict[str, int], default: int) -> int:
    known = sum(weights[sku] * quantity for sku, quantity in lines if sku in weights)
    unknown = not lines or any(sku not in weights for sku, _ in lines)
    return known + (default if unknown else 0)


def promises_backfill(*, store: Store, overwrite: bool = False) -> dict[str, int]:
    """Promise (forward) and price (all) the store's shipments; with `overwrite`, also those that have them."""
    settings = settings_for(store)
    calendar = calendar_for(store, settings)
    figures = lane_figures(store=store)
    cards: dict[str, list[RateCard]] = defaultdict(list)
    for card in (
        RateCard.objects.filter(store=store, retired_at__isnull=True)
        .order_by("-effective_from", "-version")
        .prefetch_related("zones", "slabs")
    ):
        cards[card.carrier].append(card)
    weights = dict(SkuWeight.objects.filter(store=store).values_list("sku", "grams"))
    first_scan = (
        TrackingEvent.objects.filter(shipment=OuterRef("pk"))
        .values("shipment")
        .annotate(first=Min("occurred_at"))
        .values("first")
    )
    queryset = Shipment.objects.filter(store=store)
    if not overwrite:
        queryset = queryset.filter(
            Q(estimate__isnull=True) | Q(direction=Direction.FORWARD, promised_date__isnull=True)
        )
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    counts = {"shipments": 0, "promised": 0, "priced": 0}
    for start in range(0, len(ids), CHUNK):
        chunk = (
            Shipment.objects.filter(pk__in=ids[start : start + CHUNK])
            .select_related("order__shipping_address")
            .annotate(started=Subquery(first_scan))
        )
        _chunk(store, list(chunk), overwrite, settings, calendar, figures, cards, weights, counts)
    return counts


@transaction.atomic
def _chunk(store, shipments, overwrite, settings, calendar, figures, cards, weights, counts) -> None:  # type: ignore[no-untyped-def]
    order_ids = {s.order_id for s in shipments if s.order_id}
    lines: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for order_id, sku, quantity in OrderLine.objects.filter(order_id__in=order_ids).values_list(
        "order_id", "sku", "quantity"
    ):
        lines[order_id].append((sku, quantity))
    now = timezone.now()
    estimates, promised = [], []
    for shipment in shipments:
        started = shipment.started or shipment.created_at
        day = calendar.local_date(started)
        destination = destination_of(shipment.order)
        forward = shipment.direction == Direction.FORWARD
        values: dict[str, object] = {"earliest_date": None, "lane": "", "promise_basis": ""}
        if forward:
            quote = transit_quote(
                store=store,
                carrier=shipment.carrier,
                destination=destination,
                settings=settings,
                figures=figures,
            )
            if overwrite or shipment.promised_date is None:
                shipment.promised_date = calendar.add(day, quote.days)
                promised.append(shipment)
            values = {
                "earliest_date": min(calendar.add(day, quote.fast_days), shipment.promised_date),
                "lane": destination.lane(normalize_place(settings.origin_city)),
                "promise_basis": quote.basis if shipment in promised else "given",
            }
        card = _card_on(cards.get(shipment.carrier, []), day)
        grams = _grams(lines.get(shipment.order_id, []), weights, settings.default_weight_grams)
        price = price_with(
            card,
            destination=destination,
            grams=grams,
            cod_amount=cod_amount_of(shipment.order) if forward else Decimal(0),
        )
        estimates.append(
            ShipmentEstimate(
                store=store,
                shipment=shipment,
                card_id=price.card_id,
                zone=price.zone,
                grams=grams,
                currency=price.currency,
                forward=price.forward if forward else None,
                cod_fee=price.cod_fee,
                rto_charge=price.rto_charge if forward else Decimal(0),
                reverse=Decimal(0) if forward else price.reverse,
                problem=price.problem if forward else ("no_card" if card is None else ""),
                computed_at=now,
                **values,  # type: ignore[arg-type]
            )
        )
        counts["priced"] += price.card_id is not None
    Shipment.objects.bulk_update(promised, ["promised_date"], batch_size=500)
    ShipmentEstimate.objects.filter(shipment__in=shipments).delete()
    ShipmentEstimate.objects.bulk_create(estimates, batch_size=500)
    counts["shipments"] += len(shipments)
    counts["promised"] += len(promised)
