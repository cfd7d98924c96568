"""Everything the bot says, in Arabic, French and English. Variables in braces are filled by the caller.

WhatsApp limits: a reply button's title is at most 20 characters, a list row's title 24, the list's button 20.
"""

from __future__ import annotations

from wasl.messaging.rendering import LRI, PDI

T: dict[str, dict[str, str]] = {
    "menu": {
        "ar": "كيف يمكننا مساعدتك؟ اختر من القائمة:",
        "fr": "Comment pouvons-nous vous aider ? Choisissez dans le menu :",
        "en": "How can we help? Pick from the menu:",
    },
    "menu_button": {"ar": "القائمة", "fr": "Menu", "en": "Menu"},
    "hello": {"ar": "أهلًا {name}!", "fr": "Bonjour {name} !", "en": "Hello {name}!"},
    "unclear": {
        "ar": "عذرًا، لم أفهم رسالتك.",
        "fr": "Désolé, je n'ai pas compris votre message.",
        "en": "Sorry, I did not understand your message.",
    },
    "no_order": {
        "ar": "لم نجد طلبًا مرتبطًا بهذا الرقم. إن طلبت برقم آخر فاكتبه هنا.",
        "fr": "Nous n'avons trouvé aucune commande pour ce numéro. Si vous avez commandé avec un autre "
        "numéro, écrivez-le ici.",
        "en": "We could not find an order for this number. If you ordered with another number, write it here.",
    },
    "where": {
        "ar": "طلبك {number}: {status}.",
        "fr": "Votre commande {number} : {status}.",
        "en": "Your order {number}: {status}.",
    },
    "promised": {
        "ar": "موعد التسليم المتوقع: {date}.",
        "fr": "Livraison prévue : {date}.",
        "en": "Expected delivery: {date}.",
    },
    "track": {"ar": "تتبّع شحنتك: {link}", "fr": "Suivez votre colis : {link}", "en": "Track it: {link}"},
    "day_offer": {
        "ar": "أي يوم يناسبك لتوصيل طلبك {number}؟",
        "fr": "Quel jour vous convient pour livrer votre commande {number} ?",
        "en": "Which day suits you for the delivery of order {number}?",
    },
    "day_done": {
        "ar": "تم. سنطلب من شركة الشحن توصيل طلبك {number} يوم {date}.",
        "fr": "C'est noté : nous demandons au transporteur de livrer votre commande {number} le {date}.",
        "en": "Done: we will ask the carrier to deliver order {number} on {date}.",
    },
    "day_gone": {
        "ar": "هذا اليوم لم يعد متاحًا. اختر يومًا من الأيام التالية:",
        "fr": "Ce jour n'est plus disponible. Choisissez parmi les suivants :",
        "en": "That day is no longer available. Pick one of these:",
    },
    "too_late": {
        "ar": "طلبك {number} {status}، لا يمكن تغيير ذلك الآن.",
        "fr": "Votre commande {number} : {status}. Ce n'est plus modifiable.",
        "en": "Your order {number}: {status}. That can no longer be changed.",
    },
    "address_ask": {
        "ar": "أرسل العنوان الصحيح لطلبك {number} في رسالة، أو شارك موقعك على الخريطة.",
        "fr": "Envoyez l'adresse correcte pour votre commande {number} dans un message, ou partagez votre "
        "position.",
        "en": "Send the correct address for order {number} in a message, or share your location pin.",
    },
    "address_done": {
        "ar": "شكرًا، سجّلنا العنوان الجديد لطلبك {number}. سيؤكده فريقنا مع شركة الشحن.",
        "fr": "Merci, nous avons noté la nouvelle adresse de votre commande {number}. Notre équipe la "
        "confirme avec le transporteur.",
        "en": "Thanks, we noted the new address for order {number}. Our team will confirm it with the carrier.",
    },
    "cancel_ask": {
        "ar": "هل تريد إلغاء طلبك {number} ({total})؟",
        "fr": "Voulez-vous annuler votre commande {number} ({total}) ?",
        "en": "Do you want to cancel order {number} ({total})?",
    },
    "cancel_yes": {"ar": "نعم، ألغِ الطلب", "fr": "Oui, annuler", "en": "Yes, cancel it"},
    "cancel_no": {"ar": "لا، أبقِ الطلب", "fr": "Non, la garder", "en": "No, keep it"},
    "cancel_done": {
        "ar": "تم إلغاء طلبك {number}. نأمل أن نراك قريبًا.",
        "fr": "Votre commande {number} est annulée. À bientôt, nous l'espérons.",
        "en": "Order {number} is cancelled. We hope to see you again soon.",
    },
    "cancel_kept": {
        "ar": "حسنًا، طلبك {number} باقٍ كما هو.",
        "fr": "Très bien, votre commande {number} est maintenue.",
        "en": "All right, order {number} stays as it is.",
    },
    "cancel_already": {
        "ar": "طلبك {number} ملغى بالفعل.",
        "fr": "Votre commande {number} est déjà annulée.",
        "en": "Order {number} is already cancelled.",
    },
    "cancel_too_late": {
        "ar": "طلبك {number} {status}، لذلك لا يمكن إلغاؤه من هنا. سيتواصل معك أحد زملائنا في هذه المحادثة.",
        "fr": "Votre commande {number} : {status}, elle ne peut donc plus être annulée ici. Un conseiller "
        "vous répond dans cette conversation.",
        "en": "Order {number}: {status}, so it can no longer be cancelled here. A colleague will answer you "
        "in this chat.",
    },
    "return": {
        "ar": "يمكنك بدء طلب الإرجاع من هنا: {link}\nوسيتابع معك أحد زملائنا في هذه المحادثة.",
        "fr": "Vous pouvez lancer un retour ici : {link}\nUn conseiller vous suivra aussi dans cette "
        "conversation.",
        "en": "You can start a return here: {link}\nA colleague will also follow up in this chat.",
    },
    "handover": {
        "ar": "سيرد عليك أحد زملائنا هنا في أقرب وقت.",
        "fr": "Un conseiller vous répond ici dès que possible.",
        "en": "A colleague will answer you here as soon as possible.",
    },
    "handover_unclear": {
        "ar": "عذرًا، ما زلت لا أفهم. سيرد عليك أحد زملائنا هنا في أقرب وقت.",
        "fr": "Désolé, je ne comprends toujours pas. Un conseiller vous répond ici dès que possible.",
        "en": "Sorry, I still do not understand. A colleague will answer you here as soon as possible.",
    },
    "welcome": {"ar": "على الرحب والسعة!", "fr": "Avec plaisir !", "en": "You are welcome!"},
}

MENU_ROWS: dict[str, tuple[tuple[str, str], ...]] = {
    "ar": (
        ("menu:where", "أين طلبي؟"),
        ("menu:day", "تغيير يوم التوصيل"),
        ("menu:address", "تغيير العنوان"),
        ("menu:cancel", "إلغاء الطلب"),
        ("menu:return", "إرجاع منتج"),
        ("menu:human", "التحدث لموظف"),
    ),
    "fr": (
        ("menu:where", "Où est ma commande"),
        ("menu:day", "Changer le jour"),
        ("menu:address", "Changer l'adresse"),
        ("menu:cancel", "Annuler la commande"),
        ("menu:return", "Retourner un article"),
        ("menu:human", "Parler à quelqu'un"),
    ),
    "en": (
        ("menu:where", "Where is my order"),
        ("menu:day", "Change delivery day"),
        ("menu:address", "Change address"),
        ("menu:cancel", "Cancel my order"),
        ("menu:return", "Start a return"),
        ("menu:human", "Talk to a person"),
    ),
}

# What a shipment (or an order without one) is doing, as the end of "Your order #1042: ...".
STATUS_WORDS: dict[str, dict[str, str]] = {
    "pending": {
        "ar": "مؤكد وقيد التجهيز",
        "fr": "confirmée, en préparation",
        "en": "confirmed and being prepared",
    },
    "created": {
        "ar": "جاهز وسيُسلَّم لشركة الشحن قريبًا",
        "fr": "prête, bientôt remise au transporteur",
        "en": "ready and about to be handed to the carrier",
    },
    "picked_up": {
        "ar": "استلمته شركة الشحن",
        "fr": "prise en charge par le transporteur",
        "en": "picked up by the carrier",
    },
    "in_transit": {"ar": "في الطريق إليك", "fr": "en route vers vous", "en": "on its way to you"},
    "out_for_delivery": {
        "ar": "مع المندوب وسيصلك اليوم",
        "fr": "en cours de livraison aujourd'hui",
        "en": "out for delivery today",
    },
    "delivery_failed": {
        "ar": "تعذّر تسليمه في المحاولة الأخيرة وستُعاد المحاولة",
        "fr": "le livreur n'a pas pu la livrer, une nouvelle tentative est prévue",
        "en": "the courier could not deliver it and will try again",
    },
    "delivered": {"ar": "تم تسليمه", "fr": "livrée", "en": "delivered"},
    "rto_initiated": {
        "ar": "في طريق العودة إلى المتجر",
        "fr": "en retour vers le magasin",
        "en": "on its way back to the shop",
    },
    "rto_in_transit": {
        "ar": "في طريق العودة إلى المتجر",
        "fr": "en retour vers le magasin",
        "en": "on its way back to the shop",
    },
    "rto_delivered": {"ar": "أُعيد إلى المتجر", "fr": "retournée au magasin", "en": "returned to the shop"},
    "lost": {
        "ar": "مفقود لدى شركة الشحن، وسنتواصل معك",
        "fr": "perdue par le transporteur, nous revenons vers vous",
        "en": "lost by the carrier; we will get back to you",
    },
    "cancelled": {"ar": "ملغى", "fr": "annulée", "en": "cancelled"},
}


def say(key: str, language: str, **values: object) -> str:
    """The text `key` in `language` (English when missing), with its variables filled."""
    texts = T[key]
    return (texts.get(language) or texts["en"]).format(**values)


def status_words(status: str, language: str) -> str:
    words = STATUS_WORDS.get(status) or STATUS_WORDS["pending"]
    return words.get(language) or words["en"]


def ltr(value: str, language: str) -> str:
    """An order number or a link keeps its left-to-right shape inside Arabic text."""
    return f"{LRI}{value}{PDI}" if language == "ar" and value else value
