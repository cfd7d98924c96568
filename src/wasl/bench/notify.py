"""wasl bench notify: shipment events to WhatsApp notifications received by the Graph stand-in.

The whole path runs for real: N parcels go out for delivery (tracking updates through the ingestion
service, 1,000 per batch), the shipping service's hook queues `notify_events` tasks, `wasl worker`
processes turn them into messages and send each through the WhatsApp client (pywa) to the Graph stand-in
on 127.0.0.1, under the per-sender rate limit. Every request the stand-in accepts is logged with the time
it arrived and the idempotency key it carries (`biz_opaque_callback_data`), which gives:

- `messages_per_s`: N over the time from the first event to the last receipt;
- `max_1s_rate`: the most receipts in any sliding one-second window (must not exceed `limit`);
- `lost` / `duplicated`: keys never received / receipts beyond the first of a key.

With `kills` > 0 a worker is killed (SIGKILL) at that many random moments and started again, and the
stand-in's "sent" statuses are played back to the site's webhook (batched, as Meta batches them), which
is what settles sends interrupted by a kill; `webhook_base` is where the site answers.
"""

from __future__ import annotations

import io
import json
import logging
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from django.db import connection

from wasl.bench.server import free_port
from wasl.bench.wsgi_loop import serve_forever
from wasl.core.models import WorkerHeartbeat
from wasl.fakeproviders import graph_webhooks as hooks
from wasl.fakeproviders.graph import GraphStandIn
from wasl.messaging.events import OUT_FOR_DELIVERY
from wasl.messaging.models import Message, MessageStatus, MessageStatusEvent
from wasl.orders.models import Customer, Order, OrderStatus
from wasl.shipping.models import Shipment
from wasl.shipping.services import MAX_BATCH, tracking_updates_ingest
from wasl.shipping.status import ShipmentStatus
from wasl.shipping.types import TrackingUpdate
from wasl.stores.models import Store
from wasl.stores.services import secret_set, store_create

logger = logging.getLogger(__name__)

TOKEN = "bench-token"  # noqa: S105 (the stand-in's own, not a secret)
APP_SECRET = "bench-app-secret"  # noqa: S105
RELAY_EVERY_S = 0.25
RECEIPTS_PATH = "/_bench/receipts"
STATUSES_PER_BODY = 200


class ReceiptLog:
    """WSGI middleware in front of the stand-in: (arrival time, key, wamid, to) of every accepted send."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app
        self.lock = threading.Lock()
        self.receipts: list[tuple[float, str, str, str]] = []

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        arrived = time.time()
        if environ.get("PATH_INFO") == RECEIPTS_PATH:
            offset = int(environ.get("QUERY_STRING", "").partition("=")[2] or 0)
            payload = json.dumps(self.snapshot()[offset:]).encode()
            start_response(
                "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))]
            )
            return [payload]
        if environ.get("REQUEST_METHOD") != "POST" or not environ.get("PATH_INFO", "").endswith("/messages"):
            return self.app(environ, start_response)
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        environ["wsgi.input"] = io.BytesIO(body)
        answered: list[str] = []

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            answered.append(status)
            return start_response(status, headers, exc_info)

        chunks = list(self.app(environ, capture))
        if answered and answered[0].startswith("200"):
            sent = json.loads(body)
            wamid = json.loads(b"".join(chunks))["messages"][0]["id"]
            with self.lock:
                self.receipts.append((arrived, sent.get("biz_opaque_callback_data", ""), wamid, sent["to"]))
        return chunks

    def snapshot(self) -> list[tuple[float, str, str, str]]:
        with self.lock:
            return list(self.receipts)


class StatusRelay(threading.Thread):
    """Plays Meta's part: a signed, batched "sent" status webhook for every accepted send."""

    def __init__(self, log: ReceiptLog, webhook_url: str, phone_number_id: str) -> None:
        super().__init__(daemon=True)
        self.log, self.url, self.phone_number_id = log, webhook_url, phone_number_id
        self.stopping = threading.Event()
        self.posted = 0

    def run(self) -> None:
        while not self.stopping.wait(RELAY_EVERY_S):
            self.flush()
        self.flush()

    def flush(self) -> None:
        try:
            self._post_new()
        except Exception:  # the site may be busy or restarting: the same statuses go again next time
            logger.exception("status relay: could not post to %s", self.url)

    def _post_new(self) -> None:
        pending = self.log.snapshot()[self.posted :]
        for start in range(0, len(pending), STATUSES_PER_BODY):
            items = [
                hooks.status_items(
                    wamid=wamid,
                    wa_id=hooks.digits(to),
                    sequence=("sent",),
                    error_code=None,
                    category="utility",
                    callback_data=key,
                )[0]
                for _, key, wamid, to in pending[start : start + STATUSES_PER_BODY]
            ]
            value = {"statuses": items}
            payload = hooks.envelope(
                waba_id="1",
                phone_number_id=self.phone_number_id,
                display_phone_number="15550001234",
                value=value,
            )
            hooks.post_signed(self.url, payload, APP_SECRET).raise_for_status()
            self.posted += len(items)


def serve_stand_in(port: str, webhook_url: str, phone_number_id: str) -> None:
    """The stand-in process: its own process, so that its work never waits for the benchmark's interpreter;
    served by a lean asyncio loop (wsgi_loop) with keep-alive connections, as the Graph API keeps them."""
    log = ReceiptLog(GraphStandIn(token=TOKEN))
    if webhook_url:
        StatusRelay(log, webhook_url, phone_number_id).start()
    serve_forever(log, int(port))


class StandInProcess:
    def __init__(self, webhook_url: str, phone_number_id: str) -> None:
        code = "import sys, django; django.setup(); from wasl.bench.notify import serve_stand_in; serve_stand_in(*sys.argv[1:])"
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "wasl.config.settings"}
        port = free_port()
        argv = [sys.executable, "-c", code, str(port), webhook_url, phone_number_id]
        self.process = subprocess.Popen(argv, env=env, start_new_session=True)  # noqa: S603
        self.url = f"http://127.0.0.1:{port}"
        self.receipts: list[tuple[float, str, str, str]] = []
        # One client for the whole run: building one per look (TLS context and all) costs the machine more
        # than the look itself.
        self.client = httpx.Client(timeout=30)
        deadline = time.monotonic() + 30
        while True:
            try:
                self.fetch()
                return
            except httpx.TransportError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    raise RuntimeError("the Graph stand-in did not start") from None
                time.sleep(0.1)

    def fetch(self) -> int:
        """Receipts so far (new ones are fetched); returns how many."""
        fresh = self.client.get(f"{self.url}{RECEIPTS_PATH}?from={len(self.receipts)}").json()
        self.receipts.extend(tuple(r) for r in fresh)
        return len(self.receipts)

    def stop(self) -> None:
        self.client.close()
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def database_url() -> str:
    """DATABASE_URL of the database this process uses (the test database, inside tests)."""
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{config['NAME']}"
    credentials = quote(config["USER"] or "") + (
        ":" + quote(config["PASSWORD"]) if config["PASSWORD"] else ""
    )
    host, port = config["HOST"] or "127.0.0.1", config["PORT"] or "5432"
    return f"postgres://{credentials}@{host}:{port}/{config['NAME']}"


class WorkerPool:
    """`wasl worker` processes against this database; any of them can be killed and started again."""

    def __init__(self, count: int, env: dict[str, str], log_dir: Path) -> None:
        self.env, self.log_dir = env, log_dir
        self.processes: list[subprocess.Popen[bytes]] = []
        self.started = 0
        for _ in range(count):
            self.processes.append(self._start())

    def _start(self) -> subprocess.Popen[bytes]:
        self.started += 1
        argv = [sys.executable, "-m", "wasl", "worker", "--skip-checks", "--interval", "0.05"]
        argv += ["--worker-id", f"bench-{os.getpid()}-{self.started}"]
        with (self.log_dir / f"worker-{self.started}.log").open("wb") as log:
            return subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                argv, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def wait_until_ready(self, timeout_s: float = 60.0) -> None:
        """Until every worker has written its first heartbeat (it has imported everything and is polling)."""
        ids = [f"bench-{os.getpid()}-{n}" for n in range(1, self.started + 1)]
        deadline = time.monotonic() + timeout_s
        while WorkerHeartbeat.objects.filter(worker_id__in=ids).count() < len(ids):
            if time.monotonic() > deadline:
                raise RuntimeError("the bench workers did not start within a minute; see their logs")
            time.sleep(0.1)
        time.sleep(0.5)  # their first periodic look and lease check

    def kill_one(self, rng: random.Random) -> None:
        index = rng.randrange(len(self.processes))
        victim = self.processes[index]
        os.killpg(victim.pid, signal.SIGKILL)
        victim.wait(timeout=30)
        self.processes[index] = self._start()

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def _parcels(store: Store, count: int) -> list[str]:
    """`count` COD orders already shipped, each with its own buyer and a parcel in transit; returns the
    tracking numbers."""
    now = datetime.now(UTC)
    Customer.objects.bulk_create(
        [
            Customer(store=store, identity=f"p:+9665{n:08d}", name=f"Buyer {n}", phone=f"+9665{n:08d}")
            for n in range(count)
        ],
        batch_size=2000,
    )
    customers = dict(Customer.objects.filter(store=store).values_list("phone", "pk"))
    Order.objects.bulk_create(
        [
            Order(
                store=store,
                customer_id=customers[f"+9665{n:08d}"],
                channel="bench",
                external_id=f"B{n}",
                number=f"#{n}",
                payment_method="cod",
                currency="SAR",
                total=Decimal("199.00"),
                placed_at=now,
                status=OrderStatus.SHIPPED,
                content_hash="bench",
            )
            for n in range(count)
        ],
        batch_size=2000,
    )
    orders = dict(Order.objects.filter(store=store).values_list("external_id", "pk"))
    Shipment.objects.bulk_create(
        [
            Shipment(
                store=store,
                order_id=orders[f"B{n}"],
                carrier="bench",
                tracking_number=f"BN{n:08d}",
                status=ShipmentStatus.IN_TRANSIT,
                status_changed_at=now,
                last_event_at=now,
            )
            for n in range(count)
        ],
        batch_size=2000,
    )
    return [f"BN{n:08d}" for n in range(count)]


def _announce(store: Store, numbers: list[str]) -> None:
    """Every parcel goes out for delivery; the service's hook queues the notifications once committed."""
    at = datetime.now(UTC)
    for start in range(0, len(numbers), MAX_BATCH):
        updates = [
            TrackingUpdate(
                number, "bench", "out_for_delivery", at, raw_code="OFD", dedupe_key=f"ofd-{number}"
            )
            for number in numbers[start : start + MAX_BATCH]
        ]
        tracking_updates_ingest(store=store, updates=updates)


def max_in_one_second(times: list[float]) -> int:
    ordered = sorted(times)
    return max((bisect_right(ordered, t + 1.0) - i for i, t in enumerate(ordered)), default=0)


def _settled(store: Store, expected: int) -> bool:
    notifications = Message.objects.filter(store=store, event=OUT_FOR_DELIVERY)
    unsettled = notifications.filter(status__in=[MessageStatus.QUEUED, MessageStatus.SENDING])
    return notifications.count() == expected and not unsettled.exists()


def _worker_env(reconcile_after_s: float) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "wasl.config.settings",
        "DATABASE_URL": database_url(),
        "WASL_QUIET_HOURS": "off",
        "WASL_WORKER_LEASE_S": "2",
        "WASL_SEND_RECONCILE_EVERY_S": "1",
        "WASL_SEND_RECONCILE_AFTER_S": str(reconcile_after_s),
        "WASL_LOG_LEVEL": os.environ.get("WASL_BENCH_WORKER_LOG_LEVEL", "WARNING"),
        "PYTHONUNBUFFERED": "1",
    }


def run_notify_benchmark(
    *,
    messages: int,
    limit: float,
    workers: int = 3,
    kills: int = 0,
    seed: int = 7,
    timeout_s: float = 900.0,
    webhook_base: str = "",
    reconcile_after_s: float | None = None,
) -> dict[str, Any]:
    """See the module's docstring. The grace period before an interrupted send is resent is 5 s when
    workers are killed (so the run ends soon after the last kill), else 120 s."""
    if reconcile_after_s is None:
        reconcile_after_s = 5.0 if kills else 120.0
    if kills and not webhook_base:
        raise ValueError("killing workers needs webhook_base: the site that receives status webhooks")
    rng = random.Random(seed)
    slug = f"bench-notify-{uuid.uuid4().hex[:8]}"
    store = store_create(name=slug, slug=slug, country="SA", currency="SAR", language="ar")
    phone_number_id = str(rng.randrange(10**14, 10**15))
    stand_in = StandInProcess(f"{webhook_base}/webhooks/whatsapp/{slug}/" if kills else "", phone_number_id)
    try:
        settings_ = {"phone_number_id": phone_number_id, "token": TOKEN, "app_secret": APP_SECRET}
        settings_ |= {"graph_url": stand_in.url, "rate_per_s": str(limit)}
        for key, value in settings_.items():
            secret_set(store=store, key=f"whatsapp.{key}", value=value)
        numbers = _parcels(store, messages)
        thresholds = sorted(rng.uniform(0.05, 0.9) * messages for _ in range(kills))
        with tempfile.TemporaryDirectory(prefix="wasl-bench-notify-") as logs:
            pool = WorkerPool(workers, _worker_env(reconcile_after_s), Path(logs))
            try:
                pool.wait_until_ready()  # workers starting up are not what is measured
                started = time.time()
                _announce(store, numbers)
                deadline = time.monotonic() + timeout_s
                while time.monotonic() < deadline:
                    received = stand_in.fetch()
                    while thresholds and received >= thresholds[0]:
                        thresholds.pop(0)
                        pool.kill_one(rng)
                    if received >= messages and _settled(store, messages):
                        break
                    time.sleep(0.2)
            finally:
                pool.stop()
        time.sleep(2 * RELAY_EVERY_S)  # the last statuses
        stand_in.fetch()
    finally:
        stand_in.stop()
    receipts = stand_in.receipts
    keys = Counter(key for _, key, _, _ in receipts)
    expected = set(
        Message.objects.filter(store=store, event=OUT_FOR_DELIVERY).values_list("idempotency_key", flat=True)
    )
    last = max((at for at, *_ in receipts), default=started)
    return {
        "benchmark": "notify",
        "messages": messages,
        "messages_per_s": round(len(keys) / max(last - started, 1e-9), 1),
        "max_1s_rate": max_in_one_second([at for at, *_ in receipts]),
        "limit": limit,
        "lost": messages - len(expected & set(keys)),
        "duplicated": sum(keys.values()) - len(keys),
        "workers": workers,
        "kills": kills - len(thresholds),
        "resent_after_grace": MessageStatusEvent.objects.filter(store=store, source="reconcile").count(),
        "seconds": round(last - started, 2),
        "db": connection.vendor,
        **(
            {"per_second": _per_second([r[0] - started for r in receipts])}
            if os.environ.get("WASL_BENCH_TIMELINE")
            else {}
        ),
    }


def _per_second(offsets: list[float]) -> list[int]:
    counts = Counter(int(offset) for offset in offsets)
    return [counts.get(second, 0) for second in range(max(counts, default=-1) + 1)]
