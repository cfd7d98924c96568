"""`wasl policy replay --returns`: what a return policy would have decided on past returns, next to what was."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from returns_helpers import delivered_order, line

from wasl.returns.models import ReturnRequest
from wasl.returns.policy import policy_publish
from wasl.returns.replay import replay_text, return_policy_replay
from wasl.returns.services import ItemAsked, return_create

pytestmark = pytest.mark.django_db

GENEROUS = {
    "window_days": 60,
    "fee": "15",
    "fee_free_tiers": ["gold"],
    "free_pickup_tiers": ["gold"],
    "auto_approve": {"tiers": ["*"], "max_value": 150, "reasons": []},
    "refund_at_first_scan_tiers": ["gold"],
}


def past_returns(store) -> tuple[ReturnRequest, ReturnRequest]:  # type: ignore[no-untyped-def]
    """Under the default policy: a mug asked 5 days after delivery, two shirts (gold buyer) after 20 days."""
    recent = delivered_order(store, "3001")
    mug = return_create(
        order=recent,
        items=[ItemAsked(line(recent, "MUG"), 1, "damaged")],
        resolution="refund",
        method="dropoff",
    ).ret
    older = delivered_order(store, "3002", placed=timezone.now() - timedelta(days=20))
    shirts = return_create(
        order=older,
        items=[ItemAsked(line(older, "TSHIRT-M"), 2, "wrong_size")],
        resolution="credit",
        method="pickup",
    ).ret
    ReturnRequest.objects.filter(pk=shirts.pk).update(tier="gold")
    return mug, shirts


def test_a_generous_policy_shows_per_return_what_changes_and_the_totals(store) -> None:
    mug, shirts = past_returns(store)

    report = return_policy_replay(store=store, document=GENEROUS)

    rows = {r.code: r for r in report.rows}
    assert rows[mug.code].then.as_dict() == {
        "accepted": True,
        "refused_because": "",
        "auto_approve": False,
        "window_days": 30,
        "fee": "0.000",
        "free_pickup": False,
        "first_scan_refund": False,
    }
    assert rows[mug.code].would.as_dict() == {
        "accepted": True,
        "refused_because": "",
        "auto_approve": True,
        "window_days": 60,
        "fee": "15",
        "free_pickup": False,
        "first_scan_refund": False,
    }
    shirts_would = rows[shirts.code].would
    assert (
        shirts_would.auto_approve,
        shirts_would.fee,
        shirts_would.free_pickup,
        shirts_would.first_scan_refund,
    ) == (
        False,  # 200.00 is above max_value
        0,
        True,
        True,
    )
    assert report.totals() == {
        "returns": 2,
        "changed": 2,
        "accepted": {"then": 2, "would": 2},
        "refused_by_reason": {},
        "auto_approved": {"then": 0, "would": 1},
        "free_pickups": {"then": 0, "would": 1},
        "first_scan_refunds": {"then": 0, "would": 1},
        "fees": {"SAR": {"then": "0.000", "would": "15"}},
    }


def test_a_stricter_policy_would_have_refused_late_returns_and_non_returnable_categories(store) -> None:
    mug, shirts = past_returns(store)

    report = return_policy_replay(
        store=store, document={"window_days": 10, "non_returnable_categories": ["home"]}
    )

    would = {r.code: (r.would.accepted, r.would.refused_because) for r in report.rows}
    assert would == {mug.code: (False, "not_returnable"), shirts.code: (False, "return_window_closed")}
    assert report.totals()["refused_by_reason"] == {"not_returnable": 1, "return_window_closed": 1}
    assert "changed: 2 of 2" in replay_text(report)


def test_the_command_replays_a_file_or_a_kept_version(store, tmp_path: Path) -> None:
    mug, _ = past_returns(store)
    policy_file = tmp_path / "returns.json"
    policy_file.write_text(json.dumps(GENEROUS))
    kept = policy_publish(store=store, document={"window_days": 45}, note="longer")

    from_file, from_version = StringIO(), StringIO()
    call_command(
        "policy",
        "replay",
        "--store",
        store.slug,
        "--returns",
        "--policy",
        str(policy_file),
        "--json",
        stdout=from_file,
    )
    call_command(
        "policy",
        "replay",
        "--store",
        store.slug,
        "--returns",
        "--version",
        str(kept.version),
        stdout=from_version,
    )

    answer = json.loads(from_file.getvalue())
    assert (answer["policy_version"], answer["totals"]["auto_approved"]) == (None, {"then": 0, "would": 1})
    assert [r["code"] for r in answer["returns"]] == [mug.code, _.code]
    text = from_version.getvalue()
    assert text.startswith(f"Return policy v{kept.version} replayed over 2 returns")
    assert f"* {mug.code} order #3001" in text and "manual, 30d, fee 0.000 -> manual, 45d, fee 0" in text


def test_an_invalid_policy_file_is_refused_with_its_code(store, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"window_days": -3}))

    with pytest.raises(CommandError) as refused:
        call_command("policy", "replay", "--store", store.slug, "--returns", "--policy", str(bad))

    assert str(refused.value).startswith("invalid_policy:")
