"""Back-office views of messaging. Messages and their history are evidence (read-only); templates, rules
and consent are the merchant's to edit."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from wasl.messaging.models import (
    Consent,
    Conversation,
    Message,
    MessageStatusEvent,
    NotificationRule,
    SendRate,
    Template,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class StatusEventInline(admin.TabularInline):
    model = MessageStatusEvent
    extra = 0
    can_delete = False
    fields = readonly_fields = ("status", "occurred_at", "error_code", "error_title", "source", "created_at")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "store",
        "direction",
        "channel",
        "kind",
        "event",
        "status",
        "error_code",
        "created_at",
    ]
    list_filter = ["status", "direction", "channel", "event", "store"]
    search_fields = ["idempotency_key", "provider_id", "conversation__address"]
    raw_id_fields = ["conversation", "order", "shipment", "fallback_of"]
    date_hierarchy = "created_at"
    inlines = [StatusEventInline]


@admin.register(Conversation)
class ConversationAdmin(ReadOnlyAdmin):
    list_display = ["id", "store", "channel", "address", "state", "language", "window_expires_at"]
    list_filter = ["state", "channel", "store"]
    search_fields = ["address"]
    raw_id_fields = ["customer"]


@admin.register(Template)
class TemplateAdmin(admin.ModelAdmin):
    list_display = ["event", "language", "store", "provider_name", "enabled", "updated_at"]
    list_filter = ["event", "language", "enabled", "store"]


@admin.register(NotificationRule)
class NotificationRuleAdmin(admin.ModelAdmin):
    list_display = ["event", "store", "enabled", "channels", "updated_at"]
    list_filter = ["event", "enabled", "store"]


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["phone", "store", "transactional_opt_out", "marketing_opt_in", "source", "updated_at"]
    list_filter = ["transactional_opt_out", "marketing_opt_in", "store"]
    search_fields = ["phone"]


@admin.register(SendRate)
class SendRateAdmin(ReadOnlyAdmin):
    list_display = ["sender", "tat_us"]
