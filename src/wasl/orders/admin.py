from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from wasl.core.money import format_money
from wasl.orders.models import Address, Customer, Order, OrderEvent, OrderLine, Product, StockLevel, Variant


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    readonly_fields = ["sku", "name", "quantity", "unit_price", "category", "variant"]
    can_delete = False


class OrderEventInline(admin.TabularInline):
    """The timeline, oldest first; append-only, so nothing here can be edited."""

    model = OrderEvent
    extra = 0
    fields = readonly_fields = (  # type: ignore[assignment]
        "occurred_at",
        "kind",
        "message",
        "data",
    )
    can_delete = False
    ordering = ["occurred_at", "id"]

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "store",
        "status",
        "payment_method",
        "total",
        "currency",
        "ship_city",
        "placed_at",
    ]
    list_filter = ["store", "status", "payment_method", "channel"]
    search_fields = ["external_id", "number", "customer__phone", "customer__name"]
    date_hierarchy = "placed_at"
    raw_id_fields = ["customer", "shipping_address"]
    readonly_fields = ["content_hash", "created_at", "updated_at"]
    inlines = [OrderLineInline, OrderEventInline]
    list_select_related = ["store"]

    @admin.display(description=_("total"), ordering="total")
    def amount(self, order: Order) -> str:
        return format_money(order.total, order.currency)


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["name", "phone", "email", "store", "language", "created_at"]
    list_filter = ["store", "language"]
    search_fields = ["name", "phone", "email"]


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    list_display = ["line1", "city", "postal_code", "country", "customer"]
    search_fields = ["line1", "city", "postal_code"]
    raw_id_fields = ["customer"]


class VariantInline(admin.TabularInline):
    model = Variant
    extra = 0
    fields = ["sku", "name", "price", "cost"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "store", "external_id"]
    list_filter = ["store", "category"]
    search_fields = ["name", "external_id", "variants__sku"]
    inlines = [VariantInline]


@admin.register(StockLevel)
class StockLevelAdmin(admin.ModelAdmin):
    list_display = ["variant", "location", "quantity", "store", "updated_at"]
    list_filter = ["store", "location"]
    search_fields = ["variant__sku"]
    raw_id_fields = ["variant"]
