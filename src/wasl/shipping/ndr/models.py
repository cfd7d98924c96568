"""NDR cases, the instructions they become, and each store's settings.

Imported by `wasl.shipping.models`, so the tables belong to the shipping app.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wasl.shipping.status import NdrReason
from wasl.stores.models import Store

DEFAULT_ATTEMPTS_BEFORE_RTO = 3
DEFAULT_REMIND_AFTER_H = 4
DEFAULT_ESCALATE_AFTER_H = 12


class NdrSettings(models.Model):
    """How a store resolves failed deliveries; a store without a row uses the defaults."""

    store = models.OneToOneField(Store, on_delete=models.CASCADE, related_name="ndr_settings")
    enabled = models.BooleanField(
        _("ask buyers after a failed delivery"),
        default=True,
        help_text=_("Off: cases are still opened for staff, but buyers are not messaged."),
    )
    attempts_before_rto = models.PositiveSmallIntegerField(
        _("delivery attempts before return"),
        default=DEFAULT_ATTEMPTS_BEFORE_RTO,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text=_("How many times the carriers try before sending a parcel back."),
    )
    remind_after_hours = models.PositiveSmallIntegerField(
        _("remind after (hours)"),
        default=DEFAULT_REMIND_AFTER_H,
        validators=[MinValueValidator(1), MaxValueValidator(72)],
    )
    escalate_after_hours = models.PositiveSmallIntegerField(
        _("hand to a person after (hours)"),
        default=DEFAULT_ESCALATE_AFTER_H,
        validators=[MinValueValidator(1), MaxValueValidator(168)],
        help_text=_("Before the last attempt, a person takes over as soon as the reminder is due."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("NDR settings")
        verbose_name_plural = _("NDR settings")

    def __str__(self) -> str:
        return f"NDR settings of {self.store_id}"


class NdrCaseStatus(models.TextChoices):
    AWAITING_BUYER = "awaiting_buyer", _("Waiting for the buyer")
    ANSWERED = "answered", _("Answered")
    ESCALATED = "escalated", _("With a person")
    CLOSED = "closed", pgettext_lazy("NDR case", "Closed")


OPEN_STATUSES = (NdrCaseStatus.AWAITING_BUYER, NdrCaseStatus.ANSWERED, NdrCaseStatus.ESCALATED)


class NdrAnswer(models.TextChoices):
    NEW_DAY = "new_day", _("New delivery day")
    NEW_ADDRESS = "new_address", _("Address or landmark corrected")
    CANCEL = "cancel", _("Cancel: return to the shop")


class NdrOutcome(models.TextChoices):
    DELIVERED = "delivered", _("Delivered")
    RTO = "rto", _("Returned to origin")
    CANCELLED = "cancelled", _("Cancelled")
    LOST = "lost", _("Lost")
    FAILED_AGAIN = "failed_again", _("Failed again (new case)")
    CLOSED_BY_STAFF = "closed_by_staff", _("Closed by staff")


class NdrCase(models.Model):
    """One failed delivery attempt of a forward shipment, from the failure to the parcel's fate."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="ndr_cases")
    shipment = models.ForeignKey("shipping.Shipment", on_delete=models.CASCADE, related_name="ndr_cases")
    order = models.ForeignKey(
        "orders.Order", on_delete=models.SET_NULL, null=True, blank=True, related_name="ndr_cases"
    )
    carrier = models.CharField(_("carrier"), max_length=40)
    attempt = models.PositiveSmallIntegerField(_("attempt"))
    reason = models.CharField(_("NDR reason"), max_length=32, choices=NdrReason.choices)
    carrier_remark = models.CharField(_("carrier's remark"), max_length=500, blank=True)
    failed_at = models.DateTimeField(_("attempt failed at"))
    status = models.CharField(
        _("status"), max_length=16, choices=NdrCaseStatus.choices, default=NdrCaseStatus.AWAITING_BUYER
    )
    phone = models.CharField(_("buyer's phone"), max_length=20, blank=True)
    channel = models.CharField(_("asked on"), max_length=10, blank=True)
    language = models.CharField(_("language"), max_length=2, blank=True)
    # Why the buyer was not asked (no phone, opted out, no channel set up, switched off).
    not_asked = models.CharField(_("not asked because"), max_length=20, blank=True)
    opened_at = models.DateTimeField(_("opened at"))
    asked_at = models.DateTimeField(_("asked at"), null=True, blank=True)
    remind_at = models.DateTimeField(_("reminder due at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    escalate_at = models.DateTimeField(_("hand-over due at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("handed to a person at"), null=True, blank=True)
    answer = models.CharField(_("answer"), max_length=12, choices=NdrAnswer.choices, blank=True)
    answer_day = models.DateField(_("new delivery day"), null=True, blank=True)
    answer_address = models.TextField(_("new address or landmark"), blank=True)
    answer_latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    answer_longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    answer_source = models.CharField(_("answered by"), max_length=10, blank=True)
    answered_by = models.CharField(_("staff member"), max_length=150, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=NdrOutcome.choices, blank=True)
    outcome_reason = models.CharField(_("why"), max_length=300, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("NDR case")
        verbose_name_plural = _("NDR cases")
        constraints = [
            models.UniqueConstraint(fields=["shipment", "attempt"], name="ndr_case_once_per_attempt")
        ]
        indexes = [
            models.Index(fields=["store", "status", "-id"]),
            models.Index(fields=["status", "remind_at"]),
            models.Index(fields=["status", "escalate_at"]),
        ]

    def __str__(self) -> str:
        return f"NDR {self.pk} ({self.carrier}, attempt {self.attempt})"

    @property
    def is_open(self) -> bool:
        return self.status != NdrCaseStatus.CLOSED


class InstructionKind(models.TextChoices):
    REATTEMPT = "reattempt", _("Deliver again on a day")
    UPDATE_ADDRESS = "update_address", _("Deliver again at a corrected address")
    RETURN_TO_ORIGIN = "return_to_origin", _("Return to the shop")


class InstructionStatus(models.TextChoices):
    PENDING = "pending", _("To send")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged by the carrier")
    FAILED = "failed", _("Could not be sent")
    SUPERSEDED = "superseded", _("Replaced by a later one")


UNSENT_STATUSES = (InstructionStatus.PENDING, InstructionStatus.SENDING, InstructionStatus.FAILED)


class InstructionMethod(models.TextChoices):
    WEBHOOK = "webhook", _("Signed webhook")
    CSV = "csv", _("CSV export")


class NdrInstruction(models.Model):
    """What the carrier is (to be) told about a case. A later answer supersedes an instruction not yet sent."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(NdrCase, on_delete=models.CASCADE, related_name="instructions")
    carrier = models.CharField(_("carrier"), max_length=40)
    kind = models.CharField(_("instruction"), max_length=20, choices=InstructionKind.choices)
    day = models.DateField(_("delivery day"), null=True, blank=True)
    address = models.TextField(_("address or landmark"), blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=14, choices=InstructionStatus.choices, default=InstructionStatus.PENDING
    )
    method = models.CharField(_("sent by"), max_length=10, blank=True)
    source = models.CharField(_("decided by"), max_length=10, help_text=_("buyer, staff or api"))
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("carrier instruction")
        verbose_name_plural = _("carrier instructions")
        indexes = [models.Index(fields=["store", "carrier", "status"])]

    def __str__(self) -> str:
        return f"{self.kind} for case {self.case_id} ({self.status})"


class NdrCarrierRoute(models.Model):
    """How one carrier of a store receives instructions; without a row, they wait for a CSV export."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="ndr_routes")
    carrier = models.CharField(_("carrier"), max_length=40)
    method = models.CharField(
        _("method"), max_length=10, choices=InstructionMethod.choices, default=InstructionMethod.CSV
    )
    endpoint = models.ForeignKey(
        "webhooks.OutboundEndpoint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For the webhook method: the endpoint that receives this carrier's instructions."),
    )

    class Meta:
        verbose_name = _("carrier instruction route")
        verbose_name_plural = _("carrier instruction routes")
        constraints = [models.UniqueConstraint(fields=["store", "carrier"], name="ndr_route_per_carrier")]

    def __str__(self) -> str:
        return f"{self.carrier}: {self.method}"

    def clean(self) -> None:
        if self.method == InstructionMethod.WEBHOOK and self.endpoint is None:
            raise ValidationError({"endpoint": _("The webhook method needs an endpoint.")})
        if self.endpoint is not None and self.endpoint.store_id != self.store_id:
            raise ValidationError({"endpoint": _("The endpoint belongs to another store.")})
