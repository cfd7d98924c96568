"""Delivery promises: each store's settings, the transit figures cached per carrier and lane, breaches.

Imported by `wasl.shipping.models`, so the tables belong to the shipping app.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wasl.stores.models import Store

DEFAULT_QUANTILE = 80
DEFAULT_MIN_SAMPLES = 20
DEFAULT_HANDLING_DAYS = 1
DEFAULT_HISTORY_DAYS = 180
DEFAULT_WEIGHT_GRAMS = 500


class PromiseSettings(models.Model):
    """How a store promises delivery dates; a store without a row uses the defaults (see promises.py)."""

    store = models.OneToOneField(Store, on_delete=models.CASCADE, related_name="promise_settings")
    origin_city = models.CharField(
        _("ship-from city"), max_length=120, blank=True, help_text=_("Where parcels start; names the lanes.")
    )
    working_days = models.CharField(
        _("working days"),
        max_length=7,
        blank=True,
        help_text=_(
            "Weekdays carriers deliver, Monday=0 … Sunday=6, e.g. 012356. Empty: the country's usual."
        ),
    )
    holidays = models.JSONField(_("holidays"), default=list, blank=True, help_text=_("ISO dates"))
    handling_days = models.PositiveSmallIntegerField(
        _("handling days"),
        default=DEFAULT_HANDLING_DAYS,
        validators=[MaxValueValidator(30)],
        help_text=_("Working days from order to hand-over to the carrier."),
    )
    default_transit_days = models.PositiveSmallIntegerField(
        _("default transit days"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Promised when there is not enough history for a carrier."),
    )
    quantile = models.PositiveSmallIntegerField(
        _("promise percentile"),
        default=DEFAULT_QUANTILE,
        validators=[MinValueValidator(50), MaxValueValidator(99)],
        help_text=_("Share of past parcels that arrived within the promised time."),
    )
    min_samples = models.PositiveSmallIntegerField(
        _("minimum deliveries per lane"),
        default=DEFAULT_MIN_SAMPLES,
        validators=[MinValueValidator(5), MaxValueValidator(1000)],
    )
    history_days = models.PositiveSmallIntegerField(
        _("history (days)"), default=DEFAULT_HISTORY_DAYS, validators=[MinValueValidator(14)]
    )
    default_carrier = models.CharField(_("default carrier"), max_length=40, blank=True)
    default_weight_grams = models.PositiveIntegerField(
        _("default parcel weight (g)"),
        default=DEFAULT_WEIGHT_GRAMS,
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("delivery promise settings")
        verbose_name_plural = _("delivery promise settings")

    def __str__(self) -> str:
        return f"promises of {self.store_id}"


class CarrierLaneStat(models.Model):
    """What one carrier did for one store on one scope (a lane, a region, a country, or everywhere).

    Rebuilt by a periodic task from the store's own history, so a promise or a scorecard is one indexed read.
    `scope` is "lane:<origin>><destination>", "region:<region>", "country:<CC>" or "all".
    """

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    carrier = models.CharField(_("carrier"), max_length=40)
    scope = models.CharField(_("scope"), max_length=250)
    label = models.CharField(_("label"), max_length=250, blank=True)
    samples = models.PositiveIntegerField(_("deliveries timed"), default=0)
    days_low = models.PositiveSmallIntegerField(_("fast (20th percentile)"), default=0)
    days_median = models.PositiveSmallIntegerField(_("median transit days"), default=0)
    days_p80 = models.PositiveSmallIntegerField(_("80th percentile transit days"), default=0)
    days_promise = models.PositiveSmallIntegerField(_("promised transit days"), default=0)
    settled = models.PositiveIntegerField(_("settled shipments"), default=0)
    delivered = models.PositiveIntegerField(_("delivered"), default=0)
    rto = models.PositiveIntegerField(_("returned to origin"), default=0)
    with_ndr = models.PositiveIntegerField(_("with a failed attempt"), default=0)
    promised = models.PositiveIntegerField(_("delivered with a promise"), default=0)
    on_time = models.PositiveIntegerField(_("delivered on time"), default=0)
    cost_total = models.DecimalField(max_digits=16, decimal_places=3, default=0)
    cost_count = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("carrier lane figures")
        verbose_name_plural = _("carrier lane figures")
        constraints = [
            models.UniqueConstraint(fields=["store", "carrier", "scope"], name="carrier_lane_stat_unique")
        ]

    def __str__(self) -> str:
        return f"{self.carrier} {self.scope}"


class PromiseBreach(models.Model):
    """A forward parcel found undelivered after its promised date: one row per shipment, ever."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    shipment = models.OneToOneField("shipping.Shipment", on_delete=models.CASCADE, related_name="breach")
    promised_date = models.DateField(_("promised date"))
    detected_at = models.DateTimeField(_("detected at"))
    buyer_told = models.BooleanField(_("buyer told"), default=False)

    class Meta:
        verbose_name = _("missed delivery promise")
        verbose_name_plural = _("missed delivery promises")
        indexes = [models.Index(fields=["store", "-detected_at"], name="promise_breach_store_at")]

    def __str__(self) -> str:
        return f"{self.shipment_id} promised {self.promised_date}"
