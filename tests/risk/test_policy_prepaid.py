"""Prepaid nudge end to end: a Stripe payment link (through the library, to the stand-in) sent on WhatsApp; the
buyer pays, the signed webhook's event makes the order prepaid, and the periodic job settles the verification."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from policy_helpers import (
    STRIPE_SETTINGS,
    apply_outbox,
    arrive,
    confirm_everything,
    decision,
    flow_store,
    run_policy_tasks,
    says,
    verification,
    with_policy,
)

from wasl.fakeproviders.graph_server import serve_in_thread
from wasl.fakeproviders.stripe import StripeStandIn
from wasl.messaging.models import Message
from wasl.payments.models import PaymentLink
from wasl.risk.policy_runner import verifications_due

pytestmark = pytest.mark.django_db
__all__ = ["flow_store"]


@pytest.fixture
def stripe(flow_store, settings) -> Iterator[StripeStandIn]:  # type: ignore[no-untyped-def]
    from wasl.stores.services import secret_set

    settings.WASL_PAYMENTS_TIMEOUT_S = 1.0
    stand_in = StripeStandIn(hang_s=3.0)
    running = serve_in_thread(stand_in)
    for key, value in {**STRIPE_SETTINGS, "stripe.api_base": running.url}.items():
        secret_set(store=flow_store, key=key, value=value)
    try:
        yield stand_in
    finally:
        stand_in.close()
        running.stop()


def test_paying_the_link_makes_the_order_prepaid_and_satisfies_both_checks(flow_store, stripe) -> None:
    with_policy(
        flow_store,
        confirm_everything(
            {"type": "cod_confirmation"},
            {"type": "prepaid_nudge", "provider": "stripe", "discount_percent": 10},
        ),
    )
    order = arrive(flow_store)
    # The order waits for the COD confirmation, so the offer goes out once the buyer has answered it
    assert run_policy_tasks() == [["cod_confirmation:sent"]]
    cod = verification(order, "cod_confirmation")
    says(flow_store, button_id=f"cod:{cod.pk}:confirm", button_title="تأكيد الطلب")
    assert run_policy_tasks() == [["prepaid_nudge:sent"]]

    link = PaymentLink.objects.get(order=order)
    assert (link.provider, link.amount, link.discount) == ("stripe", Decimal("224.550"), Decimal("24.950"))
    offer = Message.objects.get(
        idempotency_key=f"risk:verification:{verification(order, 'prepaid_nudge').pk}:prompt"
    )
    assert offer.kind == "text"  # the buyer wrote a moment ago: inside the window
    assert link.url in offer.body and "224.55" in offer.body and "249.50" in offer.body

    stripe.pay(link.provider_id)
    apply_outbox(flow_store, stripe)
    order.refresh_from_db()
    assert order.payment_method == "prepaid" and order.paid_at is not None

    assert verifications_due() == {"paid": 1}
    nudge = verification(order, "prepaid_nudge")
    assert (nudge.state, nudge.resolved_by) == ("confirmed", "paid online")
    assert decision(order).state == "approved"


def test_a_paid_order_needs_no_confirmation(flow_store, stripe) -> None:
    with_policy(flow_store, confirm_everything({"type": "cod_confirmation"}))
    order = arrive(flow_store)
    run_policy_tasks()
    from wasl.payments.services import payment_link_create

    link = payment_link_create(order=order, provider="stripe")
    stripe.pay(link.provider_id)
    apply_outbox(flow_store, stripe)

    assert verifications_due() == {"paid": 1}
    assert verification(order, "cod_confirmation").state == "confirmed"
    assert decision(order).state == "approved"
