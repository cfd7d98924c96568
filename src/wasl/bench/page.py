"""The buyer's tracking page under load, next to a trivial view on the same server in the same run.

A store is seeded with orders, parcels, scans and a small catalogue; the real web server (gunicorn, several
processes with threads each, as `wasl run` starts it) serves it on 127.0.0.1. Concurrent clients, each on its
own keep-alive connection, request signed tracking pages of random parcels for a bounded time, then the same
clients request /healthz (a view that touches nothing) for as long. The ratio of the two throughputs says what
the page costs on top of the server itself; p50 and p99 are the page's latencies as the clients saw them.

The clients are asyncio streams in this process: cheap enough that they take little of the CPU the server
needs, which matters on a small machine where both share the cores.
"""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.db import connection, transaction

from wasl.bench.server import _wait_ready, free_port
from wasl.core.management.commands.run import server_command
from wasl.orders.models import Address, Customer, Order, OrderLine, OrderStatus, Product, StockLevel, Variant
from wasl.portal.tracking_access import tracking_path, tracking_signature
from wasl.shipping.models import Shipment, TrackingEvent
from wasl.shipping.status import ShipmentStatus as S
from wasl.stores.models import Store
from wasl.stores.services import store_create

JOURNEY = (S.PICKED_UP, S.IN_TRANSIT, S.IN_TRANSIT, S.OUT_FOR_DELIVERY, S.DELIVERED)
CITIES = ("Riyadh", "Jeddah", "Dammam", "Mecca", "Medina", "Khobar")
CATEGORIES = ("abayas", "shoes", "bags", "perfume")
WARM_UP_S = 2.0


def _seed(orders: int, seed: int) -> tuple[Store, list[str]]:
    """A store with `orders` shipped orders (two lines each), 3 to 5 scans per parcel, and 24 products."""
    rng = random.Random(seed)
    slug = f"bench-page-{uuid.uuid4().hex[:8]}"
    store = store_create(name="Bench Boutique", slug=slug, country="SA", currency="SAR", language="ar")
    now = datetime.now(UTC)
    with transaction.atomic():
        products = Product.objects.bulk_create(
            Product(store=store, external_id=f"P{i}", name=f"Product {i}", category=CATEGORIES[i % 4])
            for i in range(24)
        )
        variants = Variant.objects.bulk_create(
            Variant(store=store, product=p, sku=f"SKU{i}", price=Decimal(50 + 10 * i))
            for i, p in enumerate(products)
        )
        StockLevel.objects.bulk_create(
            StockLevel(store=store, variant=v, location="main", quantity=0 if i % 6 == 5 else 20)
            for i, v in enumerate(variants)
        )
        customers = Customer.objects.bulk_create(
            Customer(
                store=store, identity=f"bench-{i}", name=f"Buyer {i}", phone=f"+9665{i:08d}", language="ar"
            )
            for i in range(orders)
        )
        addresses = Address.objects.bulk_create(
            Address(
                customer=c,
                fingerprint=f"fp{i}",
                name=c.name,
                line1=f"{i} King Fahd Rd",
                city=CITIES[i % 6],
                country="SA",
                phone=c.phone,
            )
            for i, c in enumerate(customers)
        )
        placed = [now - timedelta(days=rng.randint(1, 5), minutes=i) for i in range(orders)]
        rows = Order.objects.bulk_create(
            Order(
                store=store,
                customer=c,
                channel="bench",
                external_id=f"B{i}",
                number=f"#B{i}",
                status=OrderStatus.SHIPPED,
                payment_method="cod",
                currency="SAR",
                total=Decimal("180.00"),
                placed_at=placed[i],
                shipping_address=a,
                ship_city=a.city,
                ship_country="SA",
                content_hash="bench",
            )
            for i, (c, a) in enumerate(zip(customers, addresses, strict=True))
        )
        OrderLine.objects.bulk_create(
            OrderLine(order=o, variant=v, sku=v.sku, name=v.sku, quantity=1, unit_price=v.price)
            for o in rows
            for v in rng.sample(variants, 2)
        )
        hops = [rng.randint(3, 5) for _ in rows]
        shipments = Shipment.objects.bulk_create(
            Shipment(
                store=store,
                order=o,
                carrier="aramex",
                tracking_number=f"PB{i:07d}",
                status=JOURNEY[hops[i] - 1],
                promised_date=(placed[i] + timedelta(days=3)).date(),
                last_event_at=placed[i] + timedelta(hours=hops[i]),
            )
            for i, o in enumerate(rows)
        )
        TrackingEvent.objects.bulk_create(
            TrackingEvent(
                store=store,
                shipment=s,
                status=JOURNEY[hop],
                location=f"{CITIES[(i + hop) % 6]} hub",
                raw_text=str(JOURNEY[hop]).upper(),
                occurred_at=placed[i] + timedelta(hours=hop + 1),
                source="bench",
                dedupe_key=f"{s.tracking_number}-{hop}",
            )
            for i, s in enumerate(shipments)
            for hop in range(hops[i])
        )
    return store, [s.tracking_number for s in shipments]


@contextmanager
def _server(port: int, web_workers: int) -> Iterator[str]:
    """The real web server as `wasl run` starts it, on 127.0.0.1:`port` (a free one when 0)."""
    port = port or free_port()
    command = [*server_command("127.0.0.1", port, web_workers)]
    command[command.index("--access-logfile") + 1] = "/dev/null"
    process = subprocess.Popen(command, env=dict(os.environ), stdout=subprocess.DEVNULL)  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base, process, 180.0)  # a busy machine imports slowly
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)


async def _request(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str, host: str) -> int:
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n"):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    await reader.readexactly(length)
    return status


async def _client(
    host: str, port: int, paths: list[str], until: float, tally: Tally | None, seed: int
) -> None:
    """One buyer after another on one keep-alive connection (reopened if the server closes it)."""
    rng = random.Random(seed)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < until:
            path = paths[rng.randrange(len(paths))]
            started = time.perf_counter()
            try:
                status = await _request(reader, writer, path, host)
            except (asyncio.IncompleteReadError, ConnectionError):
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                if tally is not None:
                    tally.errors += 1
                continue
            if tally is not None:
                tally.latencies.append(time.perf_counter() - started)
                tally.statuses[status] = tally.statuses.get(status, 0) + 1
    finally:
        writer.close()


async def _drive(port: int, paths: list[str], clients: int, seconds: float, tally: Tally | None) -> float:
    until = time.perf_counter() + seconds
    started = time.perf_counter()
    host = f"127.0.0.1:{port}"
    await asyncio.gather(*(_client(host, port, paths, until, tally, seed) for seed in range(clients)))
    return time.perf_counter() - started


def drive(port: int, paths: list[str], clients: int, seconds: float, tally: Tally | None) -> float:
    """Run the clients on an event loop of their own thread (the caller may already be running one)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _drive(port, paths, clients, seconds, tally)).result()


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def run_page_benchmark(
    *,
    clients: int = 50,
    seconds: float = 8.0,
    orders: int = 2000,
    web_workers: int = 2,
    port: int = 0,
    seed: int = 7,
) -> dict[str, object]:
    store, numbers = _seed(orders, seed)
    pages = [
        f"{tracking_path(store_slug=store.slug, ref=n)}?k={tracking_signature(store_slug=store.slug, ref=n)}"
        for n in numbers
    ]
    try:
        connection.close()  # the server processes open their own; keep ours out of SQLite's way
        with _server(port, web_workers) as base:
            bound = int(base.rsplit(":", 1)[1])
            drive(bound, [*pages, "/healthz"], clients, WARM_UP_S, None)
            page, trivial = Tally(), Tally()
            page_s = drive(bound, pages, clients, seconds, page)
            trivial_s = drive(bound, ["/healthz"], clients, seconds, trivial)
    finally:
        Store.objects.filter(pk=store.pk).delete()
    bad = sum(n for status, n in page.statuses.items() if status != 200)
    bad += sum(n for status, n in trivial.statuses.items() if status != 200)
    if bad or page.errors or trivial.errors:
        raise RuntimeError(
            f"failed requests: page {page.statuses} ({page.errors} dropped), trivial {trivial.statuses}"
        )
    page_rps, trivial_rps = len(page.latencies) / page_s, len(trivial.latencies) / trivial_s
    return {
        "benchmark": "page",
        "clients": clients,
        "seconds": seconds,
        "orders": orders,
        "web_workers": web_workers,
        "page_requests": len(page.latencies),
        "page_rps": round(page_rps, 1),
        "trivial_rps": round(trivial_rps, 1),
        "ratio": round(page_rps / trivial_rps, 3),
        "p50_ms": round(_quantile(page.latencies, 0.50) * 1000, 1),
        "p99_ms": round(_quantile(page.latencies, 0.99) * 1000, 1),
        "trivial_p50_ms": round(_quantile(trivial.latencies, 0.50) * 1000, 1),
        "trivial_p99_ms": round(_quantile(trivial.latencies, 0.99) * 1000, 1),
        "db": connection.vendor,
    }
