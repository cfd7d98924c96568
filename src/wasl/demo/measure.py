"""The published figures, measured on generated orders: what docs/demo-data.md reports and the tests check.

Rates about outcomes count only settled orders (placed long enough before `now` for every parcel to have
come home), because the last weeks still hold parcels in flight and returns not yet made.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from wasl.demo.markets import MARKETS
from wasl.demo.types import DemoOrder, Outcome
from wasl.shipping.status import NdrReason

SETTLE_DAYS = 30
_SHIPPED = frozenset({Outcome.DELIVERED, Outcome.RETURNED, Outcome.RTO, Outcome.LOST})
_REFUSED = NdrReason.REFUSED.value


@dataclass(slots=True)
class Tally:
    hits: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.hits += hit
        self.total += 1

    @property
    def rate(self) -> float:
        return self.hits / self.total if self.total else 0.0


@dataclass(slots=True)
class Calibration:
    orders: int = 0
    cod: Tally = field(default_factory=Tally)
    cancelled: Tally = field(default_factory=Tally)  # of all orders placed before the settle line
    rto_cod: Tally = field(default_factory=Tally)  # of settled COD shipments
    rto_prepaid: Tally = field(default_factory=Tally)
    rto_is_cod: Tally = field(default_factory=Tally)  # of settled RTOs
    ndr: Tally = field(default_factory=Tally)  # settled shipments with at least one failed attempt
    refused_cod: Tally = field(default_factory=Tally)  # of settled COD RTOs, refused by the buyer
    refused_prepaid: Tally = field(default_factory=Tally)
    returned: Tally = field(default_factory=Tally)  # of settled delivered shipments
    lost: Tally = field(default_factory=Tally)  # of settled shipments
    in_flight: int = 0  # orders without an outcome at `now`
    rto_cod_by_city: dict[str, Tally] = field(default_factory=dict)
    rto_cod_by_days: dict[str, Tally] = field(default_factory=dict)  # days from order to first delivery round
    channels: Counter[str] = field(default_factory=Counter)
    carriers: Counter[str] = field(default_factory=Counter)

    def city_rates(self, *, min_orders: int) -> dict[str, float]:
        return {city: tally.rate for city, tally in self.rto_cod_by_city.items() if tally.total >= min_orders}


def days_bucket(days: int) -> str:
    if days <= 2:
        return "1-2"
    return "3-5" if days <= 5 else ">5"


def days_to_first_attempt(order: DemoOrder) -> int | None:
    """Calendar days, on the buyer's clock, from placing the order to the first delivery round."""
    if order.first_attempt_at is None:
        return None
    offset = timedelta(minutes=MARKETS[order.order.shipping_address.country].utc_offset_minutes)
    placed = (order.order.placed_at + offset).date()
    return ((order.first_attempt_at + offset).date() - placed).days


def measure(orders: Iterable[DemoOrder], *, now: datetime, settle_days: int = SETTLE_DAYS) -> Calibration:
    settled_before = now - timedelta(days=settle_days)
    figures = Calibration()
    for order in orders:
        _count(figures, order, settled=order.order.placed_at < settled_before)
    return figures


def _count(figures: Calibration, order: DemoOrder, *, settled: bool) -> None:
    cod = order.order.payment_method == "cod"
    figures.orders += 1
    figures.cod.add(cod)
    figures.channels[order.order.channel] += 1
    if order.carrier:
        figures.carriers[order.carrier] += 1
    if order.outcome is None:
        figures.in_flight += 1
    if not settled:
        return
    figures.cancelled.add(order.outcome is Outcome.CANCELLED)
    if order.outcome not in _SHIPPED:
        return
    rto = order.outcome is Outcome.RTO
    (figures.rto_cod if cod else figures.rto_prepaid).add(rto)
    figures.ndr.add(bool(order.ndr_reasons))
    figures.lost.add(order.outcome is Outcome.LOST)
    if order.outcome in (Outcome.DELIVERED, Outcome.RETURNED):
        figures.returned.add(order.outcome is Outcome.RETURNED)
    if rto:
        figures.rto_is_cod.add(cod)
        (figures.refused_cod if cod else figures.refused_prepaid).add(order.rto_reason == _REFUSED)
    if not cod:
        return
    city = order.order.shipping_address.city
    figures.rto_cod_by_city.setdefault(city, Tally()).add(rto)
    days = days_to_first_attempt(order)
    if days is not None:
        figures.rto_cod_by_days.setdefault(days_bucket(days), Tally()).add(rto)
