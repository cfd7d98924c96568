"""`wasl bench score`: RTO risk scoring, one order at a time and in a batch, on a freshly trained model.

A demo shop is generated; its older orders become a temporary store's history (written in bulk), a model is
trained on it, and then orders that came later, which the store has never seen, are scored: `singles` of them
one by one (checkout latency, p50/p99), and `batch` others in one call (bulk throughput). Each phase starts with
the in-process caches (address and phone scores, phone parsing) emptied, so both measure a cold process; the
batch is then scored once more with those caches full (`batch_warm_per_s`: rescoring orders already seen).
"""

from __future__ import annotations

import gc
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from wasl.bench.demo_history import demo_history_load
from wasl.demo import generate_shop
from wasl.demo.types import DemoShop
from wasl.risk import features as risk_features
from wasl.risk import frames
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
        demo_history_load(store=store, orders=shop.orders[:history])
        loaded = time.perf_counter()
        with tempfile.TemporaryDirectory() as reports:  # the benchmark's report is not worth keeping
            trained = risk_train(store=store, report_dir=Path(reports))
        trained_at = time.perf_counter()
        fresh = [demo.order for demo in shop.orders[history:]]
        # The generated shop is this benchmark's own baggage (hundreds of thousands of objects): out of the
        # garbage collector's way, so its passes cost what they would in a server process.
        gc.collect()
        gc.freeze()
        latencies = _singles(store, fresh[batch : batch + singles])
        batch_seconds = _batch(store, fresh[:batch])
        again = time.perf_counter()
        score_incoming(store, fresh[:batch])  # the same orders again: addresses and phones already read
        warm_seconds = time.perf_counter() - again
    finally:
        gc.unfreeze()
        Store.objects.filter(pk=store.pk).delete()
    metrics = trained.model.metrics
    return {
        "p50_ms": round(statistics.median(latencies), 3),
        "p99_ms": round(_percentile(latencies, 0.99), 3),
        "batch_per_s": round(batch / batch_seconds),
        "batch_warm_per_s": round(batch / warm_seconds),
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


def _batch(store: Store, orders: list) -> float:  # type: ignore[type-arg]
    _cold()
    begin = time.perf_counter()
    score_incoming(store, orders)
    return time.perf_counter() - begin


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]
