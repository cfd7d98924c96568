"""Built-in notification texts in Arabic, French and English; a store's own Template rows override them.

Variables in braces are filled by `rendering.notification_variables`: customer_name, order_number, total,
amount_due, tracking_link, promised_date, store_name.
"""

from __future__ import annotations

from wasl.messaging import events as ev

DEFAULT_TEXTS: dict[str, dict[str, str]] = {
    ev.ORDER_CONFIRMED: {
        "ar": "مرحبًا {customer_name}، تم تأكيد طلبك {order_number} بقيمة {total}. سنخبرك عند شحنه.",
        "fr": "Bonjour {customer_name}, votre commande {order_number} de {total} est confirmée. "
        "Nous vous préviendrons dès son expédition.",
        "en": "Hi {customer_name}, your order {order_number} for {total} is confirmed. "
        "We will let you know when it ships.",
    },
    ev.SHIPPED: {
        "ar": "مرحبًا {customer_name}، تم شحن طلبك {order_number}. موعد التسليم المتوقع: {promised_date}. "
        "تتبّع شحنتك: {tracking_link}",
        "fr": "Bonjour {customer_name}, votre commande {order_number} a été expédiée. "
        "Livraison prévue : {promised_date}. Suivez votre colis : {tracking_link}",
        "en": "Hi {customer_name}, your order {order_number} has shipped. Expected delivery: {promised_date}. "
        "Track it here: {tracking_link}",
    },
    ev.OUT_FOR_DELIVERY: {
        "ar": "مرحبًا {customer_name}، طلبك {order_number} في الطريق إليك اليوم. المبلغ المطلوب عند "
        "الاستلام: {amount_due}. تتبّع المندوب: {tracking_link}",
        "fr": "Bonjour {customer_name}, votre commande {order_number} est en cours de livraison aujourd'hui. "
        "Montant à régler à la livraison : {amount_due}. Suivi : {tracking_link}",
        "en": "Hi {customer_name}, your order {order_number} is out for delivery today. "
        "Amount to pay on delivery: {amount_due}. Track the courier: {tracking_link}",
    },
    ev.DELIVERED: {
        "ar": "مرحبًا {customer_name}، تم تسليم طلبك {order_number}. شكرًا لتسوقك معنا!",
        "fr": "Bonjour {customer_name}, votre commande {order_number} a été livrée. Merci pour votre achat !",
        "en": "Hi {customer_name}, your order {order_number} has been delivered. Thank you for shopping with us!",
    },
    ev.DELAYED: {
        "ar": "مرحبًا {customer_name}، نعتذر، تأخر طلبك {order_number} عن الموعد المتوقع ({promised_date}). "
        "نتابع الأمر مع شركة الشحن. تتبّع شحنتك: {tracking_link}",
        "fr": "Bonjour {customer_name}, nous sommes désolés : votre commande {order_number} a dépassé la date "
        "prévue ({promised_date}). Nous suivons cela avec le transporteur. Suivi : {tracking_link}",
        "en": "Hi {customer_name}, sorry: your order {order_number} is later than the expected date "
        "({promised_date}). We are following up with the carrier. Track it: {tracking_link}",
    },
    ev.DELIVERY_FAILED: {
        "ar": "مرحبًا {customer_name}، لم يتمكن المندوب من تسليم طلبك {order_number}. "
        "أخبرنا بموعد مناسب أو صحّح العنوان: {tracking_link}",
        "fr": "Bonjour {customer_name}, le livreur n'a pas pu livrer votre commande {order_number}. "
        "Indiquez-nous un autre moment ou corrigez l'adresse : {tracking_link}",
        "en": "Hi {customer_name}, the courier could not deliver your order {order_number}. "
        "Tell us a better time or fix the address: {tracking_link}",
    },
    ev.RTO_STARTED: {
        "ar": "مرحبًا {customer_name}، سيُعاد طلبك {order_number} إلى المتجر بعد تعذّر تسليمه. "
        "إن كنت ما زلت تريده فردّ على هذه الرسالة.",
        "fr": "Bonjour {customer_name}, votre commande {order_number} n'a pas pu être livrée et retourne "
        "au magasin. Si vous la voulez toujours, répondez à ce message.",
        "en": "Hi {customer_name}, your order {order_number} could not be delivered and is going back to "
        "the shop. If you still want it, reply to this message.",
    },
}

# Words a variable may need when its value is missing.
FILLERS: dict[str, dict[str, str]] = {
    "soon": {"ar": "قريبًا", "fr": "bientôt", "en": "soon"},
    "paid": {"ar": "لا شيء، الطلب مدفوع", "fr": "rien, commande déjà payée", "en": "nothing, already paid"},
    "customer": {"ar": "عميلنا العزيز", "fr": "cher client", "en": "there"},
}


def default_text(event: str, language: str) -> str:
    texts = DEFAULT_TEXTS[event]
    return texts.get(language) or texts["en"]
