"""The console's forms: every field bounded, every error said on the page."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from wasl.messaging.events import EVENTS
from wasl.messaging.handover import AGENT_TEXT_MAX

EVENT_LABELS = {
    "order.confirmed": _("Order confirmed"),
    "shipment.shipped": _("Shipped, with the tracking link"),
    "shipment.out_for_delivery": _("Out for delivery"),
    "shipment.delivered": _("Delivered"),
    "shipment.delayed": _("Delayed past the promised date"),
    "shipment.delivery_failed": _("Delivery failed"),
    "shipment.rto_started": _("Going back to the shop"),
}


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Reply"),
        max_length=AGENT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        strip=True,
    )
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)


class TemplateForm(forms.Form):
    event = forms.ChoiceField(label=_("Approved message"), choices=[(e, EVENT_LABELS[e]) for e in EVENTS])
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)


class SandboxPhoneForm(forms.Form):
    phone = forms.CharField(
        label=_("Test phone number"),
        max_length=32,
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel", "placeholder": "+212 600 000 001"}),
    )
    label = forms.CharField(label=_("Label"), max_length=100, required=False)


class BuyerMessageForm(forms.Form):
    text = forms.CharField(
        label=_("Message"),
        max_length=4096,
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
        strip=True,
    )


class BuyerTapForm(forms.Form):
    button_id = forms.CharField(max_length=200)
    button_title = forms.CharField(max_length=200, required=False)
    kind = forms.ChoiceField(choices=[("button", "button"), ("list", "list")], required=False)


class BuyerLocationForm(forms.Form):
    latitude = forms.DecimalField(
        label=_("Latitude"), min_value=Decimal(-90), max_value=Decimal(90), decimal_places=6
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), min_value=Decimal(-180), max_value=Decimal(180), decimal_places=6
    )
