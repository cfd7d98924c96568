"""`wasl bench score`: RTO risk scoring, one order at a time and in a batch, on a freshly trained model.

A demo shop is generated; its older orders become a temporary store's history (written in bulk), and the
`batch` orders that came next are stored as new orders, not scored yet (no outcome). A model is trained on the
history, then:

- `singles` later orders, which the store has never seen, are scored one by one through the checkout path
  (`p50_ms`, `p99_ms`);
- the stored new orders are scored in one call of `risk_score_orders`, end to end as the product does it:
  orders, baskets and history read from the database, features, the model, reasons, and every score and its
  timeline entry written (`batch_per_s`);
- the same orders are scored again through the same path after their scores are deleted, the in-process
  caches now full (`batch_warm_per_s`: rescoring orders already seen);
- the same orders, as a shop would send them, go through the bulk path for incoming orders (a CSV file):
  history looked up, nothing written (`batch_incoming_per_s`).

Each cold phase starts with the in-process caches (address and phone scores, phone parsing) emptied.
"""

from __future__ import annotations

import dataclasses
import gc
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from wasl.bench.demo_history import demo_history_load
from wasl.demo import generate_shop
from wasl.demo.types import DemoOrder, DemoShop
from wasl.orders.models import Order, OrderEvent, OrderEventKind
from wasl.risk import features as risk_features
from wasl.risk import frames
from wasl.risk.bulk_scoring import risk_score_orders
from wasl.risk.models import RiskScore
from wasl.risk.quality import phone as quality_phone
from wasl.risk.scoring import score_incoming
from wasl.risk.training import risk_train
from wasl.stores.models import Store
from wasl.stores.services import store_create

NOW = datetime(2025, 6, 30, tzinfo=UTC)


def run_score_benchmark(
    *, history: int = 20000, batch: int = 20000, singles: int = 1000, seed: int = 7
) -> dict[str, object]:
    started = time.perf_counter()
    shop = generate_shop(orders=history + batch + singles, days=240, seed=seed, now=NOW)
    generated = time.perf_counter()
    store = _bench_store(shop)
    try:
        batch_orders = [_not_finished(demo) for demo in shop.orders[history : history + batch]]
        demo_history_load(store=store, orders=[*shop.orders[:history], *batch_orders])
        loaded = time.perf_counter()
        with tempfile.TemporaryDirectory() as reports:  # the benchmark's report is not worth keeping
            trained = risk_train(store=store, report_dir=Path(reports))
        trained_at = time.perf_counter()
        batch_ids = list(
            Order.objects.filter(store=store, external_id__in=[d.order.external_id for d in batch_orders])
            .order_by("placed_at", "id")
            .values_list("id", flat=True)
        )
        fresh = [demo.order for demo in shop.orders[history + batch :]]
        # The generated shop is this benchmark's own baggage (hundreds of thousands of objects): out of the
        # garbage collector's way, so its passes cost what they would in a server process.
        gc.collect()
        gc.freeze()
        latencies = _singles(store, fresh)
        batch_seconds, written = _stored_batch(store, batch_ids, cold=True)
        _forget_scores(store)
        warm_seconds, _ = _stored_batch(store, batch_ids, cold=False)
        incoming_seconds = _incoming_batch(store, [demo.order for demo in batch_orders])
    finally:
        gc.unfreeze()
        Store.objects.filter(pk=store.pk).delete()
    metrics = trained.model.metrics
    return {
        "p50_ms": round(statistics.median(latencies), 3),
        "p99_ms": round(_percentile(latencies, 0.99), 3),
        "batch_per_s": round(batch / batch_seconds),
        "batch_warm_per_s": round(batch / warm_seconds),
        "batch_incoming_per_s": round(batch / incoming_seconds),
        "batch_scores_written": written,
        "singles": len(latencies),
        "batch": batch,
        "history_orders": history,
        "train_s": round(trained_at - loaded, 1),
        "roc_auc": metrics["model"]["roc_auc"],  # type: ignore[index]
        "rules_roc_auc": metrics["rules"]["roc_auc"],  # type: ignore[index]
        "model_state": trained.model.state,
        "generate_s": round(generated - started, 1),
        "load_s": round(loaded - generated, 1),
    }


def _not_finished(demo: DemoOrder) -> DemoOrder:
    """The order as it is when it arrives: placed, nothing shipped, no outcome."""
    return dataclasses.replace(demo, events=(), outcome=None, outcome_at=None)


def _bench_store(shop: DemoShop) -> Store:
    slug = f"bench-score-{uuid.uuid4().hex[:8]}"
    facts = shop.store
    return store_create(
        name=slug,
        slug=slug,
        country=facts.country,
        currency=facts.currency,
        language=facts.language,
        timezone_name=facts.timezone,
    )


def _cold() -> None:
    risk_features._address_score.cache_clear()
    risk_features._phone_score.cache_clear()
    frames._e164.cache_clear()
    frames._fingerprint.cache_clear()
    quality_phone.parse_phone.cache_clear()


def _singles(store: Store, orders: list) -> list[float]:  # type: ignore[type-arg]
    _cold()
    for order in orders[:20]:  # the first calls load the model and warm the database connection
        score_incoming(store, [order])
    latencies = []
    for order in orders[20:]:
        begin = time.perf_counter()
        score_incoming(store, [order])
        latencies.append((time.perf_counter() - begin) * 1000)
    return latencies


def _stored_batch(store: Store, order_ids: list[int], *, cold: bool) -> tuple[float, int]:
    if cold:
        _cold()
    begin = time.perf_counter()
    done = risk_score_orders(store=store, order_ids=order_ids)
    return time.perf_counter() - begin, done.scored


def _forget_scores(store: Store) -> None:
    RiskScore.objects.filter(store=store).delete()
    OrderEvent.objects.filter(store=store, kind=OrderEventKind.RISK_SCORED).delete()


def _incoming_batch(store: Store, orders: list) -> float:  # type: ignore[type-arg]
    _cold()
    begin = time.perf_counter()
    score_incoming(store, orders)
    return time.perf_counter() - begin


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]
