"""Writes for rate cards: a new version (never an edit in place), retiring one, parcel weights per SKU."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from wasl.core.errors import Invalid, NotFound
from wasl.core.money import quantize
from wasl.shipping.rates import match_value
from wasl.shipping.rates_models import RateCard, RateSlab, RateZone, SkuWeight, ZoneMatch
from wasl.stores.models import Store

CARRIER_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
ZONE_RE = re.compile(r"^[\w-]{1,40}$")
MAX_GRAMS = 1_000_000
MAX_AMOUNT = Decimal("1000000")
MAX_ZONES = 500
MAX_SLABS = 500


@dataclass(frozen=True)
class ZoneRule:
    zone: str
    match: str
    value: str = ""


@dataclass(frozen=True)
class SlabRule:
    zone: str
    max_grams: int
    price: Decimal


@dataclass(frozen=True)
class CardSpec:
    carrier: str
    effective_from: date
    zones: tuple[ZoneRule, ...]
    slabs: tuple[SlabRule, ...]
    cod_fee_flat: Decimal = Decimal(0)
    cod_fee_percent: Decimal = Decimal(0)
    cod_fee_min: Decimal = Decimal(0)
    rto_charge: Decimal = Decimal(0)
    reverse_pickup: Decimal = Decimal(0)
    extra_per_kg: Decimal = Decimal(0)
    note: str = ""
    currency: str = ""  # the store's when empty


def _amount(name: str, value: Decimal, currency: str) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite() or value < 0 or value > MAX_AMOUNT:
        raise Invalid(f"{name} must be an amount from 0 to {MAX_AMOUNT}", code="invalid_amount")
    return quantize(value, currency)


def card_spec_check(*, store: Store, spec: CardSpec) -> CardSpec:
    """The spec with carrier and values normalised, or Invalid with a stable code saying what is wrong."""
    carrier = spec.carrier.strip().lower()
    if not CARRIER_RE.match(carrier):
        raise Invalid("carrier: lower-case letters, digits, - or _, at most 40", code="invalid_carrier")
    currency = (spec.currency or store.currency).upper()
    if currency != store.currency:
        raise Invalid(f"a rate card is in the store's currency, {store.currency}", code="currency_mismatch")
    percent = spec.cod_fee_percent
    if not isinstance(percent, Decimal) or not percent.is_finite() or not 0 <= percent <= 100:
        raise Invalid("cod_fee_percent must be from 0 to 100", code="invalid_amount")
    if not spec.zones:
        raise Invalid("a rate card needs at least one zone", code="no_zones")
    if not spec.slabs:
        raise Invalid("a rate card needs at least one weight slab", code="no_slabs")
    if len(spec.zones) > MAX_ZONES or len(spec.slabs) > MAX_SLABS:
        raise Invalid(f"at most {MAX_ZONES} zones and {MAX_SLABS} slabs", code="too_many_rows")
    zones, seen = [], set()
    for rule in spec.zones:
        zone, match = rule.zone.strip(), rule.match.strip().lower()
        if not ZONE_RE.match(zone):
            raise Invalid(f"zone {zone!r}: letters, digits, - or _, at most 40", code="invalid_zone")
        if match not in ZoneMatch.values:
            raise Invalid(
                f"zone {zone}: match must be one of {', '.join(ZoneMatch.values)}", code="invalid_match"
            )
        value = match_value(match, rule.value)
        if match != ZoneMatch.ANY and not value:
            raise Invalid(f"zone {zone}: a {match} needs a value", code="invalid_match")
        if match == ZoneMatch.COUNTRY and not re.fullmatch(r"[A-Z]{2}", value):
            raise Invalid(f"zone {zone}: a country is two letters (ISO 3166)", code="invalid_match")
        if (match, value) in seen:
            raise Invalid(f"{match} {value or '*'} is in two zones", code="duplicate_zone")
        seen.add((match, value))
        zones.append(ZoneRule(zone, match, value))
    names = {z.zone for z in zones}
    slabs, slab_keys = [], set()
    for slab in spec.slabs:
        if slab.zone not in names:
            raise Invalid(f"slab for zone {slab.zone!r}, which has no destinations", code="unknown_zone")
        if not 0 < slab.max_grams <= MAX_GRAMS:
            raise Invalid(
                f"zone {slab.zone}: a slab's weight is from 1 g to {MAX_GRAMS} g", code="invalid_weight"
            )
        if (slab.zone, slab.max_grams) in slab_keys:
            raise Invalid(f"zone {slab.zone}: two slabs up to {slab.max_grams} g", code="duplicate_slab")
        slab_keys.add((slab.zone, slab.max_grams))
        slabs.append(
            SlabRule(slab.zone, slab.max_grams, _amount(f"zone {slab.zone} price", slab.price, currency))
        )
    bare = names - {zone for zone, _ in slab_keys}
    if bare:
        raise Invalid(f"zones without a price: {', '.join(sorted(bare))}", code="zone_without_slabs")
    return CardSpec(
        carrier=carrier,
        effective_from=spec.effective_from,
        zones=tuple(zones),
        slabs=tuple(sorted(slabs, key=lambda s: (s.zone, s.max_grams))),
        cod_fee_flat=_amount("cod_fee_flat", spec.cod_fee_flat, currency),
        cod_fee_percent=percent.quantize(Decimal("0.001")),
        cod_fee_min=_amount("cod_fee_min", spec.cod_fee_min, currency),
        rto_charge=_amount("rto_charge", spec.rto_charge, currency),
        reverse_pickup=_amount("reverse_pickup", spec.reverse_pickup, currency),
        extra_per_kg=_amount("extra_per_kg", spec.extra_per_kg, currency),
        note=spec.note.strip()[:300],
        currency=currency,
    )


def rate_card_create(*, store: Store, spec: CardSpec, created_by: str = "") -> RateCard:
    """Record a new version of the carrier's card. Two writers at once: the second retries with the next number."""
    checked = card_spec_check(store=store, spec=spec)
    for attempt in range(3):
        try:
            return _create(store, checked, created_by)
        except IntegrityError:
            if attempt == 2:
                raise Invalid("the card changed meanwhile; try again", code="conflict") from None
    raise AssertionError("unreachable")


@transaction.atomic
def _create(store: Store, spec: CardSpec, created_by: str) -> RateCard:
    latest = RateCard.objects.filter(store=store, carrier=spec.carrier).aggregate(v=Max("version"))["v"] or 0
    card = RateCard.objects.create(
        store=store,
        carrier=spec.carrier,
        version=latest + 1,
        effective_from=spec.effective_from,
        currency=spec.currency,
        cod_fee_flat=spec.cod_fee_flat,
        cod_fee_percent=spec.cod_fee_percent,
        cod_fee_min=spec.cod_fee_min,
        rto_charge=spec.rto_charge,
        reverse_pickup=spec.reverse_pickup,
        extra_per_kg=spec.extra_per_kg,
        note=spec.note,
        created_by=created_by[:150],
    )
    RateZone.objects.bulk_create(
        RateZone(card=card, zone=z.zone, match=z.match, value=z.value) for z in spec.zones
    )
    RateSlab.objects.bulk_create(
        RateSlab(card=card, zone=s.zone, max_grams=s.max_grams, price=s.price) for s in spec.slabs
    )
    card.refresh_from_db()  # amounts as stored, the same as every later read gives them
    return card


@transaction.atomic
def rate_card_retire(*, store: Store, card_id: int) -> RateCard:
    """Take a card out of force; it stays in the history, and estimates made with it keep it."""
    card = RateCard.objects.select_for_update().filter(store=store, pk=card_id).first()
    if card is None:
        raise NotFound(f"no rate card {card_id} in this store", code="rate_card_not_found")
    if card.retired_at is None:
        card.retired_at = timezone.now()
        card.save(update_fields=["retired_at"])
    return card


def spec_of(card: RateCard) -> CardSpec:
    """A card as a spec, to start the next version from."""
    return CardSpec(
        carrier=card.carrier,
        effective_from=card.effective_from,
        zones=tuple(ZoneRule(z.zone, z.match, z.value) for z in card.zones.order_by("id")),
        slabs=tuple(SlabRule(s.zone, s.max_grams, s.price) for s in card.slabs.order_by("zone", "max_grams")),
        cod_fee_flat=card.cod_fee_flat,
        cod_fee_percent=card.cod_fee_percent,
        cod_fee_min=card.cod_fee_min,
        rto_charge=card.rto_charge,
        reverse_pickup=card.reverse_pickup,
        extra_per_kg=card.extra_per_kg,
        note=card.note,
        currency=card.currency,
    )


@transaction.atomic
def sku_weights_set(*, store: Store, weights: dict[str, int]) -> int:
    """Set parcel weights (grams) per SKU; returns how many were written."""
    for sku, grams in weights.items():
        if not sku.strip() or len(sku) > 100:
            raise Invalid(f"SKU {sku!r}: 1 to 100 characters", code="invalid_sku")
        if not 0 < grams <= MAX_GRAMS:
            raise Invalid(f"SKU {sku}: weight from 1 g to {MAX_GRAMS} g", code="invalid_weight")
    existing = set(SkuWeight.objects.filter(store=store, sku__in=weights).values_list("sku", flat=True))
    SkuWeight.objects.bulk_create(
        SkuWeight(store=store, sku=sku, grams=grams) for sku, grams in weights.items() if sku not in existing
    )
    for sku in existing:
        SkuWeight.objects.filter(store=store, sku=sku).update(grams=weights[sku])
    return len(weights)
