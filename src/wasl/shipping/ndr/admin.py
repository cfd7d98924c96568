"""Back-office pages for NDR cases, their instructions, settings and carrier routes (imported by shipping.admin)."""

from __future__ import annotations

from django.contrib import admin

from wasl.shipping.ndr.models import NdrCarrierRoute, NdrCase, NdrInstruction, NdrSettings


class NdrInstructionInline(admin.TabularInline):
    model = NdrInstruction
    extra = 0
    fields = readonly_fields = (  # type: ignore[assignment]
        "kind",
        "day",
        "address",
        "status",
        "method",
        "source",
        "reference",
        "error",
        "created_at",
        "sent_at",
        "acknowledged_at",
    )
    can_delete = False
    ordering = ["id"]

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(NdrCase)
class NdrCaseAdmin(admin.ModelAdmin):
    """Cases change through their services (the buyer's answer, the console, the API), not by hand here."""

    list_display = ["id", "carrier", "attempt", "reason", "status", "answer", "outcome", "opened_at"]
    list_filter = ["store", "status", "reason", "answer", "outcome", "carrier"]
    search_fields = ["shipment__tracking_number", "order__external_id", "order__number", "phone"]
    raw_id_fields = ["shipment", "order"]
    readonly_fields = [f.name for f in NdrCase._meta.fields if f.name not in ("id",)]
    inlines = [NdrInstructionInline]

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(NdrSettings)
class NdrSettingsAdmin(admin.ModelAdmin):
    list_display = ["store", "enabled", "attempts_before_rto", "remind_after_hours", "escalate_after_hours"]


@admin.register(NdrCarrierRoute)
class NdrCarrierRouteAdmin(admin.ModelAdmin):
    list_display = ["store", "carrier", "method", "endpoint"]
    list_filter = ["store", "method"]
    raw_id_fields = ["endpoint"]
