"""A parcel's forward journey in time: label, pick-up, hub hops, delivery mornings, re-attempts, the way back.

All times are UTC; delivery rounds follow the buyer's local clock and skip the market's weekly day off.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from wasl.demo.carriers import CARRIERS, NDR_CODES, SCAN_CODES, CarrierProfile
from wasl.demo.markets import City, Market
from wasl.demo.sampling import Weighted
from wasl.shipping.status import ShipmentStatus
from wasl.shipping.types import TrackingUpdate

S = ShipmentStatus
_PLAIN: dict[str, str] = {status.value: status.value for status in S}
_RTO_INITIATED = S.RTO_INITIATED.value
_HOUR = 3600.0
_SOURCE = "demo"


@dataclass(frozen=True, slots=True)
class Route:
    market: Market
    carrier: CarrierProfile
    warehouse: str
    origin_hub: str
    city: City


@dataclass(slots=True)
class Journey:
    """Scans of one shipment as the carrier would send them, plus the moments the outcome depends on."""

    route: Route
    tracking_number: str
    order_external_id: str
    events: list[TrackingUpdate] = field(default_factory=list)
    arrived_at: datetime | None = None  # last hub or station before delivery
    last_hub: str = ""

    def scan(self, status: str, at: datetime, location: str, ndr_reason: str = "") -> datetime:
        status = _PLAIN[status]  # the value, not the enum member, so output reads the same everywhere
        if ndr_reason:
            code, text = NDR_CODES[ndr_reason]
            if status == _RTO_INITIATED:
                code = "RTI-" + code.removeprefix("UND-")
        else:
            code, text = SCAN_CODES[status]
        self.events.append(
            TrackingUpdate(
                tracking_number=self.tracking_number,
                carrier=self.route.carrier.slug,
                status=status,
                occurred_at=at,
                raw_code=code,
                raw_text=text,
                ndr_reason=ndr_reason,
                location=location,
                source=_SOURCE,
                dedupe_key=f"{_SOURCE}-{self.tracking_number}-{len(self.events) + 1}",
                order_external_id=self.order_external_id,
            )
        )
        return at


class RoutePlanner:
    """Picks the carrier by the shop's shares and ships from the warehouse in the buyer's hub region, if any."""

    def __init__(self, market: Market) -> None:
        self._market = market
        self._carriers = Weighted((CARRIERS[slug], share) for slug, share in market.carriers)
        self._origins: dict[str, tuple[str, str]] = {}
        for city in market.cities:
            warehouse = next(
                (name for name in market.warehouses if market.city(name).hub == city.hub),
                market.warehouses[0],
            )
            self._origins[city.name] = (warehouse, market.city(warehouse).hub)

    def route(self, rng: random.Random, city: City) -> Route:
        warehouse, origin_hub = self._origins[city.name]
        return Route(self._market, self._carriers.draw(rng), warehouse, origin_hub, city)


def ship(rng: random.Random, journey: Journey, *, placed_at: datetime, cod: bool) -> None:
    """Label, pick-up and hub hops up to the delivery station; sets `arrived_at`."""
    route = journey.route
    confirmation = rng.uniform(0.0, 12.0) if cod else 0.0  # COD orders wait for the buyer to confirm
    created = journey.scan(S.CREATED, placed_at + _hours(rng.uniform(0.5, 16.0) + confirmation), "")
    picked = journey.scan(S.PICKED_UP, _pickup_time(rng, route.market, created), route.warehouse)
    at = journey.scan(S.IN_TRANSIT, picked + _hours(rng.uniform(2.0, 6.0)), f"{route.origin_hub} hub")
    delayed = rng.random() < route.carrier.delay_share + (0.05 if route.city.remote_days > 1.0 else 0.0)
    if delayed:
        at += _hours(rng.uniform(40.0, 130.0))  # held at a hub: backlog, missing paperwork, weather
    if route.city.hub != route.origin_hub:
        line_haul = route.carrier.line_haul_hours * rng.lognormvariate(0.0, 0.35)
        at = journey.scan(S.IN_TRANSIT, at + _hours(line_haul), f"{route.city.hub} hub")
    journey.last_hub = f"{route.city.hub} hub"
    if route.city.name != route.city.hub:
        onward = 3.0 + 24.0 * route.city.remote_days * rng.uniform(0.6, 1.3)
        at = journey.scan(S.IN_TRANSIT, at + _hours(onward), f"{route.city.name} station")
    journey.arrived_at = at


def next_round(rng: random.Random, market: Market, after: datetime, *, min_days: int = 0) -> datetime:
    """The start of the next delivery round (08:00-11:30 local) at least `min_days` local days later."""
    offset = timedelta(minutes=market.utc_offset_minutes)
    local = after + offset
    day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    day += timedelta(days=max(min_days, 0 if local.hour < 6 else 1))
    while day.weekday() == market.weekly_off_day:
        day += timedelta(days=1)
    return day - offset + _hours(rng.uniform(8.0, 11.5))


def attempt(rng: random.Random, journey: Journey, round_start: datetime) -> datetime:
    """Out for delivery at `round_start`; returns when the courier reached the door."""
    journey.scan(S.OUT_FOR_DELIVERY, round_start, journey.route.city.name)
    return round_start + _hours(rng.uniform(1.0, 8.5))


def go_back(rng: random.Random, journey: Journey, started: datetime, reason: str) -> datetime:
    """Return to origin from `started`; returns when the shipper got the parcel back."""
    route = journey.route
    journey.scan(S.RTO_INITIATED, started, route.city.name, reason)
    at = journey.scan(S.RTO_IN_TRANSIT, started + _hours(rng.uniform(8.0, 36.0)), journey.last_hub)
    home = route.carrier.line_haul_hours * rng.lognormvariate(0.3, 0.4)
    if route.city.hub == route.origin_hub:
        home = rng.uniform(6.0, 30.0)
    at = journey.scan(S.RTO_IN_TRANSIT, at + _hours(home), f"{route.origin_hub} hub")
    return journey.scan(S.RTO_DELIVERED, at + _hours(rng.uniform(20.0, 70.0)), route.warehouse)


def lose(rng: random.Random, journey: Journey) -> datetime:
    """The carrier stops finding the parcel and, after searching, declares it lost."""
    assert journey.arrived_at is not None
    declared = journey.arrived_at + _hours(rng.uniform(5 * 24.0, 12 * 24.0))
    return journey.scan(S.LOST, declared, journey.last_hub)


def _pickup_time(rng: random.Random, market: Market, ready: datetime) -> datetime:
    offset = timedelta(minutes=market.utc_offset_minutes)
    local = ready + offset
    day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if local.hour >= 15:
        day += timedelta(days=1)
    return day - offset + _hours(rng.uniform(15.5, 19.5))


def _hours(hours: float) -> timedelta:
    return timedelta(seconds=round(hours * _HOUR))
