"""Back-office views of what the returns portal keeps: read-only, with the buyer's payout account for staff who
pay a cash-on-delivery refund by hand (shown only on the row's own page, never in lists)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from wasl.portal.models import OtpChallenge, ReturnLogistics, ReturnPhoto
from wasl.stores.crypto import decrypt


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ReturnLogistics)
class ReturnLogisticsAdmin(ReadOnlyAdmin):
    list_display = ["return_request", "pickup_date", "pickup_slot", "payout_method", "payout_hint"]
    list_filter = ["payout_method"]
    search_fields = ["return_request__code"]
    exclude = ["encrypted_payout_details"]
    readonly_fields = ["payout_account"]

    @admin.display(description=_("account to pay"))
    def payout_account(self, obj: ReturnLogistics) -> str:
        if not obj.encrypted_payout_details:
            return ""
        return decrypt(obj.encrypted_payout_details).partition(":")[2]


@admin.register(OtpChallenge)
class OtpChallengeAdmin(ReadOnlyAdmin):
    list_display = ["order", "channel", "destination", "attempts", "expires_at", "used_at", "superseded"]
    exclude = ["salt", "code_hash"]
    raw_id_fields = ["order", "customer"]


@admin.register(ReturnPhoto)
class ReturnPhotoAdmin(ReadOnlyAdmin):
    list_display = ["return_request", "content_type", "size", "created_at"]
    raw_id_fields = ["order", "return_request", "item"]
