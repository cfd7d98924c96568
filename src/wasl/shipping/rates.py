"""Pricing a parcel from a carrier's rate card: the card in force, the destination's zone, the weight slab, fees.

- The card in force on a day is the carrier's highest version whose `effective_from` is on or before that day
  and that is not retired.
- A destination's zone is the most specific match of the card: the longest postal-code prefix, then the city,
  the region, the country, then the card's "anywhere else" zone. No match: the card does not serve it.
- The forward price is the first slab of the zone whose weight limit holds the parcel; above the heaviest slab
  each started kilogram costs `extra_per_kg` (0: the parcel is not priced, `too_heavy`).
- COD fee: `flat + percent × amount`, at least `min`; only for cash still to be collected.
- A parcel's weight: the order lines' SKU weights (`SkuWeight`) times quantities, plus the store's default
  parcel weight when any line has no known weight (or the order has no lines).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from wasl.core.money import quantize
from wasl.orders.models import Order, PaymentMethod
from wasl.shipping.models import Direction, Shipment
from wasl.shipping.promises import Destination, destination_of, normalize_place
from wasl.shipping.rates_models import RateCard, RateSlab, RateZone, SkuWeight, ZoneMatch
from wasl.stores.models import Store

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Price:
    carrier: str
    card_id: int | None
    currency: str
    zone: str
    grams: int
    forward: Decimal | None
    cod_fee: Decimal
    rto_charge: Decimal
    reverse: Decimal
    problem: str = ""  # no_card | no_zone | too_heavy

    @property
    def delivered_cost(self) -> Decimal | None:
        return None if self.forward is None else self.forward + self.cod_fee

    @property
    def rto_cost(self) -> Decimal | None:
        return None if self.forward is None else self.forward + self.rto_charge


def match_value(match: str, value: str) -> str:
    """How zone values are kept, so that they compare with destinations as `promises.destination_of` makes them."""
    if match == ZoneMatch.POSTAL:
        return "".join(value.split()).upper()
    if match == ZoneMatch.COUNTRY:
        return value.strip().upper()
    if match == ZoneMatch.ANY:
        return ""
    return normalize_place(value)


def cards_in_force(*, store: Store, on: date, carrier: str | None = None) -> dict[str, RateCard]:
    """Each carrier's card in force on `on`, zones and slabs prefetched."""
    queryset = RateCard.objects.filter(store=store, effective_from__lte=on, retired_at__isnull=True)
    if carrier is not None:
        queryset = queryset.filter(carrier=carrier)
    found: dict[str, RateCard] = {}
    for card in queryset.order_by("carrier", "-effective_from", "-version").prefetch_related(
        Prefetch("zones", queryset=RateZone.objects.order_by("id")),
        Prefetch("slabs", queryset=RateSlab.objects.order_by("zone", "max_grams")),
    ):
        found.setdefault(card.carrier, card)
    return found


def zone_for(card: RateCard, destination: Destination) -> str | None:
    zones = list(card.zones.all())
    postal = [z for z in zones if z.match == ZoneMatch.POSTAL and destination.postal_code.startswith(z.value)]
    if postal:
        return max(postal, key=lambda z: len(z.value)).zone
    wanted = {
        ZoneMatch.CITY: destination.city,
        ZoneMatch.REGION: destination.region,
        ZoneMatch.COUNTRY: destination.country,
    }
    for match in (ZoneMatch.CITY, ZoneMatch.REGION, ZoneMatch.COUNTRY):
        for zone in zones:
            if zone.match == match and wanted[match] and zone.value == wanted[match]:
                return zone.zone
    return next((z.zone for z in zones if z.match == ZoneMatch.ANY), None)


def forward_price(card: RateCard, zone: str, grams: int) -> Decimal | None:
    slabs = [s for s in card.slabs.all() if s.zone == zone]
    for slab in sorted(slabs, key=lambda s: s.max_grams):
        if grams <= slab.max_grams:
            return slab.price
    if not slabs or card.extra_per_kg <= 0:
        return None
    top = max(slabs, key=lambda s: s.max_grams)
    extra_kg = math.ceil((grams - top.max_grams) / 1000)
    return quantize(top.price + card.extra_per_kg * extra_kg, card.currency)


def cod_fee(card: RateCard, amount: Decimal) -> Decimal:
    fee = card.cod_fee_flat + amount * card.cod_fee_percent / HUNDRED
    return quantize(max(fee, card.cod_fee_min), card.currency)


def price_with(card: RateCard | None, *, destination: Destination, grams: int, cod_amount: Decimal) -> Price:
    if card is None:
        return Price("", None, "", "", grams, None, Decimal(0), Decimal(0), Decimal(0), "no_card")
    zone = zone_for(card, destination)
    forward = forward_price(card, zone, grams) if zone is not None else None
    problem = "no_zone" if zone is None else ("too_heavy" if forward is None else "")
    return Price(
        carrier=card.carrier,
        card_id=card.pk,
        currency=card.currency,
        zone=zone or "",
        grams=grams,
        forward=forward,
        cod_fee=cod_fee(card, cod_amount) if cod_amount > 0 else Decimal(0),
        rto_charge=card.rto_charge,
        reverse=card.reverse_pickup,
        problem=problem,
    )


def parcel_grams(*, store: Store, order: Order | None, default_grams: int) -> int:
    if order is None or order.pk is None:
        return default_grams
    lines = list(order.lines.values_list("sku", "quantity"))
    weights = dict(
        SkuWeight.objects.filter(store=store, sku__in={sku for sku, _ in lines if sku}).values_list(
            "sku", "grams"
        )
    )
    known = sum(weights[sku] * quantity for sku, quantity in lines if sku in weights)
    unknown = not lines or any(sku not in weights for sku, _ in lines)
    return known + (default_grams if unknown else 0)


def cod_amount_of(order: Order | None) -> Decimal:
    """Cash the courier collects: the total of a COD order not paid online."""
    if order is None or order.payment_method != PaymentMethod.COD or order.paid_at is not None:
        return Decimal(0)
    return order.total


def estimate_values(*, shipment: Shipment, default_grams: int) -> dict[str, object]:
    """The cost fields of a shipment's `ShipmentEstimate`, priced with the card in force on its creation day."""
    order = shipment.order
    on = timezone.localdate(shipment.created_at or timezone.now())
    card = cards_in_force(store=shipment.store, on=on, carrier=shipment.carrier).get(shipment.carrier)
    grams = parcel_grams(store=shipment.store, order=order, default_grams=default_grams)
    reverse = shipment.direction == Direction.REVERSE
    price = price_with(
        card,
        destination=destination_of(order),
        grams=grams,
        cod_amount=Decimal(0) if reverse else cod_amount_of(order),
    )
    return {
        "card_id": price.card_id,
        "zone": price.zone,
        "grams": grams,
        "currency": price.currency,
        "forward": None if reverse else price.forward,
        "cod_fee": price.cod_fee,
        "rto_charge": Decimal(0) if reverse else price.rto_charge,
        "reverse": price.reverse if reverse else Decimal(0),
        "problem": ("no_card" if card is None else "") if reverse else price.problem,
    }
