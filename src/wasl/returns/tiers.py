"""Loyalty tiers: a customer's history (delivered orders, spend, return rate, RTOs) against the store's thresholds."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from wasl.orders.models import Customer, Order, OrderStatus
from wasl.returns.models import LoyaltyTier, ReturnRequest, ReturnState
from wasl.stores.models import Store

# An order reached the buyer: it counts as an order and as spend. A buyer's return happens after delivery.
_DELIVERED = (OrderStatus.DELIVERED, OrderStatus.RETURNED)


@dataclass(frozen=True)
class CustomerHistory:
    orders: int  # delivered (including those later returned)
    spend: Decimal  # total of those orders, in the store's currency only
    returns: int  # return requests not rejected
    rtos: int

    @property
    def return_rate(self) -> Decimal:
        """Returns per delivered order; 0 with no delivered order."""
        if self.orders == 0:
            return Decimal(0)
        return Decimal(self.returns) / Decimal(self.orders)


def customer_history(*, store: Store, customer: Customer) -> CustomerHistory:
    orders = Order.objects.filter(store=store, customer=customer).aggregate(
        orders=Count("id", filter=Q(status__in=_DELIVERED)),
        spend=Sum("total", filter=Q(status__in=_DELIVERED, currency=store.currency)),
        rtos=Count("id", filter=Q(status=OrderStatus.RTO)),
    )
    returns = (
        ReturnRequest.objects.filter(store=store, customer=customer)
        .exclude(state=ReturnState.REJECTED)
        .count()
    )
    return CustomerHistory(
        orders=orders["orders"], spend=orders["spend"] or Decimal(0), returns=returns, rtos=orders["rtos"]
    )


def tier_qualifies(tier: LoyaltyTier, history: CustomerHistory) -> bool:
    """Every threshold is inclusive: 5 orders meets "at least 5", a 0.2 rate meets "at most 0.2"."""
    if history.orders < tier.min_orders or history.spend < tier.min_spend:
        return False
    if tier.max_return_rate is not None and history.return_rate > tier.max_return_rate:
        return False
    return tier.max_rtos is None or history.rtos <= tier.max_rtos


def tier_for(*, store: Store, customer: Customer | None) -> str:
    """The name of the highest-ranked tier the customer qualifies for; "" when none (or no customer)."""
    if customer is None:
        return ""
    tiers = list(LoyaltyTier.objects.filter(store=store).order_by("-rank"))
    if not tiers:
        return ""
    history = customer_history(store=store, customer=customer)
    return next((t.name for t in tiers if tier_qualifies(t, history)), "")


@dataclass(frozen=True)
class TierSpec:
    name: str
    rank: int
    min_orders: int = 0
    min_spend: Decimal = Decimal(0)
    max_return_rate: Decimal | None = None
    max_rtos: int | None = None


def loyalty_tiers_set(*, store: Store, tiers: list[TierSpec]) -> list[LoyaltyTier]:
    """Replace the store's tiers with these (names and ranks unique); returns them best first."""
    from django.db import transaction

    from wasl.core.errors import Invalid

    names = [t.name for t in tiers]
    ranks = [t.rank for t in tiers]
    if len(set(names)) != len(names) or len(set(ranks)) != len(ranks):
        raise Invalid("tier names and ranks must be unique", code="invalid_tiers")
    for t in tiers:
        if not t.name or len(t.name) > 40 or not t.name.replace("-", "").replace("_", "").isalnum():
            raise Invalid(f"tier name {t.name!r}: letters, digits, - and _, at most 40", code="invalid_tiers")
        if t.rank < 0 or t.min_orders < 0 or t.min_spend < 0 or (t.max_rtos is not None and t.max_rtos < 0):
            raise Invalid(f"tier {t.name}: numbers must be at least 0", code="invalid_tiers")
        if t.max_return_rate is not None and not 0 <= t.max_return_rate <= 1:
            raise Invalid(f"tier {t.name}: max_return_rate is a fraction from 0 to 1", code="invalid_tiers")
    with transaction.atomic():
        LoyaltyTier.objects.filter(store=store).delete()
        LoyaltyTier.objects.bulk_create(
            LoyaltyTier(
                store=store,
                name=t.name,
                rank=t.rank,
                min_orders=t.min_orders,
                min_spend=t.min_spend,
                max_return_rate=t.max_return_rate,
                max_rtos=t.max_rtos,
            )
            for t in tiers
        )
    return loyalty_tiers(store=store)


def loyalty_tiers(*, store: Store) -> list[LoyaltyTier]:
    """The store's tiers, best first."""
    return list(LoyaltyTier.objects.filter(store=store).order_by("-rank"))
