"""Promised delivery dates from the store's own transit history, per carrier and lane.

A promise is `anchor + N working days`, where N is a quantile (the store's percentile, 80th by default) of the
working days the carrier took, on past deliveries, from the shipment's first scan (label or pick-up) to the
delivery. The figures come from `CarrierLaneStat` rows, rebuilt by a periodic task (`promise_stats.py`), so a
promise costs one indexed read. The most specific scope with enough deliveries (`min_samples`) wins:

1. the lane: the store's ship-from city to the destination city (its postal code prefix when it has no city);
2. the destination region, then the destination country, for that carrier;
3. the carrier everywhere;
4. the store's default transit days;
5. `DEFAULT_TRANSIT_DAYS`, when a store has set nothing and has no history.

The anchor of a shipment is its first scan (its creation while it has none); before shipping, it is today plus
the store's handling days. Days are the store's working days (weekly days off and holidays) in its time zone.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Min
from django.utils import timezone

from wasl.orders.models import Order, OrderStatus
from wasl.shipping.calendar import WorkCalendar, usual_working_days
from wasl.shipping.models import Direction, Shipment
from wasl.shipping.promises_models import CarrierLaneStat, PromiseSettings
from wasl.stores.models import Store

DEFAULT_TRANSIT_DAYS = 5  # working days: a cautious national parcel in the Gulf, North Africa or India
ALL = "all"


@dataclass(frozen=True)
class Promise:
    date: dt.date  # the promised (latest) delivery day
    earliest: dt.date  # when a fast parcel on this lane arrives
    carrier: str
    lane: str  # e.g. "riyadh > jeddah"
    basis: str  # "lane n=42", "region n=30", "country n=120", "carrier n=500", "store default", "constant", "given"


@dataclass(frozen=True)
class Destination:
    city: str
    region: str
    country: str
    postal_code: str

    def lane(self, origin: str) -> str:
        place = self.city or (f"pc:{self.postal_code[:3]}" if self.postal_code else "")
        return lane_name(origin, place) if place else ""

    def scopes(self, origin: str) -> list[tuple[str, str]]:
        """(level, scope) from the most specific to the carrier everywhere."""
        found = []
        if lane := self.lane(origin):
            found.append(("lane", f"lane:{lane}"))
        if self.region:
            found.append(("region", f"region:{self.region}"))
        if self.country:
            found.append(("country", f"country:{self.country}"))
        found.append(("carrier", ALL))
        return found


def lane_name(origin: str, place: str) -> str:
    """ "riyadh > jeddah"; "* > jeddah" for a store that has not said where it ships from."""
    return f"{origin or '*'} > {place}"


def normalize_place(text: str) -> str:
    """Riyadh, RIYADH and ' riyadh ' are one place; Fès and Fes too. Arabic letters are kept as written."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())[:100]


def destination_of(order: Order | None) -> Destination:
    if order is None:
        return Destination("", "", "", "")
    address = order.shipping_address if order.shipping_address_id else None
    region = address.region if address is not None else ""
    postal = "".join((order.ship_postal_code or "").split()).upper()
    return Destination(
        city=normalize_place(order.ship_city),
        region=normalize_place(region),
        country=(order.ship_country or "").upper(),
        postal_code=postal,
    )


def settings_for(store: Store) -> PromiseSettings:
    """The store's settings row, or an unsaved one holding the defaults."""
    found = PromiseSettings.objects.filter(store=store).first()
    return found if found is not None else PromiseSettings(store=store)


def calendar_for(store: Store, settings: PromiseSettings | None = None) -> WorkCalendar:
    settings = settings or settings_for(store)
    return WorkCalendar.build(
        working_days=settings.working_days or usual_working_days(store.country),
        holidays=list(settings.holidays or []),
        zone=store.timezone,
    )


@dataclass(frozen=True)
class Quote:
    """Working days for one carrier to one destination, and where the figure came from."""

    days: int
    fast_days: int
    level: str
    samples: int

    @property
    def basis(self) -> str:
        return f"{self.level} n={self.samples}" if self.samples else self.level


Figures = dict[tuple[str, str], CarrierLaneStat]


def lane_figures(*, store: Store) -> Figures:
    """Every lane figure of the store by (carrier, scope), for work over many shipments at once."""
    rows = CarrierLaneStat.objects.filter(store=store).only(
        "carrier", "scope", "samples", "days_low", "days_promise"
    )
    return {(row.carrier, row.scope): row for row in rows}


def transit_quote(
    *,
    store: Store,
    carrier: str,
    destination: Destination,
    settings: PromiseSettings | None = None,
    figures: Figures | None = None,
) -> Quote:
    """The fallback chain of the module docstring, as one read of the lane figures (none with `figures`)."""
    settings = settings or settings_for(store)
    scopes = destination.scopes(normalize_place(settings.origin_city))
    if figures is None:
        rows = {
            row.scope: row
            for row in CarrierLaneStat.objects.filter(
                store=store, carrier=carrier, scope__in=[scope for _, scope in scopes]
            ).only("scope", "samples", "days_low", "days_promise")
        }
    else:
        rows = {scope: figures[(carrier, scope)] for _, scope in scopes if (carrier, scope) in figures}
    for level, scope in scopes:
        row = rows.get(scope)
        if row is not None and row.samples >= settings.min_samples:
            return Quote(row.days_promise, min(row.days_low, row.days_promise), level, row.samples)
    if settings.default_transit_days:
        days = settings.default_transit_days
        return Quote(days, (days + 1) // 2, "store default", 0)
    return Quote(DEFAULT_TRANSIT_DAYS, (DEFAULT_TRANSIT_DAYS + 1) // 2, "constant", 0)


def shipment_anchor(shipment: Shipment) -> datetime:
    """When the parcel's clock started: its first scan, else its creation (now, for one not yet saved)."""
    if shipment.pk is not None and shipment.last_event_at is not None:  # no scan folded yet: none to read
        first = shipment.events.aggregate(first=Min("occurred_at"))["first"]
        if first is not None:
            return first
    return shipment.created_at or timezone.now()


def promise_from(
    *,
    store: Store,
    carrier: str,
    destination: Destination,
    start: date,
    settings: PromiseSettings | None = None,
    calendar: WorkCalendar | None = None,
) -> Promise:
    settings = settings or settings_for(store)
    calendar = calendar or calendar_for(store, settings)
    quote = transit_quote(store=store, carrier=carrier, destination=destination, settings=settings)
    return Promise(
        date=calendar.add(start, quote.days),
        earliest=calendar.add(start, quote.fast_days),
        carrier=carrier,
        lane=destination.lane(normalize_place(settings.origin_city)),
        basis=quote.basis,
    )


def promise_for_shipment(*, shipment: Shipment) -> Promise | None:
    """The promise of a forward shipment: the date it was given when it has one, else a fresh one.

    None for a return (reverse) shipment: nothing is promised to the buyer about it.
    """
    if shipment.direction != Direction.FORWARD:
        return None
    store = shipment.store
    settings = settings_for(store)
    calendar = calendar_for(store, settings)
    start = calendar.local_date(shipment_anchor(shipment))
    fresh = promise_from(
        store=store,
        carrier=shipment.carrier,
        destination=destination_of(shipment.order),
        start=start,
        settings=settings,
        calendar=calendar,
    )
    if shipment.promised_date is None:
        return fresh
    from wasl.shipping.rates_models import ShipmentEstimate

    given = ShipmentEstimate.objects.filter(shipment=shipment).values_list("promise_basis", flat=True).first()
    return Promise(
        date=shipment.promised_date,
        earliest=min(fresh.earliest, shipment.promised_date),
        carrier=shipment.carrier,
        lane=fresh.lane,
        basis=given or "given",
    )


def promise_for_order(*, order: Order) -> Promise | None:
    """What to tell the buyer: the shipped parcel's promise, or, before shipping, the store's carrier's.

    Before shipping the carrier is the store's default one, else the recommended one for the destination
    (`carrier_choice.recommend_carrier`). None for a cancelled or settled order, or when the store has no carrier
    at all (no default, no rate card, no history).
    """
    shipment = (
        Shipment.objects.filter(store_id=order.store_id, order=order, direction=Direction.FORWARD)
        .select_related("store", "order__shipping_address")
        .order_by("-id")
        .first()
    )
    if shipment is not None:
        return promise_for_shipment(shipment=shipment)
    if order.status != OrderStatus.PENDING:
        return None
    store = order.store
    settings = settings_for(store)
    carrier = settings.default_carrier
    if not carrier:
        from wasl.shipping.carrier_choice import recommend_carrier

        recommendation = recommend_carrier(store=store, order=order)
        carrier = recommendation.carrier if recommendation is not None else ""
    if not carrier:
        return None
    calendar = calendar_for(store, settings)
    start = calendar.add(calendar.local_date(timezone.now()), settings.handling_days)
    return promise_from(
        store=store,
        carrier=carrier,
        destination=destination_of(order),
        start=start,
        settings=settings,
        calendar=calendar,
    )
