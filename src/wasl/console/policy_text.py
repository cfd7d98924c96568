"""A policy in the staff's words: one sentence per rule, for the console's policy page."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _hours(values: list[float]) -> str:
    return ", ".join(f"{v:g}" for v in values)


def _condition(name: str, value: Any) -> str:
    if name == "band":
        bands = {"low": _("low"), "medium": _("medium"), "high": _("high")}
        return _("risk is %(bands)s") % {"bands": " / ".join(bands.get(v, v) for v in value)}
    if name == "payment_method":
        methods = {"cod": _("cash on delivery"), "prepaid": _("paid online")}
        return _("payment is %(methods)s") % {"methods": " / ".join(methods.get(v, v) for v in value)}
    texts = {
        "score_at_least": _("risk score at least %(value)s"),
        "score_below": _("risk score below %(value)s"),
        "order_value_at_least": _("order value at least %(value)s"),
        "order_value_below": _("order value below %(value)s"),
        "address_score_below": _("address score below %(value)s"),
        "phone_score_below": _("phone score below %(value)s"),
        "country": _("shipping to %(value)s"),
        "city": _("city is %(value)s"),
    }
    if name == "first_order":
        return _("the buyer's first order") if value else _("a returning buyer")
    shown = ", ".join(str(v) for v in value) if isinstance(value, list) else f"{value:g}"
    return texts.get(name, name + " %(value)s") % {"value": shown}


def _action(action: dict[str, Any]) -> str:
    kind = action.get("type")
    if kind == "approve":
        return _("let it ship")
    if kind == "hold":
        reason = action.get("reason")
        return (
            _("hold it for a person (%(reason)s)") % {"reason": reason}
            if reason
            else _("hold it for a person")
        )
    if kind == "cod_confirmation":
        text = _("ask the buyer to confirm on WhatsApp")
        if action.get("reminders_after_hours"):
            text += ", " + _("remind after %(hours)s hours") % {
                "hours": _hours(action["reminders_after_hours"])
            }
        if action.get("cancel_after_hours"):
            outcome = {"hold": _("hold"), "approve": _("ship anyway")}.get(
                action.get("on_no_answer", ""), _("cancel")
            )
            text += ", " + _("%(outcome)s after %(hours)s hours without an answer") % {
                "outcome": outcome,
                "hours": f"{action['cancel_after_hours']:g}",
            }
        return text
    if kind == "address_verification":
        return _("ask the buyer to confirm or correct the address (text or location pin)")
    if kind == "delivery_slot":
        days = int(action.get("days", 3))
        return ngettext(
            "offer the next working day and a time slot",
            "offer the next %(days)d working days and a time slot",
            days,
        ) % {"days": days}
    if kind == "prepaid_nudge":
        percent = action.get("discount_percent") or 0
        text = _("send a %(provider)s payment link") % {
            "provider": str(action.get("provider", "stripe")).title()
        }
        return text + (", " + _("%(percent)s%% off") % {"percent": f"{percent:g}"} if percent else "")
    return str(kind)


def policy_sentences(document: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    share = float(document.get("holdout", {}).get("share", 0))
    if share:
        lines.append(
            _(
                "Holdout: %(share)s of the orders a rule acts on get nothing, to measure what each action changes."
            )
            % {"share": f"{share:.0%}"}
        )
    for number, rule in enumerate(document.get("rules", []), start=1):
        when = rule.get("when") or {}
        condition = _(" and ").join(_condition(k, v) for k, v in when.items()) or _("every other order")
        actions = "; ".join(_action(a) for a in rule.get("actions", []))
        lines.append(
            _("%(number)d. %(name)s: when %(condition)s, %(actions)s.")
            % {"number": number, "name": rule.get("name", ""), "condition": condition, "actions": actions}
        )
    lines.append(_("An order no rule matches ships."))
    return lines
