from __future__ import annotations

from django.contrib import admin

from wasl.risk.models import RiskModel, RiskScore, RiskSettings


@admin.register(RiskSettings)
class RiskSettingsAdmin(admin.ModelAdmin):
    list_display = ["store", "shipping_cost", "rto_cost", "action_cost", "medium_from", "high_from"]


@admin.register(RiskModel)
class RiskModelAdmin(admin.ModelAdmin):
    """Models are made by `wasl risk train`; here they are only read (activate with `wasl risk activate`)."""

    list_display = ["store", "version", "state", "trained_at", "train_until", "decision"]
    list_filter = ["store", "state"]
    exclude = ["artefact"]
    readonly_fields = [f.name for f in RiskModel._meta.fields if f.name != "artefact"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(RiskScore)
class RiskScoreAdmin(admin.ModelAdmin):
    list_display = ["order", "store", "score", "band", "source", "model_version", "scored_at"]
    list_filter = ["store", "band", "source"]
    raw_id_fields = ["order"]
    readonly_fields = ["store", "order", "score", "band", "reasons", "source", "model_version", "scored_at"]
