"""Rate cards: what each carrier charges a store, versioned by the day they take effect, and cost estimates.

Imported by `wasl.shipping.models`, so the tables belong to the shipping app. A card is never edited in place:
a change is a new version, so every estimate keeps pointing at the prices it was made with.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from wasl.stores.models import Store


def _money(verbose_name: object, **options: object) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=3, **options)  # type: ignore[arg-type]


class RateCard(models.Model):
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="rate_cards")
    carrier = models.CharField(_("carrier"), max_length=40)
    version = models.PositiveIntegerField(_("version"))
    effective_from = models.DateField(_("effective from"))
    currency = models.CharField(_("currency"), max_length=3)
    cod_fee_flat = _money(_("COD fee (flat)"), default=0)
    cod_fee_percent = models.DecimalField(
        _("COD fee (% of amount)"), max_digits=6, decimal_places=3, default=0
    )
    cod_fee_min = _money(_("COD fee (minimum)"), default=0)
    rto_charge = _money(_("RTO charge"), default=0)
    reverse_pickup = _money(_("reverse pick-up price"), default=0)
    extra_per_kg = _money(
        _("each kg above the heaviest slab"), default=0, help_text=_("0: heavier parcels are not priced")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.CharField(_("created by"), max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    class Meta:
        verbose_name = _("rate card")
        verbose_name_plural = _("rate cards")
        constraints = [
            models.UniqueConstraint(fields=["store", "carrier", "version"], name="rate_card_version_unique")
        ]
        indexes = [models.Index(fields=["store", "carrier", "-effective_from"], name="rate_card_in_force")]

    def __str__(self) -> str:
        return f"{self.carrier} v{self.version} from {self.effective_from}"


class ZoneMatch(models.TextChoices):
    POSTAL = "postal", _("Postal code prefix")
    CITY = "city", _("City")
    REGION = "region", _("Region")
    COUNTRY = "country", _("Country")
    ANY = "any", _("Anywhere else")


class RateZone(models.Model):
    """Destinations that fall in a zone of one card. The most specific match wins (see rates.py)."""

    card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="zones")
    zone = models.CharField(_("zone"), max_length=40)
    match = models.CharField(_("match on"), max_length=8, choices=ZoneMatch.choices)
    value = models.CharField(_("value"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("rate zone")
        verbose_name_plural = _("rate zones")
        constraints = [models.UniqueConstraint(fields=["card", "match", "value"], name="rate_zone_unique")]

    def __str__(self) -> str:
        return f"{self.zone}: {self.match} {self.value}"


class RateSlab(models.Model):
    """The forward price of a parcel up to `max_grams` to a zone."""

    card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="slabs")
    zone = models.CharField(_("zone"), max_length=40)
    max_grams = models.PositiveIntegerField(_("up to (g)"))
    price = _money(_("price"))

    class Meta:
        verbose_name = _("weight slab")
        verbose_name_plural = _("weight slabs")
        ordering = ["zone", "max_grams"]
        constraints = [models.UniqueConstraint(fields=["card", "zone", "max_grams"], name="rate_slab_unique")]

    def __str__(self) -> str:
        return f"{self.zone} ≤{self.max_grams} g: {self.price}"


class SkuWeight(models.Model):
    """A parcel weight per SKU, for stores whose catalogue does not carry one; others use the default."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    sku = models.CharField(_("SKU"), max_length=100)
    grams = models.PositiveIntegerField(_("weight (g)"))

    class Meta:
        verbose_name = _("SKU weight")
        verbose_name_plural = _("SKU weights")
        constraints = [models.UniqueConstraint(fields=["store", "sku"], name="sku_weight_unique")]

    def __str__(self) -> str:
        return f"{self.sku}: {self.grams} g"


class ShipmentEstimate(models.Model):
    """What a shipment is expected to cost, from the card in force on its day, and the promise it was given."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    shipment = models.OneToOneField("shipping.Shipment", on_delete=models.CASCADE, related_name="estimate")
    card = models.ForeignKey(RateCard, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    zone = models.CharField(_("zone"), max_length=40, blank=True)
    grams = models.PositiveIntegerField(_("weight (g)"), default=0)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    forward = _money(_("forward"), null=True, blank=True)
    cod_fee = _money(_("COD fee"), default=0)
    rto_charge = _money(_("RTO charge"), default=0)
    reverse = _money(_("reverse pick-up"), default=0)
    problem = models.CharField(_("why not priced"), max_length=40, blank=True)
    earliest_date = models.DateField(_("earliest delivery"), null=True, blank=True)
    lane = models.CharField(_("lane"), max_length=250, blank=True)
    promise_basis = models.CharField(_("promise basis"), max_length=120, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("shipment estimate")
        verbose_name_plural = _("shipment estimates")

    def __str__(self) -> str:
        return f"{self.shipment_id}: {self.forward} {self.currency}"
