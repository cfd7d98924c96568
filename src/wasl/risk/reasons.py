"""Why an order got its score: the groups of features that moved it most, as stable codes and words.

A reason is `{"code", "weight", "params"}`: `weight` is the group's share of the score in log-odds (positive
raises the risk), `code` names the fact behind it (chosen from the order's own values, e.g. `first_order` or
`past_rtos`), `params` fill its sentence. Words are rendered on the way out, in Arabic, French or English.
Address and phone reasons reuse the quality scorers' codes and sentences.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from babel.dates import get_day_names

from wasl.risk.artefact import GROUPS
from wasl.risk.features import NIGHT_UNTIL, Features
from wasl.risk.quality.messages import MESSAGES as QUALITY_MESSAGES
from wasl.risk.quality.messages import render as render_quality

TOP = 3
MIN_WEIGHT = 0.02  # log-odds; smaller moves are not worth a line

MESSAGES: dict[str, dict[str, str]] = {
    "cash_on_delivery": {
        "en": "cash on delivery",
        "fr": "paiement à la livraison",
        "ar": "الدفع عند الاستلام",
    },
    "prepaid": {"en": "paid in advance", "fr": "payée d'avance", "ar": "مدفوع مسبقًا"},
    "high_order_value": {
        "en": "order value {total}, above the store's usual",
        "fr": "montant de {total}, au-dessus de l'habitude de la boutique",
        "ar": "قيمة الطلب أعلى من المعتاد في المتجر: {total}",
    },
    "low_order_value": {
        "en": "order value {total}, below the store's usual",
        "fr": "montant de {total}, en dessous de l'habitude de la boutique",
        "ar": "قيمة الطلب أقل من المعتاد في المتجر: {total}",
    },
    "basket_size": {
        "en": "items in the basket: {items}",
        "fr": "articles dans le panier : {items}",
        "ar": "عدد القطع في السلة: {items}",
    },
    "discount_used": {
        "en": "a discount was used ({share}% off)",
        "fr": "une remise a été utilisée ({share} %)",
        "ar": "استُخدم خصم: {share}%",
    },
    "no_discount": {"en": "no discount", "fr": "pas de remise", "ar": "بدون خصم"},
    "first_order": {
        "en": "first order from this buyer",
        "fr": "première commande de cet acheteur",
        "ar": "أول طلب من هذا المشتري",
    },
    "past_deliveries": {
        "en": "earlier orders delivered to this buyer: {count}",
        "fr": "commandes déjà livrées à cet acheteur : {count}",
        "ar": "طلبات سابقة سُلّمت لهذا المشتري: {count}",
    },
    "past_cancellations": {
        "en": "earlier orders cancelled by this buyer: {count}",
        "fr": "commandes annulées auparavant par cet acheteur : {count}",
        "ar": "طلبات سابقة ألغاها هذا المشتري: {count}",
    },
    "earlier_orders": {
        "en": "earlier orders from this buyer, none delivered yet: {count}",
        "fr": "commandes précédentes de cet acheteur, aucune encore livrée : {count}",
        "ar": "طلبات سابقة لهذا المشتري لم يُسلَّم أي منها بعد: {count}",
    },
    "past_rtos": {
        "en": "earlier orders of this buyer returned to origin: {count}",
        "fr": "commandes de cet acheteur déjà retournées à l'expéditeur : {count}",
        "ar": "طلبات سابقة لهذا المشتري أُعيدت إلى المرسل: {count}",
    },
    "no_past_rtos": {
        "en": "no earlier order of this buyer came back undelivered",
        "fr": "aucune commande précédente de cet acheteur n'est revenue non livrée",
        "ar": "لم يُرجَع أي طلب سابق لهذا المشتري دون تسليم",
    },
    "past_returns": {
        "en": "earlier orders sent back by this buyer: {count}",
        "fr": "commandes renvoyées auparavant par cet acheteur : {count}",
        "ar": "طلبات سابقة أرجعها هذا المشتري: {count}",
    },
    "no_past_returns": {
        "en": "no earlier return by this buyer",
        "fr": "aucun retour précédent de cet acheteur",
        "ar": "لا مرتجعات سابقة لهذا المشتري",
    },
    "phone_many_addresses": {
        "en": "this phone number came with other addresses before: {count}",
        "fr": "ce numéro a déjà été donné avec d'autres adresses : {count}",
        "ar": "رقم الهاتف استُخدم سابقًا مع عناوين أخرى: {count}",
    },
    "phone_one_address": {
        "en": "this phone number always came with this address",
        "fr": "ce numéro a toujours été donné avec cette adresse",
        "ar": "رقم الهاتف استُخدم دائمًا مع هذا العنوان",
    },
    "address_past_rtos": {
        "en": "earlier parcels to this address returned to origin: {count}",
        "fr": "colis précédents vers cette adresse retournés à l'expéditeur : {count}",
        "ar": "طرود سابقة إلى هذا العنوان أُعيدت إلى المرسل: {count}",
    },
    "address_shared": {
        "en": "other buyers gave this address: {count}",
        "fr": "d'autres acheteurs ont donné cette adresse : {count}",
        "ar": "مشترون آخرون استخدموا هذا العنوان: {count}",
    },
    "address_known": {
        "en": "earlier orders to this address: {count}",
        "fr": "commandes précédentes vers cette adresse : {count}",
        "ar": "طلبات سابقة إلى هذا العنوان: {count}",
    },
    "address_new": {
        "en": "first order to this address",
        "fr": "première commande vers cette adresse",
        "ar": "أول طلب إلى هذا العنوان",
    },
    "night_order": {
        "en": "placed at night ({hour}:00)",
        "fr": "passée la nuit ({hour} h)",
        "ar": "طُلب ليلًا، الساعة: {hour}:00",
    },
    "order_hour": {
        "en": "placed at {hour}:00",
        "fr": "passée à {hour} h",
        "ar": "ساعة الطلب: {hour}:00",
    },
    "order_weekday": {
        "en": "placed on {weekday}",
        "fr": "passée un {weekday}",
        "ar": "يوم الطلب: {weekday}",
    },
    "city_rto_rate": {
        "en": "returns to origin in {city}: {rate}%",
        "fr": "retours à l'expéditeur à {city} : {rate} %",
        "ar": "نسبة الإرجاع إلى المرسل في {city}: {rate}%",
    },
    "postal_rto_rate": {
        "en": "returns to origin at postal code {postal}: {rate}%",
        "fr": "retours à l'expéditeur au code postal {postal} : {rate} %",
        "ar": "نسبة الإرجاع إلى المرسل في الرمز البريدي {postal}: {rate}%",
    },
    "address_complete": {
        "en": "the address looks complete",
        "fr": "l'adresse semble complète",
        "ar": "العنوان يبدو كاملًا",
    },
    "phone_valid": {
        "en": "the phone is a valid local mobile number",
        "fr": "le téléphone est un mobile local valide",
        "ar": "رقم الهاتف جوال محلي صالح",
    },
    "channel": {
        "en": "ordered through {channel}",
        "fr": "commandée via {channel}",
        "ar": "قناة الطلب: {channel}",
    },
    "category": {
        "en": "in the basket: {category}",
        "fr": "dans le panier : {category}",
        "ar": "في السلة: {category}",
    },
}


class _Blank(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return ""


def render(code: str, language: str, params: dict[str, str]) -> str:
    """The reason in words; an unknown language falls back to English, an unknown code to itself."""
    if code in MESSAGES:
        texts = MESSAGES[code]
        values = _Blank(params)
        if code == "order_weekday" and "day" in params:
            values["weekday"] = _day_name(int(params["day"]), language)
        return (texts.get(language) or texts["en"]).format_map(values)
    if code in QUALITY_MESSAGES:
        return render_quality(code, language, params)
    return code


def _day_name(day: int, language: str) -> str:
    return str(get_day_names("wide", locale=language if language in ("ar", "fr", "en") else "en")[day % 7])


def as_words(reasons: list[dict[str, Any]], language: str) -> list[dict[str, Any]]:
    return [
        {**reason, "message": render(reason["code"], language, reason.get("params", {}))}
        for reason in reasons
    ]


# --- from credits to reasons --------------------------------------------------------------------------------


class _Values:
    """The features of a batch as Python lists (indexing numpy arrays one value at a time is slow)."""

    def __init__(self, features: Features, context: dict[str, Any]) -> None:
        self.features = features
        self.context = context
        self._columns: dict[str, list[float]] = {}

    def __call__(self, name: str, i: int) -> float:
        column = self._columns.get(name)
        if column is None:
            column = self._columns[name] = self.features.column(name).tolist()
        return column[i]


def _count(n: float) -> str:
    return str(int(n))


Fact = Callable[[_Values, int], tuple[str, dict[str, str]]]


def _payment(v: _Values, i: int) -> tuple[str, dict[str, str]]:
    return ("cash_on_delivery" if v("cod", i) else "prepaid"), {}


def _order_value(v: _Values, i: int) -> tuple[str, dict[str, str]]:
    total = v("total", i)
    code = "high_order_value" if total > v.context.get("typical_total", total) else "low_order_value"
    return code, {"total": f"{total:.2f}"}


def _basket(v: _Values, i: int) -> tuple[str, dict[str, str]]:
    return "basket_size", {"items": _count(v("items", i))}


def _discount(v: _Values, i: int) -> tuple[str, dict[str, str]]:
    share = v("discount_share", i)
    return ("discount_used", {"share": str(round(share * 100))}) if share > 0 else ("no_discount", {})


def _buyer_history(v: _Values, i: int) -> tuple[str, dict[str, str]]:
    if v("first_order", i):
        return "first_order", {}
    if v("prior_delivered", i):
        return "past_deliveries", {"count": _count(v("prior_delivered", i))}
    if v("prior_cancelled", i):
        return "past_cancellations", {"count": _count(v("prior_cancelled", i))}
    return "earlier_orders", {"count": _count(v("prior_orders", i))}


def _counted(column: str, some: str, none: str) -> Fact:
    def fact(v: _Values, i: int) -> tuple[str, dict[str, str]]:
        n = v(column, i)
        return (some, {"count": _count(n)}) if n else (none, {})

    return fact


def _address_history(v: _Values, i: int) -> tuple[str, dict[str, str]]:
    if v("address_rtos", i):
        return "address_past_rtos", {"count": _count(v("address_rtos", i))}
    if v("address_other_customers", i):
        return "address_shared", {"count": _count(v("address_other_customers", i))}
    if v("address_orders", i):
        return "address_known", {"count": _count(v("address_orders", i))}
    return "address_new", {}


def _hour(v: _Values, i: int) -> tuple[str, dict[str, str]]:
    hour = int(v("hour", i))
    return ("night_order" if hour < NIGHT_UNTIL else "order_hour"), {"hour": f"{hour:02d}"}


def _weekday(v: _Values, i: int) -> tuple[str, dict[str, str]]:
    return "order_weekday", {"day": _count(v("weekday", i))}


def _quality(attribute: str, fine: str) -> Fact:
    def fact(v: _Values, i: int) -> tuple[str, dict[str, str]]:
        code, params = getattr(v.features, attribute)[i]
        return (code, dict(params)) if code else (fine, {})

    return fact


def _place(code: str, label: str, raw: str, rates: str) -> Fact:
    def fact(v: _Values, i: int) -> tuple[str, dict[str, str]]:
        rate = v.context.get(rates)
        params = {label: getattr(v.features, raw)[i]}
        if rate is not None:
            params["rate"] = str(round(float(rate[i]) * 100))
        return code, params

    return fact


def _channel(v: _Values, i: int) -> tuple[str, dict[str, str]]:
    return "channel", {"channel": str(v.features.channel[i])}


def _category(v: _Values, i: int) -> tuple[str, dict[str, str]]:
    return "category", {"category": ", ".join(v.features.categories[i])}


FACTS: dict[str, Fact] = {
    "payment": _payment,
    "order_value": _order_value,
    "basket": _basket,
    "discount": _discount,
    "buyer_history": _buyer_history,
    "past_rtos": _counted("prior_rtos", "past_rtos", "no_past_rtos"),
    "past_returns": _counted("prior_returns", "past_returns", "no_past_returns"),
    "phone_shared": _counted("phone_other_addresses", "phone_many_addresses", "phone_one_address"),
    "address_history": _address_history,
    "hour": _hour,
    "weekday": _weekday,
    "address_quality": _quality("address_reason", "address_complete"),
    "phone_quality": _quality("phone_reason", "phone_valid"),
    "city": _place("city_rto_rate", "city", "city_raw", "city_rate"),
    "postal": _place("postal_rto_rate", "postal", "postal_raw", "postal_rate"),
    "channel": _channel,
    "category": _category,
}
assert set(FACTS) == set(GROUPS), "every reason group needs its words"
_FACT_OF = [FACTS[group] for group in GROUPS]


def top_reasons(
    features: Features,
    credits: np.ndarray,
    raising: np.ndarray,
    *,
    context: dict[str, Any] | None = None,
    top: int = TOP,
) -> list[list[dict[str, Any]]]:
    """Per order, the groups that moved it most in the direction it went (`raising`: above the mean)."""
    values = _Values(features, context or {})
    signed = np.where(raising[:, None], credits, -credits)
    order = np.argsort(-signed, axis=1, kind="stable")[:, :top]
    strongest = np.take_along_axis(signed, order, axis=1).tolist()
    weights = np.round(np.take_along_axis(credits, order, axis=1), 3).tolist()
    out: list[list[dict[str, Any]]] = []
    for i, groups in enumerate(order.tolist()):
        reasons = []
        for k, g in enumerate(groups):
            if strongest[i][k] < MIN_WEIGHT:
                break
            code, params = _FACT_OF[g](values, i)
            reasons.append({"code": code, "weight": weights[i][k], "params": params})
        out.append(reasons)
    return out
