"""Payment links sent to buyers, the payments that reach us through them, and refunds of any order."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wasl.orders.models import Order, money_field
from wasl.stores.models import Store


class Provider(models.TextChoices):
    STRIPE = "stripe", _("Stripe")
    RAZORPAY = "razorpay", _("Razorpay")
    MANUAL = "manual", _("Manual (bank or wallet transfer by staff)")


class LinkStatus(models.TextChoices):
    # Recorded, the provider not yet (or not successfully) asked: asking again retries the same request.
    PENDING = "pending", _("Pending")
    CREATED = "created", _("Created")
    PAID = "paid", _("Paid")
    EXPIRED = "expired", _("Expired")
    CANCELLED = "cancelled", _("Cancelled")
    # The provider refused it (an unsupported currency, a bad amount): a new request makes a new link.
    FAILED = "failed", _("Failed")


LINK_DONE = (LinkStatus.EXPIRED, LinkStatus.CANCELLED, LinkStatus.FAILED)


class PaymentLink(models.Model):
    """One link for one order and purpose; the same request twice gives the same link (idempotency key)."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="payment_links")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="payment_links")
    provider = models.CharField(_("provider"), max_length=20, choices=Provider.choices)
    purpose = models.CharField(_("purpose"), max_length=40, default="prepaid")
    idempotency_key = models.CharField(_("idempotency key"), max_length=200)
    provider_id = models.CharField(_("provider's id"), max_length=100, blank=True)
    # What the provider knows the link by besides its id (Razorpay: the reference_id, unique per account).
    reference = models.CharField(_("reference"), max_length=40, blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    amount = money_field(_("amount"))
    currency = models.CharField(_("currency"), max_length=3)
    discount = money_field(_("discount"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=LinkStatus.choices, default=LinkStatus.PENDING
    )
    error_code = models.CharField(_("error code"), max_length=60, blank=True)
    error_message = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment link")
        verbose_name_plural = _("payment links")
        constraints = [
            models.UniqueConstraint(fields=["store", "idempotency_key"], name="payment_link_idempotency"),
            models.UniqueConstraint(
                fields=["store", "provider", "provider_id"],
                condition=~Q(provider_id=""),
                name="payment_link_provider_id",
            ),
        ]
        indexes = [models.Index(fields=["order", "-id"])]

    def __str__(self) -> str:
        return f"{self.provider} link {self.provider_id or self.pk} ({self.status})"


class PaymentStatus(models.TextChoices):
    SUCCEEDED = "succeeded", _("Succeeded")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
    REFUNDED = "refunded", _("Refunded")


class Payment(models.Model):
    """Money a buyer paid through a provider, as its webhook told us; recorded once per provider payment id."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="payments")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="payments")
    link = models.ForeignKey(
        PaymentLink, on_delete=models.SET_NULL, null=True, blank=True, related_name="payments"
    )
    provider = models.CharField(_("provider"), max_length=20, choices=Provider.choices)
    # Stripe: the PaymentIntent (refunds are made against it); Razorpay: the payment (pay_...).
    provider_payment_id = models.CharField(_("provider's payment id"), max_length=100)
    amount = money_field(_("amount"))
    currency = models.CharField(_("currency"), max_length=3)
    amount_refunded = money_field(_("refunded"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.SUCCEEDED
    )
    paid_at = models.DateTimeField(_("paid at"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.UniqueConstraint(fields=["store", "provider_payment_id"], name="payment_provider_id")
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.provider_payment_id}"


class RefundStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    # Claimed by one process, which is asking the provider (or, for a manual refund, waiting for staff).
    PROCESSING = "processing", _("Processing")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


REFUND_COUNTED = (RefundStatus.REQUESTED, RefundStatus.PROCESSING, RefundStatus.SUCCEEDED)


class Refund(models.Model):
    """Money going back to a buyer. The idempotency key makes it exactly once: one row, one claim, one call."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="refunds")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="refunds")
    payment = models.ForeignKey(
        Payment, on_delete=models.SET_NULL, null=True, blank=True, related_name="refunds"
    )
    provider = models.CharField(_("provider"), max_length=20, choices=Provider.choices)
    idempotency_key = models.CharField(_("idempotency key"), max_length=200)
    amount = money_field(_("amount"))
    currency = models.CharField(_("currency"), max_length=3)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    requested_by = models.CharField(_("requested by"), max_length=150, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=RefundStatus.choices, default=RefundStatus.REQUESTED
    )
    provider_refund_id = models.CharField(_("provider's refund id"), max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    error_code = models.CharField(_("error code"), max_length=60, blank=True)
    error_message = models.CharField(_("error"), max_length=300, blank=True)
    # Manual refunds: where the buyer wants the money (bank account or wallet), encrypted; and the
    # transfer's reference once staff have paid it.
    encrypted_payout_details = models.TextField(blank=True)
    payout_reference = models.CharField(_("transfer reference"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        constraints = [
            models.UniqueConstraint(fields=["store", "idempotency_key"], name="refund_idempotency"),
            models.UniqueConstraint(
                fields=["store", "provider", "provider_refund_id"],
                condition=~Q(provider_refund_id=""),
                name="refund_provider_id",
            ),
        ]
        indexes = [models.Index(fields=["order", "-id"]), models.Index(fields=["status", "updated_at"])]

    def __str__(self) -> str:
        return f"refund {self.pk} {self.amount} {self.currency} ({self.status})"
