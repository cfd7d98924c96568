"""Words for the codes the rollups keep (payment methods, NDR and return reasons, actions), in the page's language."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wasl.messaging.models import ChannelName
from wasl.orders.models import PaymentMethod
from wasl.returns.models import Grade, Outcome
from wasl.shipping.status import NdrReason

StrOrPromise = str | Promise

RETURN_REASONS: dict[str, StrOrPromise] = {
    "wrong_size": _("Wrong size"),
    "size_fit": _("Size or fit"),
    "too_small": _("Too small"),
    "too_big": _("Too big"),
    "not_as_described": _("Not as described"),
    "damaged": _("Damaged"),
    "wrong_item": _("Wrong item"),
    "wrong_colour": _("Wrong colour"),
    "changed_mind": _("Changed their mind"),
    "other": _("Other"),
}

ACTIONS: dict[str, StrOrPromise] = {
    "cod_confirmation": _("COD confirmation"),
    "address_verification": _("Address check"),
    "delivery_slot": _("Delivery slot"),
    "prepaid_nudge": _("Offer to pay online"),
    "hold": _("Hold for a person"),
}

DIMENSIONS: dict[str, StrOrPromise] = {
    "payment_method": _("Payment method"),
    "carrier": _("Carrier"),
    "region": _("Region"),
    "channel": _("Sales channel"),
}

OTHER: StrOrPromise = _("Others")
UNKNOWN: StrOrPromise = _("Unknown")


def _readable(code: str) -> str:
    return code.replace("_", " ").capitalize() if code else str(UNKNOWN)


def value_label(dimension: str, code: str) -> str:
    """How a value of a dimension reads: a payment method's name, a carrier's or region's as recorded."""
    if code == "__other__":
        return str(OTHER)
    if dimension == "payment_method" and code in PaymentMethod.values:
        return str(PaymentMethod(code).label)
    if dimension == "carrier":
        return code.capitalize() if code else str(UNKNOWN)
    return code or str(UNKNOWN)


def ndr_reason_label(code: str) -> str:
    return str(NdrReason(code).label) if code in NdrReason.values else _readable(code)


def return_reason_label(code: str) -> str:
    return str(RETURN_REASONS.get(code, _readable(code)))


def grade_label(code: str) -> str:
    return str(Grade(code).label) if code in Grade.values else str(_("Not inspected yet"))


def outcome_label(code: str) -> str:
    return str(Outcome(code).label) if code in Outcome.values else str(_("Not resolved yet"))


def channel_label(code: str) -> str:
    return str(ChannelName(code).label) if code in ChannelName.values else _readable(code)


def action_label(code: str) -> str:
    return str(ACTIONS.get(code, _readable(code)))
