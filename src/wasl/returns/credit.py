"""Store credit: an append-only ledger in Decimal, per customer and currency, whose balance is never negative.

Every entry is written with the customer's account row locked (`SELECT ... FOR UPDATE` on PostgreSQL; SQLite
takes its write lock when the transaction begins), so two debits at once are applied one after the other and
the second sees the first. A CHECK constraint on the account and on each entry's running balance backs that
up. An idempotency key, unique per store, makes each entry happen once.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction

from wasl.core.errors import Conflict, Invalid
from wasl.core.money import is_currency, quantize
from wasl.orders.models import Customer, Order
from wasl.returns.models import CreditKind, ReturnRequest, StoreCreditAccount, StoreCreditEntry


def _account_locked(customer: Customer, currency: str) -> StoreCreditAccount:
    try:
        with transaction.atomic():
            StoreCreditAccount.objects.get_or_create(
                customer=customer, currency=currency, defaults={"store_id": customer.store_id}
            )
    except IntegrityError:
        pass  # made by a concurrent first entry
    return StoreCreditAccount.objects.select_for_update().get(customer=customer, currency=currency)


@transaction.atomic
def credit_entry_add(
    *,
    customer: Customer,
    currency: str,
    amount: Decimal,
    kind: str,
    idempotency_key: str,
    return_request: ReturnRequest | None = None,
    order: Order | None = None,
    note: str = "",
) -> tuple[StoreCreditEntry, bool]:
    """Add `amount` (negative to spend) once per key; returns (entry, created). A debit beyond the balance is
    refused with `insufficient_credit` and writes nothing."""
    if not is_currency(currency):
        raise Invalid(f"{currency!r} is not an ISO 4217 currency code", code="invalid_currency")
    if kind not in CreditKind.values:
        raise Invalid(f"unknown credit kind {kind!r}", code="invalid_kind")
    key = idempotency_key.strip()
    if not key or len(key) > 200:
        raise Invalid("a credit entry needs an idempotency key of at most 200 characters", code="invalid_key")
    amount = quantize(amount, currency)
    if amount == 0:
        raise Invalid("a credit entry cannot be zero", code="invalid_amount")
    account = _account_locked(customer, currency)
    # Looked up after the lock: a concurrent writer with the same key has committed by now.
    existing = StoreCreditEntry.objects.filter(store_id=customer.store_id, idempotency_key=key).first()
    if existing is not None:
        if existing.customer_id != customer.pk or existing.amount != amount:
            raise Conflict("this idempotency key was used for another entry", code="idempotency_key_reused")
        return existing, False
    balance = account.balance + amount
    if balance < 0:
        raise Conflict(
            f"the balance is {account.balance} {currency}; {-amount} cannot be spent",
            code="insufficient_credit",
        )
    account.balance = balance
    account.save(update_fields=["balance", "updated_at"])
    entry = StoreCreditEntry.objects.create(
        store_id=customer.store_id,
        account=account,
        customer=customer,
        currency=currency,
        amount=amount,
        balance_after=balance,
        kind=kind,
        return_request=return_request,
        order=order,
        note=note[:300],
        idempotency_key=key,
    )
    return entry, True


def credit_balance(*, customer: Customer, currency: str) -> Decimal:
    account = StoreCreditAccount.objects.filter(customer=customer, currency=currency).first()
    return account.balance if account is not None else Decimal(0)
