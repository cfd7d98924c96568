"""Shipments and their append-only tracking events."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from wasl.orders.models import Order
from wasl.shipping.status import NdrReason, ShipmentStatus
from wasl.stores.models import Store


class Direction(models.TextChoices):
    FORWARD = "forward", _("Forward")
    REVERSE = "reverse", _("Reverse (return)")


class Shipment(models.Model):
    # No index on store alone (the unique (store, tracking_number) serves) and none on status: a status change
    # must touch no indexed column, so PostgreSQL can update the row in place (HOT) on the ingestion hot path.
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="shipments", db_index=False)
    order = models.ForeignKey(
        Order, on_delete=models.SET_NULL, null=True, blank=True, related_name="shipments"
    )
    carrier = models.CharField(_("carrier"), max_length=40)
    tracking_number = models.CharField(_("tracking number"), max_length=100)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.FORWARD
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ShipmentStatus.choices, default=ShipmentStatus.CREATED
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    last_event_at = models.DateTimeField(_("last event at"), null=True, blank=True)
    promised_date = models.DateField(_("promised delivery date"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("delivery attempts"), default=0)
    first_attempt_at = models.DateTimeField(_("first attempt at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    ndr_reason = models.CharField(_("last NDR reason"), max_length=32, choices=NdrReason.choices, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        constraints = [
            models.UniqueConstraint(fields=["store", "tracking_number"], name="shipment_tracking_unique")
        ]
        indexes = [models.Index(fields=["store", "-id"])]

    def __str__(self) -> str:
        return f"{self.carrier} {self.tracking_number}"


class TrackingEvent(models.Model):
    """One carrier scan as received. Rows are only ever inserted; a repeat is dropped by its dedupe key."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    # Indexed through the unique (shipment, dedupe_key) below; a second index would only slow inserts.
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="events", db_index=False)
    status = models.CharField(_("status"), max_length=20, choices=ShipmentStatus.choices)
    raw_code = models.CharField(_("carrier code"), max_length=100, blank=True)
    raw_text = models.CharField(_("carrier text"), max_length=500, blank=True)
    ndr_reason = models.CharField(_("NDR reason"), max_length=32, choices=NdrReason.choices, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    occurred_at = models.DateTimeField(_("event time"))
    source = models.CharField(_("source"), max_length=40)
    dedupe_key = models.CharField(max_length=100)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("tracking event")
        verbose_name_plural = _("tracking events")
        ordering = ["occurred_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["shipment", "dedupe_key"], name="tracking_event_dedupe")
        ]

    def __str__(self) -> str:
        return f"{self.status} at {self.occurred_at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("tracking events are append-only")
        super().save(*args, **kwargs)


class StatusCorrection(models.Model):
    """An explicit, logged move of a shipment's status, the only way out of a terminal state."""

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="corrections")
    from_status = models.CharField(max_length=20, choices=ShipmentStatus.choices)
    to_status = models.CharField(max_length=20, choices=ShipmentStatus.choices)
    reason = models.CharField(_("reason"), max_length=500)
    corrected_by = models.CharField(_("corrected by"), max_length=150)
    # Events up to this time are folded into the corrected status; later ones apply on top of it.
    effective_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("status correction")
        verbose_name_plural = _("status corrections")

    def __str__(self) -> str:
        return f"{self.from_status} -> {self.to_status}"


# The NDR sub-package's tables belong to this app: importing them here registers them with it.
from wasl.shipping import promises_models as _promises_models  # noqa: E402, F401
from wasl.shipping import rates_models as _rates_models  # noqa: E402, F401
from wasl.shipping.ndr import models as _ndr_models  # noqa: E402, F401
