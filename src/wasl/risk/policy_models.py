"""Tables of the RTO prevention policy: its versions, what it decided per order, and what each buyer was asked."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from wasl.orders.models import Order
from wasl.stores.models import Store


class RiskPolicy(models.Model):
    """One version of a store's policy. Versions are never edited: a change is a new version."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="risk_policies")
    version = models.PositiveIntegerField(_("version"))
    document = models.JSONField(_("policy"))
    created_by = models.CharField(_("created by"), max_length=150, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    active = models.BooleanField(_("active"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        app_label = "risk"
        verbose_name = _("RTO policy")
        verbose_name_plural = _("RTO policies")
        constraints = [
            models.UniqueConstraint(fields=["store", "version"], name="risk_policy_version_unique"),
            models.UniqueConstraint(
                fields=["store"], condition=models.Q(active=True), name="risk_policy_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"policy v{self.version}{' (active)' if self.active else ''}"


class DecisionState(models.TextChoices):
    APPROVED = "approved", _("Approved")
    AWAITING = "awaiting", _("Waiting for the buyer")
    HELD = "held", _("Held for review")
    CANCELLED = "cancelled", _("Cancelled")


class PolicyDecision(models.Model):
    """What the policy in force decided for one order when it was scored, and where that stands now.

    `actions` are the rule's actions even for a holdout order (which gets none of them): uplift compares the
    orders that got an action with those that would have.
    """

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="policy_decision")
    policy = models.ForeignKey(RiskPolicy, on_delete=models.PROTECT, related_name="decisions")
    rule_index = models.IntegerField(_("rule"), help_text=_("-1 when no rule matched"))
    rule_name = models.CharField(_("rule name"), max_length=100, blank=True)
    band = models.CharField(_("band"), max_length=6)
    score = models.FloatField(_("RTO probability"))
    facts = models.JSONField(_("facts"), default=dict)
    actions = models.JSONField(_("actions"), default=list)
    eligible = models.BooleanField(_("eligible for the holdout"), default=False)
    holdout = models.BooleanField(_("holdout"), default=False)
    holdout_bucket = models.FloatField(_("holdout draw"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=DecisionState.choices)
    state_reason = models.CharField(_("why"), max_length=300, blank=True)
    decided_at = models.DateTimeField(_("decided at"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "risk"
        verbose_name = _("policy decision")
        verbose_name_plural = _("policy decisions")
        indexes = [
            models.Index(fields=["store", "state"], name="risk_decision_state"),
            models.Index(fields=["store", "-decided_at"], name="risk_decision_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.rule_name or 'no rule'} ({self.state})"

    @property
    def action_types(self) -> list[str]:
        return [str(a.get("type")) for a in self.actions if isinstance(a, dict)]


class VerificationKind(models.TextChoices):
    COD_CONFIRMATION = "cod_confirmation", _("COD confirmation")
    ADDRESS_VERIFICATION = "address_verification", _("Address check")
    DELIVERY_SLOT = "delivery_slot", _("Delivery day and time")
    PREPAID_NUDGE = "prepaid_nudge", _("Offer to pay online")


class VerificationState(models.TextChoices):
    PENDING = "pending", _("Pending")
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")
    CORRECTED = "corrected", _("Corrected")
    EXPIRED = "expired", _("Expired")
    OVERRIDDEN = "overridden", _("Overridden by staff")


class OrderVerification(models.Model):
    """One thing the buyer is asked about an order (confirm it, check the address, pick a slot, pay online).

    Sent in the rule's order (`position`): the next goes out when the one before no longer waits for an
    answer. Reminders and the deadline count from `sent_at`.
    """

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="verifications")
    decision = models.ForeignKey(PolicyDecision, on_delete=models.CASCADE, related_name="verifications")
    kind = models.CharField(_("kind"), max_length=24, choices=VerificationKind.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    blocking = models.BooleanField(_("order waits for it"), default=True)
    state = models.CharField(
        _("state"), max_length=10, choices=VerificationState.choices, default=VerificationState.PENDING
    )
    params = models.JSONField(_("parameters"), default=dict)
    answer = models.JSONField(_("answer"), default=dict, blank=True)
    channel = models.CharField(_("channel"), max_length=10, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    next_reminder_at = models.DateTimeField(_("next reminder"), null=True, blank=True)
    deadline_at = models.DateTimeField(_("deadline"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.CharField(_("resolved by"), max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "risk"
        verbose_name = _("order verification")
        verbose_name_plural = _("order verifications")
        constraints = [
            models.UniqueConstraint(fields=["order", "kind"], name="risk_verification_once_per_kind")
        ]
        indexes = [
            models.Index(fields=["state", "next_reminder_at"], name="risk_verification_reminder"),
            models.Index(fields=["state", "deadline_at"], name="risk_verification_deadline"),
            models.Index(fields=["store", "state"], name="risk_verification_store"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} of {self.order_id} ({self.state})"

    @property
    def is_pending(self) -> bool:
        return self.state == VerificationState.PENDING
