"""What a buyer may send from the tracking page, checked before anything is written."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from wasl.messaging.bot_orders import DEFAULT_WEEKEND, WEEKEND
from wasl.risk.policy import DEFAULT_SLOTS

DAYS_AHEAD = 7
SLOTS: dict[str, dict[str, str]] = {slot["id"]: dict(slot) for slot in DEFAULT_SLOTS}
SLOT_LABELS = {
    "morning": _("Morning"),
    "afternoon": _("Afternoon"),
    "evening": _("Evening"),
}


def slot_choices() -> list[tuple[str, str]]:
    return [
        (slot_id, f"{SLOT_LABELS.get(slot_id, slot_id)} {slot['from']}–{slot['to']}")
        for slot_id, slot in SLOTS.items()
    ]


def delivery_days(today: date, country: str = "") -> list[date]:
    """The days a buyer may ask for: the courier's working days among the next seven (Friday is the weekend in
    Saudi Arabia, Sunday in France)."""
    weekend = WEEKEND.get(country.upper(), DEFAULT_WEEKEND)
    days = (today + timedelta(days=offset) for offset in range(1, DAYS_AHEAD + 1))
    return [day for day in days if day.weekday() not in weekend]


class RescheduleForm(forms.Form):
    day = forms.CharField(label=_("Delivery day"), max_length=10)
    slot = forms.ChoiceField(label=_("Time of day"), choices=())

    def __init__(self, *args: Any, today: date, country: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.days = delivery_days(today, country)
        self.fields["slot"].choices = slot_choices()  # type: ignore[attr-defined]
        self.fields["slot"].error_messages["invalid_choice"] = _("Choose one of the times offered.")
        self.fields["slot"].error_messages["required"] = _("Choose a time of day.")
        self.fields["day"].error_messages["required"] = _("Choose a day.")

    def day_choices(self) -> list[tuple[str, str]]:
        return [(day.isoformat(), date_format(day, "l j F")) for day in self.days]

    def clean_day(self) -> date:
        raw = self.cleaned_data["day"]
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            raise forms.ValidationError(_("That is not a date."), code="invalid_day") from None
        if day not in self.days:
            raise forms.ValidationError(
                _("Choose one of the days offered, within the next %(days)d days."),
                code="day_out_of_range",
                params={"days": DAYS_AHEAD},
            )
        return day


class AddressForm(forms.Form):
    line1 = forms.CharField(label=_("Street and building"), max_length=300)
    line2 = forms.CharField(label=_("Apartment, floor (optional)"), max_length=300, required=False)
    city = forms.CharField(label=_("City"), max_length=120)
    region = forms.CharField(label=_("District or region (optional)"), max_length=120, required=False)
    postal_code = forms.CharField(label=_("Postal code (optional)"), max_length=20, required=False)
    landmark = forms.CharField(label=_("Landmark for the courier (optional)"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line1"].error_messages["required"] = _("Enter the street and building.")
        self.fields["city"].error_messages["required"] = _("Enter the city.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                cleaned[name] = " ".join(value.replace("\x00", "").split())
        for name in ("line1", "city"):
            if name in cleaned and not cleaned[name]:
                self.add_error(name, forms.ValidationError(_("This field is required."), code="required"))
        return cleaned


class Problem:
    NOT_ARRIVED = "not_arrived"
    DAMAGED = "damaged"
    WRONG_ITEM = "wrong_item"
    COURIER = "courier"
    PAYMENT = "payment"
    OTHER = "other"


PROBLEM_CHOICES = [
    (Problem.NOT_ARRIVED, _("My parcel has not arrived")),
    (Problem.DAMAGED, _("The parcel arrived damaged")),
    (Problem.WRONG_ITEM, _("Wrong or missing item")),
    (Problem.COURIER, _("A problem with the courier")),
    (Problem.PAYMENT, _("A question about payment")),
    (Problem.OTHER, _("Something else")),
]


class ProblemForm(forms.Form):
    kind = forms.ChoiceField(label=_("What is wrong?"), choices=PROBLEM_CHOICES)
    details = forms.CharField(
        label=_("Tell us more"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].error_messages["required"] = _("Choose what is wrong.")
        self.fields["kind"].error_messages["invalid_choice"] = _("Choose what is wrong.")
        self.fields["details"].error_messages["required"] = _("Tell us what happened.")

    def clean_details(self) -> str:
        text = self.cleaned_data["details"].replace("\x00", "").strip()
        if len(text) < 3:
            raise forms.ValidationError(_("Tell us what happened."), code="too_short")
        return text


class UnlockForm(forms.Form):
    digits = forms.CharField(label=_("Last 4 digits of your phone number"), max_length=8)

    def clean_digits(self) -> str:
        # Arabic-Indic and other decimal digits count as the digits they are.
        digits = "".join(str(unicodedata.decimal(ch)) for ch in self.cleaned_data["digits"] if ch.isdecimal())
        if len(digits) != 4:
            raise forms.ValidationError(_("Enter exactly 4 digits."), code="four_digits")
        return digits
