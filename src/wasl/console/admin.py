"""Back-office pages for what the console and the bot keep: reviews (with their product ratings), test numbers.

Reviews live in the orders app; they are registered here, with the rest of the conversation features.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from wasl.console.models import SandboxPhone
from wasl.orders.models import Review, ReviewProduct


class ReviewProductInline(admin.TabularInline):
    model = ReviewProduct
    extra = 0
    can_delete = False
    fields = readonly_fields = ("sku", "name", "product", "rating")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["order", "store", "rating", "short_comment", "channel", "requested_at", "rated_at"]
    list_filter = ["rating", "channel", "store"]
    search_fields = ["order__number", "order__external_id", "customer__phone", "comment"]
    raw_id_fields = ["order", "customer"]
    date_hierarchy = "requested_at"
    inlines = [ReviewProductInline]
    readonly_fields = [
        "store",
        "order",
        "customer",
        "channel",
        "rating",
        "comment",
        "requested_at",
        "rated_at",
        "comment_asked_at",
        "commented_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="comment")
    def short_comment(self, review: Review) -> str:
        return review.comment[:80]


@admin.register(SandboxPhone)
class SandboxPhoneAdmin(admin.ModelAdmin):
    list_display = ["phone", "label", "store", "created_by", "created_at"]
    list_filter = ["store"]
    search_fields = ["phone", "label"]
    raw_id_fields = ["created_by"]
