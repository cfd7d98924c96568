"""Forms of the failed-deliveries page: filters, a staff answer, closing, settings."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wasl.shipping.ndr.answers import ADDRESS_MAX
from wasl.shipping.ndr.models import NdrAnswer, NdrCaseStatus
from wasl.shipping.ndr.policy import LIMITS
from wasl.shipping.status import NdrReason

STATUS_CHOICES = [
    ("open", _("Open")),
    *[(value, label) for value, label in NdrCaseStatus.choices],
    ("all", _("All")),
]


class NdrFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Cases"), choices=STATUS_CHOICES, required=False)
    carrier = forms.ChoiceField(label=_("Carrier"), required=False)
    reason = forms.ChoiceField(
        label=_("Reason"), choices=[("", _("Any reason")), *NdrReason.choices], required=False
    )
    escalated = forms.BooleanField(label=_("With a person only"), required=False)
    q = forms.CharField(
        label=_("Order, tracking number or phone"), max_length=100, required=False, strip=True
    )

    def __init__(self, *args: object, carriers: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["carrier"].choices = [("", _("Any carrier")), *[(c, c) for c in carriers]]  # type: ignore[attr-defined]


class StaffAnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("What the buyer wants"), choices=NdrAnswer.choices)
    day = forms.DateField(
        label=_("New delivery day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    address = forms.CharField(
        label=_("Corrected address or landmark"),
        max_length=ADDRESS_MAX,
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )


class CloseForm(forms.Form):
    reason = forms.CharField(label=_("Why close it"), max_length=300, strip=True)


class MarkForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("sent", _("Sent")), ("acknowledged", _("Acknowledged by the carrier"))]
    )
    reference = forms.CharField(label=_("Carrier's reference"), max_length=200, required=False, strip=True)


class NdrSettingsForm(forms.Form):
    enabled = forms.BooleanField(
        label=_("Ask buyers on WhatsApp or SMS after a failed delivery"), required=False
    )
    attempts_before_rto = forms.IntegerField(
        label=_("Delivery attempts before the parcel goes back"),
        min_value=LIMITS["attempts_before_rto"][0],
        max_value=LIMITS["attempts_before_rto"][1],
    )
    remind_after_hours = forms.IntegerField(
        label=_("Remind an unanswered buyer after (hours)"),
        min_value=LIMITS["remind_after_hours"][0],
        max_value=LIMITS["remind_after_hours"][1],
    )
    escalate_after_hours = forms.IntegerField(
        label=_("Hand to a person after (hours)"),
        min_value=LIMITS["escalate_after_hours"][0],
        max_value=LIMITS["escalate_after_hours"][1],
        help_text=_("Before the carrier's last attempt a person takes over sooner."),
    )
