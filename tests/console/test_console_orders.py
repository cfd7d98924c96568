"""The console's order queue, order page with overrides, and policy page."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

RISK_TESTS = Path(__file__).resolve().parent.parent / "risk"
if str(RISK_TESTS) not in sys.path:
    sys.path.insert(0, str(RISK_TESTS))

from console_helpers import member  # noqa: E402
from policy_helpers import arrive, confirm_everything, flow_store, run_policy_tasks, with_policy  # noqa: E402

from wasl.messaging.models import Message  # noqa: E402
from wasl.risk.policy_models import OrderVerification, PolicyDecision, RiskPolicy  # noqa: E402

pytestmark = pytest.mark.django_db
__all__ = ["flow_store"]
COD = {"type": "cod_confirmation", "cancel_after_hours": 24}


@pytest.fixture
def waiting(flow_store):  # type: ignore[no-untyped-def]
    """An order waiting for the buyer's COD confirmation, asked on WhatsApp."""
    with_policy(flow_store, confirm_everything(COD))
    order = arrive(flow_store)
    run_policy_tasks()
    return order


def test_pages_need_a_member_of_the_store(client, other_store, waiting) -> None:  # type: ignore[no-untyped-def]
    for path in (
        "/console/souq-test/orders/",
        f"/console/souq-test/orders/{waiting.pk}/",
        "/console/souq-test/policy/",
    ):
        assert client.get(path).status_code == 302
    client.force_login(member(other_store, "stranger"))
    for path in (
        "/console/souq-test/orders/",
        f"/console/souq-test/orders/{waiting.pk}/",
        "/console/souq-test/policy/",
    ):
        assert client.get(path).status_code == 404
    assert client.post(f"/console/souq-test/orders/{waiting.pk}/approve/").status_code == 404
    assert PolicyDecision.objects.get(order=waiting).state == "awaiting"


def test_the_list_shows_band_reasons_decision_and_pending_checks(console, waiting) -> None:  # type: ignore[no-untyped-def]
    page = console.get("/console/souq-test/orders/").content.decode()
    score = waiting.risk_score
    assert f'href="/console/souq-test/orders/{waiting.pk}/"' in page
    assert f"band-{score.band}" in page and "Cash on delivery" in page
    assert "Waiting for the buyer" in page and "COD confirmation" in page
    assert "Holdout</span>" not in page
    # Filters
    other = "low" if score.band != "low" else "high"
    assert (
        f"/orders/{waiting.pk}/"
        in console.get(f"/console/souq-test/orders/?band={score.band}").content.decode()
    )
    assert (
        f"/orders/{waiting.pk}/"
        not in console.get(f"/console/souq-test/orders/?band={other}").content.decode()
    )
    assert (
        f"/orders/{waiting.pk}/"
        in console.get("/console/souq-test/orders/?state=awaiting&pending=1").content.decode()
    )
    assert (
        f"/orders/{waiting.pk}/" not in console.get("/console/souq-test/orders/?state=held").content.decode()
    )


def test_the_list_is_in_pages_of_fifty(console, flow_store) -> None:  # type: ignore[no-untyped-def]
    for n in range(51):
        arrive(flow_store, str(8000 + n))
    first = console.get("/console/souq-test/orders/").content.decode()
    assert "Page 1 of 2" in first and "page=2" in first
    assert "Page 2 of 2" in console.get("/console/souq-test/orders/?page=2").content.decode()


def test_the_order_page_has_the_timeline_and_overrides(console, waiting) -> None:  # type: ignore[no-untyped-def]
    page = console.get(f"/console/souq-test/orders/{waiting.pk}/").content.decode()
    assert "Policy v1, rule “Everyone”: actions: cod_confirmation" in page
    assert "COD confirmation sent on whatsapp" in page
    assert "Resend" in page and "Mark verified" in page and "Approve" in page


def test_approve_overrides_the_pending_check(console, waiting) -> None:  # type: ignore[no-untyped-def]
    answer = console.post(f"/console/souq-test/orders/{waiting.pk}/approve/")
    assert answer.status_code == 302
    check = OrderVerification.objects.get(order=waiting)
    assert (check.state, check.resolved_by) == ("overridden", "staff:agent")
    assert PolicyDecision.objects.get(order=waiting).state == "approved"


def test_cancel_cancels_the_order(console, waiting) -> None:  # type: ignore[no-untyped-def]
    console.post(f"/console/souq-test/orders/{waiting.pk}/cancel/")
    waiting.refresh_from_db()
    assert waiting.status == "cancelled"
    assert OrderVerification.objects.get(order=waiting).state == "cancelled"
    assert waiting.events.get(kind="cancelled").message == "cancelled by agent"


def test_resend_and_mark_verified(console, waiting) -> None:  # type: ignore[no-untyped-def]
    check = OrderVerification.objects.get(order=waiting)
    console.post(f"/console/souq-test/orders/{waiting.pk}/verifications/{check.pk}/resend/")
    keys = list(
        Message.objects.filter(order=waiting).order_by("id").values_list("idempotency_key", flat=True)
    )
    assert keys == [f"risk:verification:{check.pk}:prompt", f"risk:verification:{check.pk}:resend1"]
    console.post(f"/console/souq-test/orders/{waiting.pk}/verifications/{check.pk}/verified/")
    check.refresh_from_db()
    assert (check.state, check.answer) == ("overridden", {"action": "marked_verified"})
    assert PolicyDecision.objects.get(order=waiting).state == "approved"
    again = console.post(
        f"/console/souq-test/orders/{waiting.pk}/verifications/{check.pk}/resend/", follow=True
    )
    assert "This check is settled already." in again.content.decode()


def test_the_policy_page_reads_uploads_and_restores(console, store) -> None:  # type: ignore[no-untyped-def]
    page = console.get("/console/souq-test/policy/").content.decode()
    assert "Version 1 in force" in page
    assert "Holdout: 10% of the orders a rule acts on get nothing" in page
    assert (
        "2. High risk: confirm, offer prepayment: when risk is high and payment is cash on delivery" in page
    )

    bad = console.post(
        "/console/souq-test/policy/",
        {"document": json.dumps({"rules": [{"name": "x", "actions": [{"type": "teleport"}]}]})},
    )
    assert bad.status_code == 400
    assert "unknown_action" in bad.content.decode() and "rules/0/actions/0" in bad.content.decode()
    assert console.post("/console/souq-test/policy/", {"document": "{nope"}).status_code == 400
    assert RiskPolicy.objects.filter(store=store).count() == 1

    good = {"rules": [{"name": "Ship all", "actions": [{"type": "approve"}]}]}
    answer = console.post("/console/souq-test/policy/", {"document": json.dumps(good), "note": "calm week"})
    assert answer.status_code == 302
    active = RiskPolicy.objects.get(store=store, active=True)
    assert (active.version, active.created_by, active.note, active.document) == (
        2,
        "agent",
        "calm week",
        good,
    )
    console.post("/console/souq-test/policy/1/activate/")
    assert RiskPolicy.objects.get(store=store, active=True).version == 1


def test_arabic_pages_read_right_to_left(console, waiting) -> None:  # type: ignore[no-untyped-def]
    console.cookies["django_language"] = "ar"
    page = console.get("/console/souq-test/orders/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'dir="rtl"' in page and "الطلبات" in page
    policy = console.get("/console/souq-test/policy/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "سياسة" in policy
