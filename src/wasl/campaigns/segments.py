"""Segments as data: a JSON object of criteria, all of which a buyer must meet, evaluated to a queryset.

    {"cities": ["Riyadh", "Jeddah"], "languages": ["ar"], "loyalty_tiers": ["gold"],
     "last_order_within_days": 90, "last_order_before_days": 30, "categories": ["shoes"],
     "products": ["SKU-1"], "min_orders": 1, "max_rto": 0, "min_spend": "500", "max_spend": "5000"}

Spend and order counts are over delivered orders (as loyalty tiers count them); `max_rto`/`min_rto` count
returns to origin. Whatever the criteria, only buyers with a phone who opted in to marketing and did not
opt out are ever in a segment. Language and loyalty tier are the buyer's as Wasl decides them elsewhere
(the language notifications use; the returns policy's tier), so they are checked per buyer after the
database has narrowed the set.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum

from wasl.campaigns.content import LANGUAGES
from wasl.campaigns.touches import marketing_consented
from wasl.core.errors import Invalid
from wasl.messaging.languages import choose_language
from wasl.orders.models import Customer, Order, OrderLine, OrderStatus
from wasl.returns.tiers import tier_for
from wasl.stores.models import Store

LISTS = ("cities", "languages", "loyalty_tiers", "categories", "products")
COUNTS = ("last_order_within_days", "last_order_before_days", "min_orders", "max_rto", "min_rto")
AMOUNTS = ("min_spend", "max_spend")
LIST_MAX = 200
_DELIVERED = (OrderStatus.DELIVERED, OrderStatus.RETURNED)


def segment_checked(raw: Any) -> dict[str, Any]:
    """The segment, normalised; Invalid (code `segment_invalid`) naming the first thing wrong."""
    if raw in (None, ""):
        return {}
    if not isinstance(raw, dict):
        raise Invalid("segment: expected an object of criteria", code="segment_invalid")
    unknown = set(raw) - set(LISTS) - set(COUNTS) - set(AMOUNTS)
    if unknown:
        raise Invalid(
            f"segment: unknown criteria {sorted(unknown)}; known: {', '.join(LISTS + COUNTS + AMOUNTS)}",
            code="segment_invalid",
        )
    clean: dict[str, Any] = {}
    for key in LISTS:
        if key in raw:
            values = raw[key]
            if not isinstance(values, list) or not values or len(values) > LIST_MAX:
                raise Invalid(f"segment.{key}: a list of 1 to {LIST_MAX} values", code="segment_invalid")
            if not all(isinstance(v, str) and v.strip() for v in values):
                raise Invalid(f"segment.{key}: each value a non-empty text", code="segment_invalid")
            clean[key] = [v.strip() for v in values]
    if "languages" in clean and set(clean["languages"]) - set(LANGUAGES):
        raise Invalid(f"segment.languages: among {', '.join(LANGUAGES)}", code="segment_invalid")
    for key in COUNTS:
        if key in raw:
            value = raw[key]
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100_000:
                raise Invalid(f"segment.{key}: a whole number from 0", code="segment_invalid")
            clean[key] = value
    for key in AMOUNTS:
        if key in raw:
            try:
                amount = Decimal(str(raw[key]))
            except InvalidOperation:
                raise Invalid(f'segment.{key}: an amount such as "500"', code="segment_invalid") from None
            if not amount.is_finite() or amount < 0:
                raise Invalid(f"segment.{key}: an amount of at least 0", code="segment_invalid")
            clean[key] = str(amount)
    return clean


def segment_queryset(*, store: Store, segment: dict[str, Any], now: datetime) -> QuerySet[Customer]:
    """The store's buyers meeting the criteria that the database can check (all but language and tier)."""
    segment = segment_checked(segment)
    buyers = Customer.objects.filter(store=store).exclude(phone="").filter(marketing_consented(store))
    # Uncorrelated IN subqueries: each is read once, whatever the number of buyers.
    if "cities" in segment:
        city = Q()
        for name in segment["cities"]:
            city |= Q(ship_city__iexact=name)
        buyers = buyers.filter(pk__in=Order.objects.filter(city, store=store).values("customer_id"))
    lines = OrderLine.objects.filter(order__store=store)
    if "categories" in segment:
        bought_in = lines.filter(category__in=segment["categories"])
        buyers = buyers.filter(pk__in=bought_in.values("order__customer_id"))
    if "products" in segment:
        wanted = segment["products"]
        bought = lines.filter(Q(sku__in=wanted) | Q(variant__product__external_id__in=wanted))
        buyers = buyers.filter(pk__in=bought.values("order__customer_id"))
    buyers = buyers.annotate(
        last_order_at=Max("orders__placed_at"),
        delivered=Count("orders", filter=Q(orders__status__in=_DELIVERED), distinct=True),
        rtos=Count("orders", filter=Q(orders__status=OrderStatus.RTO), distinct=True),
        spend=Sum("orders__total", filter=Q(orders__status__in=_DELIVERED, orders__currency=store.currency)),
    )
    if "last_order_within_days" in segment:
        buyers = buyers.filter(last_order_at__gte=now - timedelta(days=segment["last_order_within_days"]))
    if "last_order_before_days" in segment:
        buyers = buyers.filter(last_order_at__lt=now - timedelta(days=segment["last_order_before_days"]))
    if "min_orders" in segment:
        buyers = buyers.filter(delivered__gte=segment["min_orders"])
    if "max_rto" in segment:
        buyers = buyers.filter(rtos__lte=segment["max_rto"])
    if "min_rto" in segment:
        buyers = buyers.filter(rtos__gte=segment["min_rto"])
    if "min_spend" in segment:
        buyers = buyers.filter(spend__gte=Decimal(segment["min_spend"]))
    if "max_spend" in segment:
        buyers = buyers.filter(Q(spend__lte=Decimal(segment["max_spend"])) | Q(spend__isnull=True))
    return buyers.order_by("pk")


@dataclass(frozen=True)
class Member:
    customer: Customer
    language: str


def segment_members(*, store: Store, segment: dict[str, Any], now: datetime) -> list[Member]:
    """Everyone in the segment with the language they will be written in; one buyer per phone."""
    segment = segment_checked(segment)
    languages = set(segment.get("languages", ()))
    tiers = set(segment.get("loyalty_tiers", ()))
    members: dict[str, Member] = {}
    for customer in segment_queryset(store=store, segment=segment, now=now).iterator(chunk_size=2000):
        if customer.phone in members:
            continue
        language = choose_language(
            stored=customer.language, phone=customer.phone, store_default=store.language
        )
        if languages and language not in languages:
            continue
        if tiers and tier_for(store=store, customer=customer) not in tiers:
            continue
        members[customer.phone] = Member(customer, language)
    return list(members.values())
