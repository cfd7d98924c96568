"""Writes for payment links and the payments that come through them.

A link is recorded before the provider is asked (status `pending`), under an idempotency key unique per store:
asking again for the same order and purpose finds that row and gives back its link, or, if the provider was
not reached last time, asks again with the same request (Stripe's idempotency key, Razorpay's reference_id),
so at most one link exists per row. A paid link turns a COD order into a prepaid one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from wasl.core.errors import Conflict, Invalid
from wasl.core.money import format_money, quantize
from wasl.core.text import db_text, has_nul
from wasl.orders.models import Order, OrderEventKind, OrderStatus, PaymentMethod
from wasl.orders.services import order_event_add, order_summary
from wasl.payments.amounts import payable
from wasl.payments.events import LinkChanged, Paid
from wasl.payments.models import LINK_DONE, LinkStatus, Payment, PaymentLink
from wasl.payments.providers import provider_get
from wasl.payments.providers.base import LinkRequest, ProviderError, ProviderLink
from wasl.stores.models import Store
from wasl.webhooks.outbound.services import outbound_event_emit

DEFAULT_PURPOSE = "prepaid"
_url_validator = URLValidator(schemes=["http", "https"])
MAX_KEY_LENGTH = 200
PAYABLE_STATUSES = (OrderStatus.PENDING, OrderStatus.SHIPPED)


@dataclass(frozen=True)
class LinkOutcome:
    link: PaymentLink
    created: bool  # True for the one request that got the link made; False when it is given back


@dataclass(frozen=True)
class PaymentRecorded:
    payment: Payment | None
    created: bool
    note: str = ""


def _clean_key(key: str) -> str:
    key = key.strip()
    if has_nul(key):
        raise Invalid("an idempotency key cannot contain NUL", code="invalid_key")
    if len(key) > MAX_KEY_LENGTH:
        return "sha256:" + hashlib.sha256(key.encode()).hexdigest()
    return key


def _derived_key(order: Order, purpose: str) -> str:
    """Links of an order that ended (cancelled, expired, refused) do not count: asking then makes a new one."""
    ended = PaymentLink.objects.filter(order=order, purpose=purpose, status__in=LINK_DONE).count()
    return f"link:{order.pk}:{purpose}:{ended + 1}"


def _link_amount(order: Order, discount: Decimal | None, provider: str) -> tuple[Decimal, Decimal]:
    discount = quantize(discount or Decimal(0), order.currency)
    if discount < 0:
        raise Invalid("a discount cannot be negative", code="invalid_discount")
    if discount >= order.total:
        raise Invalid(
            f"the discount must be less than the order's total {order.total}", code="invalid_discount"
        )
    amount = payable(order.total - discount, order.currency, provider=provider)
    if amount <= 0:
        raise Invalid("nothing to pay", code="invalid_amount")
    return amount, discount


def _check_callback(url: str) -> None:
    if not url:
        return
    try:
        _url_validator(url)
    except ValidationError:
        raise Invalid(f"{url[:100]!r} is not an http(s) URL", code="invalid_url") from None


def _check_payable(order: Order) -> None:
    if order.paid_at is not None or order.payment_method == PaymentMethod.PREPAID:
        raise Conflict("this order is already paid", code="order_already_paid")
    if order.status not in PAYABLE_STATUSES:
        raise Conflict(f"an order that is {order.status} cannot be paid by link", code="order_not_payable")


def _same_request(link: PaymentLink, order: Order, provider: str) -> PaymentLink:
    if link.order_id != order.pk or link.provider != provider:
        raise Conflict(
            "this idempotency key was used for another order or provider", code="idempotency_key_reused"
        )
    return link


def _reference(order: Order, link: PaymentLink, key: str) -> str:
    """What the provider shows the merchant: the order's id, unique per link (Razorpay insists)."""
    if key == f"link:{order.pk}:{DEFAULT_PURPOSE}:1" and len(order.external_id) <= 40:
        return order.external_id
    return f"{order.external_id[:28]}-{link.pk}"


def _request(order: Order, link: PaymentLink, *, notify: bool, callback_url: str) -> LinkRequest:
    customer = order.customer
    return LinkRequest(
        store_id=order.store_id,
        order_id=order.pk,
        order_external_id=order.external_id,
        title=f"{order.store.name}: order {order.number or order.external_id}",
        amount=link.amount,
        currency=link.currency,
        idempotency_key=link.idempotency_key,
        reference=link.reference,
        link_id=link.pk,
        customer_name=customer.name if customer else "",
        customer_phone=customer.phone if customer else "",
        customer_email=customer.email if customer else "",
        notify=notify,
        callback_url=callback_url,
    )


def payment_link_request(
    *,
    order: Order,
    provider: str,
    discount: Decimal | None = None,
    purpose: str = DEFAULT_PURPOSE,
    idempotency_key: str = "",
    notify: bool = False,
    callback_url: str = "",
) -> LinkOutcome:
    """The order's payment link for `purpose`: made once, given back on every later request."""
    purpose = db_text(purpose.strip(), 40) or DEFAULT_PURPOSE
    _check_callback(callback_url)
    gateway = provider_get(store=order.store, name=provider)  # unknown, unconfigured or manual: refused here
    key = _clean_key(idempotency_key) if idempotency_key.strip() else _derived_key(order, purpose)
    existing = PaymentLink.objects.filter(store_id=order.store_id, idempotency_key=key).first()
    if existing is not None and existing.status != LinkStatus.PENDING:
        return LinkOutcome(_same_request(existing, order, provider), False)
    if existing is None:
        if not gateway.makes_links:
            raise Invalid(
                f"{provider} cannot make payment links; use stripe or razorpay", code="link_not_possible"
            )
        _check_payable(order)
        amount, discount = _link_amount(order, discount, provider)
        link = _link_row(order, provider, purpose, key, amount, discount)
        if link.status != LinkStatus.PENDING:  # the same request, made a moment ago by someone else
            return LinkOutcome(_same_request(link, order, provider), False)
    else:
        link = _same_request(existing, order, provider)
    try:
        answer = gateway.link_create(_request(order, link, notify=notify, callback_url=callback_url))
    except ProviderError as exc:
        _link_failed(link, exc)
        raise
    return LinkOutcome(*_link_made(link, answer))


def payment_link_create(
    *, order: Order, provider: str, discount: Decimal | None = None, **options: Any
) -> PaymentLink:
    return payment_link_request(order=order, provider=provider, discount=discount, **options).link


def _link_row(
    order: Order, provider: str, purpose: str, key: str, amount: Decimal, discount: Decimal
) -> PaymentLink:
    try:
        with transaction.atomic():
            link = PaymentLink.objects.create(
                store_id=order.store_id,
                order=order,
                provider=provider,
                purpose=purpose,
                idempotency_key=key,
                amount=amount,
                currency=order.currency,
                discount=discount,
            )
            link.reference = _reference(order, link, key)
            link.save(update_fields=["reference"])
    except IntegrityError:  # the same request, a moment ago
        return PaymentLink.objects.get(store_id=order.store_id, idempotency_key=key)
    return link


def _link_failed(link: PaymentLink, exc: ProviderError) -> None:
    """A refusal ends the link; an outage leaves it pending, for the next request to try again."""
    status = LinkStatus.PENDING if exc.transient else LinkStatus.FAILED
    PaymentLink.objects.filter(pk=link.pk, status=LinkStatus.PENDING).update(
        updated_at=timezone.now(),
        status=status,
        error_code=exc.code[:60],
        error_message=db_text(exc.message, 300),
    )


def _link_made(link: PaymentLink, answer: ProviderLink) -> tuple[PaymentLink, bool]:
    status = answer.status if answer.status != LinkStatus.PENDING else LinkStatus.CREATED
    with transaction.atomic():
        # Only the request that moves it out of pending writes the timeline: concurrent requests get one entry.
        moved = PaymentLink.objects.filter(pk=link.pk, status=LinkStatus.PENDING).update(
            updated_at=timezone.now(),
            provider_id=answer.id[:100],
            url=answer.url[:500],
            status=status,
            error_code="",
            error_message="",
        )
        link.refresh_from_db()
        if moved:
            order = link.order
            order_event_add(
                order=order,
                kind=OrderEventKind.PAYMENT_LINK,
                message=f"{link.get_provider_display()} link for {format_money(link.amount, link.currency, 'en')}",
                data={
                    "link": link.pk,
                    "provider": link.provider,
                    "provider_id": link.provider_id,
                    "url": link.url,
                    "amount": str(link.amount),
                    "discount": str(link.discount),
                    "currency": link.currency,
                    "purpose": link.purpose,
                },
            )
    return link, bool(moved)


def payment_link_cancel(*, link: PaymentLink) -> PaymentLink:
    """Stop a link taking payments (Razorpay cancels it, Stripe deactivates it). A paid link stays paid."""
    if link.status == LinkStatus.PAID:
        raise Conflict("a paid link cannot be cancelled; refund the payment instead", code="link_paid")
    if link.status in (LinkStatus.CANCELLED, LinkStatus.EXPIRED, LinkStatus.FAILED):
        return link
    if link.provider_id:
        provider_get(store=link.store, name=link.provider).link_cancel(link.provider_id)
    PaymentLink.objects.filter(pk=link.pk, status__in=(LinkStatus.PENDING, LinkStatus.CREATED)).update(
        status=LinkStatus.CANCELLED, updated_at=timezone.now()
    )
    link.refresh_from_db()
    return link


def payment_link_closed(*, store: Store, change: LinkChanged) -> int:
    """The provider says a link expired or was cancelled; paid links are never moved back."""
    return PaymentLink.objects.filter(
        store=store,
        provider=change.provider,
        provider_id=change.link_id,
        status__in=(LinkStatus.PENDING, LinkStatus.CREATED),
    ).update(status=change.status, updated_at=timezone.now())


# --- payments ---


def _link_for(store: Store, paid: Paid) -> PaymentLink | None:
    links = PaymentLink.objects.filter(store=store, provider=paid.provider).select_related("order")
    if paid.link_pk is not None:
        found = links.filter(pk=paid.link_pk).first()
        if found is not None:
            return found
    if paid.link_id:
        return links.filter(provider_id=paid.link_id).first()
    return None


def payment_record(*, store: Store, paid: Paid) -> PaymentRecorded:
    """A provider says a buyer paid. Recorded once per provider payment id; the order becomes prepaid."""
    if paid.store_pk is not None and paid.store_pk != store.pk:
        return PaymentRecorded(None, False, "the payment belongs to another store")
    if not paid.payment_id:
        return PaymentRecorded(None, False, "no payment id")
    link = _link_for(store, paid)
    order = link.order if link else None
    if order is None and paid.order_external_id:
        order = Order.objects.filter(store=store, external_id=paid.order_external_id).first()
    if order is None:
        return PaymentRecorded(None, False, "not a payment for one of this store's orders")
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                store=store,
                order=order,
                link=link,
                provider=paid.provider,
                provider_payment_id=paid.payment_id[:100],
                amount=quantize(paid.amount, paid.currency),
                currency=paid.currency,
                paid_at=paid.paid_at,
            )
            _payment_applied(order, link, payment)
    except IntegrityError:  # told twice (two events for one payment, or a redelivery)
        return PaymentRecorded(Payment.objects.get(store=store, provider_payment_id=paid.payment_id), False)
    return PaymentRecorded(payment, True)


def _payment_applied(order: Order, link: PaymentLink | None, payment: Payment) -> None:
    covers = payment.currency == order.currency and payment.amount >= (link.amount if link else order.total)
    if link is not None:
        PaymentLink.objects.filter(pk=link.pk).filter(~Q(status=LinkStatus.PAID)).update(
            status=LinkStatus.PAID, paid_at=payment.paid_at, updated_at=timezone.now()
        )
    order = Order.objects.select_for_update().get(pk=order.pk)
    was = order.payment_method
    if covers:
        order.payment_method = PaymentMethod.PREPAID
        order.paid_at = order.paid_at or payment.paid_at
        order.save(update_fields=["payment_method", "paid_at", "updated_at"])
    amount = format_money(payment.amount, payment.currency, "en")
    order_event_add(
        order=order,
        kind=OrderEventKind.PAID,
        message=f"Paid {amount} online ({payment.get_provider_display()})"
        + ("" if covers else "; less than the amount due, so the order stays as it was")
        + ("; the order is cancelled: refund the buyer" if order.status == OrderStatus.CANCELLED else ""),
        data={
            "payment": payment.pk,
            "provider": payment.provider,
            "provider_payment_id": payment.provider_payment_id,
            "amount": str(payment.amount),
            "currency": payment.currency,
            "link": link.pk if link else None,
            "payment_method": {"from": was, "to": order.payment_method},
        },
        at=payment.paid_at,
    )
    if covers:
        outbound_event_emit(
            store=order.store,
            event_type="order.updated",
            data={
                **order_summary(order),
                "paid_at": order.paid_at.isoformat() if order.paid_at else None,
                "payment": {
                    "provider": payment.provider,
                    "id": payment.provider_payment_id,
                    "amount": str(payment.amount),
                    "currency": payment.currency,
                },
            },
            idempotency_key=f"order-paid:{payment.pk}",
        )
