"""`wasl risk score FILE.csv --out SCORES.csv`: the import format in, `order_id,score,band,reasons` out."""

from __future__ import annotations

import csv
import io

import pytest
from risk_helpers import demo_shop

from wasl.channels.csv import read_import_rows
from wasl.demo import write_import_csv
from wasl.risk.csv_scoring import score_csv
from wasl.risk.quality import MESSAGES as QUALITY_MESSAGES
from wasl.risk.reasons import MESSAGES
from wasl.risk.scoring import score_incoming
from wasl.shipping.types import AdapterError


def _demo_csv() -> str:
    stream = io.StringIO(newline="")
    write_import_csv(demo_shop(300, 30, 9), stream)
    return stream.getvalue()


def _score(store, text: str, **options) -> tuple[list[dict[str, str]], object]:  # type: ignore[no-untyped-def]
    out = io.StringIO(newline="")
    result = score_csv(store=store, source=io.StringIO(text, newline=""), out=out, **options)
    return list(csv.DictReader(io.StringIO(out.getvalue(), newline=""))), result


def test_every_order_of_the_file_gets_a_score_the_same_as_scoring_it_directly(store) -> None:  # type: ignore[no-untyped-def]
    text = _demo_csv()
    rows, result = _score(store, text, chunk=100)  # several chunks
    orders = [row.order for row in read_import_rows(io.StringIO(text, newline=""))]  # type: ignore[union-attr]
    assert list(rows[0]) == ["order_id", "score", "band", "reasons"]
    assert [row["order_id"] for row in rows] == [order.external_id for order in orders]
    direct = score_incoming(store, orders)
    assert [float(row["score"]) for row in rows] == [round(s.score, 4) for s in direct]
    assert [row["band"] for row in rows] == [s.band for s in direct]
    assert [row["reasons"] for row in rows] == [";".join(r["code"] for r in s.reasons) for s in direct]
    assert result.scored == len(orders) and not result.problems  # type: ignore[attr-defined]
    known = set(MESSAGES) | set(QUALITY_MESSAGES)
    assert {code for row in rows for code in row["reasons"].split(";") if code} <= known


def test_outcome_columns_may_be_left_out(store) -> None:  # type: ignore[no-untyped-def]
    reader = csv.DictReader(io.StringIO(_demo_csv(), newline=""))
    kept = [
        c for c in reader.fieldnames or [] if c not in ("carrier", "outcome", "outcome_at", "ndr_reasons")
    ]
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, kept, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(reader)
    rows, _ = _score(store, out.getvalue())
    assert len(rows) == len(_score(store, _demo_csv())[0])


def test_a_bad_row_is_reported_and_the_others_are_scored(store) -> None:  # type: ignore[no-untyped-def]
    lines = _demo_csv().splitlines()
    cells = next(csv.reader([lines[3]]))
    header = next(csv.reader([lines[0]]))
    cells[header.index("payment_method")] = "card"
    bad = io.StringIO(newline="")
    csv.writer(bad).writerow(cells)
    lines[3] = bad.getvalue().strip()
    rows, result = _score(store, "\n".join(lines) + "\n")
    assert len(rows) == len(lines) - 2
    [problem] = result.problems  # type: ignore[attr-defined]
    assert (problem.line, problem.code) == (4, "invalid_payment_method")


def test_a_file_without_the_order_columns_is_refused_before_any_row(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AdapterError) as caught:
        _score(store, "order_id,placed_at\n1,2025-01-01T00:00:00Z\n")
    assert caught.value.code == "missing_column"
    with pytest.raises(AdapterError) as caught:
        _score(store, "")
    assert caught.value.code == "missing_header"


def test_reasons_as_sentences(store) -> None:  # type: ignore[no-untyped-def]
    rows, _ = _score(store, _demo_csv(), language="fr")
    assert any(row["reasons"].startswith("paiement à la livraison") for row in rows)
