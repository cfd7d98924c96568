"""Facts and rollups: every figure of a small shop, after a full and after an incremental refresh."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from analytics_helpers import DAY, catalogue, costs, message, order, returned, ship
from django.utils import timezone

from wasl.analytics.models import DailyRollup, MessageDay, OrderFact, ProductDay, RefreshState, ReturnDay
from wasl.analytics.refresh import analytics_refresh
from wasl.orders.models import Order
from wasl.shipping.models import Shipment

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(store):  # type: ignore[no-untyped-def]
    catalogue(store)
    costs(store)
    return store


def test_a_delivered_cod_order_keeps_its_revenue_less_every_cost(shop) -> None:  # type: ignore[no-untyped-def]
    # Given a COD order of two T-shirts (cost 40 each), delivered, with one WhatsApp message read
    placed = order(shop, shirts=2)
    ship(placed, "picked_up", "in_transit", "delivered")
    message(placed, status="read")

    # When the rollups are refreshed
    result = analytics_refresh(store=shop)

    # Then its profit is 200 - 80 (products) - 20 (shipping) - 9 (COD fee: 5 + 2%) - 0.05 (message)
    fact = OrderFact.objects.get(order=placed)
    assert result.full is True and result.orders == 1
    assert (fact.day, fact.carrier, fact.region, fact.payment_method) == (
        date(2026, 5, 4),
        "aramex",
        "Riyadh",
        "cod",
    )
    assert (fact.delivered, fact.rto, fact.settled, fact.first_order) == (True, False, True, True)
    assert fact.kept_revenue == Decimal("200")
    assert fact.product_cost == Decimal("80")
    assert fact.cod_fee == Decimal("9")
    assert fact.message_cost == Decimal("0.05")
    assert fact.profit == Decimal("90.95")


def test_an_rto_costs_both_legs_and_keeps_nothing(shop) -> None:  # type: ignore[no-untyped-def]
    # Given a COD order that failed twice (buyer unavailable) and came back
    placed = order(shop, shirts=1, city="Jeddah")
    ship(
        placed,
        "picked_up",
        "delivery_failed",
        "rto_initiated",
        "rto_delivered",
        ndr_reason="customer_unavailable",
    )

    # When refreshed
    analytics_refresh(store=shop)

    # Then it lost the forward and return legs, no product cost (the goods came back) and no COD fee
    fact = OrderFact.objects.get(order=placed)
    assert (fact.rto, fact.ndr, fact.ndr_reason, fact.region) == (
        True,
        True,
        "customer_unavailable",
        "Jeddah",
    )
    assert (fact.kept_revenue, fact.product_cost, fact.cod_fee) == (0, 0, 0)
    assert fact.profit == Decimal("-35")


def test_refunds_cost_money_while_credit_and_exchanges_keep_it(shop) -> None:  # type: ignore[no-untyped-def]
    # Given three delivered prepaid orders of two T-shirts, each with one returned: refunded, credited, exchanged
    outcomes = {}
    for outcome in ("refunded", "credited", "exchanged"):
        placed = order(shop, payment="prepaid", shirts=2, phone=f"05012345{len(outcomes)}0")
        ship(placed, "picked_up", "delivered")
        returned(placed, outcome=outcome, reason="too_small" if outcome != "exchanged" else "wrong_colour")
        outcomes[outcome] = placed

    # When refreshed
    analytics_refresh(store=shop)

    # Then the refund is taken off; credit and exchange are kept revenue; each paid a reverse pickup
    facts = {name: OrderFact.objects.get(order=o) for name, o in outcomes.items()}
    assert facts["refunded"].refunded == Decimal("100")
    assert facts["refunded"].profit == Decimal("200") - 100 - 80 - 20 - 18
    assert facts["credited"].credited == Decimal("100")
    assert facts["credited"].profit == Decimal("200") - 80 - 20 - 18
    assert facts["exchanged"].exchanged == Decimal("100")
    assert facts["exchanged"].profit == Decimal("82")
    # And each order's line of two T-shirts counts one unit returned
    shirts = ProductDay.objects.get(store=shop, sku="TSHIRT-M")
    assert (shirts.units, shirts.delivered_units, shirts.returned_units) == (6, 6, 3)
    # And the return rollup has the reasons and outcomes
    rows = sorted(ReturnDay.objects.values_list("reason", "outcome", "units", "value"))
    assert rows == [
        ("too_small", "credited", 1, Decimal("100")),
        ("too_small", "refunded", 1, Decimal("100")),
        ("wrong_colour", "exchanged", 1, Decimal("100")),
    ]


def test_daily_rollup_counts_and_sums_by_payment_method_and_carrier(shop) -> None:  # type: ignore[no-untyped-def]
    # Given two delivered COD orders by aramex, one RTO by smsa and one prepaid still in transit
    for _ in range(2):
        ship(order(shop, shirts=1), "picked_up", "delivered")
    ship(order(shop, shirts=1), "picked_up", "rto_initiated", carrier="smsa")
    ship(order(shop, payment="prepaid", shirts=3), "picked_up", carrier="smsa")

    # When refreshed
    analytics_refresh(store=shop)

    # Then one row per payment method and one per carrier, with exact counts and money
    def rows(dimension: str) -> dict[str, tuple[object, ...]]:
        return {
            r.value: (r.orders, r.shipped, r.delivered, r.rto, r.settled, r.revenue, r.profit)
            for r in DailyRollup.objects.filter(store=shop, dimension=dimension)
        }

    assert rows("payment_method") == {
        "cod": (3, 3, 2, 1, 3, Decimal("300"), Decimal("2") * (100 - 40 - 20 - 7) - 35),
        "prepaid": (1, 1, 0, 0, 0, Decimal("300"), Decimal("0")),
    }
    assert rows("carrier") == {
        "aramex": (2, 2, 2, 0, 2, Decimal("200"), Decimal("2") * (100 - 40 - 20 - 7)),
        "smsa": (2, 2, 0, 1, 1, Decimal("400"), Decimal("-35")),
    }
    products = ProductDay.objects.get(store=shop, sku="TSHIRT-M")
    assert (products.units, products.delivered_units, products.rto_units) == (6, 2, 1)


def test_an_incremental_refresh_rewrites_only_what_changed(shop) -> None:  # type: ignore[no-untyped-def]
    # Given two orders on different days, refreshed
    first = order(shop, shirts=1)
    second = order(shop, shirts=1, placed_at=DAY + timedelta(days=3))
    ship(first, "picked_up")
    analytics_refresh(store=shop)
    an_hour_ago = timezone.now() - timedelta(hours=1)
    Order.objects.filter(pk__in=[first.pk, second.pk]).update(updated_at=an_hour_ago)
    Shipment.objects.filter(order=first).update(updated_at=an_hour_ago)
    RefreshState.objects.filter(store=shop).update(watermark=an_hour_ago + timedelta(minutes=30))

    # When the first is delivered and the rollups are refreshed again
    ship(first, "delivered")
    result = analytics_refresh(store=shop)

    # Then only its order and its day were rewritten, and the rollup shows it delivered
    assert (result.full, result.orders, result.days) == (False, 1, 1)
    day = DailyRollup.objects.get(store=shop, day=date(2026, 5, 4), dimension="channel")
    assert (day.orders, day.delivered) == (1, 1)
    assert OrderFact.objects.get(order=second).delivered is False


def test_the_message_funnel_counts_each_stage_and_replies_within_a_day(shop) -> None:  # type: ignore[no-untyped-def]
    # Given four WhatsApp messages (read and answered, read, delivered, failed) and an SMS with its own cost
    placed = order(shop)
    message(placed, status="read", replied=True)
    message(placed, status="read")
    message(placed, status="delivered")
    message(placed, status="failed")
    message(placed, status="sent", channel="sms", cost=Decimal("0.35"))

    # When refreshed
    analytics_refresh(store=shop)

    # Then the funnel per channel
    rows = {
        m.channel: (m.sent, m.delivered, m.read, m.replied, m.failed, m.cost)
        for m in MessageDay.objects.all()
    }
    assert rows == {
        "whatsapp": (3, 3, 2, 1, 1, Decimal("0.15")),
        "sms": (1, 0, 0, 0, 0, Decimal("0.35")),
    }


def test_rate_card_estimates_price_the_shipping_where_a_card_applies(shop) -> None:  # type: ignore[no-untyped-def]
    from wasl.shipping.rates_models import RateCard, RateSlab, RateZone

    # Given an aramex rate card for Saudi Arabia: 17 forward, 12 back to origin, COD 3 + 1%
    card = RateCard.objects.create(
        store=shop,
        carrier="aramex",
        version=1,
        effective_from=date(2026, 1, 1),
        currency="SAR",
        cod_fee_flat=Decimal("3"),
        cod_fee_percent=Decimal("1"),
        rto_charge=Decimal("12"),
        reverse_pickup=Decimal("14"),
    )
    RateZone.objects.create(card=card, zone="local", match="country", value="SA")
    RateSlab.objects.create(card=card, zone="local", max_grams=30000, price=Decimal("17"))
    delivered = order(shop, shirts=1)
    ship(delivered, "picked_up", "delivered")
    back = order(shop, shirts=1, phone="0501234588")
    ship(back, "picked_up", "rto_initiated")
    elsewhere = order(shop, shirts=1, phone="0501234577")
    ship(elsewhere, "picked_up", "delivered", carrier="smsa")

    # When refreshed
    analytics_refresh(store=shop)

    # Then aramex parcels cost what the card says, the smsa one the store's flat costs
    facts = {o.pk: OrderFact.objects.get(order=o) for o in (delivered, back, elsewhere)}
    assert (facts[delivered.pk].forward_shipping, facts[delivered.pk].cod_fee) == (
        Decimal("17"),
        Decimal("4"),
    )
    assert (facts[back.pk].forward_shipping, facts[back.pk].rto_shipping) == (Decimal("17"), Decimal("12"))
    assert (facts[elsewhere.pk].forward_shipping, facts[elsewhere.pk].cod_fee) == (
        Decimal("20"),
        Decimal("7"),
    )
