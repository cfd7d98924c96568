"""Prepaid nudge: a payment link (Stripe or Razorpay, with the policy's discount) sent to a COD buyer.

Nothing to tap: the provider's signed webhook marks the link paid and the order prepaid (payments app); the
periodic check then settles the verification (and a COD confirmation still waiting: a paid order is confirmed).
"""

from __future__ import annotations

from decimal import Decimal

from wasl.core.money import format_money, quantize
from wasl.payments.models import PaymentLink
from wasl.payments.services import payment_link_create
from wasl.risk.flows.common import values_for
from wasl.risk.flows.messages import Prompt, Reach
from wasl.risk.policy_models import OrderVerification


def discount_for(verification: OrderVerification, total: Decimal, currency: str) -> Decimal | None:
    percent = Decimal(str(verification.params.get("discount_percent") or 0))
    if percent <= 0:
        return None
    return quantize(total * percent / 100, currency)


def link_for(verification: OrderVerification) -> PaymentLink:
    """The order's payment link (made once: asking again gives the same link back). Raises the payments
    errors: ProviderError (try later), WaslError (not set up, already paid...)."""
    order = verification.order
    return payment_link_create(
        order=order,
        provider=str(verification.params.get("provider", "stripe")),
        discount=discount_for(verification, order.total, order.currency),
    )


def prompt(verification: OrderVerification, reach: Reach, link: PaymentLink, *, reminder: int = 0) -> Prompt:
    order = reach.order
    amount = str(format_money(link.amount, link.currency, reach.locale))
    values = values_for(order, reach.conversation, reach.language, amount=amount, link=link.url)
    discounted = link.amount < order.total
    return Prompt(
        key="prepaid_discount" if discounted else "prepaid_prompt",
        values=values,
        params=("customer_name", "order_number", "amount", "total", "link")
        if discounted
        else ("customer_name", "order_number", "amount", "link"),
        awaits="",
        extra={"payment_link_id": link.pk},
    )
