"""What the buyer reads about a failed delivery, in Arabic, French and English.

Two messages may have to reach a buyer outside WhatsApp's 24-hour window, so they exist as approved
templates too (register them at Meta under these names, with these parameters and quick replies):

| event | template | body parameters | quick replies |
|---|---|---|---|
| `ndr.ask` | `wasl_ndr_ask` | customer_name, order_number, ndr_reason | the three `CHOICES` labels |
| `ndr.reminder` | `wasl_ndr_reminder` | customer_name, order_number | the three `CHOICES` labels |

A store's own `messaging.Template` row for one of these events and a language replaces the text (and may
name its own approved template), exactly as for notifications. The other texts are replies inside the
window. WhatsApp limits a reply button's title to 20 characters.
"""

from __future__ import annotations

from dataclasses import dataclass

from wasl.messaging.intents import normalise
from wasl.messaging.models import Template
from wasl.shipping.status import NdrReason

ASK = "ndr.ask"
REMINDER = "ndr.reminder"
EVENTS = (ASK, REMINDER)
PROVIDER_NAMES = {ASK: "wasl_ndr_ask", REMINDER: "wasl_ndr_reminder"}
PARAMS: dict[str, tuple[str, ...]] = {
    ASK: ("customer_name", "order_number", "ndr_reason"),
    REMINDER: ("customer_name", "order_number"),
}

TEMPLATE_TEXTS: dict[str, dict[str, str]] = {
    ASK: {
        "ar": "مرحبًا {customer_name}، لم يتمكن المندوب من تسليم طلبك {order_number}: {ndr_reason}. "
        "ماذا نقول لشركة الشحن؟ اختر يومًا آخر، أو صحّح العنوان، أو ألغِ الطلب.",
        "fr": "Bonjour {customer_name}, le livreur n'a pas pu livrer votre commande {order_number} : "
        "{ndr_reason}. Que devons-nous dire au transporteur ? Choisissez un autre jour, corrigez l'adresse "
        "ou annulez la commande.",
        "en": "Hi {customer_name}, the courier could not deliver your order {order_number}: {ndr_reason}. "
        "What should we tell the carrier? Pick another day, fix the address, or cancel the order.",
    },
    REMINDER: {
        "ar": "مرحبًا {customer_name}، طلبك {order_number} ما زال بانتظار ردك قبل محاولة التوصيل التالية. "
        "اختر يومًا آخر، أو صحّح العنوان، أو ألغِ الطلب.",
        "fr": "Bonjour {customer_name}, votre commande {order_number} attend votre réponse avant la prochaine "
        "tentative de livraison. Choisissez un autre jour, corrigez l'adresse ou annulez la commande.",
        "en": "Hi {customer_name}, your order {order_number} is waiting for your answer before the next "
        "delivery attempt. Pick another day, fix the address, or cancel the order.",
    },
}

# The reason a carrier gave, as the end of "the courier could not deliver your order #1042: ...".
REASON_WORDS: dict[str, dict[str, str]] = {
    NdrReason.CUSTOMER_UNAVAILABLE: {
        "ar": "لم يكن أحد متاحًا للاستلام",
        "fr": "personne n'était disponible pour la recevoir",
        "en": "nobody was available to receive it",
    },
    NdrReason.PHONE_UNREACHABLE: {
        "ar": "لم يتمكن من الوصول إليك على هاتفك",
        "fr": "il n'a pas pu vous joindre par téléphone",
        "en": "your phone could not be reached",
    },
    NdrReason.ADDRESS_ISSUE: {
        "ar": "العنوان غير مكتمل أو لم يتمكن من إيجاده",
        "fr": "l'adresse est incomplète ou introuvable",
        "en": "the address was incomplete or could not be found",
    },
    NdrReason.REFUSED: {
        "ar": "سُجّل أن الطلب رُفض عند الباب",
        "fr": "il a été noté que le colis a été refusé",
        "en": "it was recorded as refused at the door",
    },
    NdrReason.COD_NOT_READY: {
        "ar": "لم يكن مبلغ الدفع عند الاستلام جاهزًا",
        "fr": "le montant à payer à la livraison n'était pas prêt",
        "en": "the cash on delivery amount was not ready",
    },
    NdrReason.FUTURE_DELIVERY_REQUESTED: {
        "ar": "طُلب التوصيل في يوم لاحق",
        "fr": "une livraison plus tard a été demandée",
        "en": "a later delivery was requested",
    },
    NdrReason.OUT_OF_DELIVERY_AREA: {
        "ar": "العنوان خارج منطقة التوصيل",
        "fr": "l'adresse est hors de la zone de livraison",
        "en": "the address is outside the delivery area",
    },
    NdrReason.PREMISES_CLOSED: {
        "ar": "كان المكان مغلقًا",
        "fr": "les lieux étaient fermés",
        "en": "the place was closed",
    },
    NdrReason.OTHER: {
        "ar": "لم يتمكن من إتمام التسليم",
        "fr": "la livraison n'a pas pu être faite",
        "en": "the delivery could not be completed",
    },
}

# The three answers, as buttons inside the window and as the templates' quick replies outside it.
DAY, ADDRESS, CANCEL = "day", "address", "cancel"
CHOICES: dict[str, dict[str, str]] = {
    DAY: {"ar": "يوم آخر", "fr": "Un autre jour", "en": "Another day"},
    ADDRESS: {"ar": "تصحيح العنوان", "fr": "Corriger l'adresse", "en": "Fix the address"},
    CANCEL: {"ar": "إلغاء الطلب", "fr": "Annuler la commande", "en": "Cancel the order"},
}

T: dict[str, dict[str, str]] = {
    "options": {
        "ar": "ماذا نقول لشركة الشحن بخصوص طلبك {number}؟",
        "fr": "Que devons-nous dire au transporteur pour votre commande {number} ?",
        "en": "What should we tell the carrier about order {number}?",
    },
    "day_offer": {
        "ar": "أي يوم يناسبك لمحاولة توصيل طلبك {number} مرة أخرى؟",
        "fr": "Quel jour vous convient pour une nouvelle livraison de votre commande {number} ?",
        "en": "Which day suits you for the next delivery of order {number}?",
    },
    "day_gone": {
        "ar": "هذا اليوم لم يعد متاحًا. اختر يومًا من الأيام التالية:",
        "fr": "Ce jour n'est plus disponible. Choisissez parmi les suivants :",
        "en": "That day is no longer available. Pick one of these:",
    },
    "address_ask": {
        "ar": "أرسل العنوان الصحيح أو أقرب معلم لطلبك {number} في رسالة، أو شارك موقعك على الخريطة.",
        "fr": "Envoyez l'adresse correcte ou un point de repère pour votre commande {number} dans un message, "
        "ou partagez votre position.",
        "en": "Send the correct address or a landmark for order {number} in a message, or share your "
        "location pin.",
    },
    "cancel_ask": {
        "ar": "هل تريد إلغاء طلبك {number}؟ ستعيده شركة الشحن إلى المتجر.",
        "fr": "Voulez-vous annuler votre commande {number} ? Le transporteur la rapportera au magasin.",
        "en": "Do you want to cancel order {number}? The carrier will take it back to the shop.",
    },
    "cancel_yes": {"ar": "نعم، ألغِ الطلب", "fr": "Oui, annuler", "en": "Yes, cancel it"},
    "cancel_no": {"ar": "لا، أريده", "fr": "Non, je la veux", "en": "No, I want it"},
    "day_done": {
        "ar": "تم. طلبنا من شركة الشحن توصيل طلبك {number} يوم {date}.",
        "fr": "C'est noté : nous demandons au transporteur de livrer votre commande {number} le {date}.",
        "en": "Done: we asked the carrier to deliver order {number} on {date}.",
    },
    "address_done": {
        "ar": "شكرًا، أرسلنا العنوان الجديد لطلبك {number} إلى شركة الشحن للمحاولة القادمة.",
        "fr": "Merci, nous transmettons la nouvelle adresse de votre commande {number} au transporteur pour "
        "la prochaine tentative.",
        "en": "Thanks, we passed the new address for order {number} to the carrier for the next attempt.",
    },
    "cancel_done": {
        "ar": "حسنًا، لن يُسلَّم طلبك {number} وستعيده شركة الشحن إلى المتجر.",
        "fr": "Très bien : votre commande {number} ne sera pas livrée, le transporteur la rapporte au magasin.",
        "en": "All right: order {number} will not be delivered; the carrier takes it back to the shop.",
    },
    "settled": {
        "ar": "طلبك {number}: {status}. لا حاجة لأي إجراء.",
        "fr": "Votre commande {number} : {status}. Plus rien à faire.",
        "en": "Your order {number}: {status}. Nothing more to do.",
    },
    "escalated": {
        "ar": "سيتواصل معك أحد زملائنا بخصوص توصيل طلبك {number}.",
        "fr": "Un conseiller vous contacte au sujet de la livraison de votre commande {number}.",
        "en": "A colleague will contact you about the delivery of order {number}.",
    },
}


def say(key: str, language: str, **values: object) -> str:
    texts = T[key]
    return (texts.get(language) or texts["en"]).format(**values)


def reason_words(reason: str, language: str) -> str:
    words = REASON_WORDS.get(reason) or REASON_WORDS[NdrReason.OTHER]
    return words.get(language) or words["en"]


def choice_label(choice: str, language: str) -> str:
    return CHOICES[choice].get(language) or CHOICES[choice]["en"]


def choice_in(text: str) -> str | None:
    """Which of the three answers a quick reply's text (or a typed copy of it) is, in any language."""
    said = normalise(text)
    if not said:
        return None
    for choice, labels in CHOICES.items():
        if any(normalise(label) == said for label in labels.values()):
            return choice
    return None


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
