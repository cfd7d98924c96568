"""What the model reads about an order: the order itself, and what the store knew before it was placed.

History counts only what happened strictly before the order's own `placed_at`: orders placed earlier, and
outcomes (delivered, returned, RTO, cancelled) whose time is earlier. The same function serves training (every
past order against the whole history), the order-arrival task and bulk scoring, so what a model learnt from is
exactly what it is given later. Everything is computed on column arrays, a batch at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np

from wasl.orders.models import OrderStatus
from wasl.risk.frames import AddressText, OrderColumns
from wasl.risk.lookups import STATUS_CODE, History
from wasl.risk.quality import address_quality, phone_quality

# (feature, reason group). The order is the model's column order; groups are what reasons speak of.
NUMERIC: tuple[tuple[str, str], ...] = (
    ("cod", "payment"),
    ("total", "order_value"),
    ("shipping_fee", "order_value"),
    ("items", "basket"),
    ("lines", "basket"),
    ("discount_share", "discount"),
    ("first_order", "buyer_history"),
    ("prior_orders", "buyer_history"),
    ("prior_delivered", "buyer_history"),
    ("prior_cancelled", "buyer_history"),
    ("prior_rtos", "past_rtos"),
    ("prior_returns", "past_returns"),
    ("phone_other_addresses", "phone_shared"),
    ("address_other_customers", "address_history"),
    ("address_orders", "address_history"),
    ("address_rtos", "address_history"),
    ("hour", "hour"),
    ("weekday", "weekday"),
    ("address_score", "address_quality"),
    ("phone_score", "phone_quality"),
)
NUMERIC_NAMES: tuple[str, ...] = tuple(name for name, _ in NUMERIC)
COLUMN = {name: i for i, name in enumerate(NUMERIC_NAMES)}
NIGHT_UNTIL = 5  # orders placed from midnight to 5 a.m. local time

_SPAN = np.int64(1 << 34)  # above any time in seconds until the year 2514: key * SPAN + time never collides
_EPOCH_WEEKDAY = 3  # 1 January 1970 was a Thursday (Monday is 0)


@dataclass
class Features:
    """The numeric columns plus what the fitted model encodes itself (places, channel, categories)."""

    numeric: np.ndarray  # float64, n x len(NUMERIC)
    city: np.ndarray
    postal: np.ndarray
    channel: np.ndarray
    categories: list[tuple[str, ...]]
    address_reason: list[tuple[str, tuple[tuple[str, str], ...]]]  # the address' weakest point, for words
    phone_reason: list[tuple[str, tuple[tuple[str, str], ...]]]
    city_raw: list[str]
    postal_raw: list[str]

    def __len__(self) -> int:
        return len(self.numeric)

    def column(self, name: str) -> np.ndarray:
        return self.numeric[:, COLUMN[name]]

    def take(self, index: np.ndarray) -> Features:
        picked = np.arange(len(self))[index]
        return Features(
            numeric=self.numeric[picked],
            city=self.city[picked],
            postal=self.postal[picked],
            channel=self.channel[picked],
            categories=[self.categories[i] for i in picked],
            address_reason=[self.address_reason[i] for i in picked],
            phone_reason=[self.phone_reason[i] for i in picked],
            city_raw=[self.city_raw[i] for i in picked],
            postal_raw=[self.postal_raw[i] for i in picked],
        )


def order_features(orders: OrderColumns, history: History, *, timezone: str) -> Features:
    """Features of `orders` given `history` (which must hold every stored order of their buyers and addresses)."""
    n = len(orders)
    numeric = np.zeros((n, len(NUMERIC)), dtype=np.float64)
    put = _Putter(numeric)
    put("cod", orders.cod)
    put("total", orders.total)
    put("shipping_fee", orders.shipping)
    put("items", orders.items)
    put("lines", orders.lines)
    gross = orders.total + orders.discount
    put("discount_share", np.divide(orders.discount, gross, out=np.zeros(n), where=gross > 0))
    _buyer_history(put, orders, history)
    _place_history(put, orders, history)
    hour, weekday = local_clock(orders.placed, timezone)
    put("hour", hour)
    put("weekday", weekday)
    address_scores = [_address_score(a) for a in orders.address]
    phone_scores = [
        _phone_score(str(p), a.country) for p, a in zip(orders.phone, orders.address, strict=True)
    ]
    put("address_score", np.array([s[0] for s in address_scores]))
    put("phone_score", np.array([s[0] for s in phone_scores]))
    return Features(
        numeric=numeric,
        city=orders.city,
        postal=orders.postal,
        channel=orders.channel,
        categories=orders.categories,
        address_reason=[s[1] for s in address_scores],
        phone_reason=[s[1] for s in phone_scores],
        city_raw=orders.city_raw,
        postal_raw=orders.postal_raw,
    )


class _Putter:
    def __init__(self, numeric: np.ndarray) -> None:
        self.numeric = numeric

    def __call__(self, name: str, values: np.ndarray) -> None:
        self.numeric[:, COLUMN[name]] = values


# --- history, as of each order's placement ---------------------------------------------------------------


def count_before(
    event_key: np.ndarray, event_time: np.ndarray, key: np.ndarray, time: np.ndarray
) -> np.ndarray:
    """For each (key, time): how many events have the same key and happened strictly before `time`.

    Keys are non-negative integers (negative means "none": counts 0); event times may be NaN (never happened).
    One sort and two binary searches, whatever the number of keys.
    """
    if len(key) == 1:  # one order (checkout, arrival): a plain comparison beats sorting
        if key[0] < 0:
            return np.zeros(1, dtype=np.int64)
        return np.array([np.count_nonzero((event_key == key[0]) & (event_time < time[0]))])
    usable = (event_key >= 0) & np.isfinite(event_time)
    events = np.sort(event_key[usable].astype(np.int64) * _SPAN + event_time[usable].astype(np.int64))
    start = np.searchsorted(events, key.astype(np.int64) * _SPAN, side="left")
    end = np.searchsorted(events, key.astype(np.int64) * _SPAN + time.astype(np.int64), side="left")
    return np.where(key >= 0, end - start, 0)


def _joint_codes(*arrays: np.ndarray, missing: object) -> list[np.ndarray]:
    """Integer codes shared by all arrays (the same value gets the same code); `missing` gets -1."""
    joined = np.concatenate(arrays)
    uniques, codes = np.unique(joined, return_inverse=True)
    codes = codes.astype(np.int64)
    missing_at = np.flatnonzero(uniques == missing)
    if missing_at.size:
        codes[codes == missing_at[0]] = -1
    out, start = [], 0
    for array in arrays:
        out.append(codes[start : start + len(array)])
        start += len(array)
    return out


def _outcome_mask(history: History, *statuses: str) -> np.ndarray:
    codes = history.status_codes()
    mask = codes == STATUS_CODE[statuses[0]]
    for status in statuses[1:]:
        mask |= codes == STATUS_CODE[status]
    return mask


def _buyer_history(put: _Putter, orders: OrderColumns, history: History) -> None:
    h_key, q_key = history.customer, orders.customer
    placed = history.placed.astype(np.float64)
    t = orders.placed
    prior = count_before(h_key, placed, q_key, t)
    put("prior_orders", prior)
    put("first_order", (prior == 0).astype(np.float64))

    def outcomes(*statuses: str) -> np.ndarray:
        when = np.where(_outcome_mask(history, *statuses), history.outcome_at, np.nan)
        return count_before(h_key, when, q_key, t)

    put("prior_delivered", outcomes(OrderStatus.DELIVERED, OrderStatus.RETURNED))
    put("prior_rtos", outcomes(OrderStatus.RTO))
    put("prior_returns", outcomes(OrderStatus.RETURNED))
    put("prior_cancelled", outcomes(OrderStatus.CANCELLED))


def _place_history(put: _Putter, orders: OrderColumns, history: History) -> None:
    h_place, q_place = _joint_codes(history.fingerprint, orders.fingerprint, missing="")
    h_who, q_who = history.customer, orders.customer
    t = orders.placed
    placed = history.placed.astype(np.float64)
    put("address_orders", count_before(h_place, placed, q_place, t))
    rto_at = np.where(_outcome_mask(history, OrderStatus.RTO), history.outcome_at, np.nan)
    put("address_rtos", count_before(h_place, rto_at, q_place, t))
    # Each (address, buyer) pair counts once, from the first order that joined them.
    pair_place, pair_who, pair_first = _first_pairs(h_place, h_who, placed)
    width = np.int64(max(int(h_who.max(initial=0)), int(q_who.max(initial=0))) + 1)
    own_first = _lookup_pairs(pair_place * width + pair_who, pair_first, q_place * width + q_who)
    own_before = (own_first < t) & (q_place >= 0) & (q_who >= 0)
    sharers = count_before(pair_place, pair_first, q_place, t) - own_before
    put("address_other_customers", np.maximum(sharers, 0))
    places = count_before(pair_who, pair_first, q_who, t) - own_before
    put("phone_other_addresses", np.maximum(places, 0))


def _first_pairs(
    place: np.ndarray, who: np.ndarray, placed: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    usable = (place >= 0) & (who >= 0)
    place, who, placed = place[usable], who[usable], placed[usable]
    order = np.lexsort((placed, who, place))
    place, who, placed = place[order], who[order], placed[order]
    first = np.ones(len(place), dtype=bool)
    first[1:] = (place[1:] != place[:-1]) | (who[1:] != who[:-1])
    return place[first], who[first], placed[first]


def _lookup_pairs(pair_keys: np.ndarray, pair_first: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """First time of each wanted pair; +inf when the pair never happened."""
    order = np.argsort(pair_keys, kind="stable")
    keys, first = pair_keys[order], pair_first[order]
    at = np.searchsorted(keys, wanted)
    inside = at < len(keys)
    found = np.zeros(len(wanted), dtype=bool)
    found[inside] = keys[at[inside]] == wanted[inside]
    result = np.full(len(wanted), np.inf)
    result[found] = first[at[found]]
    return result


# --- time of day in the store's zone ----------------------------------------------------------------------


def local_clock(placed: np.ndarray, timezone: str) -> tuple[np.ndarray, np.ndarray]:
    """Hour (0-23) and weekday (Monday 0) in the store's time zone; one zone lookup per distinct hour."""
    zone = _zone(timezone)
    hours = placed.astype(np.int64) // 3600
    distinct, inverse = np.unique(hours, return_inverse=True)
    offsets = np.array(
        [_offset(int(h) * 3600, zone) for h in distinct] if len(distinct) else [], dtype=np.int64
    )
    local = placed.astype(np.int64) + (offsets[inverse] if len(distinct) else 0)
    hour = (local // 3600) % 24
    weekday = (local // 86400 + _EPOCH_WEEKDAY) % 7
    return hour.astype(np.float64), weekday.astype(np.float64)


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


@lru_cache(maxsize=200_000)
def _offset(moment: int, zone: ZoneInfo) -> int:
    offset = datetime.fromtimestamp(moment, UTC).astimezone(zone).utcoffset()
    return int(offset.total_seconds()) if offset else 0


# --- address and phone quality (pure functions of the text, cached) -----------------------------------------

QualityOut = tuple[float, tuple[str, tuple[tuple[str, str], ...]]]


@lru_cache(maxsize=200_000)
def _address_score(text: AddressText) -> QualityOut:
    scored = address_quality(
        line1=text.line1,
        line2=text.line2,
        city=text.city,
        region=text.region,
        postal_code=text.postal_code,
        country=text.country,
    )
    top = scored.reasons[0] if scored.reasons else None
    return scored.score, ((top.code, top.params) if top else ("", ()))


@lru_cache(maxsize=200_000)
def _phone_score(phone: str, country: str) -> QualityOut:
    scored = phone_quality(phone=phone, country=country)
    top = scored.reasons[0] if scored.reasons else None
    return scored.score, ((top.code, top.params) if top else ("", ()))
