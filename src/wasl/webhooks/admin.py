"""Back-office views of webhooks: what came in, and what went out. Everything is read-only here;
endpoints are created through the API (the secret is shown once, there) and changed through services."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from wasl.core.errors import WaslError
from wasl.webhooks.models import (
    InboundWebhook,
    OutboundAttempt,
    OutboundDelivery,
    OutboundEndpoint,
    OutboundEvent,
)
from wasl.webhooks.outbound.services import delivery_redeliver, endpoint_disable, endpoint_enable


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by the platform, kept as evidence: never added or edited by hand."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(InboundWebhook)
class InboundWebhookAdmin(ReadOnlyAdmin):
    list_display = ["id", "store", "source", "topic", "status", "attempts", "received_at", "processed_at"]
    list_filter = ["status", "source", "store"]
    search_fields = ["dedupe_key", "topic"]
    date_hierarchy = "received_at"
    exclude = ["body"]


@admin.register(OutboundEndpoint)
class OutboundEndpointAdmin(ReadOnlyAdmin):
    list_display = ["url", "store", "is_active", "consecutive_failures", "disabled_at", "created_at"]
    list_filter = ["is_active", "store"]
    search_fields = ["url", "description"]
    exclude = ["encrypted_secret"]
    actions = ["disable", "enable"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.action(description=_("Disable the selected endpoints"))
    def disable(self, request: HttpRequest, queryset: QuerySet[OutboundEndpoint]) -> None:
        for endpoint in queryset:
            endpoint_disable(endpoint=endpoint, reason="disabled in the back-office")

    @admin.action(description=_("Enable the selected endpoints"))
    def enable(self, request: HttpRequest, queryset: QuerySet[OutboundEndpoint]) -> None:
        for endpoint in queryset:
            endpoint_enable(endpoint=endpoint)


@admin.register(OutboundEvent)
class OutboundEventAdmin(ReadOnlyAdmin):
    list_display = ["uuid", "store", "event_type", "created_at"]
    list_filter = ["event_type", "store"]
    search_fields = ["uuid", "idempotency_key"]
    date_hierarchy = "created_at"


class OutboundAttemptInline(admin.TabularInline):
    model = OutboundAttempt
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "number",
        "started_at",
        "duration_ms",
        "status_code",
        "error",
        "response_excerpt",
    )

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(OutboundDelivery)
class OutboundDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["id", "event", "endpoint", "status", "attempts", "last_status_code", "next_attempt_at"]
    list_filter = ["status"]
    list_select_related = ["event", "endpoint"]
    search_fields = ["event__uuid"]
    raw_id_fields = ["event", "endpoint"]
    inlines = [OutboundAttemptInline]
    actions = ["redeliver"]

    @admin.action(description=_("Send the selected deliveries again"))
    def redeliver(self, request: HttpRequest, queryset: QuerySet[OutboundDelivery]) -> None:
        for delivery in queryset.select_related("endpoint"):
            try:
                delivery_redeliver(delivery=delivery)
            except WaslError as error:
                self.message_user(request, f"delivery {delivery.pk}: {error.message}", messages.WARNING)
