"""`wasl bench score`: the batch is stored new orders, scored and written end to end; nothing is left behind."""

from __future__ import annotations

from wasl.bench.score import run_score_benchmark
from wasl.risk.models import RiskScore
from wasl.stores.models import Store


def test_a_small_run_scores_and_writes_every_batch_order_then_deletes_its_store(db) -> None:  # type: ignore[no-untyped-def]
    # Given a small demo history, when the benchmark runs
    result = run_score_benchmark(history=1200, batch=150, singles=25, seed=7)
    # Then every stored new order got a score written (twice: cold, then warm after its scores were deleted)
    assert result["batch"] == 150 and result["batch_scores_written"] == 150
    assert result["singles"] == 5  # after 20 warm-up calls
    for key in ("p50_ms", "p99_ms", "batch_per_s", "batch_warm_per_s", "batch_incoming_per_s"):
        value = result[key]
        assert isinstance(value, int | float) and value > 0
    assert result["history_orders"] == 1200
    # And the temporary store is gone, with its orders and scores
    assert not Store.objects.filter(slug__startswith="bench-score-").exists()
    assert not RiskScore.objects.exists()
