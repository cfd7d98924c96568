"""Forms of the operations pages: the dock's scan, grading each item, photos, rejecting a return, inventory."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wasl.orders.inventory import MAX_THRESHOLD
from wasl.returns.models import Disposition, Grade, ReturnItem
from wasl.returns.receiving import MAX_SCAN_LENGTH
from wasl.returns.services import ItemInspected


class ScanForm(forms.Form):
    code = forms.CharField(
        label=_("Return code or tracking number"),
        max_length=MAX_SCAN_LENGTH,
        strip=True,
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "inputmode": "text",
                "dir": "ltr",
            }
        ),
    )


class InspectForm(forms.Form):
    """One grade, disposition and location per item, in fields named `grade-<item id>` and so on."""

    def __init__(self, *args: Any, items: list[ReturnItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"grade-{item.pk}"] = forms.ChoiceField(
                label=_("Grade"), choices=[("", "—"), *Grade.choices], initial=item.grade
            )
            self.fields[f"disposition-{item.pk}"] = forms.ChoiceField(
                label=_("What becomes of it"),
                choices=[("", "—"), *Disposition.choices],
                initial=item.disposition,
            )
            self.fields[f"location-{item.pk}"] = forms.CharField(
                label=_("Restock to"),
                max_length=100,
                required=False,
                strip=True,
                initial=item.restock_location,
                widget=forms.TextInput(attrs={"list": "locations", "dir": "auto"}),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for item in self.items:
            if data.get(f"disposition-{item.pk}") == Disposition.RESTOCK and not data.get(
                f"location-{item.pk}"
            ):
                self.add_error(f"location-{item.pk}", _("Say where it goes back on the shelves."))
            if (
                data.get(f"grade-{item.pk}") in (Grade.TAMPERED, Grade.WRONG_ITEM)
                and data.get(f"disposition-{item.pk}") == Disposition.RESTOCK
            ):
                self.add_error(
                    f"disposition-{item.pk}", _("A tampered or wrong item is not put back on sale as it is.")
                )
        return data

    def rows(self) -> list[tuple[ReturnItem, forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (item, self[f"grade-{item.pk}"], self[f"disposition-{item.pk}"], self[f"location-{item.pk}"])
            for item in self.items
        ]

    def inspections(self) -> list[ItemInspected]:
        data = self.cleaned_data
        return [
            ItemInspected(
                item_id=item.pk,
                grade=data[f"grade-{item.pk}"],
                disposition=data[f"disposition-{item.pk}"],
                location=data.get(f"location-{item.pk}") or "",
            )
            for item in self.items
        ]


class PhotoForm(forms.Form):
    item = forms.TypedChoiceField(label=_("Item"), coerce=int)
    photo = forms.FileField(
        label=_("Photo"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/heic"}),
    )

    def __init__(self, *args: Any, items: list[ReturnItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [(i.pk, f"{i.sku or i.name} × {i.quantity}") for i in items]  # type: ignore[attr-defined]


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Why it is rejected (the buyer is told)"), max_length=300, strip=True)


class ThresholdForm(forms.Form):
    threshold = forms.IntegerField(label=_("Low-stock threshold"), min_value=0, max_value=MAX_THRESHOLD)


class VariantThresholdForm(forms.Form):
    threshold = forms.IntegerField(label=_("Threshold"), min_value=0, max_value=MAX_THRESHOLD, required=False)
