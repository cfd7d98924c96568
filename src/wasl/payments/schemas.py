"""JSON shapes of payment links and refunds in the API."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from wasl.core.money import quantize
from wasl.payments.models import PaymentLink, Refund

MAX_AMOUNT = Decimal("99999999999")


class PaymentLinkIn(Schema):
    provider: Literal["stripe", "razorpay", "manual"]
    discount: Decimal | None = Field(
        default=None,
        ge=0,
        le=MAX_AMOUNT,
        allow_inf_nan=False,
        description="off the order's total, same currency",
    )
    purpose: str = Field(default="prepaid", min_length=1, max_length=40)
    notify: bool = Field(default=False, description="let the provider send the link by SMS/e-mail too")
    callback_url: str = Field(default="", max_length=500, description="where the buyer lands after paying")
    idempotency_key: str = Field(default="", max_length=200, description="same key, same link")


class PaymentLinkOut(Schema):
    id: int
    order_id: str
    provider: str
    purpose: str
    provider_id: str
    url: str
    amount: Decimal
    discount: Decimal
    currency: str
    status: str
    error_code: str
    created_at: datetime
    paid_at: datetime | None

    @staticmethod
    def resolve_order_id(obj: PaymentLink) -> str:
        return obj.order.external_id

    @staticmethod
    def resolve_amount(obj: PaymentLink) -> Decimal:
        return quantize(obj.amount, obj.currency)

    @staticmethod
    def resolve_discount(obj: PaymentLink) -> Decimal:
        return quantize(obj.discount, obj.currency)


class PaymentLinkCreatedOut(Schema):
    result: Literal["created", "exists"]
    link: PaymentLinkOut


class RefundIn(Schema):
    amount: Decimal | None = Field(
        default=None, gt=0, le=MAX_AMOUNT, allow_inf_nan=False, description="everything left when omitted"
    )
    reason: str = Field(default="", max_length=300)
    provider: Literal["stripe", "razorpay", "manual"] | None = Field(
        default=None, description="the provider that took the payment when omitted; manual for COD"
    )
    payout_details: str = Field(
        default="", max_length=1000, description="manual refunds: the buyer's bank account or wallet"
    )
    idempotency_key: str = Field(default="", max_length=200, description="same key, same refund")


class RefundOut(Schema):
    id: int
    order_id: str
    provider: str
    amount: Decimal
    currency: str
    status: str
    reason: str
    provider_refund_id: str
    error_code: str
    error_message: str
    created_at: datetime
    completed_at: datetime | None

    @staticmethod
    def resolve_order_id(obj: Refund) -> str:
        return obj.order.external_id

    @staticmethod
    def resolve_amount(obj: Refund) -> Decimal:
        return quantize(obj.amount, obj.currency)


class RefundCreatedOut(Schema):
    result: Literal["created", "exists"]
    refund: RefundOut
