"""Same seed and arguments give byte-identical output; the stream and the whole shop agree."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from itertools import islice

from wasl.demo import generate_shop, iter_orders, write_import_csv
from wasl.demo.generator import OrderStream

ANCHOR = datetime(2025, 6, 30, tzinfo=UTC)


def _csv(seed: int) -> str:
    stream = io.StringIO(newline="")
    write_import_csv(iter_orders(orders=1500, days=60, seed=seed, now=ANCHOR), stream)
    return stream.getvalue()


def test_given_the_same_seed_when_generated_twice_then_the_csv_is_byte_identical() -> None:
    assert _csv(5).encode() == _csv(5).encode()


def test_given_the_same_seed_when_generated_twice_then_every_order_and_scan_is_equal() -> None:
    first = generate_shop(orders=800, days=30, seed=21, now=ANCHOR)
    second = generate_shop(orders=800, days=30, seed=21, now=ANCHOR)
    assert repr(first) == repr(second)


def test_given_two_seeds_when_generated_then_the_output_differs() -> None:
    assert _csv(5) != _csv(6)


def test_given_a_shop_when_streamed_then_the_stream_yields_the_same_orders() -> None:
    shop = generate_shop(orders=600, days=20, seed=3, market="EG", now=ANCHOR)
    assert tuple(iter_orders(orders=600, days=20, seed=3, market="EG", now=ANCHOR)) == shop.orders


def test_given_a_million_orders_when_only_a_few_are_read_then_only_those_are_made() -> None:
    """Streaming: reading 50 orders of a million meets at most 50 buyers and keeps no orders."""
    stream = OrderStream(orders=1_000_000, days=365, seed=1, now=ANCHOR)
    taken = list(islice(iter(stream), 50))
    assert len(taken) == 50
    assert 1 <= stream.customers_created <= 50
    assert [order.order.external_id for order in taken[:3]] == ["1001", "1002", "1003"]


def test_given_no_now_when_generated_then_the_data_ends_at_todays_utc_midnight() -> None:
    shop = generate_shop(orders=200, days=10, seed=2)
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    assert shop.now in (today, today - timedelta(days=1))  # the test may straddle midnight
    assert all(order.order.placed_at < shop.now for order in shop.orders)


def test_given_days_and_count_when_generated_then_orders_fill_the_window_oldest_first() -> None:
    shop = generate_shop(orders=3000, days=45, seed=4, now=ANCHOR)
    placed = [order.order.placed_at for order in shop.orders]
    assert len(placed) == 3000
    assert placed == sorted(placed)
    assert ANCHOR - timedelta(days=45) <= placed[0] < ANCHOR - timedelta(days=44)
    assert ANCHOR - timedelta(days=1) <= placed[-1] < ANCHOR
    assert len({order.order.external_id for order in shop.orders}) == 3000


def test_given_an_unknown_market_when_generating_then_it_is_refused_with_the_known_ones() -> None:
    try:
        generate_shop(orders=1, days=1, seed=1, market="XX", now=ANCHOR)
    except ValueError as error:
        assert str(error) == "no demo market 'XX'; known markets: AE, EG, IN, MA, SA"
    else:
        raise AssertionError("an unknown market was accepted")


def test_given_a_stream_when_iterated_twice_then_both_passes_give_the_same_orders() -> None:
    stream = OrderStream(orders=300, days=10, seed=8, now=ANCHOR)
    first = list(stream)
    assert list(stream) == first
    assert stream.customers_created == len({order.customer_id for order in first})
