"""Segments as data: each criterion narrows the opted-in buyers; bad segments are refused with a code."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from campaign_helpers import buyer_order

from wasl.campaigns.segments import segment_checked, segment_members
from wasl.core.errors import Invalid
from wasl.messaging.consent import consent_set
from wasl.orders.models import Order, OrderStatus

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def buyers(store):  # type: ignore[no-untyped-def]
    buyer_order(store, "1", phone="+966501110001", city="Riyadh", category="shoes", total="900.00")
    buyer_order(
        store, "2", phone="+966501110002", city="Jeddah", category="bags", total="100.00", language="en"
    )
    buyer_order(
        store,
        "3",
        phone="+966501110003",
        city="Riyadh",
        category="bags",
        total="300.00",
        placed_at=datetime(2026, 1, 5, tzinfo=UTC),
    )
    buyer_order(store, "4", phone="+966501110004", city="Riyadh", category="shoes", opt_in=False)
    Order.objects.filter(store=store, external_id__in=["1", "2"]).update(status=OrderStatus.DELIVERED)
    Order.objects.filter(store=store, external_id="3").update(status=OrderStatus.RTO)
    return store


def phones(store, segment) -> list[str]:  # type: ignore[no-untyped-def]
    return [m.customer.phone for m in segment_members(store=store, segment=segment, now=NOW)]


def test_only_opted_in_buyers_are_ever_in_a_segment(buyers) -> None:
    assert phones(buyers, {}) == ["+966501110001", "+966501110002", "+966501110003"]
    consent_set(store=buyers, phone="+966501110002", source="whatsapp:STOP", transactional_opt_out=True)
    assert phones(buyers, {}) == ["+966501110001", "+966501110003"]


@pytest.mark.parametrize(
    ("segment", "expected"),
    [
        ({"cities": ["riyadh"]}, ["+966501110001", "+966501110003"]),
        ({"categories": ["bags"]}, ["+966501110002", "+966501110003"]),
        ({"products": ["SHOE-1"]}, ["+966501110001", "+966501110002", "+966501110003"]),
        ({"languages": ["en"]}, ["+966501110002"]),
        ({"languages": ["ar"]}, ["+966501110001", "+966501110003"]),
        ({"last_order_within_days": 60}, ["+966501110001", "+966501110002"]),
        ({"last_order_before_days": 60}, ["+966501110003"]),
        ({"min_spend": "500"}, ["+966501110001"]),
        ({"max_spend": "500"}, ["+966501110002", "+966501110003"]),
        ({"min_rto": 1}, ["+966501110003"]),
        ({"max_rto": 0, "cities": ["Riyadh"]}, ["+966501110001"]),
        ({"min_orders": 1}, ["+966501110001", "+966501110002"]),
    ],
)
def test_each_criterion(buyers, segment, expected) -> None:  # type: ignore[no-untyped-def]
    assert phones(buyers, segment) == expected


def test_loyalty_tier_is_the_returns_policy_tier(buyers) -> None:
    from wasl.returns.tiers import TierSpec, loyalty_tiers_set

    loyalty_tiers_set(store=buyers, tiers=[TierSpec(name="gold", rank=1, min_spend=500)])
    assert phones(buyers, {"loyalty_tiers": ["gold"]}) == ["+966501110001"]


@pytest.mark.parametrize(
    "segment",
    [
        [],
        {"town": ["x"]},
        {"cities": []},
        {"cities": "Riyadh"},
        {"languages": ["de"]},
        {"min_spend": "lots"},
        {"max_rto": -1},
        {"min_orders": True},
    ],
)
def test_a_bad_segment_is_refused_with_its_code(segment) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Invalid) as error:
        segment_checked(segment)
    assert error.value.code == "segment_invalid"
