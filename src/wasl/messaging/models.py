"""Conversations, messages with their status history, templates, notification rules, consent, send rates."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wasl.orders.models import Customer, Order
from wasl.shipping.models import Shipment
from wasl.stores.models import Store


class ChannelName(models.TextChoices):
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")


class ConversationState(models.TextChoices):
    BOT = "bot", _("Bot")
    HUMAN = "human", _("With an agent")
    CLOSED = "closed", _("Closed")


class Conversation(models.Model):
    """One thread per buyer address and channel; it opens again (to the bot) when the buyer writes."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="conversations")
    customer = models.ForeignKey(
        Customer, on_delete=models.SET_NULL, null=True, blank=True, related_name="conversations"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=ChannelName.choices)
    address = models.CharField(_("phone or address"), max_length=254, help_text=_("E.164 phone or e-mail"))
    language = models.CharField(_("language"), max_length=2, blank=True)
    state = models.CharField(
        _("state"), max_length=8, choices=ConversationState.choices, default=ConversationState.BOT
    )
    assigned_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_inbound_at = models.DateTimeField(_("buyer last wrote at"), null=True, blank=True)
    window_expires_at = models.DateTimeField(
        _("service window closes at"), null=True, blank=True, help_text=_("last inbound + 24 h")
    )
    last_message_at = models.DateTimeField(_("last message at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            models.UniqueConstraint(
                fields=["store", "channel", "address"], name="conversation_address_unique"
            )
        ]
        indexes = [models.Index(fields=["store", "state", "-id"])]

    def __str__(self) -> str:
        return f"{self.channel} {self.address}"


class MessageDirection(models.TextChoices):
    INBOUND = "in", _("From the buyer")
    OUTBOUND = "out", _("To the buyer")


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    READ = "read", _("Read")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Not sent (rule)")
    RECEIVED = "received", _("Received")


class Message(models.Model):
    """One logical message, in or out. Its idempotency key is the same for every attempt at sending it."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    order = models.ForeignKey(Order, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    shipment = models.ForeignKey(Shipment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    direction = models.CharField(_("direction"), max_length=3, choices=MessageDirection.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=ChannelName.choices)
    kind = models.CharField(
        _("kind"), max_length=20, help_text=_("template, text, buttons, list, location_request, email, ...")
    )
    event = models.CharField(_("event"), max_length=60, blank=True, help_text=_("e.g. shipment.delivered"))
    language = models.CharField(_("language"), max_length=2, blank=True)
    body = models.TextField(_("text"), blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    template_name = models.CharField(_("provider template"), max_length=200, blank=True)
    template_params = models.JSONField(default=list, blank=True)
    buttons = models.JSONField(default=list, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    idempotency_key = models.CharField(max_length=200)
    provider_id = models.CharField(_("provider id"), max_length=200, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=MessageStatus.choices)
    error_code = models.CharField(_("error code"), max_length=40, blank=True)
    error_title = models.CharField(_("error"), max_length=300, blank=True)
    cost = models.DecimalField(_("cost"), max_digits=12, decimal_places=5, null=True, blank=True)
    currency = models.CharField(_("cost currency"), max_length=3, blank=True)
    fallback_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="fallbacks"
    )
    not_before = models.DateTimeField(
        _("not before"), null=True, blank=True, help_text=_("quiet hours or a retry's backoff")
    )
    send_attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(_("send started at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            models.UniqueConstraint(fields=["store", "idempotency_key"], name="message_idempotency_unique")
        ]
        indexes = [
            models.Index(fields=["store", "-id"]),
            models.Index(fields=["conversation", "id"]),
            models.Index(fields=["status", "claimed_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.direction} {self.channel} {self.idempotency_key}"


class MessageStatusEvent(models.Model):
    """A message's status history: one row per status seen, in the order we learnt them. Append-only."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="status_events")
    status = models.CharField(_("status"), max_length=10, choices=MessageStatus.choices)
    occurred_at = models.DateTimeField(_("at"))
    error_code = models.CharField(max_length=40, blank=True)
    error_title = models.CharField(max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=20, help_text=_("send, webhook, reconcile, rule"))
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("message status event")
        verbose_name_plural = _("message status events")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "status", "occurred_at", "error_code"], name="message_status_event_dedupe"
            )
        ]

    def __str__(self) -> str:
        return f"{self.status} at {self.occurred_at:%Y-%m-%d %H:%M:%S}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("message status events are append-only")
        super().save(*args, **kwargs)


class Template(models.Model):
    """A store's own text for one event and language; without one, the built-in default is used."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="message_templates")
    event = models.CharField(_("event"), max_length=60)
    language = models.CharField(_("language"), max_length=2)
    body = models.TextField(_("text"), help_text=_("with {variables}, e.g. {customer_name}"))
    provider_name = models.CharField(
        _("approved template name"), max_length=200, blank=True, help_text=_("its name at WhatsApp")
    )
    param_names = models.JSONField(
        default=list, blank=True, help_text=_("variables in the order the approved template numbers them")
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        constraints = [
            models.UniqueConstraint(fields=["store", "event", "language"], name="template_event_language")
        ]

    def __str__(self) -> str:
        return f"{self.event} [{self.language}]"


class NotificationRule(models.Model):
    """Whether an event notifies the buyer, and on which channels in order (the next one is the fallback)."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="notification_rules")
    event = models.CharField(_("event"), max_length=60)
    enabled = models.BooleanField(_("enabled"), default=True)
    channels = models.JSONField(_("channels in order"), default=list)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification rule")
        verbose_name_plural = _("notification rules")
        constraints = [models.UniqueConstraint(fields=["store", "event"], name="notification_rule_event")]

    def __str__(self) -> str:
        return f"{self.event}: {'on' if self.enabled else 'off'}"


class Consent(models.Model):
    """What a buyer agreed to: transactional messages unless they opted out; marketing only if they opted in."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="consents")
    phone = models.CharField(_("phone or address"), max_length=254)
    transactional_opt_out = models.BooleanField(_("opted out of notifications"), default=False)
    marketing_opt_in = models.BooleanField(_("opted in to marketing"), default=False)
    source = models.CharField(_("source"), max_length=60, blank=True, help_text=_("e.g. whatsapp:STOP"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [models.UniqueConstraint(fields=["store", "phone"], name="consent_phone_unique")]

    def __str__(self) -> str:
        return f"{self.phone}: {'out' if self.transactional_opt_out else 'in'}"


class SendRate(models.Model):
    """One row per sender (e.g. a WhatsApp phone number id): the theoretical arrival time of its next slot.

    Every worker advances it with one UPDATE ... RETURNING, so the slots are spaced out across processes.
    """

    sender = models.CharField(max_length=200, unique=True)
    tat_us = models.BigIntegerField(default=0, help_text=_("microseconds since the epoch"))

    class Meta:
        verbose_name = _("send rate")
        verbose_name_plural = _("send rates")

    def __str__(self) -> str:
        return self.sender
