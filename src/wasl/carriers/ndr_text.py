"""Read the reason for a failed delivery out of a courier's free text (English, Arabic, French).

Carriers put the real reason in a remark ("Consignee unavailable", "العميل رفض الاستلام", "adresse
introuvable") far more often than in a code. `classify_ndr_text` normalises the text (case, accents,
Arabic hamza/madda/harakat/tatweel) and returns the first reason whose keywords it contains, or "".

The order of the rules matters and is deliberate: the most specific, most actionable reasons come first,
so "mobile closed" is a phone problem before "closed" is a premises problem, and "payment not ready" is
cash before "not ready" could be anything else. Latin keywords match on word boundaries ("oda" must not
match "today"); Arabic keywords match as substrings, because Arabic attaches prefixes (و، ب، ال) to words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from wasl.shipping.status import NdrReason

R = NdrReason

# (reason, latin regexes, arabic substrings). Latin patterns are applied to accent-free lower case.
_RULES: Sequence[tuple[str, Sequence[str], Sequence[str]]] = (
    (
        R.OUT_OF_DELIVERY_AREA,
        (
            r"\boda\b",
            r"out of (the )?(delivery|service|serviceable) area",
            r"outside (the )?(delivery|service) area",
            r"\bout of area\b",
            r"non[- ]?serviceable",
            r"not serviceable",
            r"\bhors (de la )?zone\b",
            r"zone non desservie",
            r"non desservi",
        ),
        ("خارج منطقة", "خارج نطاق", "خارج المنطقة", "منطقة غير مخدومة"),
    ),
    (
        R.COD_NOT_READY,
        (
            r"\b(cash|cod|money|payment|amount|funds?)( amount)? (is )?not (ready|available)",
            r"\bno (cash|money)\b",
            r"unable to collect (the )?(charges|cash|payment|cod|amount)",
            r"(does not|doesn'?t) have (the )?(cash|money|amount)",
            r"\bargent (pas|non) (pret|disponible)",
            r"pas d'argent",
            r"montant (pas|non) (pret|disponible)",
            r"\bespeces (pas|non) (pretes|disponibles)",
        ),
        (
            "المبلغ غير جاهز",
            "المبلغ غير متوفر",
            "المبلغ غير متاح",
            "لا يملك المبلغ",
            "النقود غير جاهزة",
            "لا يوجد مبلغ",
        ),
    ),
    (
        R.REFUSED,
        (
            r"\brefus",
            r"\breject",
            r"\bdeclin",
            r"\bcancel",
            r"\bdo(es)? ?n[o']?t want\b",
            r"no longer (needed|required|wanted)",
            r"not interested",
            r"\brejet",
            r"\bannul",
            r"ne veut (pas|plus)",
        ),
        ("رفض", "مرفوض", "رافض", "الغى الطلب", "الغاء الطلب", "لا يريد", "لم يعد يريد"),
    ),
    (
        R.PHONE_UNREACHABLE,
        (
            r"not reachable",
            r"\bunreachable",
            r"\bno answer",
            r"not answering",
            r"no response",
            r"not responding",
            r"switched off",
            r"(phone|mobile|cell) (is )?(off|closed)",
            r"(cannot|can'?t|could not|couldn'?t) be reached",
            r"(unable to|could not|couldn'?t|cannot) (contact|call)",
            r"(not|un)contactable",
            r"(wrong|invalid|incorrect) (phone|mobile|number|contact)",
            r"\binjoignable",
            r"ne repond pas",
            r"pas de reponse",
            r"telephone (eteint|ferme)",
            r"(mauvais|faux) numero",
            r"numero (errone|incorrect|invalide)",
        ),
        (
            "الهاتف مغلق",
            "الجوال مغلق",
            "الموبايل مغلق",
            "لا يرد",
            "لم يرد",
            "لا يوجد رد",
            "رقم خاطئ",
            "رقم الهاتف خاطئ",
            "خارج التغطية",
            "تعذر الاتصال",
            "تعذر التواصل",
            "لا يمكن الوصول",
        ),
    ),
    (
        R.ADDRESS_ISSUE,
        (
            r"(incorrect|wrong|bad|invalid|incomplete|insufficient) (delivery )?address",
            r"(undeliverable|unknown) (delivery )?address",
            r"address (is )?(incorrect|wrong|invalid|incomplete|not found|unknown|issue|problem)",
            r"address (details )?(invalid|missing)",
            r"address (correction|verification) (needed|required)",
            r"address requires verification",
            r"correct (delivery )?address",
            r"no such address",
            r"unable to locate",
            r"untraceable",
            r"(wrong|incorrect|invalid) (pin ?code|postal code|zip)",
            r"\b(customer|consignee|recipient) (has )?(moved|relocated)",
            r"\brelocated\b",
            r"\badresse (incorrecte|introuvable|incomplete|erronee|inexacte|invalide|non trouvee)",
            r"mauvaise adresse",
            r"\ba demenage",
        ),
        (
            "عنوان خاطئ",
            "عنوان غير",
            "العنوان غير",
            "عنوان ناقص",
            "خطا في العنوان",
            "العنوان خطا",
            "تصحيح العنوان",
        ),
    ),
    (
        R.PREMISES_CLOSED,
        (
            r"(shop|store|office|premises|business|house|building) (is )?(closed|locked)",
            r"closed on arrival",
            r"door (is )?locked",
            r"\bclosed\b",
            r"\blocked\b",
            r"\bferme(e)?\b",
        ),
        ("المحل مغلق", "محل مغلق", "المكتب مغلق", "مكتب مغلق", "المتجر مغلق", "مغلق"),
    ),
    (
        R.CUSTOMER_UNAVAILABLE,
        (
            r"not available",
            r"\bunavailable",
            r"not at home",
            r"\bnot home\b",
            r"\bnobody\b",
            r"\bno one (at|was|is|home|present|available)",
            r"\babsent\b",
            r"out of station",
            r"\btravel(l)?ing\b",
            r"not present",
            r"pick ?up missed",
            r"\bindisponible",
            r"(pas|non) disponible",
        ),
        ("غير متوفر", "غير متواجد", "غير موجود", "غائب", "مسافر", "العميل غير", "المستلم غير"),
    ),
    (
        R.FUTURE_DELIVERY_REQUESTED,
        (
            r"future (delivery|date)",
            r"later date",
            r"another (day|date|time)",
            r"deliver(y)? later",
            r"\breschedul",
            r"\bpostpon",
            r"\breport(e|ee|er)\b",
            r"livraison ulterieure",
            r"plus tard",
            r"autre (jour|date)",
            r"rendez-vous",
        ),
        ("موعد اخر", "يوم اخر", "وقت اخر", "تاجيل", "لاحقا", "اعادة جدولة"),
    ),
)


def normalize(text: str) -> str:
    """Lower case, without accents, harakat, hamza/madda marks or tatweel, with single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn" and ch != "\u0640")
    kept = kept.replace("\u2019", "'").replace("\u0649", "\u064a")  # curly apostrophe; alef maqsura -> ya
    return " ".join(kept.split())


_COMPILED = tuple(
    (reason, tuple(re.compile(pattern) for pattern in latin), tuple(normalize(word) for word in arabic))
    for reason, latin, arabic in _RULES
)


def classify_ndr_text(text: str) -> str:
    """The NdrReason value that `text` describes, or "" when it names no known reason."""
    if not text or not text.strip():
        return ""
    clean = normalize(text)
    for reason, latin, arabic in _COMPILED:
        if any(pattern.search(clean) for pattern in latin) or any(word in clean for word in arabic):
            return str(reason)
    return ""
