"""What the returns portal sends the buyer, in Arabic, French and English, and the page's error messages.

Messages are written per language here (not through gettext) because they go out in the buyer's language,
whatever language the sending process runs in. WhatsApp templates to register at Meta:

| event | template | category | body parameters |
|---|---|---|---|
| `return.code` | `wasl_return_code` | authentication | code |
| `return.requested` | `wasl_return_requested` | utility | customer_name, order_number, return_code, return_link |
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wasl.messaging.bot_texts import ltr

StrOrPromise = str | Promise

CODE_TEXTS = {
    "ar": "رمز التحقق لإرجاع الطلب {order} من {store}: {code}. صالح لمدة 10 دقائق. لا تشاركه مع أحد.",
    "fr": "Votre code pour retourner la commande {order} chez {store} : {code}. Valable 10 minutes. "
    "Ne le partagez avec personne.",
    "en": "Your code to return order {order} at {store}: {code}. It is valid for 10 minutes. Never share it.",
}
CODE_SUBJECTS = {
    "ar": "رمز التحقق من {store}",
    "fr": "Votre code {store}",
    "en": "Your code from {store}",
}

REQUESTED_EVENT = "return.requested"
REQUESTED_TEMPLATE = "wasl_return_requested"
REQUESTED_PARAMS = ("customer_name", "order_number", "return_code", "return_link")
REQUESTED_TEXTS = {
    "ar": "مرحبًا {customer_name}، استلمنا طلب إرجاع {return_code} لطلبك {order_number}. "
    "تابع الإرجاع ورمز الاستجابة السريعة والملصق من هنا: {return_link}",
    "fr": "Bonjour {customer_name}, nous avons bien reçu votre demande de retour {return_code} pour la "
    "commande {order_number}. Suivez-la (code QR, étiquette) ici : {return_link}",
    "en": "Hi {customer_name}, we received your return request {return_code} for order {order_number}. "
    "Follow it (QR code, label) here: {return_link}",
}
# Added to the message for the method chosen.
METHOD_LINES = {
    "dropoff": {
        "ar": "اعرض رمز QR هذا في نقطة التسليم: {qr_link}",
        "fr": "Présentez ce code QR au point de dépôt : {qr_link}",
        "en": "Show this QR code at the drop-off point: {qr_link}",
    },
    "label": {
        "ar": "اطبع ملصق الإرجاع والصقه على الطرد: {label_link}",
        "fr": "Imprimez l'étiquette de retour et collez-la sur le colis : {label_link}",
        "en": "Print the return label and stick it on the parcel: {label_link}",
    },
    "pickup": {
        "ar": "سيأتي المندوب يوم {pickup_day} بين {pickup_slot}.",
        "fr": "Le coursier passera le {pickup_day} entre {pickup_slot}.",
        "en": "The courier comes on {pickup_day} between {pickup_slot}.",
    },
}


def _pick(texts: dict[str, str], language: str) -> str:
    return texts.get(language) or texts["en"]


def code_text(*, language: str, code: str, store: str, order: str) -> str:
    return _pick(CODE_TEXTS, language).format(
        code=ltr(code, language), store=store, order=ltr(order, language)
    )


def code_subject(*, language: str, store: str) -> str:
    return _pick(CODE_SUBJECTS, language).format(store=store)


def requested_text(*, language: str, values: dict[str, str], method: str) -> str:
    text = _pick(REQUESTED_TEXTS, language).format(**values)
    line = METHOD_LINES.get(method)
    return f"{text}\n{_pick(line, language).format(**values)}" if line else text


# The page's words for the services' error codes. A code not listed shows GENERIC_ERROR.
ERRORS = {
    "order_lookup_failed": _(
        "We could not find an order with this number and this phone number or e-mail. Check both and try again."
    ),
    "too_many_attempts": _("Too many attempts. Please wait an hour and try again."),
    "no_channel": _("We cannot send you a code right now. Please contact the store."),
    "code_expired": _("This code has expired. Ask for a new one."),
    "code_used": _("This code was already used. Ask for a new one."),
    "code_replaced": _("A newer code was sent. Use the latest code you received."),
    "code_wrong": _("This code is not right. Check the last message and try again."),
    "session_expired": _("Your session has ended. Find your order again to continue."),
    "no_items": _("Choose at least one item to return."),
    "not_returnable": _("This item cannot be returned."),
    "return_window_closed": _("The return window for this item has closed."),
    "invalid_reason": _("Choose a reason for each item."),
    "quantity_exceeds": _("You asked to return more than is left to return."),
    "out_of_stock": _("The item you asked for in exchange is no longer in stock. Choose another."),
    "missing_exchange_sku": _("Choose what you would like in exchange for each item."),
    "unknown_variant": _("Choose what you would like in exchange for each item."),
    "invalid_exchange": _("An exchange for another size or colour must be of the same product."),
    "order_not_delivered": _("Only a delivered order can be returned."),
    "photo_type": _("Photos must be JPEG, PNG or WebP images."),
    "photo_size": _("Each photo must be at most 5 MB."),
    "photo_count": _("You can add at most 5 photos."),
    "photo_empty": _("That photo file is empty."),
    "invalid_iban": _("This IBAN is not valid. Check the number and try again."),
    "invalid_wallet": _("This wallet number is not a valid mobile number."),
    "payout_required": _("Tell us where to send your refund: an IBAN or a wallet number."),
    "pickup_required": _("Choose a day and a time slot for the pickup."),
    "invalid_choice": _("Choose how you want to be paid back and how the parcel comes back."),
    "not_withdrawable": _("The parcel is already on its way back: this return can no longer be withdrawn."),
    "no_payment_provider": _("Online payment is not available; you will pay the difference on delivery."),
}
GENERIC_ERROR = _("Something went wrong. Please try again.")


def error_text(code: str) -> str:
    return str(ERRORS.get(code, GENERIC_ERROR))


# The built-in reason codes (returns.policy.DEFAULT_REASONS); a store's own codes show as written.
REASON_LABELS = {
    "wrong_size": _("Wrong size"),
    "not_as_described": _("Not as described"),
    "damaged": _("Arrived damaged"),
    "wrong_item": _("Wrong item sent"),
    "changed_mind": _("Changed my mind"),
    "other": _("Other"),
}


def reason_label(code: str) -> StrOrPromise:
    """Lazy: rendered in the page's language."""
    label = REASON_LABELS.get(code)
    return label if label is not None else code.replace("_", " ").capitalize()
