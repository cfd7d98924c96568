"""What a campaign, recovery or reminder message says: approved WhatsApp templates checked before sending.

A template is described per language as data, the way it was approved at Meta::

    {"name": "spring_sale", "body": "Hi {customer_name}, {product_name} is here: {link}",
     "params": ["customer_name", "product_name", "link"], "buttons": ["Shop now"], "header": "image"}

`body` is the approved text with our {variables} where Meta's {{1}}, {{2}}... are; `params` names the
variable of each numbered parameter in order, so the two must use the same variables. `buttons` are the
template's quick replies (a tap counts as a reply), `header` is "image" when the approved template has an
image header (the campaign's or the product's picture fills it) or "" for none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wasl.core.errors import Invalid
from wasl.messaging.drafts import EMPTY_PARAM
from wasl.messaging.models import Template
from wasl.messaging.rendering import render, variables_in
from wasl.messaging.services import Draft

LANGUAGES = ("ar", "fr", "en")
VARIABLES = frozenset(
    {
        "customer_name",
        "store_name",
        "link",
        "cart_items",
        "cart_total",
        "order_number",
        "amount_due",
        "product_name",
        "product_description",
        "product_price",
    }
)
BODY_MAX = 1024  # Meta's limit on a template body
BUTTONS_MAX = 3
BUTTON_TITLE_MAX = 25
NAME_MAX = 512

CART_EVENT = "campaign.cart_recovery"
REMINDER_EVENT = "campaign.payment_reminder"
BROADCAST_EVENT = "campaign.broadcast"
MARKETING_EVENTS = (CART_EVENT, BROADCAST_EVENT)


@dataclass(frozen=True)
class TemplateSpec:
    name: str
    language: str
    body: str
    params: tuple[str, ...]
    buttons: tuple[str, ...] = ()
    header: str = ""  # "image" or ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "body": self.body,
            "params": list(self.params),
            "buttons": list(self.buttons),
            "header": self.header,
        }


def template_spec(language: str, raw: Any) -> TemplateSpec:
    """One language's template, checked against its own definition; Invalid with a stable code if wrong."""
    where = f"templates.{language}"
    if language not in LANGUAGES:
        raise Invalid(f"{where}: the languages are {', '.join(LANGUAGES)}", code="template_invalid")
    if not isinstance(raw, dict):
        raise Invalid(f"{where}: expected an object", code="template_invalid")
    unknown_keys = set(raw) - {"name", "body", "params", "buttons", "header"}
    if unknown_keys:
        raise Invalid(f"{where}: unknown keys {sorted(unknown_keys)}", code="template_invalid")
    name, body = raw.get("name"), raw.get("body")
    params, buttons, header = raw.get("params", []), raw.get("buttons", []), raw.get("header", "")
    if not isinstance(name, str) or not name.strip() or len(name) > NAME_MAX:
        raise Invalid(f"{where}.name: the approved template's name is required", code="template_invalid")
    if not isinstance(body, str) or not body.strip() or len(body) > BODY_MAX:
        raise Invalid(f"{where}.body: 1 to {BODY_MAX} characters", code="template_invalid")
    if not isinstance(params, list) or not all(isinstance(p, str) for p in params):
        raise Invalid(f"{where}.params: a list of variable names", code="template_invalid")
    if header not in ("", "image"):
        raise Invalid(f"{where}.header: 'image' or ''", code="template_invalid")
    if not isinstance(buttons, list) or len(buttons) > BUTTONS_MAX:
        raise Invalid(
            f"{where}.buttons: at most {BUTTONS_MAX} quick replies", code="template_buttons_invalid"
        )
    if any(not isinstance(b, str) or not b.strip() or len(b) > BUTTON_TITLE_MAX for b in buttons):
        raise Invalid(
            f"{where}.buttons: each 1 to {BUTTON_TITLE_MAX} characters", code="template_buttons_invalid"
        )
    unknown = sorted((set(params) | set(variables_in(body))) - VARIABLES)
    if unknown:
        raise Invalid(
            f"{where}: unknown variables {unknown}; known: {', '.join(sorted(VARIABLES))}",
            code="template_unknown_variable",
        )
    in_body = variables_in(body)
    if len(set(params)) != len(params) or set(params) != set(in_body):
        raise Invalid(
            f"{where}: the body uses {in_body} but params name {params}; the approved template's "
            "parameters must be exactly the variables of its text",
            code="template_params_mismatch",
        )
    return TemplateSpec(name.strip(), language, body, tuple(params), tuple(buttons), header)


def template_specs(raw: Any) -> dict[str, TemplateSpec]:
    if not isinstance(raw, dict) or not raw:
        raise Invalid("templates: one template per language, at least one", code="template_missing")
    return {language: template_spec(language, value) for language, value in raw.items()}


def draft_for(
    spec: TemplateSpec, values: Mapping[str, str], *, event: str, image_url: str = "", tag: str = ""
) -> Draft:
    """The template message with its parameters in the approved order; quick replies answer with `tag`."""
    params = tuple(values.get(name, "") or EMPTY_PARAM for name in spec.params)
    buttons = tuple({"id": f"{tag}:{i}", "title": title} for i, title in enumerate(spec.buttons))
    extra = {"header": image_url} if spec.header == "image" and image_url else {}
    return Draft(
        kind="template",
        body=render(spec.body, values),
        language=spec.language,
        event=event,
        template_name=spec.name,
        template_params=params,
        buttons=buttons,
        extra=extra,
    )


# --- built-in texts for recovery and reminders (a store's messaging Template row replaces them) ---

_BUILT_IN: dict[str, dict[str, str]] = {
    CART_EVENT: {
        "ar": "مرحباً {customer_name}، سلتك في {store_name} ما زالت بانتظارك: {cart_items} ({cart_total}). "
        "أكمل طلبك من هنا: {link}",
        "fr": "Bonjour {customer_name}, votre panier chez {store_name} vous attend : {cart_items} "
        "({cart_total}). Finalisez votre commande ici : {link}",
        "en": "Hi {customer_name}, your cart at {store_name} is waiting: {cart_items} ({cart_total}). "
        "Complete your order here: {link}",
    },
    REMINDER_EVENT: {
        "ar": "مرحباً {customer_name}، طلبك {order_number} بانتظار الدفع ({amount_due}). ادفع بأمان من هنا: {link}",
        "fr": "Bonjour {customer_name}, votre commande {order_number} attend votre paiement ({amount_due}). "
        "Payez en toute sécurité ici : {link}",
        "en": "Hi {customer_name}, your order {order_number} is waiting for payment ({amount_due}). "
        "Pay securely here: {link}",
    },
}
_PROVIDER_NAMES = {CART_EVENT: "wasl_cart_recovery", REMINDER_EVENT: "wasl_payment_reminder"}
_HEADERS = {CART_EVENT: "image", REMINDER_EVENT: ""}


def built_in_spec(*, store_id: int, event: str, language: str) -> TemplateSpec | None:
    """The store's own text for recovery or reminders (a messaging Template row), else the built-in one;
    None when the store switched that language off."""
    row = Template.objects.filter(store_id=store_id, event=event, language=language).first()
    if row is not None and not row.enabled:
        return None
    body = row.body if row is not None else _BUILT_IN[event][language]
    names = tuple(str(n) for n in row.param_names) if row is not None and row.param_names else ()
    return TemplateSpec(
        name=(row.provider_name if row is not None and row.provider_name else _PROVIDER_NAMES[event]),
        language=language,
        body=body,
        params=names or tuple(variables_in(body)),
        header=_HEADERS[event],
    )
