"""The demo shop generator: deterministic for a seed, streaming so a million orders fit in little memory."""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterator
from datetime import datetime, timedelta

from wasl.demo import _risk
from wasl.demo.baskets import OrderHeader, customer_data, fill_basket, value_ratio
from wasl.demo.carriers import tracking_number
from wasl.demo.catalog import Catalogue, build_catalogue
from wasl.demo.clock import as_utc, placement_times, today_utc
from wasl.demo.customers import CustomerFactory
from wasl.demo.fates import Fate, play_out
from wasl.demo.journey import Journey, RoutePlanner, ship
from wasl.demo.markets import Market, market_for
from wasl.demo.sampling import Weighted
from wasl.demo.snapshot import cancelled_order, shipped_order
from wasl.demo.types import DemoCustomer, DemoOrder, DemoShop, Outcome, StoreFacts

_NEW_CUSTOMER_SHARE = 0.64
_ORDER_SALT = 0x0D
_CLOCK_SALT = 0xC1


class OrderStream:
    """Iterates a shop's orders oldest first. Keeps per-buyer counters, never the orders themselves."""

    def __init__(self, *, orders: int, days: int, seed: int, market: str = "SA", now: datetime | None = None):
        if orders < 0 or days < 1:
            raise ValueError("orders must be >= 0 and days >= 1")
        self.orders = orders
        self.days = days
        self.seed = seed
        self.market: Market = market_for(market)
        self.now = as_utc(now) if now is not None else today_utc()
        self.catalogue: Catalogue = build_catalogue(seed=seed, market=self.market)
        self.customer_factory = CustomerFactory(seed=seed, market=self.market)
        self._start()

    def _start(self) -> None:
        self.customers_created = 0
        # Per buyer: orders placed, and parcels refused or delivered by the time of the next order.
        self._placed: list[int] = []
        self._rtos: list[int] = []
        self._delivered: list[int] = []
        self._pending: list[tuple[datetime, int, int, bool]] = []

    def __iter__(self) -> Iterator[DemoOrder]:
        self._start()  # iterating again replays the same orders
        market = self.market
        rng = random.Random(self.seed * 0x100 + _ORDER_SALT)
        clock = random.Random(self.seed * 0x100 + _CLOCK_SALT)
        times = placement_times(
            clock,
            orders=self.orders,
            days=self.days,
            now=self.now,
            utc_offset_minutes=market.utc_offset_minutes,
        )
        channels = Weighted(market.channels)
        routes = RoutePlanner(market)
        local_offset = timedelta(minutes=market.utc_offset_minutes)
        for sequence, placed_at in enumerate(times):
            self._settle(placed_at)
            index = self._pick_customer(rng)
            customer, traits = self.customer_factory.build(index)
            first_order = self._placed[index] == 0
            self._placed[index] += 1
            cod = rng.random() < market.cod_share
            basket = fill_basket(rng, self.catalogue, market, first_order=first_order)
            header = OrderHeader(
                sequence=sequence,
                channel=channels.draw(rng),
                placed_at=placed_at,
                cod=cod,
                customer=customer_data(rng, market, customer),
                address=customer.address,
                basket=basket,
            )
            quality = customer.address_quality
            if rng.random() < _risk.cancel_probability(
                cod=cod, address_quality=quality, first_order=first_order
            ):
                cancelled_at = placed_at + timedelta(seconds=rng.randrange(1800, 36 * 3600))
                yield cancelled_order(header, market, cancelled_at=cancelled_at, now=self.now)
                continue
            route = routes.route(rng, traits.city)
            number = tracking_number(route.carrier, sequence=sequence, seed=self.seed)
            journey = Journey(route, number, header.external_id)
            ship(rng, journey, placed_at=placed_at, cod=cod)
            signals = _risk.OrderSignals(
                cod=cod,
                city_shift=traits.city.rto_shift,
                carrier_shift=route.carrier.rto_shift,
                days_to_first_attempt=0,
                address_quality=quality,
                prior_orders=self._placed[index] - 1,
                prior_rtos=self._rtos[index],
                prior_delivered=self._delivered[index],
                phone_shared=traits.phone_shared,
                propensity=traits.propensity,
                value_ratio=value_ratio(basket, market),
                local_hour=(placed_at + local_offset).hour,
                remote_city=traits.city.remote_days > 1.0,
            )
            fate = play_out(
                rng,
                journey,
                placed_at=placed_at,
                signals=signals,
                return_weight=max(self.catalogue.return_weight[category] for category in basket.categories),
                categories=basket.categories,
            )
            self._remember(fate, sequence, index)
            yield shipped_order(header, market, journey, fate, now=self.now)

    def customers(self) -> tuple[DemoCustomer, ...]:
        """Every buyer the stream has met so far, in order of their first purchase."""
        return tuple(self.customer_factory.build(index)[0] for index in range(self.customers_created))

    def store(self) -> StoreFacts:
        name, slug = random.Random(self.seed).choice(self.market.store_names)
        market = self.market
        return StoreFacts(
            name=name,
            slug=slug,
            country=market.code,
            currency=market.currency,
            language=market.language,
            timezone=market.timezone,
            utc_offset_minutes=market.utc_offset_minutes,
        )

    def _pick_customer(self, rng: random.Random) -> int:
        if self.customers_created == 0 or rng.random() < _NEW_CUSTOMER_SHARE:
            self.customers_created += 1
            self._placed.append(0)
            self._rtos.append(0)
            self._delivered.append(0)
            return self.customers_created - 1
        return rng.randrange(self.customers_created)

    def _settle(self, moment: datetime) -> None:
        pending = self._pending
        while pending and pending[0][0] <= moment:
            _, _, index, was_rto = heapq.heappop(pending)
            if was_rto:
                self._rtos[index] += 1
            else:
                self._delivered[index] += 1

    def _remember(self, fate: Fate, sequence: int, index: int) -> None:
        if fate.outcome is Outcome.RTO:
            heapq.heappush(self._pending, (fate.outcome_at, sequence, index, True))
        elif fate.delivered_at is not None:
            heapq.heappush(self._pending, (fate.delivered_at, sequence, index, False))


def iter_orders(
    *, orders: int, days: int, seed: int, market: str = "SA", now: datetime | None = None
) -> Iterator[DemoOrder]:
    """The orders of `generate_shop(...)` one at a time, oldest first, without holding them all."""
    return iter(OrderStream(orders=orders, days=days, seed=seed, market=market, now=now))


def generate_shop(
    *, orders: int, days: int, seed: int, market: str = "SA", now: datetime | None = None
) -> DemoShop:
    """A whole demo shop: store, catalogue with stock, buyers and `orders` orders over the last `days` days.

    `now` is when the data ends (default: today's UTC midnight); orders from its last days are still in flight.
    """
    stream = OrderStream(orders=orders, days=days, seed=seed, market=market, now=now)
    generated = tuple(stream)
    return DemoShop(
        store=stream.store(),
        locations=stream.catalogue.locations,
        products=stream.catalogue.products,
        customers=stream.customers(),
        orders=generated,
        now=stream.now,
    )
