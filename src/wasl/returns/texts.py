"""What the buyer reads about their return, in Arabic, French and English.

These may reach a buyer outside WhatsApp's 24-hour window, so each exists as an approved template too
(register them at Meta under these names, with these body parameters in this order):

| event | template | body parameters |
|---|---|---|
| `return.approved` | `wasl_return_approved` | customer_name, order_number, return_code |
| `return.rejected` | `wasl_return_rejected` | customer_name, order_number, return_code |
| `return.in_transit` | `wasl_return_in_transit` | customer_name, order_number, return_code |
| `return.received` | `wasl_return_received` | customer_name, order_number, return_code |
| `return.resolved` | `wasl_return_resolved` | customer_name, order_number, return_code, outcome |

A store's own `messaging.Template` row for one of these events and a language replaces the text (and may
name its own approved template), exactly as for the other notifications; a `NotificationRule` row switches
an event off or orders its channels.
"""

from __future__ import annotations

from dataclasses import dataclass

from wasl.messaging.models import Template

APPROVED = "return.approved"
REJECTED = "return.rejected"
IN_TRANSIT = "return.in_transit"
RECEIVED = "return.received"
RESOLVED = "return.resolved"
EVENTS = (APPROVED, REJECTED, RECEIVED, RESOLVED)
# Sent like the others, but not in EVENTS: the console's message-text page lists EVENTS with its own labels
# and does not offer this one yet (a store's Template row for it still replaces the text).
ALSO_SENT = (IN_TRANSIT,)
STEP_EVENTS = {
    "approved": APPROVED,
    "rejected": REJECTED,
    "in_transit": IN_TRANSIT,
    "received": RECEIVED,
    "resolved": RESOLVED,
}
PROVIDER_NAMES = {event: "wasl_" + event.replace(".", "_") for event in (*EVENTS, *ALSO_SENT)}
PARAMS: dict[str, tuple[str, ...]] = {
    APPROVED: ("customer_name", "order_number", "return_code"),
    REJECTED: ("customer_name", "order_number", "return_code"),
    IN_TRANSIT: ("customer_name", "order_number", "return_code"),
    RECEIVED: ("customer_name", "order_number", "return_code"),
    RESOLVED: ("customer_name", "order_number", "return_code", "outcome"),
}

TEMPLATE_TEXTS: dict[str, dict[str, str]] = {
    APPROVED: {
        "ar": "مرحبًا {customer_name}، تمت الموافقة على إرجاع طلبك {order_number}. رمز الإرجاع: {return_code}. "
        "أظهره عند تسليم الطرد.",
        "fr": "Bonjour {customer_name}, le retour de votre commande {order_number} est accepté. "
        "Code de retour : {return_code}. Présentez-le en remettant le colis.",
        "en": "Hi {customer_name}, the return of your order {order_number} is approved. "
        "Return code: {return_code}. Show it when you hand over the parcel.",
    },
    REJECTED: {
        "ar": "مرحبًا {customer_name}، نعتذر، لم نتمكن من قبول الإرجاع {return_code} لطلبك {order_number}. "
        "ردّ على هذه الرسالة إن كان لديك سؤال.",
        "fr": "Bonjour {customer_name}, nous sommes désolés : le retour {return_code} de votre commande "
        "{order_number} n'a pas pu être accepté. Répondez à ce message pour toute question.",
        "en": "Hi {customer_name}, sorry: we could not accept return {return_code} for your order "
        "{order_number}. Reply to this message if you have a question.",
    },
    IN_TRANSIT: {
        "ar": "مرحبًا {customer_name}، استلمت شركة الشحن طردك المرتجع {return_code} من طلبك {order_number}، "
        "وهو في الطريق إلينا.",
        "fr": "Bonjour {customer_name}, le transporteur a pris en charge le retour {return_code} de votre "
        "commande {order_number} ; il est en route vers nous.",
        "en": "Hi {customer_name}, the carrier has picked up return {return_code} from your order "
        "{order_number}; it is on its way to us.",
    },
    RECEIVED: {
        "ar": "مرحبًا {customer_name}، وصلنا الطرد المرتجع {return_code} من طلبك {order_number}. "
        "سنفحصه ونخبرك قريبًا.",
        "fr": "Bonjour {customer_name}, nous avons reçu le retour {return_code} de votre commande "
        "{order_number}. Nous le vérifions et revenons vers vous rapidement.",
        "en": "Hi {customer_name}, we received return {return_code} from your order {order_number}. "
        "We are checking it and will be back to you soon.",
    },
    RESOLVED: {
        "ar": "مرحبًا {customer_name}، تمت معالجة الإرجاع {return_code} لطلبك {order_number}: {outcome}. "
        "شكرًا لك!",
        "fr": "Bonjour {customer_name}, le retour {return_code} de votre commande {order_number} est traité : "
        "{outcome}. Merci !",
        "en": "Hi {customer_name}, return {return_code} for your order {order_number} is settled: {outcome}. "
        "Thank you!",
    },
}

# The end of "... is settled: ...", per outcome.
OUTCOME_WORDS: dict[str, dict[str, str]] = {
    "refunded": {"ar": "تم رد المبلغ", "fr": "vous êtes remboursé(e)", "en": "you have been refunded"},
    "credited": {
        "ar": "أضفنا رصيدًا إلى حسابك في المتجر",
        "fr": "un avoir a été ajouté à votre compte",
        "en": "store credit has been added to your account",
    },
    "exchanged": {
        "ar": "سنشحن لك البديل قريبًا",
        "fr": "l'article d'échange part bientôt",
        "en": "your replacement ships soon",
    },
}


@dataclass(frozen=True, slots=True)
class TemplateText:
    body: str
    provider_name: str
    param_names: tuple[str, ...]


def template_text(*, store_id: int, event: str, language: str) -> TemplateText | None:
    """The store's own text for the event and language, else the built-in one; None if switched off."""
    row = Template.objects.filter(store_id=store_id, event=event, language=language).first()
    if row is not None and not row.enabled:
        return None
    if row is not None:
        names = tuple(str(n) for n in row.param_names) or PARAMS[event]
        return TemplateText(row.body, row.provider_name or PROVIDER_NAMES[event], names)
    texts = TEMPLATE_TEXTS[event]
    return TemplateText(texts.get(language) or texts["en"], PROVIDER_NAMES[event], PARAMS[event])


def outcome_words(outcome: str, language: str) -> str:
    words = OUTCOME_WORDS.get(outcome, {})
    return words.get(language) or words.get("en", outcome)
