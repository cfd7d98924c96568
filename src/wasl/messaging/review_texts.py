"""What the review flow says, in Arabic, French and English (list rows: at most 24 characters)."""

from __future__ import annotations

# The approved WhatsApp template used outside the service window: body parameters {{1}} the buyer's first
# name and {{2}} the order number, five quick-reply buttons whose text holds the rating ("4 ⭐⭐⭐⭐").
REVIEW_TEMPLATE = "wasl_review_request"

RATING_LABELS: dict[str, tuple[str, ...]] = {
    "ar": ("⭐ سيئ جدًا", "⭐⭐ سيئ", "⭐⭐⭐ مقبول", "⭐⭐⭐⭐ جيد", "⭐⭐⭐⭐⭐ ممتاز"),
    "fr": ("⭐ Très mauvais", "⭐⭐ Mauvais", "⭐⭐⭐ Correct", "⭐⭐⭐⭐ Bien", "⭐⭐⭐⭐⭐ Excellent"),
    "en": ("⭐ Very bad", "⭐⭐ Bad", "⭐⭐⭐ Okay", "⭐⭐⭐⭐ Good", "⭐⭐⭐⭐⭐ Excellent"),
}

RT: dict[str, dict[str, str]] = {
    "ask": {
        "ar": "وصلك طلبك {number}. كيف تقيّم تجربتك؟",
        "fr": "Votre commande {number} est arrivée. Comment l'évaluez-vous ?",
        "en": "Your order {number} has arrived. How would you rate it?",
    },
    "rate_button": {"ar": "قيّم طلبك", "fr": "Évaluer", "en": "Rate it"},
    "thanks_ask": {
        "ar": "شكرًا على تقييمك {stars}! هل تريد إضافة تعليق؟ اكتبه هنا.",
        "fr": "Merci pour votre note {stars} ! Un commentaire à ajouter ? Écrivez-le ici.",
        "en": "Thank you for your rating {stars}! Anything to add? Just write it here.",
    },
    "no_comment": {"ar": "لا، شكرًا", "fr": "Non merci", "en": "No, thanks"},
    "comment_thanks": {
        "ar": "شكرًا، وصل تعليقك إلى المتجر.",
        "fr": "Merci, votre commentaire a été transmis à la boutique.",
        "en": "Thank you, your comment has reached the shop.",
    },
    "bye": {"ar": "شكرًا لك!", "fr": "Merci à vous !", "en": "Thank you!"},
}


def review_say(key: str, language: str, **values: object) -> str:
    texts = RT[key]
    return (texts.get(language) or texts["en"]).format(**values)
