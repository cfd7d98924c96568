"""Back-office views of returns: read-only evidence (steps go through the services), tiers editable."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from wasl.returns.models import (
    LoyaltyTier,
    ReturnEvent,
    ReturnItem,
    ReturnPolicy,
    ReturnRequest,
    StoreCreditEntry,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ItemInline(admin.TabularInline):
    model = ReturnItem
    extra = 0
    can_delete = False
    fields = ("sku", "name", "quantity", "unit_price", "reason", "grade", "disposition", "restock_location")
    readonly_fields = fields


class EventInline(admin.TabularInline):
    model = ReturnEvent
    extra = 0
    can_delete = False
    fields = ("occurred_at", "kind", "message", "actor", "data")
    readonly_fields = fields


@admin.register(ReturnRequest)
class ReturnRequestAdmin(ReadOnlyAdmin):
    list_display = [
        "code",
        "store",
        "order",
        "state",
        "resolution",
        "outcome",
        "method",
        "tier",
        "created_at",
    ]
    list_filter = ["state", "resolution", "outcome", "method", "store"]
    search_fields = ["code", "order__external_id", "order__number"]
    raw_id_fields = ["order", "customer", "reverse_shipment", "exchange_order", "refund"]
    inlines = [ItemInline, EventInline]


@admin.register(ReturnPolicy)
class ReturnPolicyAdmin(ReadOnlyAdmin):
    list_display = ["store", "version", "note", "created_by", "created_at"]
    list_filter = ["store"]


@admin.register(LoyaltyTier)
class LoyaltyTierAdmin(admin.ModelAdmin):
    list_display = ["store", "name", "rank", "min_orders", "min_spend", "max_return_rate", "max_rtos"]
    list_filter = ["store"]


@admin.register(StoreCreditEntry)
class StoreCreditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "store", "customer", "kind", "amount", "currency", "balance_after"]
    list_filter = ["kind", "currency", "store"]
    search_fields = ["idempotency_key", "customer__phone"]
    raw_id_fields = ["customer", "return_request", "order", "account"]
