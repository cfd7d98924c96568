"""Reads for the returns portal, always within one store and one verified order."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone

from wasl.core.phones import to_e164
from wasl.orders.models import Order, OrderLine, OrderStatus, StockLevel, Variant
from wasl.returns.models import Resolution, ReturnItem, ReturnRequest, ReturnState
from wasl.returns.policy import PolicyInForce, policy_in_force
from wasl.returns.services import delivered_at, returned_so_far
from wasl.returns.tiers import tier_for
from wasl.stores.models import Store

# Returns whose replacement has not been taken from stock yet: their quantities are held back from others.
OPEN_STATES = (
    ReturnState.REQUESTED,
    ReturnState.APPROVED,
    ReturnState.IN_TRANSIT,
    ReturnState.RECEIVED,
    ReturnState.INSPECTED,
)
MAX_EXCHANGE_CHOICES = 60


def order_find(*, store: Store, number: str, contact: str) -> Order | None:
    """The store's order with this number (or external id) whose buyer has this phone or e-mail; else None."""
    typed = number.strip().lstrip("#").strip()
    contact = contact.strip()
    if not typed or not contact or len(typed) > 100:
        return None
    candidates = (
        Order.objects.filter(store=store, customer__isnull=False)
        .filter(Q(number__iexact=typed) | Q(number__iexact=f"#{typed}") | Q(external_id=typed))
        .select_related("customer")
        .order_by("-placed_at")[:5]
    )
    for order in candidates:
        customer = order.customer
        assert customer is not None
        if "@" in contact:
            if customer.email and customer.email.lower() == contact.lower():
                return order
            continue
        phone = to_e164(contact, order.ship_country or store.country)
        if phone and customer.phone == phone:
            return order
    return None


def verified_order(*, store: Store, order_id: int) -> Order | None:
    return (
        Order.objects.filter(store=store, pk=order_id)
        .select_related("customer", "store")
        .prefetch_related("lines__variant__product")
        .first()
    )


def available_stock(*, store: Store, variant_ids: list[int]) -> dict[int, int]:
    """Stock on hand less what open exchange returns already asked for (a soft reservation)."""
    on_hand = {
        row["variant_id"]: row["n"] or 0
        for row in StockLevel.objects.filter(store=store, variant_id__in=variant_ids)
        .values("variant_id")
        .annotate(n=Sum("quantity"))
    }
    held = {
        row["exchange_variant_id"]: row["n"] or 0
        for row in ReturnItem.objects.filter(
            return_request__store=store,
            return_request__state__in=OPEN_STATES,
            return_request__outcome="",
            exchange_variant_id__in=variant_ids,
        )
        .values("exchange_variant_id")
        .annotate(n=Sum("quantity"))
    }
    return {pk: on_hand.get(pk, 0) - held.get(pk, 0) for pk in variant_ids}


@dataclass
class LineChoice:
    line: OrderLine
    left: int  # how many can still be returned
    blocked: str  # "" when returnable, else an error code (not_returnable, return_window_closed, ...)
    reasons: list[str]
    window_ends: datetime
    variants: list[tuple[Variant, int]] = field(
        default_factory=list
    )  # same product, in stock: (variant, free)


@dataclass
class OrderChoices:
    order: Order
    policy: PolicyInForce
    tier: str
    lines: list[LineChoice]
    others: list[tuple[Variant, int]]  # any in-stock variant, for an exchange for another product

    @property
    def returnable(self) -> list[LineChoice]:
        return [c for c in self.lines if not c.blocked]

    def fee(self) -> Decimal:
        return self.policy.fee_for(self.tier)


def order_choices(*, order: Order, now: datetime | None = None) -> OrderChoices:
    """What the buyer may return from the order, line by line, and what they may take in exchange."""
    now = now or timezone.now()
    store = order.store
    policy = policy_in_force(store=store)
    tier = tier_for(store=store, customer=order.customer)
    already = returned_so_far(order)
    since = delivered_at(order)
    lines = list(order.lines.select_related("variant__product").order_by("pk"))
    product_ids = {line.variant.product_id for line in lines if line.variant is not None}
    siblings = list(
        Variant.objects.filter(store=store, product_id__in=product_ids)
        .select_related("product")
        .order_by("sku")
    )
    others = list(
        Variant.objects.filter(store=store, stock_levels__quantity__gt=0)
        .select_related("product")
        .distinct()
        .order_by("product__name", "sku")[:MAX_EXCHANGE_CHOICES]
    )
    free = available_stock(store=store, variant_ids=[v.pk for v in {*siblings, *others}])
    delivered = order.status in (OrderStatus.DELIVERED, OrderStatus.RETURNED)
    choices = []
    for line in lines:
        window = policy.window_days(tier=tier, category=line.category)
        ends = since + timedelta(days=window)
        left = line.quantity - already.get(line.pk, 0)
        blocked = ""
        if not delivered:
            blocked = "order_not_delivered"
        elif not policy.is_returnable(line.category):
            blocked = "not_returnable"
        elif now > ends:
            blocked = "return_window_closed"
        elif left <= 0:
            blocked = "quantity_exceeds"
        variants = [
            (v, free[v.pk])
            for v in siblings
            if line.variant is not None
            and v.product_id == line.variant.product_id
            and v.pk != line.variant_id
            and free[v.pk] > 0
        ]
        choices.append(
            LineChoice(line, max(left, 0), blocked, policy.reasons_for(line.category), ends, variants)
        )
    in_stock = [(v, free[v.pk]) for v in others if free[v.pk] > 0]
    return OrderChoices(order, policy, tier, choices, in_stock)


def order_returns(*, order: Order) -> list[ReturnRequest]:
    return list(ReturnRequest.objects.filter(order=order).order_by("-created_at"))


def exchange_allowed(resolution: str) -> bool:
    return resolution in (Resolution.EXCHANGE_VARIANT, Resolution.EXCHANGE_PRODUCT)
