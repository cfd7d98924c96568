"""Every reason in words, in English, French and Arabic.

Kept as a table beside the code (not in the gettext catalogues) so the scorers stay pure and a reason can be
rendered in any of the three languages at once, whatever language the current request is in. Numbers come
after a colon in Arabic so no phrase has to agree with a count.
"""

from __future__ import annotations

LANGUAGES = ("en", "fr", "ar")

MESSAGES: dict[str, dict[str, str]] = {
    # Address
    "no_address": {
        "en": "no address given",
        "fr": "aucune adresse indiquée",
        "ar": "لم يُذكر أي عنوان",
    },
    "placeholder_address": {
        "en": "the address is a placeholder, not a place",
        "fr": "l'adresse est un texte de remplissage, pas un lieu",
        "ar": "العنوان نص شكلي وليس مكانًا حقيقيًا",
    },
    "gibberish_address": {
        "en": "the address looks like random typing",
        "fr": "l'adresse ressemble à une frappe au hasard",
        "ar": "العنوان يبدو كتابة عشوائية",
    },
    "only_digits": {
        "en": "the address is only digits",
        "fr": "l'adresse ne contient que des chiffres",
        "ar": "العنوان أرقام فقط",
    },
    "phone_as_address": {
        "en": "a phone number was written instead of the address",
        "fr": "un numéro de téléphone a été saisi à la place de l'adresse",
        "ar": "كُتب رقم هاتف بدل العنوان",
    },
    "too_short": {
        "en": "the address is too short to find the place",
        "fr": "l'adresse est trop courte pour trouver le lieu",
        "ar": "العنوان أقصر من أن يدل على المكان",
    },
    "address_only_city": {
        "en": "the address only repeats the city or region",
        "fr": "l'adresse ne fait que répéter la ville ou la région",
        "ar": "العنوان يكرر اسم المدينة أو المنطقة فقط",
    },
    "po_box_only": {
        "en": "only a post office box, where a courier cannot deliver",
        "fr": "seulement une boîte postale, où un livreur ne peut pas livrer",
        "ar": "صندوق بريد فقط، ولا يستطيع المندوب التسليم إليه",
    },
    "no_city": {
        "en": "no city",
        "fr": "aucune ville indiquée",
        "ar": "لم تُذكر المدينة",
    },
    "no_building_number": {
        "en": "no building or house number",
        "fr": "pas de numéro d'immeuble ou de maison",
        "ar": "لا يوجد رقم مبنى أو منزل",
    },
    "no_street": {
        "en": "no street",
        "fr": "pas de rue",
        "ar": "لا يوجد اسم شارع",
    },
    "no_district": {
        "en": "no district or locality",
        "fr": "pas de quartier ni de localité",
        "ar": "لا يوجد حي أو منطقة",
    },
    "no_landmark": {
        "en": "no landmark to guide the courier",
        "fr": "pas de point de repère pour guider le livreur",
        "ar": "لا توجد علامة مميزة ترشد المندوب",
    },
    "no_postal_code": {
        "en": "no postal code, although {country} uses them",
        "fr": "pas de code postal, alors que le pays ({country}) en utilise",
        "ar": "لا يوجد رمز بريدي مع أن البلد ({country}) يستخدمه",
    },
    "bad_postal_code": {
        "en": "the postal code {postal_code} does not have {country}'s format",
        "fr": "le code postal {postal_code} n'a pas le format du pays ({country})",
        "ar": "الرمز البريدي {postal_code} لا يطابق صيغة البلد ({country})",
    },
    "placeholder_postal_code": {
        "en": "the postal code {postal_code} is a placeholder",
        "fr": "le code postal {postal_code} est fictif",
        "ar": "الرمز البريدي {postal_code} شكلي وليس حقيقيًا",
    },
    "postal_code_city_mismatch": {
        "en": "the postal code {postal_code} does not belong to {place}",
        "fr": "le code postal {postal_code} ne correspond pas à {place}",
        "ar": "الرمز البريدي {postal_code} لا يتبع {place}",
    },
    "known_bad_address": {
        "en": "earlier parcels to this address came back (returned to origin): {rtos} of {orders}",
        "fr": "des colis précédents à cette adresse sont revenus (retour à l'expéditeur) : {rtos} sur {orders}",
        "ar": "طرود سابقة إلى هذا العنوان أُعيدت إلى المرسل: {rtos} من {orders}",
    },
    "address_shared": {
        "en": "different customers ordered to this address: {customers}",
        "fr": "clients différents ayant commandé à cette adresse : {customers}",
        "ar": "عدد العملاء المختلفين الذين طلبوا إلى هذا العنوان: {customers}",
    },
    # Phone
    "no_phone": {
        "en": "no phone number",
        "fr": "aucun numéro de téléphone",
        "ar": "لا يوجد رقم هاتف",
    },
    "invalid_phone": {
        "en": "the phone number is not a valid number",
        "fr": "le numéro de téléphone n'est pas valide",
        "ar": "رقم الهاتف غير صالح",
    },
    "placeholder_phone": {
        "en": "the phone number looks made up (repeated or sequential digits)",
        "fr": "le numéro de téléphone semble inventé (chiffres répétés ou qui se suivent)",
        "ar": "رقم الهاتف يبدو مختلقًا (أرقام مكررة أو متتالية)",
    },
    "foreign_phone": {
        "en": "the phone number is from {phone_country}, not from the shipping country {country}",
        "fr": "le numéro est de {phone_country}, pas du pays de livraison {country}",
        "ar": "رقم الهاتف من {phone_country} وليس من بلد الشحن {country}",
    },
    "not_mobile": {
        "en": "the phone number is not a mobile number (no WhatsApp or SMS)",
        "fr": "le numéro n'est pas un mobile (ni WhatsApp ni SMS)",
        "ar": "رقم الهاتف ليس رقم جوال (لا واتساب ولا رسائل نصية)",
    },
    "phone_shared": {
        "en": "different customers gave this phone number: {customers}",
        "fr": "clients différents ayant donné ce numéro : {customers}",
        "ar": "عدد العملاء المختلفين الذين استخدموا هذا الرقم: {customers}",
    },
    "phone_known_rto": {
        "en": "earlier parcels for this phone number came back (returned to origin): {rtos} of {orders}",
        "fr": "des colis précédents pour ce numéro sont revenus (retour à l'expéditeur) : {rtos} sur {orders}",
        "ar": "طرود سابقة لهذا الرقم أُعيدت إلى المرسل: {rtos} من {orders}",
    },
}


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"


def render(code: str, language: str, params: dict[str, str]) -> str:
    texts = MESSAGES.get(code)
    if texts is None:
        return code
    template = texts.get(language) or texts["en"]
    return template.format_map(_Blank(params))
