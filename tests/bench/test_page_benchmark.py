"""The tracking page benchmark's parts: the seeded store, and the keep-alive clients against a real server."""

from __future__ import annotations

import multiprocessing
import socket
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest

from wasl.bench.page import Tally, _quantile, _seed, drive
from wasl.bench.server import free_port
from wasl.bench.wsgi_loop import serve_forever
from wasl.orders.models import Order, OrderLine, Product
from wasl.shipping.models import Shipment, TrackingEvent


def _pages(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    status = "200 OK" if environ["PATH_INFO"].startswith("/t/") else "404 Not Found"
    start_response(status, [("Content-Type", "text/html")])
    return [b"<p>" + environ["PATH_INFO"].encode() + b"</p>"]


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    chosen = free_port()
    process = multiprocessing.get_context("fork").Process(
        target=serve_forever, args=(_pages, chosen), daemon=True
    )
    process.start()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", chosen), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield chosen
    process.terminate()
    process.join(5)


def test_clients_keep_their_connection_and_count_every_answer(port: int) -> None:
    # given 3 clients asking for two pages and one missing page for a short while
    tally = Tally()
    seconds = drive(port, ["/t/a/1/", "/t/a/2/", "/missing"], 3, 0.3, tally)
    # then every answer is counted with its status and latency, and nothing was dropped
    assert 0.3 <= seconds < 5
    assert tally.errors == 0
    assert set(tally.statuses) == {200, 404}
    assert sum(tally.statuses.values()) == len(tally.latencies) > 10
    assert all(0 < latency < 5 for latency in tally.latencies)


def test_quantiles_of_latencies() -> None:
    values = [i / 1000 for i in range(1, 101)]
    assert (_quantile(values, 0.5), _quantile(values, 0.99), _quantile([], 0.5)) == (0.051, 0.1, 0.0)


@pytest.mark.django_db
def test_seeded_store_has_parcels_with_scans_and_a_catalogue() -> None:
    store, numbers = _seed(12, seed=3)
    assert numbers == [f"PB{i:07d}" for i in range(12)]
    assert Order.objects.filter(store=store).count() == 12
    assert OrderLine.objects.filter(order__store=store).count() == 24
    assert Product.objects.filter(store=store).count() == 24
    events = TrackingEvent.objects.filter(store=store).count()
    assert 3 * 12 <= events <= 5 * 12
    shipment = Shipment.objects.filter(store=store).order_by("id").first()
    assert shipment is not None and shipment.order is not None and shipment.promised_date is not None
