from __future__ import annotations

from django.contrib import admin

from wasl.shipping.models import Shipment, StatusCorrection, TrackingEvent


class TrackingEventInline(admin.TabularInline):
    model = TrackingEvent
    extra = 0
    fields = readonly_fields = (  # type: ignore[assignment]
        "occurred_at",
        "status",
        "raw_code",
        "raw_text",
        "ndr_reason",
        "location",
        "source",
    )
    can_delete = False
    ordering = ["occurred_at", "id"]

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Shipment)
class ShipmentAdmin(admin.ModelAdmin):
    """Status fields follow from the events; change them through a status correction, not by hand."""

    list_display = [
        "tracking_number",
        "carrier",
        "status",
        "direction",
        "attempts",
        "ndr_reason",
        "last_event_at",
    ]
    list_filter = ["store", "status", "carrier", "direction", "ndr_reason"]
    search_fields = ["tracking_number", "order__external_id", "order__number"]
    raw_id_fields = ["order"]
    readonly_fields = [
        "status",
        "status_changed_at",
        "last_event_at",
        "attempts",
        "first_attempt_at",
        "delivered_at",
        "ndr_reason",
    ]
    inlines = [TrackingEventInline]


@admin.register(StatusCorrection)
class StatusCorrectionAdmin(admin.ModelAdmin):
    list_display = ["shipment", "from_status", "to_status", "corrected_by", "created_at"]
    readonly_fields = ["shipment", "from_status", "to_status", "reason", "corrected_by", "effective_at"]


from wasl.shipping.ndr import admin as _ndr_admin  # noqa: E402, F401  (registers the NDR pages)
