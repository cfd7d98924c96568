"""One order's true profit as a single SQL expression per column, so a refresh is one INSERT ... SELECT.

Revenue is kept when the order was delivered (a later return takes money back only through its refund: store
credit and exchanges keep the revenue). Costs: the products (of delivered, returned or lost orders, less what
came back to stock), forward shipping per forward parcel, the return-to-origin leg, a return pickup per reverse
parcel, the cash-on-delivery fee of collected orders (each shipping cost from the parcel's rate-card estimate,
`shipping.ShipmentEstimate`, when a card priced it, else the store's flat cost from AnalyticsSettings), and every outbound message that left (its recorded cost,
else the store's cost per message of that channel). Refunds are those that succeeded.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import (
    BooleanField,
    Case,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, NullIf, TruncDate

from wasl.analytics.models import AnalyticsSettings
from wasl.messaging.models import Message, MessageDirection, MessageStatus
from wasl.orders.models import Order, OrderLine, OrderStatus
from wasl.payments.models import Refund, RefundStatus
from wasl.returns.models import Disposition, Outcome, ReturnItem, ReturnRequest, ReturnState
from wasl.shipping.models import Direction, Shipment
from wasl.stores.models import Store

MONEY = DecimalField(max_digits=14, decimal_places=3)
ZERO = Value(Decimal("0"), output_field=MONEY)
KEPT = (OrderStatus.DELIVERED, OrderStatus.RETURNED)
COSTED = (OrderStatus.DELIVERED, OrderStatus.RETURNED, OrderStatus.LOST)
SETTLED = (
    OrderStatus.DELIVERED,
    OrderStatus.RETURNED,
    OrderStatus.RTO,
    OrderStatus.LOST,
    OrderStatus.CANCELLED,
)
# Selected columns are named "c_<field>": an annotation may not take the name of one of the model's fields.
PREFIX = "c_"
LEFT_THE_SHOP = (MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.READ)


def money(value: Decimal) -> Value:
    return Value(value, output_field=MONEY)


def total_of(queryset: QuerySet, amount: Combinable | str, group: str = "order") -> Coalesce:  # type: ignore[type-arg]
    """The sum of `amount` over `queryset` (already narrowed to one order by OuterRef), zero when empty."""
    summed = queryset.order_by().values(group).annotate(total=Sum(amount, output_field=MONEY)).values("total")
    return Coalesce(Subquery(summed[:1], output_field=MONEY), ZERO, output_field=MONEY)


def when_status(statuses: tuple[str, ...], then: object) -> Case:
    return Case(When(status__in=statuses, then=then), default=ZERO, output_field=MONEY)


def priced(part: str, flat: Decimal) -> Case:
    """A shipment's `part` of cost from its rate-card estimate when a card priced it, else the store's flat cost."""
    return Case(
        When(
            estimate__card__isnull=False, **{f"estimate__{part}__isnull": False}, then=F(f"estimate__{part}")
        ),
        default=money(flat),
        output_field=MONEY,
    )


def per_message_cost(settings: AnalyticsSettings) -> Case:
    return Case(
        When(channel="whatsapp", then=money(settings.whatsapp_message_cost)),
        When(channel="sms", then=money(settings.sms_message_cost)),
        When(channel="email", then=money(settings.email_message_cost)),
        default=ZERO,
        output_field=MONEY,
    )


def fact_columns(store: Store, settings: AnalyticsSettings) -> dict[str, object]:
    """OrderFact's columns as expressions over an Order queryset, by field name."""
    forward = Shipment.objects.filter(order=OuterRef("pk"), direction=Direction.FORWARD)
    same_customer = Order.objects.filter(customer=OuterRef("customer"))
    lines = OrderLine.objects.filter(order=OuterRef("pk"))
    returns = ReturnRequest.objects.filter(order=OuterRef("pk"))
    returned_items = ReturnItem.objects.filter(return_request__order=OuterRef("pk"))
    messages = Message.objects.filter(
        order=OuterRef("pk"), direction=MessageDirection.OUTBOUND, status__in=LEFT_THE_SHOP
    )
    line_value = ExpressionWrapper(F("quantity") * F("unit_price"), output_field=MONEY)
    line_cost = ExpressionWrapper(F("quantity") * Coalesce(F("variant__cost"), ZERO), output_field=MONEY)
    restocked = returned_items.filter(disposition=Disposition.RESTOCK)
    item_value = ExpressionWrapper(F("quantity") * F("unit_price"), output_field=MONEY)
    reverse = Shipment.objects.filter(order=OuterRef("pk"), direction=Direction.REVERSE)
    cod_fee = money(settings.cod_fee_fixed) + F("total") * money(settings.cod_fee_percent / 100)
    columns: dict[str, object] = {
        "store_id": Value(store.pk),
        "order_id": F("pk"),
        "customer_id": F("customer_id"),
        "day": TruncDate("placed_at", tzinfo=ZoneInfo(store.timezone)),
        "channel": F("channel"),
        "acquisition_channel": Coalesce(
            Subquery(same_customer.order_by("placed_at", "pk").values("channel")[:1]), Value("")
        ),
        "first_order": Case(
            When(customer__isnull=True, then=Value(False)),
            When(Exists(same_customer.filter(placed_at__lt=OuterRef("placed_at"))), then=Value(False)),
            default=Value(True),
            output_field=BooleanField(),
        ),
        "payment_method": F("payment_method"),
        "carrier": Coalesce(Subquery(forward.order_by("pk").values("carrier")[:1]), Value("")),
        "region": Coalesce(NullIf(F("shipping_address__region"), Value("")), F("ship_city"), Value("")),
        "currency": F("currency"),
        "status": F("status"),
        "ndr_reason": Coalesce(
            Subquery(forward.exclude(ndr_reason="").order_by("-pk").values("ndr_reason")[:1]), Value("")
        ),
        "shipped": Exists(forward),
        "delivered": Q(status__in=KEPT),
        "rto": Q(status=OrderStatus.RTO),
        "ndr": Exists(forward.exclude(ndr_reason="")),
        "returned": Exists(returns.exclude(state=ReturnState.REJECTED)),
        "settled": Q(status__in=SETTLED),
        "revenue": F("total"),
        "lines_value": total_of(lines, line_value),
        "kept_revenue": when_status(KEPT, F("total")),
        "product_cost": when_status(
            COSTED,
            total_of(lines, line_cost) - total_of(restocked, line_cost, group="return_request__order"),
        ),
        "forward_shipping": total_of(forward, priced("forward", settings.forward_shipping_cost)),
        "rto_shipping": when_status(
            (OrderStatus.RTO,), total_of(forward, priced("rto_charge", settings.rto_shipping_cost))
        ),
        "reverse_shipping": total_of(reverse, priced("reverse", settings.reverse_shipping_cost)),
        "cod_fee": Case(
            When(
                payment_method="cod",
                status__in=KEPT,
                then=Coalesce(
                    Subquery(
                        forward.filter(estimate__card__isnull=False)
                        .order_by("pk")
                        .values("estimate__cod_fee")[:1]
                    ),
                    cod_fee,
                    output_field=MONEY,
                ),
            ),
            default=ZERO,
            output_field=MONEY,
        ),
        "message_cost": total_of(
            messages, Coalesce(F("cost"), per_message_cost(settings), output_field=MONEY)
        ),
        "refunded": total_of(
            Refund.objects.filter(order=OuterRef("pk"), status=RefundStatus.SUCCEEDED), "amount"
        ),
        "credited": total_of(returns.filter(outcome=Outcome.CREDITED), Coalesce("resolved_amount", ZERO)),
        "exchanged": total_of(
            returned_items.filter(return_request__outcome=Outcome.EXCHANGED),
            item_value,
            group="return_request__order",
        ),
        "profit": ZERO,  # filled from the parts once they are stored
    }
    return columns


PROFIT = (
    F("kept_revenue")
    - F("refunded")
    - F("product_cost")
    - F("forward_shipping")
    - F("rto_shipping")
    - F("reverse_shipping")
    - F("cod_fee")
    - F("message_cost")
)


def fact_queryset(store: Store, settings: AnalyticsSettings, orders: QuerySet[Order]) -> QuerySet[Any, Any]:
    """`orders` with one column per OrderFact field (named as the fields, profit aside: it is computed from
    the stored parts afterwards, so that no subquery runs twice), ready for INSERT ... SELECT."""
    columns = {f"{PREFIX}{name}": value for name, value in fact_columns(store, settings).items()}
    return orders.order_by().values(**columns)  # type: ignore[arg-type,no-any-return]
