"""What the verification flows say to buyers, in Arabic, French and English.

A store may replace a text (or name its own approved WhatsApp template) with a messaging `Template` row whose
event is `risk.<key>`, e.g. `risk.cod_prompt`. Variables: {customer_name}, {order_number}, {total},
{address}, {link}, {amount}, {date}, {slot}.
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "cod_prompt": {
        "ar": "مرحبًا {customer_name}، نرجو تأكيد طلبك {order_number} بقيمة {total} والدفع عند الاستلام.",
        "fr": "Bonjour {customer_name}, merci de confirmer votre commande {order_number} de {total}, "
        "payable à la livraison.",
        "en": "Hi {customer_name}, please confirm your order {order_number} for {total}, to pay on delivery.",
    },
    "cod_reminder": {
        "ar": "تذكير: طلبك {order_number} بانتظار تأكيدك. بدون تأكيد سيُلغى الطلب.",
        "fr": "Rappel : votre commande {order_number} attend votre confirmation. Sans confirmation, "
        "elle sera annulée.",
        "en": "Reminder: your order {order_number} is waiting for your confirmation. "
        "Without it, the order will be cancelled.",
    },
    "cod_confirmed": {
        "ar": "شكرًا! تم تأكيد طلبك {order_number} وسنجهّزه للشحن.",
        "fr": "Merci ! Votre commande {order_number} est confirmée ; nous la préparons.",
        "en": "Thank you! Your order {order_number} is confirmed and will be prepared for shipping.",
    },
    "cod_cancelled": {
        "ar": "تم إلغاء طلبك {order_number}.",
        "fr": "Votre commande {order_number} est annulée.",
        "en": "Your order {order_number} is cancelled.",
    },
    "cod_expired": {
        "ar": "أُلغي طلبك {order_number} لعدم تأكيده. يسعدنا استقبال طلب جديد منك في أي وقت.",
        "fr": "Votre commande {order_number} a été annulée faute de confirmation. Vous pouvez commander "
        "à nouveau à tout moment.",
        "en": "Your order {order_number} was cancelled because it was not confirmed. "
        "You are welcome to order again any time.",
    },
    "too_late": {
        "ar": "طلبك {order_number} لم يعد قابلًا للتعديل من هنا؛ سيتواصل معك أحد موظفينا.",
        "fr": "Votre commande {order_number} ne peut plus être modifiée ici ; quelqu'un va vous contacter.",
        "en": "Your order {order_number} can no longer be changed here; one of our team will contact you.",
    },
    "address_ask": {
        "ar": "أرسل لنا العنوان الصحيح لطلبك {order_number}: اكتبه، أو شارك موقعك.",
        "fr": "Envoyez-nous la bonne adresse pour votre commande {order_number} : écrivez-la, "
        "ou partagez votre position.",
        "en": "Send us the right address for your order {order_number}: type it, or share your location.",
    },
    "address_prompt": {
        "ar": "مرحبًا {customer_name}، هل هذا عنوان التوصيل الصحيح لطلبك {order_number}؟\n{address}\n"
        "يمكنك أيضًا مشاركة موقعك.",
        "fr": "Bonjour {customer_name}, est-ce la bonne adresse de livraison pour votre commande "
        "{order_number} ?\n{address}\nVous pouvez aussi partager votre position.",
        "en": "Hi {customer_name}, is this the right delivery address for your order {order_number}?\n"
        "{address}\nYou can also share your location.",
    },
    "address_reminder": {
        "ar": "تذكير: نرجو تأكيد عنوان التوصيل لطلبك {order_number}:\n{address}",
        "fr": "Rappel : merci de confirmer l'adresse de livraison de votre commande {order_number} :\n{address}",
        "en": "Reminder: please confirm the delivery address of your order {order_number}:\n{address}",
    },
    "address_confirmed": {
        "ar": "شكرًا، سنوصل طلبك {order_number} إلى هذا العنوان.",
        "fr": "Merci, nous livrerons votre commande {order_number} à cette adresse.",
        "en": "Thank you, we will deliver your order {order_number} to this address.",
    },
    "address_updated": {
        "ar": "شكرًا، سجّلنا العنوان الجديد لطلبك {order_number}.",
        "fr": "Merci, nous avons noté la nouvelle adresse de votre commande {order_number}.",
        "en": "Thank you, we have noted the new address of your order {order_number}.",
    },
    "slot_start": {
        "ar": "مرحبًا {customer_name}، متى تفضّل استلام طلبك {order_number}؟",
        "fr": "Bonjour {customer_name}, quand souhaitez-vous recevoir votre commande {order_number} ?",
        "en": "Hi {customer_name}, when would you like to receive your order {order_number}?",
    },
    "slot_days": {
        "ar": "اختر يوم التوصيل المناسب لطلبك {order_number}:",
        "fr": "Choisissez le jour de livraison de votre commande {order_number} :",
        "en": "Choose the delivery day for your order {order_number}:",
    },
    "slot_times": {
        "ar": "في أي وقت يوم {date}؟",
        "fr": "À quelle heure le {date} ?",
        "en": "What time on {date}?",
    },
    "slot_done": {
        "ar": "تم. سنحاول توصيل طلبك {order_number} يوم {date} ({slot}).",
        "fr": "C'est noté : livraison de votre commande {order_number} le {date} ({slot}).",
        "en": "Noted: we will aim to deliver your order {order_number} on {date} ({slot}).",
    },
    "slot_gone": {
        "ar": "هذا اليوم لم يعد متاحًا، اختر يومًا آخر من فضلك.",
        "fr": "Ce jour n'est plus disponible, choisissez-en un autre.",
        "en": "That day is no longer available; please choose another.",
    },
    "prepaid_prompt": {
        "ar": "مرحبًا {customer_name}، ادفع الآن {amount} لطلبك {order_number} عبر الإنترنت ولن تحتاج "
        "إلى الدفع نقدًا عند الاستلام: {link}",
        "fr": "Bonjour {customer_name}, payez {amount} en ligne pour votre commande {order_number} et "
        "n'ayez rien à régler à la livraison : {link}",
        "en": "Hi {customer_name}, pay {amount} online for your order {order_number} now and have "
        "nothing to pay at the door: {link}",
    },
    "prepaid_discount": {
        "ar": "مرحبًا {customer_name}، ادفع الآن عبر الإنترنت لطلبك {order_number} ووفّر: {amount} بدلًا "
        "من {total}: {link}",
        "fr": "Bonjour {customer_name}, payez en ligne votre commande {order_number} et économisez : "
        "{amount} au lieu de {total} : {link}",
        "en": "Hi {customer_name}, pay online for your order {order_number} and save: {amount} instead "
        "of {total}: {link}",
    },
    "prepaid_thanks": {
        "ar": "شكرًا، استلمنا دفعتك لطلبك {order_number}.",
        "fr": "Merci, nous avons bien reçu le paiement de votre commande {order_number}.",
        "en": "Thank you, we received the payment for your order {order_number}.",
    },
}

BUTTONS: dict[str, dict[str, str]] = {
    "confirm": {"ar": "تأكيد الطلب", "fr": "Confirmer", "en": "Confirm order"},
    "cancel": {"ar": "إلغاء الطلب", "fr": "Annuler", "en": "Cancel order"},
    "address": {"ar": "تغيير العنوان", "fr": "Changer l'adresse", "en": "Change address"},
    "address_ok": {"ar": "نعم، صحيح", "fr": "Oui, c'est bon", "en": "Yes, correct"},
    "address_edit": {"ar": "تعديل العنوان", "fr": "Modifier", "en": "Change it"},
    "choose_day": {"ar": "اختر يومًا", "fr": "Choisir un jour", "en": "Choose a day"},
    "days_list": {"ar": "الأيام", "fr": "Jours", "en": "Days"},
}

# Words that confirm an order when typed instead of tapped (folded: lower case, no accents).
YES_WORDS = frozenset(
    {
        "yes", "y", "ok", "okay", "confirm", "confirmed", "sure",
        "oui", "ouais", "confirme", "confirmer", "d'accord", "daccord",
        "نعم", "ايوه", "ايوا", "اكيد", "أكيد", "تمام", "موافق", "اكد", "أكد", "تأكيد", "تاكيد", "مؤكد",
        "naam", "na3am", "wakha", "iwa", "eh", "aywa",
    }
)  # fmt: skip


def text(key: str, language: str) -> str:
    table = TEXTS[key]
    return table.get(language) or table["en"]


def button(key: str, language: str) -> str:
    table = BUTTONS[key]
    return table.get(language) or table["en"]
