"""Ending a return: a refund through the payments service, store credit, or an exchange order.

Exactly once: the return's row is locked and its outcome checked before anything is paid. Credit entries
and the exchange order are written under that lock, with keys of their own. A refund is asked of
`payments.refunds.refund_issue` outside our transaction, under the key `return:<id>:refund`, so its row is
committed before the provider is called (a retry after a crash finds it) and two resolutions that both got
past the check still make one refund; the first to lock the return again records it. An exchange's price
difference is refunded the same way, after the exchange commits; its task, queued in that transaction,
finishes it if the process dies in between (`exchange_difference_refund`).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from wasl.core.errors import Conflict
from wasl.core.money import quantize
from wasl.orders.models import Order, StockLevel
from wasl.orders.services import order_upsert
from wasl.orders.types import AddressData, CustomerData, LineData, OrderData
from wasl.payments.refunds import refund_issue
from wasl.returns.credit import credit_entry_add
from wasl.returns.models import CreditKind, Grade, Outcome, Resolution, ReturnItem, ReturnRequest, ReturnState
from wasl.returns.policy import policy_version_get
from wasl.returns.services import _locked, order_returned_if_complete, return_payout_details
from wasl.returns.timeline import return_step_record

S = ReturnState


def _counts(item: ReturnItem, ret: ReturnRequest, *, early: bool) -> bool:
    """Whether the item earns money back: before inspection, all of them; after, by grade."""
    if early or not item.grade:
        return True
    if item.grade == Grade.SELLABLE:
        return True
    return item.grade == Grade.DAMAGED and ret.lenient_inspection


def amount_due(ret: ReturnRequest, *, early: bool = False) -> Decimal:
    """What the buyer gets back: the items that count, less the return fee, never below zero."""
    total = sum(
        (i.unit_price * i.quantity for i in ret.items.all() if _counts(i, ret, early=early)), Decimal(0)
    )
    return max(quantize(total - ret.fee, ret.currency), Decimal(0))


def _finish(
    ret: ReturnRequest, outcome: str, amount: Decimal | None, actor: str, early: bool, **extra: object
) -> None:
    ret.outcome, ret.resolved_amount, ret.resolved_at = outcome, amount, timezone.now()
    fields = ["outcome", "resolved_amount", "resolved_at", "updated_at", *extra]
    for name, value in extra.items():
        setattr(ret, name, value)
    if ret.state == S.INSPECTED:
        ret.state = S.RESOLVED
        fields.append("state")
    ret.save(update_fields=fields)
    if ret.state == S.RESOLVED:
        order_returned_if_complete(order=ret.order)
    step = "resolved" if ret.state == S.RESOLVED else "settled_early"
    data = {"outcome": outcome, "amount": str(amount) if amount is not None else None, "early": early}
    return_step_record(ret, step=step, data=data, actor=actor)


def _refund(ret: ReturnRequest, amount: Decimal, actor: str, payout_details: str) -> ReturnRequest:
    """Outside any transaction of ours: the payments service commits its refund row before it calls the
    provider, so a crash after the call leaves the row (and its key) for the retry to find."""
    if amount <= 0:
        raise Conflict("nothing is due to the buyer on this return", code="nothing_to_refund")
    outcome = refund_issue(
        order=ret.order,
        amount=amount,
        reason=f"return {ret.code}",
        idempotency_key=f"return:{ret.pk}:refund",
        requested_by=actor or "returns",
        payout_details=payout_details,
    )
    with transaction.atomic():
        ret = _locked(ret)
        if not ret.outcome:  # a concurrent resolution with the same key may have recorded it already
            ret.refund = outcome.refund
            _finish(ret, Outcome.REFUNDED, amount, actor, ret.state != S.INSPECTED, refund=outcome.refund)
    return ret


def _credit(ret: ReturnRequest, amount: Decimal, actor: str) -> None:
    if ret.customer is None:
        raise Conflict("store credit needs the buyer's record", code="no_customer")
    if amount <= 0:
        raise Conflict("nothing is due to the buyer on this return", code="nothing_to_refund")
    credit_entry_add(
        customer=ret.customer,
        currency=ret.currency,
        amount=amount,
        kind=CreditKind.RETURN,
        idempotency_key=f"return:{ret.pk}:credit",
        return_request=ret,
        note=f"return {ret.code}",
    )
    bonus_percent = policy_version_get(store=ret.store, version=ret.policy_version).credit_bonus_percent
    bonus = quantize(amount * bonus_percent / 100, ret.currency)
    if bonus > 0:
        credit_entry_add(
            customer=ret.customer,
            currency=ret.currency,
            amount=bonus,
            kind=CreditKind.BONUS,
            idempotency_key=f"return:{ret.pk}:bonus",
            return_request=ret,
            note=f"{bonus_percent}% bonus on return {ret.code}",
        )
    _finish(ret, Outcome.CREDITED, amount + bonus, actor, ret.state != S.INSPECTED)


def _reserve(item: ReturnItem) -> None:
    """Take the replacement from the locations that hold it, most stocked first, or refuse `out_of_stock`."""
    needed = item.quantity
    assert item.exchange_variant_id is not None  # only items with a replacement are reserved
    levels = list(
        StockLevel.objects.select_for_update()
        .filter(variant_id=item.exchange_variant_id, quantity__gt=0)
        .order_by("-quantity", "pk")
    )
    if sum(level.quantity for level in levels) < needed:
        raise Conflict(f"{item.exchange_variant} is out of stock", code="out_of_stock")
    for level in levels:
        take = min(level.quantity, needed)
        StockLevel.objects.filter(pk=level.pk).update(
            quantity=F("quantity") - take, updated_at=timezone.now()
        )
        needed -= take
        if needed == 0:
            return


def _exchange(ret: ReturnRequest, actor: str) -> None:
    """A new forward order for the replacements, linked to the return, with their stock taken now."""
    order = ret.order
    items = [i for i in ret.items.select_related("exchange_variant__product") if i.exchange_variant_id]
    if not items:
        raise Conflict("no replacement was asked for", code="missing_exchange_sku")
    for item in items:
        _reserve(item)
    new_total = sum((i.exchange_variant.price * i.quantity for i in items), Decimal(0))  # type: ignore[union-attr]
    returned = sum((i.unit_price * i.quantity for i in items), Decimal(0))
    difference = quantize(new_total - returned, order.currency)
    customer = order.customer
    address = order.shipping_address
    data = OrderData(
        channel="exchange",
        external_id=f"{order.external_id}-X{ret.code}"[:100],
        number=f"{order.number or order.external_id}-X",
        placed_at=timezone.now(),
        currency=order.currency,
        total=max(difference, Decimal(0)),
        payment_method="cod" if difference > 0 else "prepaid",
        customer=CustomerData(
            name=customer.name if customer else "",
            phone=customer.phone if customer else "",
            email=customer.email if customer else "",
            language=customer.language if customer else "",
        ),
        shipping_address=AddressData(
            name=address.name,
            line1=address.line1,
            line2=address.line2,
            city=address.city,
            region=address.region,
            postal_code=address.postal_code,
            country=address.country,
            phone=address.phone,
        )
        if address is not None
        else AddressData(
            city=order.ship_city, postal_code=order.ship_postal_code, country=order.ship_country
        ),
        lines=tuple(
            LineData(
                sku=i.exchange_variant.sku,  # type: ignore[union-attr]
                name=i.exchange_variant.name or i.exchange_variant.product.name,  # type: ignore[union-attr]
                quantity=i.quantity,
                unit_price=i.exchange_variant.price,  # type: ignore[union-attr]
                category=i.exchange_variant.product.category,  # type: ignore[union-attr]
            )
            for i in items
        ),
        tags=("exchange",),
    )
    new_order: Order = order_upsert(store=ret.store, data=data).order
    if difference < 0:
        # The replacement is cheaper: the rest goes back to the buyer, but not from inside this transaction
        # (a provider call here is not undone by a rollback). The task row commits with the exchange, so the
        # refund is owed exactly when the exchange happened; the caller asks for it right after the commit.
        refund_exchange_difference.enqueue(ret.pk)
    ret.exchange_order = new_order
    _finish(ret, Outcome.EXCHANGED, difference, actor, ret.state != S.INSPECTED, exchange_order=new_order)


def return_resolve(
    *, ret: ReturnRequest, actor: str = "", payout_details: str = "", early: bool = False
) -> ReturnRequest:
    """Refund, credit or exchange, as the buyer asked; once, however many times it is called.

    Normally after inspection (the amount counts the items by grade). `early=True` is the first-scan path:
    a refund or credit of every item before the parcel is back, when the policy grants it to the buyer's tier.
    Credit and exchanges are written with the return locked; a refund is asked of the payments service
    after the checks (under the return's key, so two resolutions at once still make one refund) and
    recorded on the return with it locked again.
    """
    amount = Decimal(0)
    with transaction.atomic():
        ret = _locked(ret)
        if ret.outcome:
            # Done, unless an exchange's price difference is still owed (its refund is finished below).
            if difference_owed(ret) <= 0:
                return ret
        else:
            if early:
                if not ret.refund_at_first_scan or ret.state not in (S.APPROVED, S.IN_TRANSIT):
                    return ret
            elif ret.state != S.INSPECTED:
                raise Conflict(
                    f"a return that is {ret.state} cannot be resolved yet", code="invalid_transition"
                )
            if ret.resolution == Resolution.CREDIT:
                _credit(ret, amount_due(ret, early=early), actor)
                return ret
            if ret.resolution != Resolution.REFUND:
                _exchange(ret, actor)
            else:
                amount = amount_due(ret, early=early)
    if ret.outcome == Outcome.EXCHANGED:
        return exchange_difference_refund(ret=ret, actor=actor)
    return _refund(ret, amount, actor, payout_details or return_payout_details(ret))


def difference_owed(ret: ReturnRequest) -> Decimal:
    """What an exchange for a cheaper replacement still owes the buyer: 0 once its refund is recorded."""
    if ret.outcome != Outcome.EXCHANGED or ret.refund_id is not None or ret.resolved_amount is None:
        return Decimal(0)
    return max(-ret.resolved_amount, Decimal(0))


def exchange_difference_refund(*, ret: ReturnRequest, actor: str = "") -> ReturnRequest:
    """Refund an exchange's price difference, exactly once, outside any transaction of ours.

    `refund_issue` commits its row under `return:<id>:difference` before it calls the provider, and only the
    caller whose claim on that row wins makes the call: two staff at once, a retried request and the task
    queued with the exchange all end in one refund (Razorpay, which takes no key, included). After a crash
    the row is found again by its key, and the payments sweep retries one left `requested`.
    """
    amount = difference_owed(ret)
    if amount <= 0:
        return ret
    outcome = refund_issue(
        order=ret.order,
        amount=amount,
        reason=f"price difference, exchange {ret.code}",
        idempotency_key=f"return:{ret.pk}:difference",
        requested_by=actor or "returns",
    )
    with transaction.atomic():
        ret = _locked(ret)
        if ret.refund_id is None:
            ret.refund = outcome.refund
            ret.save(update_fields=["refund", "updated_at"])
    return ret


@task()
def refund_exchange_difference(return_id: int) -> str:
    """Queued with the exchange, in its transaction: safe to run any number of times (the refund's key)."""
    ret = ReturnRequest.objects.filter(pk=return_id).select_related("order", "store").first()
    if ret is None:
        return "gone"
    ret = exchange_difference_refund(ret=ret, actor="returns")
    return ret.refund.status if ret.refund is not None else "nothing_owed"


def return_resolution_set(*, ret: ReturnRequest, resolution: str) -> None:
    """Staff may settle a return differently from what was asked (credit instead of a refund)."""
    if resolution not in Resolution.values:
        from wasl.core.errors import Invalid

        raise Invalid(f"resolution must be one of {', '.join(Resolution.values)}", code="invalid_resolution")
    if ret.resolution != resolution:
        ReturnRequest.objects.filter(pk=ret.pk, outcome="").update(resolution=resolution)
        ret.refresh_from_db()
