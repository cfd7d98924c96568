"""The rollups as grouped queries, each written into its table by one INSERT ... SELECT (see refresh.py)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import (
    Count,
    DateTimeField,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Least, TruncDate

from wasl.analytics.facts import LEFT_THE_SHOP, MONEY, PREFIX, ZERO, per_message_cost
from wasl.analytics.models import AnalyticsSettings, OrderFact
from wasl.messaging.models import Message, MessageDirection, MessageStatus
from wasl.orders.models import OrderLine
from wasl.returns.models import ReturnItem
from wasl.stores.models import Store

COST = DecimalField(max_digits=16, decimal_places=5)
REPLY_WITHIN = timedelta(hours=24)


def _named(**columns: object) -> dict[str, object]:
    return {f"{PREFIX}{name}": value for name, value in columns.items()}


def _money_sum(expression: object, condition: Q) -> Coalesce:
    return Coalesce(Sum(expression, filter=condition, output_field=MONEY), ZERO, output_field=MONEY)  # type: ignore[arg-type]


DIMENSIONS = ("payment_method", "carrier", "region", "channel", "ndr_reason")


def daily_rollup_rows(store: Store, days: list[date] | None) -> list[QuerySet[Any, Any]]:
    """One grouped query per dimension over the facts of `days` (all days when None)."""
    facts = OrderFact.objects.filter(store=store)
    if days is not None:
        facts = facts.filter(day__in=days)
    # Amounts are summed for orders in the store's currency; the others are counted only.
    mine = Q(currency=store.currency)
    settled_mine = mine & Q(settled=True)
    shipping = F("forward_shipping") + F("rto_shipping") + F("reverse_shipping")
    sums = _named(
        orders=Count("pk"),
        shipped=Count("pk", filter=Q(shipped=True)),
        delivered=Count("pk", filter=Q(delivered=True)),
        rto=Count("pk", filter=Q(rto=True)),
        ndr=Count("pk", filter=Q(ndr=True)),
        returned=Count("pk", filter=Q(returned=True)),
        settled=Count("pk", filter=Q(settled=True)),
        new_customers=Count("pk", filter=Q(first_order=True)),
        revenue=_money_sum(F("revenue"), mine),
        kept_revenue=_money_sum(F("kept_revenue"), settled_mine),
        product_cost=_money_sum(F("product_cost"), settled_mine),
        shipping_cost=_money_sum(shipping, settled_mine),
        cod_fee=_money_sum(F("cod_fee"), settled_mine),
        message_cost=_money_sum(F("message_cost"), settled_mine),
        refunded=_money_sum(F("refunded"), settled_mine),
        profit=_money_sum(F("profit"), settled_mine),
    )
    return [
        facts.order_by()
        .values(  # type: ignore[call-overload]
            **_named(store_id=Value(store.pk), day=F("day"), dimension=Value(dimension), value=F(dimension))
        )
        .annotate(**sums)
        for dimension in DIMENSIONS
    ]


def product_day_rows(store: Store, days: list[date] | None) -> QuerySet[Any, Any]:
    """Lines by SKU and order day. An order's profit is shared among its lines by their value."""
    lines = OrderLine.objects.filter(order__analytics_fact__store=store)
    if days is not None:
        lines = lines.filter(order__analytics_fact__day__in=days)
    fact = "order__analytics_fact__"
    value = ExpressionWrapper(F("quantity") * F("unit_price"), output_field=MONEY)
    cost = ExpressionWrapper(F("quantity") * Coalesce(F("variant__cost"), ZERO), output_field=MONEY)
    share = ExpressionWrapper(
        F(f"{fact}profit") * F("quantity") * F("unit_price") / F(f"{fact}lines_value"), output_field=MONEY
    )
    # Units of the line's SKU the buyer sent back from its order (at most the line's quantity).
    returned_units = (
        ReturnItem.objects.filter(return_request__order=OuterRef("order"), sku=OuterRef("sku"))
        .exclude(return_request__state="rejected")
        .order_by()
        .values("sku")
        .annotate(units=Sum("quantity"))
        .values("units")
    )
    mine = Q(**{f"{fact}currency": store.currency})
    return (
        lines.order_by()
        .values(**_named(store_id=Value(store.pk), day=F(f"{fact}day"), sku=F("sku")))  # type: ignore[arg-type]
        .annotate(
            **_named(
                name=Max("name"),
                category=Max("category"),
                units=Sum("quantity"),
                delivered_units=Coalesce(Sum("quantity", filter=Q(**{f"{fact}delivered": True})), 0),
                rto_units=Coalesce(Sum("quantity", filter=Q(**{f"{fact}rto": True})), 0),
                returned_units=Coalesce(
                    Sum(
                        Least(F("quantity"), Coalesce(Subquery(returned_units[:1]), 0)),
                        filter=Q(**{f"{fact}returned": True}),
                    ),
                    0,
                ),
                revenue=_money_sum(value, mine & Q(**{f"{fact}delivered": True})),
                product_cost=_money_sum(cost, mine & Q(**{f"{fact}delivered": True})),
                profit=_money_sum(share, mine & Q(**{f"{fact}settled": True, f"{fact}lines_value__gt": 0})),
            )
        )
    )


def return_day_rows(store: Store, days: list[date] | None) -> QuerySet[Any, Any]:
    items = ReturnItem.objects.filter(return_request__store=store)
    day = TruncDate("return_request__created_at", tzinfo=ZoneInfo(store.timezone))
    items = items.annotate(day=day)
    if days is not None:
        items = items.filter(day__in=days)
    value = ExpressionWrapper(F("quantity") * F("unit_price"), output_field=MONEY)
    return (
        items.order_by()
        .values(
            **_named(  # type: ignore[arg-type]
                store_id=Value(store.pk),
                day=F("day"),
                sku=F("sku"),
                reason=F("reason"),
                grade=F("grade"),
                outcome=F("return_request__outcome"),
            )
        )
        .annotate(
            **_named(
                name=Max("name"),
                category=Max("category"),
                units=Sum("quantity"),
                value=_money_sum(value, Q(return_request__currency=store.currency)),
            )
        )
    )


def message_day_rows(
    store: Store, settings: AnalyticsSettings, days: list[date] | None
) -> QuerySet[Any, Any]:
    """Outbound messages by day and channel: sent, delivered, read, replied to (the buyer wrote in the same
    conversation within 24 hours of it being sent), failed, and their cost."""
    messages = Message.objects.filter(store=store, direction=MessageDirection.OUTBOUND).annotate(
        day=TruncDate("created_at", tzinfo=ZoneInfo(store.timezone))
    )
    if days is not None:
        messages = messages.filter(day__in=days)
    reply = Message.objects.filter(
        conversation=OuterRef("conversation"),
        direction=MessageDirection.INBOUND,
        pk__gt=OuterRef("pk"),
        created_at__gte=OuterRef("sent_at"),
        created_at__lte=ExpressionWrapper(OuterRef("sent_at") + REPLY_WITHIN, output_field=DateTimeField()),
    )
    sent = Q(status__in=LEFT_THE_SHOP)
    delivered = Q(status__in=(MessageStatus.DELIVERED, MessageStatus.READ)) | Q(delivered_at__isnull=False)
    read = Q(status=MessageStatus.READ) | Q(read_at__isnull=False)
    cost = Coalesce(F("cost"), per_message_cost(settings), output_field=COST)
    return (
        messages.order_by()
        .values(**_named(store_id=Value(store.pk), day=F("day"), channel=F("channel")))  # type: ignore[arg-type]
        .annotate(
            **_named(
                sent=Count("pk", filter=sent),
                delivered=Count("pk", filter=sent & delivered),
                read=Count("pk", filter=sent & read),
                replied=Count("pk", filter=sent & Q(Exists(reply))),
                failed=Count("pk", filter=Q(status=MessageStatus.FAILED)),
                cost=Coalesce(
                    Sum(cost, filter=sent, output_field=COST), Value(0, output_field=COST), output_field=COST
                ),
            )
        )
    )
