"""What the buyer pages keep: one-time codes, throttling records, and the photos a buyer adds to a return."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from wasl.orders.models import Customer, Order
from wasl.returns.models import ReturnItem, ReturnRequest
from wasl.stores.models import Store


class OtpChallenge(models.Model):
    """A one-time code sent to the buyer of an order. Only a salted HMAC of the code is stored."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    channel = models.CharField(_("sent on"), max_length=10)
    destination = models.CharField(_("sent to (masked)"), max_length=80)
    salt = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=64)
    attempts = models.PositiveSmallIntegerField(_("wrong codes typed"), default=0)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    superseded = models.BooleanField(_("replaced by a newer code"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        indexes = [models.Index(fields=["order", "-created_at"])]

    def __str__(self) -> str:
        return f"code for order {self.order_id} to {self.destination}"


class AttemptKind(models.TextChoices):
    LOOKUP_FAILED = "lookup_failed", _("Order not found")
    CODE_SENT = "code_sent", _("Code sent")
    CODE_FAILED = "code_failed", _("Wrong code")


class PortalAttempt(models.Model):
    """One counted action, for limits per client address, per phone and per order (keys are hashed)."""

    kind = models.CharField(max_length=16, choices=AttemptKind.choices)
    key = models.CharField(max_length=64, help_text=_("SHA-256 of scope and value"))
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("portal attempt")
        verbose_name_plural = _("portal attempts")
        indexes = [models.Index(fields=["kind", "key", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} at {self.created_at:%Y-%m-%d %H:%M}"


class PayoutMethod(models.TextChoices):
    BANK = "bank", _("Bank transfer (IBAN)")
    WALLET = "wallet", _("Mobile wallet")


class ReturnLogistics(models.Model):
    """What the buyer chose in the portal beyond the return itself: the pickup slot, where a manual refund goes."""

    return_request = models.OneToOneField(ReturnRequest, on_delete=models.CASCADE, related_name="logistics")
    pickup_date = models.DateField(_("pickup day"), null=True, blank=True)
    pickup_slot = models.CharField(_("pickup slot"), max_length=11, blank=True)
    payout_method = models.CharField(_("refund to"), max_length=6, choices=PayoutMethod.choices, blank=True)
    # Bank or wallet details for a cash-on-delivery refund, encrypted; staff see them when paying.
    encrypted_payout_details = models.TextField(blank=True)
    payout_hint = models.CharField(_("account (masked)"), max_length=60, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("return logistics")
        verbose_name_plural = _("return logistics")

    def __str__(self) -> str:
        return f"logistics of return {self.return_request_id}"


class ReturnPhoto(models.Model):
    """A photo the buyer uploaded with a return; the file lives under MEDIA_ROOT."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="+")
    # Null until the return is submitted: photos are uploaded on the first step of the form.
    return_request = models.ForeignKey(
        ReturnRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="photos"
    )
    item = models.ForeignKey(ReturnItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    path = models.CharField(_("file"), max_length=300)
    content_type = models.CharField(_("type"), max_length=20)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("return photo")
        verbose_name_plural = _("return photos")

    def __str__(self) -> str:
        return self.path
