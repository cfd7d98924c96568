"""Inbound webhooks as received (raw, before any parsing) and outbound deliveries to merchants' systems."""

from __future__ import annotations

import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wasl.stores.models import Store


class InboundStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    PROCESSED = "processed", _("Processed")
    FAILED = "failed", _("Failed")


class InboundWebhook(models.Model):
    """Stored before the sender gets its answer, so nothing accepted is ever lost."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="inbound_webhooks")
    source = models.CharField(_("source"), max_length=40)
    dedupe_key = models.CharField(max_length=100)
    topic = models.CharField(_("topic"), max_length=100, blank=True)
    headers = models.JSONField(default=dict)
    body = models.BinaryField()
    status = models.CharField(
        _("status"), max_length=10, choices=InboundStatus.choices, default=InboundStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    error_code = models.CharField(max_length=60, blank=True)
    error_message = models.TextField(blank=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("inbound webhook")
        verbose_name_plural = _("inbound webhooks")
        constraints = [
            models.UniqueConstraint(fields=["store", "source", "dedupe_key"], name="inbound_webhook_dedupe")
        ]
        indexes = [models.Index(fields=["status", "received_at"])]

    def __str__(self) -> str:
        return f"{self.source} {self.dedupe_key}"


# --- Outbound: events for the merchant's own systems, their deliveries and every attempt ---


class OutboundEventType(models.TextChoices):
    ORDER_CREATED = "order.created", _("Order created")
    ORDER_UPDATED = "order.updated", _("Order updated")
    ORDER_STATUS_CHANGED = "order.status_changed", _("Order status changed")
    SHIPMENT_CREATED = "shipment.created", _("Shipment created")
    SHIPMENT_STATUS_CHANGED = "shipment.status_changed", _("Shipment status changed")
    NDR_OPENED = "ndr.opened", _("Failed delivery: case opened")
    NDR_ANSWERED = "ndr.answered", _("Failed delivery: buyer answered")
    NDR_CLOSED = "ndr.closed", _("Failed delivery: case closed")
    NDR_INSTRUCTION = "ndr.instruction", _("Failed delivery: instruction for a carrier")
    RETURN_CREATED = "return.created", _("Return requested")
    RETURN_APPROVED = "return.approved", _("Return approved")
    RETURN_REJECTED = "return.rejected", _("Return rejected")
    RETURN_RECEIVED = "return.received", _("Return received")
    RETURN_INSPECTED = "return.inspected", _("Return inspected")
    RETURN_RESOLVED = "return.resolved", _("Return resolved")


ALL_EVENT_TYPES = "*"


class OutboundEndpoint(models.Model):
    """A URL of the merchant's that receives signed events. The secret is shown once, when it is created."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="outbound_endpoints")
    url = models.URLField(_("URL"), max_length=2000)
    description = models.CharField(_("description"), max_length=200, blank=True)
    encrypted_secret = models.TextField()
    secret_hint = models.CharField(_("secret hint"), max_length=16, blank=True)
    event_types = models.JSONField(
        _("event types"), default=list, help_text=_('Event types, or "*" for all.')
    )
    is_active = models.BooleanField(_("active"), default=True)
    consecutive_failures = models.PositiveIntegerField(_("consecutive failed deliveries"), default=0)
    disabled_at = models.DateTimeField(_("disabled at"), null=True, blank=True)
    disabled_reason = models.CharField(_("why disabled"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("outbound webhook endpoint")
        verbose_name_plural = _("outbound webhook endpoints")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["store", "is_active"])]

    def __str__(self) -> str:
        return self.url

    def subscribes_to(self, event_type: str) -> bool:
        return ALL_EVENT_TYPES in self.event_types or event_type in self.event_types


class OutboundEvent(models.Model):
    """One logical change, recorded once per store whatever number of times it is emitted."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="outbound_events")
    event_type = models.CharField(_("event type"), max_length=60, choices=OutboundEventType.choices)
    idempotency_key = models.CharField(_("idempotency key"), max_length=200)
    # The encoder lets callers pass Decimal amounts and datetimes; they are sent as strings.
    payload = models.JSONField(_("payload"), default=dict, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("outbound event")
        verbose_name_plural = _("outbound events")
        constraints = [
            models.UniqueConstraint(fields=["store", "idempotency_key"], name="outbound_event_idempotency")
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.uuid}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Succeeded")
    # Not retried: the endpoint answered 410 Gone, or was disabled before the event could be sent.
    FAILED = "failed", _("Failed")
    # Every attempt allowed was made and none succeeded.
    ABANDONED = "abandoned", _("Abandoned")


class OutboundDelivery(models.Model):
    """One event on its way to one endpoint. The next attempt's time is kept here: a restart loses nothing."""

    event = models.ForeignKey(OutboundEvent, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(OutboundEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("last status code"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbound delivery")
        verbose_name_plural = _("outbound deliveries")
        constraints = [
            models.UniqueConstraint(fields=["event", "endpoint"], name="outbound_delivery_once_per_endpoint")
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            # The API lists an endpoint's deliveries newest first, by id.
            models.Index(fields=["endpoint", "-id"]),
        ]

    def __str__(self) -> str:
        return f"delivery {self.pk} ({self.status})"


class OutboundAttempt(models.Model):
    """One HTTP POST, whatever came of it."""

    delivery = models.ForeignKey(OutboundDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveSmallIntegerField(_("attempt number"))
    started_at = models.DateTimeField(_("started at"))
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    response_excerpt = models.TextField(_("response body (first 1 KB)"), blank=True)

    class Meta:
        verbose_name = _("outbound delivery attempt")
        verbose_name_plural = _("outbound delivery attempts")
        ordering = ["started_at", "id"]

    def __str__(self) -> str:
        return f"attempt {self.number} of delivery {self.delivery_id}"
