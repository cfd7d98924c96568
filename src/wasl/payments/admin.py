"""Back-office views of payment links, payments and refunds: read-only evidence, plus completing a manual refund."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from wasl.core.errors import WaslError
from wasl.payments.models import Payment, PaymentLink, Refund
from wasl.payments.refunds import refund_manual_complete


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(PaymentLink)
class PaymentLinkAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "store",
        "order",
        "provider",
        "amount",
        "currency",
        "status",
        "created_at",
        "paid_at",
    ]
    list_filter = ["status", "provider", "store"]
    search_fields = ["provider_id", "order__external_id", "idempotency_key"]
    raw_id_fields = ["order"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = [
        "provider_payment_id",
        "store",
        "order",
        "provider",
        "amount",
        "currency",
        "status",
        "paid_at",
    ]
    list_filter = ["status", "provider", "store"]
    search_fields = ["provider_payment_id", "order__external_id"]
    raw_id_fields = ["order", "link"]


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "store",
        "order",
        "provider",
        "amount",
        "currency",
        "status",
        "attempts",
        "created_at",
    ]
    list_filter = ["status", "provider", "store"]
    search_fields = ["provider_refund_id", "order__external_id", "idempotency_key"]
    raw_id_fields = ["order", "payment"]
    exclude = ["encrypted_payout_details"]
    actions = ["complete_manual"]

    @admin.action(
        description=_("Mark the selected manual refunds as paid (reference: paid in the back-office)")
    )
    def complete_manual(self, request: HttpRequest, queryset: QuerySet[Refund]) -> None:
        for refund in queryset.select_related("order"):
            try:
                refund_manual_complete(
                    refund=refund, reference="paid in the back-office", completed_by=str(request.user)
                )
            except WaslError as error:
                self.message_user(request, f"refund {refund.pk}: {error.message}", messages.WARNING)
