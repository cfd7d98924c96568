"""What the campaigns API takes and gives."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema


class CheckoutLineIn(Schema):
    name: str = ""
    sku: str = ""
    quantity: int = 1
    unit_price: str = "0"
    product_id: str = ""
    image_url: str = ""


class CheckoutIn(Schema):
    id: str = Field(description="the shop's id for the checkout (or cart)")
    currency: str
    total: str
    updated_at: str = Field(description="ISO 8601 with an offset; a later one starts the clock again")
    token: str = ""
    cart_token: str = ""
    name: str = ""
    phone: str = ""
    email: str = ""
    country: str = ""
    language: str = ""
    recovery_url: str = Field("", description="the link back to the cart")
    completed_at: str | None = None
    accepts_marketing: bool | None = None
    lines: list[CheckoutLineIn] = []


class CheckoutOut(Schema):
    source: str
    external_id: str
    status: str
    phone: str
    email: str
    currency: str
    total: Decimal
    recovery_url: str
    abandoned_at: datetime
    next_step_at: datetime | None
    steps_done: int
    holdout: bool
    order_external_id: str | None = Field(None, alias="order.external_id")
    lines: list[dict[str, Any]]


class CheckoutResultOut(Schema):
    result: str
    checkout: CheckoutOut


class CampaignIn(Schema):
    name: str
    kind: str = "broadcast"
    segment: dict[str, Any] = {}
    templates: dict[str, Any]
    default_language: str = "ar"
    product: str = Field("", description="the product's external id (a launch)")
    image_url: str = ""
    link_url: str = ""
    holdout_share: Decimal | None = None


class CampaignPatch(Schema):
    name: str | None = None
    segment: dict[str, Any] | None = None
    templates: dict[str, Any] | None = None
    default_language: str | None = None
    product: str | None = None
    image_url: str | None = None
    link_url: str | None = None
    holdout_share: Decimal | None = None


class CampaignOut(Schema):
    id: int
    name: str
    kind: str
    status: str
    segment: dict[str, Any]
    templates: dict[str, Any]
    default_language: str
    product: str | None = Field(None, alias="product.external_id")
    image_url: str
    link_url: str
    holdout_share: Decimal
    scheduled_at: datetime | None
    launched_at: datetime | None
    error_code: str
    error_message: str
    created_at: datetime


class CampaignDetailOut(Schema):
    campaign: CampaignOut
    results: dict[str, Any]


class ScheduleIn(Schema):
    at: datetime | None = None


class SampleOut(Schema):
    language: str
    phone: str
    template: str
    text: str
    image_url: str
    buttons: str


class PreviewOut(Schema):
    recipients: int
    held_out: int
    over_weekly_cap: int
    to_send: int
    by_language: dict[str, int]
    samples: list[SampleOut]


class SettingsIo(Schema):
    recovery_enabled: bool | None = None
    recovery_steps_h: list[int] | None = None
    reminders_enabled: bool | None = None
    reminder_steps_h: list[int] | None = None
    max_marketing_per_week: int | None = None
    daily_limit: int | None = None
    attribution_window_h: int | None = None
    holdout_share: Decimal | None = None


class ProductIn(Schema):
    name: str = ""
    category: str = ""
    description: str = ""
    image_url: str = ""
    price: Decimal | None = None
    currency: str = ""


class ProductOut(Schema):
    external_id: str = Field(alias="product.external_id")
    name: str = Field(alias="product.name")
    category: str = Field(alias="product.category")
    image_url: str = Field(alias="product.image_url")
    description: str
    price: Decimal | None
    currency: str
