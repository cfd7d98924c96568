"""What the merchant console keeps of its own: the phone numbers merchants play buyers with."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wasl.stores.models import Store


class SandboxPhone(models.Model):
    """A test phone number: every WhatsApp or SMS message to it stays inside Wasl (see messaging/sandbox.py)."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="sandbox_phones")
    phone = models.CharField(_("phone"), max_length=20, help_text=_("E.164"))
    label = models.CharField(_("label"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sandbox phone")
        verbose_name_plural = _("sandbox phones")
        constraints = [models.UniqueConstraint(fields=["store", "phone"], name="sandbox_phone_unique")]

    def __str__(self) -> str:
        return f"{self.phone} ({self.store_id})"


class NotificationTiming(models.Model):
    """When a store's notification for one event may go: a delay after the event, and the buyer's quiet hours.

    The other half of the rule (on or off, channels in order) is `messaging.NotificationRule`; this half is
    kept here because the console is where it is set. `messaging.selectors.rule_for` reads both.
    """

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="notification_timings")
    event = models.CharField(_("event"), max_length=60)
    delay_minutes = models.PositiveIntegerField(_("delay (minutes)"), default=0)
    # "" follows the platform's default (WASL_QUIET_HOURS); "off" sends at any hour; else "22:00-08:00".
    quiet_hours = models.CharField(_("quiet hours"), max_length=11, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notification timing")
        verbose_name_plural = _("notification timings")
        constraints = [models.UniqueConstraint(fields=["store", "event"], name="notification_timing_event")]

    def __str__(self) -> str:
        return f"{self.event}: +{self.delay_minutes} min, quiet {self.quiet_hours or 'default'}"
