"""The carrier to recommend for an order's destination, from cost, speed and return-to-origin history.

Every candidate (a carrier with a rate card in force, or with delivery history in the store) gets three figures
for this destination, each scaled to 0..1 across the candidates (0 = best of them, 1 = worst):

- cost: the expected cost, `forward + COD fee × (1 - RTO rate) + RTO charge × RTO rate`, from the card in force;
- speed: the promised working days (`promises.transit_quote`);
- RTO: the carrier's RTO rate for the destination's region (its overall rate when the region has fewer settled
  shipments than the store's minimum sample), from the cached lane figures.

score = 0.45 × cost + 0.30 × speed + 0.25 × RTO, lowest wins (ties: cheaper, then faster, then by name).
A carrier without a price for the destination (no card, no zone, too heavy) counts as the most expensive; one
without history counts with the store's overall RTO rate. The weights are `WEIGHTS`; the figures behind every
score are returned, so a page can show why.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from wasl.orders.models import Order
from wasl.shipping.promises import ALL, destination_of, settings_for, transit_quote
from wasl.shipping.promises_models import CarrierLaneStat
from wasl.shipping.rates import cards_in_force, cod_amount_of, parcel_grams, price_with
from wasl.stores.models import Store

WEIGHTS = {"cost": Decimal("0.45"), "speed": Decimal("0.30"), "rto": Decimal("0.25")}
SCALE = Decimal("0.0001")


@dataclass(frozen=True)
class CarrierOption:
    carrier: str
    expected_cost: Decimal | None
    currency: str
    promised_days: int
    promise_basis: str
    rto_rate: Decimal
    rto_basis: str
    score: Decimal
    price_problem: str = ""


@dataclass(frozen=True)
class Recommendation:
    carrier: str
    options: list[CarrierOption]  # best first
    weights: dict[str, Decimal]


def _rto_rates(
    store: Store, region_scope: str, min_samples: int
) -> tuple[dict[str, tuple[Decimal, str]], Decimal]:
    rows = CarrierLaneStat.objects.filter(store=store, scope__in=[ALL, region_scope]).values(
        "carrier", "scope", "settled", "rto"
    )
    overall: dict[str, tuple[int, int]] = {}
    region: dict[str, tuple[int, int]] = {}
    for row in rows:
        target = overall if row["scope"] == ALL else region
        target[row["carrier"]] = (row["settled"], row["rto"])
    settled_all = sum(s for s, _ in overall.values())
    store_rate = Decimal(sum(r for _, r in overall.values())) / settled_all if settled_all else Decimal(0)
    rates: dict[str, tuple[Decimal, str]] = {}
    for carrier in overall.keys() | region.keys():
        settled, rto = region.get(carrier, (0, 0))
        if settled >= min_samples:
            rates[carrier] = (Decimal(rto) / settled, f"region n={settled}")
            continue
        settled, rto = overall.get(carrier, (0, 0))
        if settled:
            rates[carrier] = (Decimal(rto) / settled, f"carrier n={settled}")
    return rates, store_rate


def _scaled(values: list[Decimal | None]) -> list[Decimal]:
    known = [v for v in values if v is not None]
    if not known:
        return [Decimal(0)] * len(values)
    low, high = min(known), max(known)
    span = high - low
    return [Decimal(1) if v is None else (Decimal(0) if span == 0 else (v - low) / span) for v in values]


def carrier_options(*, store: Store, order: Order) -> list[CarrierOption]:
    settings = settings_for(store)
    destination = destination_of(order)
    cards = cards_in_force(store=store, on=timezone.localdate())
    region_scope = f"region:{destination.region}" if destination.region else f"country:{destination.country}"
    rto_rates, store_rate = _rto_rates(store, region_scope, settings.min_samples)
    carriers = sorted(cards.keys() | rto_rates.keys())
    if not carriers:
        return []
    grams = parcel_grams(store=store, order=order, default_grams=settings.default_weight_grams)
    cod = cod_amount_of(order)
    raw = []
    for carrier in carriers:
        price = price_with(cards.get(carrier), destination=destination, grams=grams, cod_amount=cod)
        rate, rate_basis = rto_rates.get(carrier, (store_rate, "store"))
        expected = None
        if price.forward is not None:
            expected = price.forward + price.cod_fee * (1 - rate) + price.rto_charge * rate
        quote = transit_quote(store=store, carrier=carrier, destination=destination, settings=settings)
        raw.append((carrier, price, expected, quote, rate, rate_basis))
    costs = _scaled([r[2] for r in raw])
    speeds = _scaled([Decimal(r[3].days) for r in raw])
    rtos = _scaled([r[4] for r in raw])
    options = []
    for (carrier, price, expected, quote, rate, rate_basis), cost, speed, rto in zip(
        raw, costs, speeds, rtos, strict=True
    ):
        score = WEIGHTS["cost"] * cost + WEIGHTS["speed"] * speed + WEIGHTS["rto"] * rto
        options.append(
            CarrierOption(
                carrier=carrier,
                expected_cost=None if expected is None else expected.quantize(Decimal("0.01")),
                currency=price.currency or store.currency,
                promised_days=quote.days,
                promise_basis=quote.basis,
                rto_rate=rate.quantize(SCALE),
                rto_basis=rate_basis,
                score=score.quantize(SCALE),
                price_problem=price.problem,
            )
        )
    expensive = Decimal("Infinity")
    options.sort(
        key=lambda o: (
            o.score,
            o.expected_cost if o.expected_cost is not None else expensive,
            o.promised_days,
            o.carrier,
        )
    )
    return options


def recommend_carrier(*, store: Store, order: Order) -> Recommendation | None:
    """The best carrier for the order's destination and why; None when the store has no carrier at all."""
    if order.store_id != store.pk:
        return None
    options = carrier_options(store=store, order=order)
    if not options:
        return None
    return Recommendation(carrier=options[0].carrier, options=options, weights=dict(WEIGHTS))
