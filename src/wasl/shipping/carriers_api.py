"""/api/v1/carriers: scorecards, rate cards (create a version, read, replace with a new version, retire),
an order's promise and recommended carrier."""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from wasl.core.errors import Invalid, NotFound
from wasl.orders.selectors import order_get
from wasl.shipping.carrier_choice import recommend_carrier
from wasl.shipping.promises import promise_for_order
from wasl.shipping.rates_models import RateCard
from wasl.shipping.rates_services import CardSpec, SlabRule, ZoneRule, rate_card_create, rate_card_retire
from wasl.shipping.scorecards import carrier_scorecards

router = Router(tags=["carriers"])


class ScorecardOut(Schema):
    carrier: str
    region: str
    settled: int
    delivered: int
    on_time_rate: Decimal | None
    promised: int
    transit_median_days: int | None
    transit_p80_days: int | None
    timed: int
    ndr_rate: Decimal | None
    rto_rate: Decimal | None
    average_cost: Decimal | None
    currency: str
    computed_at: datetime


class ScorecardsOut(Schema):
    items: list[ScorecardOut]


class ZoneIO(Schema):
    zone: str = Field(..., max_length=40)
    match: str = Field(..., description="postal, city, region, country or any")
    value: str = Field("", max_length=120)


class SlabIO(Schema):
    zone: str = Field(..., max_length=40)
    max_grams: int
    price: Decimal


class RateCardIn(Schema):
    carrier: str = Field(..., max_length=40)
    effective_from: date
    zones: list[ZoneIO]
    slabs: list[SlabIO]
    cod_fee_flat: Decimal = Decimal(0)
    cod_fee_percent: Decimal = Decimal(0)
    cod_fee_min: Decimal = Decimal(0)
    rto_charge: Decimal = Decimal(0)
    reverse_pickup: Decimal = Decimal(0)
    extra_per_kg: Decimal = Decimal(0)
    note: str = Field("", max_length=300)
    currency: str = Field("", max_length=3, description="the store's currency when left out")


class RateCardOut(Schema):
    id: int
    carrier: str
    version: int
    effective_from: date
    currency: str
    cod_fee_flat: Decimal
    cod_fee_percent: Decimal
    cod_fee_min: Decimal
    rto_charge: Decimal
    reverse_pickup: Decimal
    extra_per_kg: Decimal
    note: str
    created_at: datetime
    retired_at: datetime | None
    zones: list[ZoneIO]
    slabs: list[SlabIO]

    @staticmethod
    def resolve_zones(obj: RateCard) -> list[dict[str, str]]:
        return [{"zone": z.zone, "match": z.match, "value": z.value} for z in obj.zones.order_by("id")]

    @staticmethod
    def resolve_slabs(obj: RateCard) -> list[dict[str, object]]:
        return [
            {"zone": s.zone, "max_grams": s.max_grams, "price": s.price}
            for s in obj.slabs.order_by("zone", "max_grams")
        ]


class RateCardListOut(Schema):
    items: list[RateCardOut]


class RateCardFilters(Schema):
    carrier: str | None = None
    include_retired: bool = False


class PromiseOut(Schema):
    date: dt.date
    earliest: dt.date
    carrier: str
    lane: str
    basis: str


class OptionOut(Schema):
    carrier: str
    expected_cost: Decimal | None
    currency: str
    promised_days: int
    promise_basis: str
    rto_rate: Decimal
    rto_basis: str
    score: Decimal
    price_problem: str


class OrderCarriersOut(Schema):
    order_id: str
    promise: PromiseOut | None
    recommended: str | None
    weights: dict[str, Decimal]
    options: list[OptionOut]


def _spec(payload: RateCardIn) -> CardSpec:
    return CardSpec(
        carrier=payload.carrier,
        effective_from=payload.effective_from,
        zones=tuple(ZoneRule(z.zone, z.match, z.value) for z in payload.zones),
        slabs=tuple(SlabRule(s.zone, s.max_grams, s.price) for s in payload.slabs),
        cod_fee_flat=payload.cod_fee_flat,
        cod_fee_percent=payload.cod_fee_percent,
        cod_fee_min=payload.cod_fee_min,
        rto_charge=payload.rto_charge,
        reverse_pickup=payload.reverse_pickup,
        extra_per_kg=payload.extra_per_kg,
        note=payload.note,
        currency=payload.currency,
    )


def _card(request: HttpRequest, card_id: int) -> RateCard:
    card = RateCard.objects.filter(store=request.auth, pk=card_id).first()  # type: ignore[attr-defined]
    if card is None:
        raise NotFound(f"no rate card {card_id} in this store", code="rate_card_not_found")
    return card


@router.get("/scorecards", response=ScorecardsOut)
def scorecards(request: HttpRequest, carrier: str | None = None, by_region: bool = True) -> dict:
    """Per carrier (region "" is the carrier everywhere), then per destination region."""
    store = request.auth  # type: ignore[attr-defined]
    wanted = carrier.strip().lower() if carrier else None
    return {"items": carrier_scorecards(store=store, carrier=wanted, by_region=by_region)}


@router.get("/rate-cards", response=RateCardListOut)
def list_rate_cards(request: HttpRequest, filters: Query[RateCardFilters]) -> dict:
    """Every version, newest first; retired ones only with `include_retired`."""
    cards = RateCard.objects.filter(store=request.auth)  # type: ignore[attr-defined]
    if filters.carrier:
        cards = cards.filter(carrier=filters.carrier.lower())
    if not filters.include_retired:
        cards = cards.filter(retired_at__isnull=True)
    return {"items": list(cards.order_by("carrier", "-version")[:500])}


@router.post("/rate-cards", response={201: RateCardOut})
def create_rate_card(request: HttpRequest, payload: RateCardIn) -> Status:
    """A new version of the carrier's card (version 1 for a new carrier)."""
    card = rate_card_create(store=request.auth, spec=_spec(payload), created_by="api")  # type: ignore[attr-defined]
    return Status(201, card)


@router.get("/rate-cards/{int:card_id}", response=RateCardOut)
def get_rate_card(request: HttpRequest, card_id: int) -> RateCard:
    return _card(request, card_id)


@router.put("/rate-cards/{int:card_id}", response={201: RateCardOut})
def replace_rate_card(request: HttpRequest, card_id: int, payload: RateCardIn) -> Status:
    """Cards are never changed in place: this records the next version of the same carrier's card."""
    card = _card(request, card_id)
    if payload.carrier.strip().lower() != card.carrier:
        raise Invalid(f"card {card_id} is {card.carrier}'s; a new carrier is a POST", code="carrier_mismatch")
    created = rate_card_create(store=request.auth, spec=_spec(payload), created_by="api")  # type: ignore[attr-defined]
    return Status(201, created)


@router.delete("/rate-cards/{int:card_id}", response=RateCardOut)
def retire_rate_card(request: HttpRequest, card_id: int) -> RateCard:
    """Retire a version: out of force, kept in the history (estimates made with it keep it)."""
    return rate_card_retire(store=request.auth, card_id=card_id)  # type: ignore[attr-defined]


@router.get("/orders/{order_id}", response=OrderCarriersOut)
def order_carriers(request: HttpRequest, order_id: str) -> dict:
    """The order's delivery promise and the carriers for its destination, best first, with their figures."""
    store = request.auth  # type: ignore[attr-defined]
    order = order_get(store=store, external_id=order_id)
    recommendation = recommend_carrier(store=store, order=order)
    return {
        "order_id": order.external_id,
        "promise": promise_for_order(order=order),
        "recommended": recommendation.carrier if recommendation else None,
        "weights": recommendation.weights if recommendation else {},
        "options": recommendation.options if recommendation else [],
    }
