"""The store's risk settings, its versioned models and the score each order got."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from wasl.orders.models import Order, money_field
from wasl.stores.models import Store


class RiskSettings(models.Model):
    """What acting on a risky order costs and saves in this store, and when its own model may serve.

    Empty costs fall back to shares of the store's median order value (see evaluation.costs_for).
    """

    store = models.OneToOneField(Store, on_delete=models.CASCADE, related_name="risk_settings")
    shipping_cost = money_field(_("forward shipping per parcel"), null=True, blank=True)
    rto_cost = money_field(
        _("cost of a return to origin on top of the forward shipping"), null=True, blank=True
    )
    action_cost = money_field(
        _("cost of acting on an order that would have been delivered"), null=True, blank=True
    )
    medium_from = models.FloatField(_("medium band from"), default=0.15)
    high_from = models.FloatField(_("high band from"), default=0.35)
    min_finished_orders = models.PositiveIntegerField(
        _("finished orders before a model"), null=True, blank=True
    )
    min_rtos = models.PositiveIntegerField(_("RTOs before a model"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("risk settings")
        verbose_name_plural = _("risk settings")

    def __str__(self) -> str:
        return f"risk settings of {self.store_id}"


class ModelState(models.TextChoices):
    ACTIVE = "active", _("Active")
    CANDIDATE = "candidate", _("Kept, not activated")
    RETIRED = "retired", _("Retired")


class RiskModel(models.Model):
    """One training run: its holdout metrics, the features it reads and the fitted artefact itself."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="risk_models")
    version = models.PositiveIntegerField(_("version"))
    state = models.CharField(_("state"), max_length=10, choices=ModelState.choices)
    decision = models.CharField(_("why (not) activated"), max_length=500, blank=True)
    trained_at = models.DateTimeField(_("trained at"))
    activated_at = models.DateTimeField(_("activated at"), null=True, blank=True)
    # Orders placed up to this moment were learnt from; the holdout (newer orders) was not.
    train_until = models.DateTimeField(_("trained on orders up to"))
    history_until = models.DateTimeField(_("history up to"))
    metrics = models.JSONField(_("metrics"), default=dict)
    features = models.JSONField(_("features"), default=list)
    artefact = models.BinaryField(_("fitted model"))
    checksum = models.CharField(_("SHA-256 of the artefact"), max_length=64)
    library = models.CharField(_("library versions"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("risk model")
        verbose_name_plural = _("risk models")
        constraints = [
            models.UniqueConstraint(fields=["store", "version"], name="risk_model_version_unique"),
            models.UniqueConstraint(
                fields=["store"], condition=models.Q(state="active"), name="risk_model_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"v{self.version} ({self.state})"


class RiskBand(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class ScoreSource(models.TextChoices):
    MODEL = "model", _("Store model")
    RULES = "rules", _("Rules (not enough history yet)")


class RiskScore(models.Model):
    """The latest score of an order; every scoring is also on the order's timeline."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="risk_score")
    score = models.FloatField(_("RTO probability"))
    band = models.CharField(_("band"), max_length=6, choices=RiskBand.choices)
    reasons = models.JSONField(_("reasons"), default=list)
    source = models.CharField(_("source"), max_length=5, choices=ScoreSource.choices)
    model_version = models.PositiveIntegerField(_("model version"), null=True, blank=True)
    order_hash = models.CharField(max_length=64, help_text=_("the order's content hash when it was scored"))
    scored_at = models.DateTimeField(_("scored at"))

    class Meta:
        verbose_name = _("risk score")
        verbose_name_plural = _("risk scores")
        indexes = [models.Index(fields=["store", "band"])]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.score:.2f} ({self.band})"


# The RTO prevention policy's tables live in their own module; importing them here registers them.
from wasl.risk.policy_models import (  # noqa: E402, F401
    DecisionState,
    OrderVerification,
    PolicyDecision,
    RiskPolicy,
    VerificationKind,
    VerificationState,
)
