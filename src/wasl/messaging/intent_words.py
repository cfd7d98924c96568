"""What buyers write when they want something, per intent and language: data, read by `intents.py`.

Phrases are separated by "|". A phrase matches when its words appear one after the other in the buyer's
message, after both are normalised the same way (`intents.normalise`), so write them as buyers do: with
or without hamza, diacritics or accents. An Arabic word also matches with a leading و/ف/ب/ل/ال attached
("وطلبي", "بالعنوان"). "ar" holds Modern Standard, Gulf, Levantine, Egyptian and Maghrebi spellings;
"arabizi" holds Arabic written in Latin letters and digits ("wein talabi", "3onwan").
"""

from __future__ import annotations

WHERE = "where"
CHANGE_DAY = "change_day"
CHANGE_ADDRESS = "change_address"
CANCEL = "cancel"
RETURN = "return"
HUMAN = "human"
THANKS = "thanks"
GREETING = "greeting"

# When a message says several things, the first intent in this order wins: someone asking for a person
# gets one even if they also mention their order; cancelling outranks asking where the parcel is.
PRIORITY = (HUMAN, CANCEL, CHANGE_ADDRESS, RETURN, CHANGE_DAY, WHERE, THANKS, GREETING)

_RAW: dict[str, dict[str, str]] = {
    HUMAN: {
        "ar": (
            "موظف | انسان | بشري | شخص حقيقي | التحدث لموظف | اكلم حد | اكلم احد | ابي اكلم | "
            "ابغى اكلم | ابغا اكلم | بدي احكي | بدي احكي مع | عايز اكلم | عاوز اكلم | حد يكلمني | "
            "احد يكلمني | كلموني | اتصلوا بي | اتصل بي | خدمة العملاء | خدمه العملا | الدعم | مسؤول | "
            "المسؤول | المدير | شكوى | بغيت نهضر | نهضر مع | نتكلم مع | بغيت نتكلم | مش روبوت | "
            "مو روبوت"
        ),
        "arabizi": (
            "nkalem | akalem | kalemni | kalimni | ahki ma3 | a7ki ma3 | mowazaf | mwazaf | "
            "bghit nhder | nhder m3a | n9ra m3a | insan | ensan"
        ),
        "fr": (
            "parler a quelqu'un | parler a une personne | parler a un conseiller | "
            "parler a un humain | un conseiller | une conseillere | un humain | une vraie personne | "
            "vraie personne | quelqu'un de reel | service client | service clientele | appelez moi | "
            "rappelez moi | reclamation | pas un robot | un responsable | un agent"
        ),
        "en": (
            "talk to a person | talk to someone | talk to somebody | talk to a human | "
            "speak to someone | speak to a person | speak with someone | real person | human | "
            "agent | representative | customer service | customer support | call me | complaint | "
            "manager | operator | not a bot"
        ),
    },
    CANCEL: {
        "ar": (
            "الغاء الطلب | الغاء طلبي | الغي الطلب | الغي طلبي | الغيه | الغوه | الغوا الطلب | "
            "ابي الغي | ابغى الغي | بدي الغي | عايز الغي | عاوز الغي | اريد الغاء | ابي الغاء | "
            "نلغي | كنسل | كانسل | اكنسل | نكنسل | سحب الطلب | لا اريد الطلب | ما ابيه | ما ابغاه | "
            "مابيه | مابغاه | ما بدي ياه | مش عايزه | مش عاوزه | مش عايز الطلب | مابغيتش | ما بغيتش | "
            "ماعدتش باغي | ما بقيتش باغي | الغاء"
        ),
        "arabizi": (
            "cancel | ncancel | kansel | cansel | elgha2 | ilgha2 | alghi | mesh 3ayez | msh 3ayz | "
            "mish 3ayzo | mabghitch | ma bghitch | mabghitouch | ma biddi yah | mabi"
        ),
        "fr": (
            "annuler | annulez | annule | annulation | j'annule | je ne veux plus | veux plus | "
            "plus besoin | je n'en veux plus"
        ),
        "en": (
            "cancel | cancellation | don't want it | do not want it | dont want it | no longer want | "
            "don't need it | call off | stop my order | stop the order"
        ),
    },
    CHANGE_ADDRESS: {
        "ar": (
            "تغيير العنوان | تغيير عنوان | غير العنوان | اغير العنوان | اغير عنواني | تعديل العنوان | "
            "عدل العنوان | عنوان جديد | العنوان غلط | العنوان خطا | عنوان خاطي | العنوان ناقص | "
            "صحح العنوان | تصحيح العنوان | بدل العنوان | بدلت العنوان | عنواني | العنوان | لوكيشن | "
            "الموقع | موقعي | لادريس | ادريسه | الادريسه | نبدل لادريس | سكنت في | نقلت | رحلت"
        ),
        "arabizi": (
            "3onwan | 3enwan | l3enwan | l3onwan | al3enwan | el 3onwan | 3nwan | ladres | ladress | "
            "location | lokation"
        ),
        "fr": (
            "changer d'adresse | changer l'adresse | changer mon adresse | modifier l'adresse | "
            "modifier mon adresse | nouvelle adresse | mauvaise adresse | adresse incorrecte | "
            "adresse erronee | erreur d'adresse | corriger l'adresse | corriger mon adresse | "
            "adresse | j'ai demenage | demenage | localisation | ma position"
        ),
        "en": (
            "change address | change my address | change the address | update address | "
            "update my address | wrong address | new address | correct the address | "
            "fix the address | fix my address | address | i moved | moved house | my location | "
            "location"
        ),
    },
    RETURN: {
        "ar": (
            "ارجاع | ارجع الطلب | ارجع المنتج | ارجعه | ارجعها | ابي ارجع | ابغى ارجع | بدي ارجع | "
            "عايز ارجع | عاوز ارجع | استرجاع | استرداد | ترجيع | رجعه | نرجع | نرجعها | استبدال | "
            "تبديل | ابدل المنتج | ابدله | نبدلها | نبدل | المقاس غلط | المقاس مش | مقاس غلط | "
            "معيوب | خربان | مكسور | تالف | فلوسي | استرجاع المبلغ | رد المبلغ"
        ),
        "arabizi": (
            "rja3 | nraja3 | nrj3 | nrja3 | erja3 | raje3 | rage3 | nbadel | badel | estebdal | "
            "tabdil | refund | flousi | flusi"
        ),
        "fr": (
            "retour | retourner | renvoyer | rembourser | remboursement | remboursez | echanger | "
            "echange | pas la bonne taille | mauvaise taille | ne me va pas | defectueux | casse | "
            "abime"
        ),
        "en": (
            "return | refund | exchange | send it back | send back | money back | wrong size | "
            "doesn't fit | does not fit | damaged | broken | defective"
        ),
    },
    CHANGE_DAY: {
        "ar": (
            "تغيير موعد | تغيير الموعد | غير الموعد | اغير الموعد | اغير موعد | تغيير يوم | "
            "تغيير اليوم | تغيير التوصيل | تغيير وقت | تاجيل | اجلوا | اجلها | يوم ثاني | يوم تاني | "
            "يوم اخر | وقت ثاني | موعد اخر | موعد ثاني | مش موجود | مو موجود | لست موجود | "
            "ماني موجود | مانيش موجود | مكنتش | مسافر | نهار اخر | نهار اخور | نهار اخرى | "
            "بدل النهار | موعد التوصيل | وقت التوصيل"
        ),
        "arabizi": (
            "ghayer maw3ed | ghayer el maw3ed | maw3ed | mawid | youm tani | yom tani | youm thani | "
            "nhar akhor | nhar akhur | nhar 5or | mosh mawgood | msh mawgod | mish mawjood | "
            "mani mawjoud | mech mawjoud | ajjel | ajel | t2ajel | ta2jil"
        ),
        "fr": (
            "changer la date | changer de date | changer le jour | changer de jour | "
            "changer la livraison | changer livraison | modifier la date | modifier la livraison | "
            "autre jour | un autre moment | reporter | reportez | report | decaler | decalez | "
            "pas disponible | je ne serai pas la | serai pas la | pas chez moi | absent | absente"
        ),
        "en": (
            "change the day | change day | change the date | change date | change delivery | "
            "change the delivery | another day | different day | other day | reschedule | postpone | "
            "deliver later | later date | not home | not at home | won't be home | wont be home | "
            "not available | not be there | won't be there"
        ),
    },
    WHERE: {
        "ar": (
            "وين طلبي | وين الطلب | اين طلبي | اين الطلب | فين طلبي | فين الطلب | فين الاوردر | "
            "وين الاوردر | وين الشحنه | وين الطرد | فين الكوموند | فين وصلات | فين وصل | وين وصل | "
            "وين صار | متى يوصل | متى يصل | متى توصل | امتى يوصل | امتى هيوصل | امتى هيجي | "
            "امته يوصل | ايمتى بيوصل | وقتاش يوصل | وقتاش توصل | وقتاش تجي | فوقاش | شوقت | ما وصل | "
            "ماوصل | ما وصلني | ماوصلني | ما وصلنيش | ماوصلنيش | موصلنيش | لسه ما جاش | ما جاش | "
            "موصلش | ماوصلش | ما وصلتنيش | لم يصل | لم يصلني | لسه ما وصل | تتبع | تتبع الطلب | "
            "تتبع الشحنه | رقم التتبع | حالة الطلب | وش صار | ايش صار | شو صار | اخبار الطلب | طلبي | "
            "طلبيتي | الطلبيه | الكوموند | الاوردر | اوردري | شحنتي | الشحنه | طردي | السلعه"
        ),
        "arabizi": (
            "wein talabi | wen talabi | wain talabi | fein talabi | fen talabi | fin talabi | "
            "feen el order | fen el order | wein el order | fin lcommande | fin l commande | "
            "fen lcommande | fin wselt | fen wslat | fin wsslat | wa9tach | wa9tash | wqtach | imta | "
            "emta | emta hyewsal | imta yousal | ma wsal | mawsalsh | mawsalch | talabi | talabiti | "
            "talabiya | tatabo3 | wein | wain | feen | fein | wesh sar | shu sar"
        ),
        "fr": (
            "ou est ma commande | ou en est ma commande | ou est mon colis | ou en est mon colis | "
            "ma commande | mon colis | suivi | suivre | numero de suivi | quand vais je recevoir | "
            "quand est ce que je vais recevoir | quand est ce que | je vais recevoir | quand arrive | "
            "arrive quand | quand sera | pas encore recu | toujours pas recu | jamais recu | "
            "pas recu | rien recu | statut | livraison prevue | c'est pour quand"
        ),
        "en": (
            "where is my order | where's my order | wheres my order | where is my parcel | "
            "where is my package | where is it | my order | my parcel | my package | track | "
            "tracking | order status | delivery status | status | when will it arrive | "
            "when will i get | when will i receive | when will it come | when is it coming | "
            "not received | haven't received | havent received | not arrived | still waiting | eta"
        ),
    },
    THANKS: {
        "ar": (
            "شكرا | شكرا لك | مشكور | مشكورين | يعطيك العافيه | تسلم | يسلمو | بارك الله فيك | "
            "جزاك الله خير | تمام | طيب | حسنا | واخا | اوكي | ماشي"
        ),
        "arabizi": ("shukran | shokran | chokran | choukran | merci bzaf | tamam | wakha | mashi"),
        "fr": ("merci | merci beaucoup | d'accord | dac | parfait | super | ok merci"),
        "en": ("thanks | thank you | thx | ty | ok | okay | great | perfect | cool"),
    },
    GREETING: {
        "ar": ("السلام عليكم | سلام | مرحبا | مرحبتين | اهلا | هلا | صباح الخير | مساء الخير | السلام"),
        "arabizi": ("salam | slm | salamo alaykom | marhaba | ahlan | hala | sba7 lkhir | msa lkhir"),
        "fr": ("bonjour | bonsoir | salut | coucou | bjr | bsr"),
        "en": ("hello | hi | hey | good morning | good evening | good afternoon"),
    },
}


def _phrases(raw: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in raw.split("|") if p.strip())


KEYWORDS: dict[str, dict[str, tuple[str, ...]]] = {
    intent: {language: _phrases(raw) for language, raw in by_language.items()}
    for intent, by_language in _RAW.items()
}

# Symbols that say "thank you" or "all right" on their own.
THANKS_SYMBOLS = ("👍", "🙏", "❤", "♥", "👌", "😊")
