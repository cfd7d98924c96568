"""Forms of the carriers pages: a rate card version, a CSV import, the delivery promise settings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from wasl.shipping.promises_models import PromiseSettings
from wasl.shipping.rates_models import RateCard
from wasl.shipping.rates_services import CardSpec, SlabRule, ZoneRule

MONEY = {"max_digits": 12, "decimal_places": 3, "min_value": Decimal(0), "initial": Decimal(0)}


def _lines(text: str) -> list[list[str]]:
    return [[cell.strip() for cell in line.split(",")] for line in text.splitlines() if line.strip()]


class RateCardForm(forms.Form):
    carrier = forms.CharField(label=_("Carrier"), max_length=40, strip=True)
    effective_from = forms.DateField(
        label=_("Effective from"), widget=forms.DateInput(attrs={"type": "date"}), initial=date.today
    )
    zones = forms.CharField(
        label=_("Zones"),
        widget=forms.Textarea(attrs={"rows": 6, "dir": "ltr", "spellcheck": "false"}),
        help_text=_(
            "One destination a line: zone, match, value. Match is city, region, postal, country or any."
        ),
    )
    slabs = forms.CharField(
        label=_("Weight slabs"),
        widget=forms.Textarea(attrs={"rows": 6, "dir": "ltr", "spellcheck": "false"}),
        help_text=_("One slab a line: zone, up to kg, price."),
    )
    cod_fee_flat = forms.DecimalField(label=_("COD fee (flat)"), **MONEY)  # type: ignore[arg-type]
    cod_fee_percent = forms.DecimalField(
        label=_("COD fee (% of amount)"),
        max_digits=6,
        decimal_places=3,
        min_value=0,
        max_value=100,
        initial=0,
    )
    cod_fee_min = forms.DecimalField(label=_("COD fee (minimum)"), **MONEY)  # type: ignore[arg-type]
    rto_charge = forms.DecimalField(label=_("RTO charge"), **MONEY)  # type: ignore[arg-type]
    reverse_pickup = forms.DecimalField(label=_("Reverse pick-up price"), **MONEY)  # type: ignore[arg-type]
    extra_per_kg = forms.DecimalField(
        label=_("Each kg above the heaviest slab"),
        help_text=_("0: heavier parcels are not priced"),
        **MONEY,  # type: ignore[arg-type]
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False, strip=True)

    def clean_zones(self) -> tuple[ZoneRule, ...]:
        rules = []
        for number, cells in enumerate(_lines(self.cleaned_data["zones"]), start=1):
            if len(cells) not in (2, 3):
                raise ValidationError(_("Line %(line)s: write zone, match, value.") % {"line": number})
            rules.append(ZoneRule(cells[0], cells[1].lower(), cells[2] if len(cells) == 3 else ""))
        return tuple(rules)

    def clean_slabs(self) -> tuple[SlabRule, ...]:
        rules = []
        for number, cells in enumerate(_lines(self.cleaned_data["slabs"]), start=1):
            try:
                zone, kg, price = cells
                grams, amount = Decimal(kg) * 1000, Decimal(price)
            except (ValueError, InvalidOperation):
                raise ValidationError(
                    _("Line %(line)s: write zone, up to kg, price.") % {"line": number}
                ) from None
            if not grams.is_finite() or not amount.is_finite() or grams != grams.to_integral_value():
                raise ValidationError(_("Line %(line)s: write zone, up to kg, price.") % {"line": number})
            rules.append(SlabRule(zone, int(grams), amount))
        return tuple(rules)

    def spec(self) -> CardSpec:
        data = self.cleaned_data
        return CardSpec(
            carrier=data["carrier"],
            effective_from=data["effective_from"],
            zones=data["zones"],
            slabs=data["slabs"],
            cod_fee_flat=data["cod_fee_flat"],
            cod_fee_percent=data["cod_fee_percent"],
            cod_fee_min=data["cod_fee_min"],
            rto_charge=data["rto_charge"],
            reverse_pickup=data["reverse_pickup"],
            extra_per_kg=data["extra_per_kg"],
            note=data["note"],
        )

    @classmethod
    def initial_from(cls, card: RateCard) -> dict[str, Any]:
        def kg(grams: int) -> str:
            return format(Decimal(grams) / 1000, "f").rstrip("0").rstrip(".")

        return {
            "carrier": card.carrier,
            "effective_from": date.today(),
            "zones": "\n".join(f"{z.zone}, {z.match}, {z.value}" for z in card.zones.order_by("id")),
            "slabs": "\n".join(
                f"{s.zone}, {kg(s.max_grams)}, {s.price}" for s in card.slabs.order_by("zone", "max_grams")
            ),
            **{
                name: getattr(card, name)
                for name in (
                    "cod_fee_flat",
                    "cod_fee_percent",
                    "cod_fee_min",
                    "rto_charge",
                    "reverse_pickup",
                    "extra_per_kg",
                    "note",
                )
            },
        }


class RateImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))
    effective_from = forms.DateField(
        label=_("Effective from"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=date.today,
        help_text=_("For cards whose file gives no date of their own."),
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > 2_000_000:
            raise ValidationError(_("A rate file is at most 2 MB."))
        try:
            return str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise ValidationError(_("The file is not UTF-8 text.")) from None


class PromiseSettingsForm(forms.ModelForm):
    holidays_text = forms.CharField(
        label=_("Holidays"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "ltr"}),
        help_text=_("One date a line, YYYY-MM-DD."),
    )

    class Meta:
        model = PromiseSettings
        fields = [
            "origin_city",
            "working_days",
            "handling_days",
            "default_transit_days",
            "quantile",
            "min_samples",
            "history_days",
            "default_carrier",
            "default_weight_grams",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["holidays_text"].initial = "\n".join(self.instance.holidays or [])
        self.fields["history_days"].validators.append(MinValueValidator(14))

    def clean_working_days(self) -> str:
        value = "".join(sorted(set(self.cleaned_data["working_days"].replace(" ", ""))))
        if any(c not in "0123456" for c in value):
            raise ValidationError(_("Use the digits 0 (Monday) to 6 (Sunday)."))
        return value

    def clean_default_carrier(self) -> str:
        return str(self.cleaned_data["default_carrier"]).strip().lower()

    def clean_holidays_text(self) -> list[str]:
        days = []
        for line in str(self.cleaned_data["holidays_text"]).split():
            try:
                days.append(date.fromisoformat(line).isoformat())
            except ValueError:
                raise ValidationError(
                    _("%(value)s is not a date (YYYY-MM-DD).") % {"value": line[:20]}
                ) from None
        return sorted(set(days))

    def values(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return {**data, "holidays": self.cleaned_data["holidays_text"]}
