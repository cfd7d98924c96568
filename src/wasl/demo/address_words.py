"""Street, district and landmark words per market, as (native script, Latin) pairs."""

from __future__ import annotations

from dataclasses import dataclass

Word = tuple[str, str]


@dataclass(frozen=True, slots=True)
class AddressWords:
    streets: tuple[Word, ...]
    districts: tuple[Word, ...]
    landmark_names: tuple[Word, ...]
    native_landmarks: tuple[str, ...]  # templates with {name}
    latin_landmarks: tuple[str, ...]
    national_address: bool  # Saudi "building number + street" with a 4-digit additional number


_ARABIC_LANDMARKS = (
    "بجوار مسجد {name}",
    "مقابل صيدلية {name}",
    "خلف مدرسة {name}",
    "قرب دوار {name}",
    "بجانب سوبرماركت {name}",
)
_LATIN_LANDMARKS = (
    "Near {name} mosque",
    "Opposite {name} pharmacy",
    "Behind {name} school",
    "Close to {name} roundabout",
    "Next to {name} supermarket",
)

WORDS: dict[str, AddressWords] = {
    "SA": AddressWords(
        streets=(
            ("شارع الملك فهد", "King Fahd Rd"), ("شارع الأمير سلطان", "Prince Sultan St"),
            ("طريق الملك عبدالعزيز", "King Abdulaziz Rd"), ("شارع التحلية", "Tahlia St"),
            ("شارع العليا", "Olaya St"), ("شارع الستين", "Al Sitteen St"),
            ("شارع عمر بن الخطاب", "Omar Ibn Al Khattab St"), ("طريق أبو بكر الصديق", "Abu Bakr Al Siddiq Rd"),
            ("شارع الجامعة", "University St"), ("شارع الخليج", "Al Khaleej St"),
            ("شارع الملك خالد", "King Khalid St"), ("شارع الأربعين", "Al Arbaeen St"),
        ),
        districts=(
            ("حي الملقا", "Al Malqa"), ("حي النرجس", "Al Narjis"), ("حي الياسمين", "Al Yasmin"),
            ("حي العليا", "Al Olaya"), ("حي السليمانية", "Al Sulimaniyah"), ("حي الروضة", "Al Rawdah"),
            ("حي النسيم", "Al Naseem"), ("حي الشفا", "Al Shifa"), ("حي الصفا", "Al Safa"),
            ("حي المروة", "Al Marwah"), ("حي الفيصلية", "Al Faisaliyah"), ("حي الربوة", "Al Rabwah"),
            ("حي العزيزية", "Al Aziziyah"), ("حي الخالدية", "Al Khalidiyah"), ("حي النزهة", "Al Nuzha"),
        ),
        landmark_names=(
            ("الراجحي", "Al Rajhi"), ("النهدي", "Nahdi"), ("العثيم", "Othaim"), ("الدانوب", "Danube"),
            ("التميمي", "Tamimi"), ("الملك خالد", "King Khalid"),
        ),
        native_landmarks=_ARABIC_LANDMARKS,
        latin_landmarks=_LATIN_LANDMARKS,
        national_address=True,
    ),
    "AE": AddressWords(
        streets=(
            ("شارع الشيخ زايد", "Sheikh Zayed Rd"), ("شارع الوصل", "Al Wasl Rd"), ("شارع الخليج", "Al Khaleej St"),
            ("شارع الاتحاد", "Al Ittihad Rd"), ("شارع حمدان", "Hamdan St"), ("شارع المطار", "Airport Rd"),
            ("شارع الكرامة", "Al Karama St"), ("شارع الشيخ محمد بن زايد", "Sheikh Mohammed Bin Zayed Rd"),
        ),
        districts=(
            ("البرشاء", "Al Barsha"), ("ديرة", "Deira"), ("القصيص", "Al Qusais"), ("الكرامة", "Al Karama"),
            ("جميرا", "Jumeirah"), ("الخالدية", "Al Khalidiyah"), ("النهدة", "Al Nahda"), ("المجاز", "Al Majaz"),
            ("الراشدية", "Al Rashidiya"), ("مردف", "Mirdif"), ("الرقة", "Al Rigga"), ("الممزر", "Al Mamzar"),
        ),
        landmark_names=(("لولو", "Lulu"), ("كارفور", "Carrefour"), ("أسترال", "Aster"), ("الفطيم", "Al Futtaim")),
        native_landmarks=_ARABIC_LANDMARKS,
        latin_landmarks=_LATIN_LANDMARKS,
        national_address=False,
    ),
    "EG": AddressWords(
        streets=(
            ("شارع التحرير", "Tahrir St"), ("شارع الهرم", "Al Haram St"),
            ("شارع جامعة الدول العربية", "Gameat El Dewal St"), ("شارع مصطفى النحاس", "Mostafa El Nahas St"),
            ("شارع عباس العقاد", "Abbas El Akkad St"), ("شارع فيصل", "Faisal St"), ("شارع الجيش", "El Geish St"),
            ("شارع بورسعيد", "Port Said St"), ("شارع رمسيس", "Ramses St"), ("طريق الكورنيش", "Corniche Rd"),
        ),
        districts=(
            ("مدينة نصر", "Nasr City"), ("مصر الجديدة", "Heliopolis"), ("المعادي", "Maadi"), ("الدقي", "Dokki"),
            ("المهندسين", "Mohandessin"), ("شبرا", "Shubra"), ("حدائق الأهرام", "Hadayek El Ahram"),
            ("سموحة", "Smouha"), ("سيدي جابر", "Sidi Gaber"), ("التجمع الخامس", "Fifth Settlement"),
            ("العجوزة", "Agouza"),
        ),
        landmark_names=(("السلام", "El Salam"), ("النور", "El Nour"), ("سيف", "Seif"), ("العزبي", "El Ezaby")),
        native_landmarks=_ARABIC_LANDMARKS,
        latin_landmarks=_LATIN_LANDMARKS,
        national_address=False,
    ),
    "MA": AddressWords(
        streets=(
            ("شارع محمد الخامس", "Boulevard Mohammed V"), ("شارع الحسن الثاني", "Avenue Hassan II"),
            ("زنقة ابن بطوطة", "Rue Ibn Batouta"), ("شارع الزرقطوني", "Boulevard Zerktouni"),
            ("شارع القوات المسلحة الملكية", "Avenue des FAR"), ("زنقة علال بن عبد الله", "Rue Allal Ben Abdellah"),
            ("شارع أنفا", "Boulevard d'Anfa"), ("شارع الجيش الملكي", "Avenue de l'Armée Royale"),
        ),
        districts=(
            ("المعاريف", "Maârif"), ("حي الرياض", "Hay Riad"), ("أكدال", "Agdal"), ("سيدي مومن", "Sidi Moumen"),
            ("عين الشق", "Aïn Chock"), ("الحي المحمدي", "Hay Mohammadi"), ("جليز", "Guéliz"),
            ("بوركون", "Bourgogne"), ("الألفة", "Oulfa"), ("حي السلام", "Hay Salam"),
        ),
        landmark_names=(("مرجان", "Marjane"), ("الحسن الثاني", "Hassan II"), ("أسواق السلام", "Aswak Assalam")),
        native_landmarks=_ARABIC_LANDMARKS,
        latin_landmarks=(
            "Près de la mosquée {name}",
            "En face de la pharmacie {name}",
            "Derrière l'école {name}",
            "À côté de {name}",
        ),
        national_address=False,
    ),
    "IN": AddressWords(
        streets=tuple(
            (street, street)
            for street in (
                "MG Road", "Station Road", "Link Road", "SV Road", "Nehru Road", "Ring Road", "LBS Marg",
                "Linking Road", "Civil Lines Road", "Gandhi Nagar Main Road",
            )
        ),
        districts=tuple(
            (locality, locality)
            for locality in (
                "Andheri West", "Koramangala", "Salt Lake", "Gomti Nagar", "Banjara Hills", "Kothrud",
                "Navrangpura", "Alkapuri", "Boring Road", "Vijay Nagar", "Indiranagar", "Karol Bagh",
            )
        ),
        landmark_names=tuple((name, name) for name in ("Hanuman", "Apollo", "DAV", "Reliance", "City Centre")),
        native_landmarks=(),
        latin_landmarks=(
            "Near {name} Temple",
            "Opp. {name} Pharmacy",
            "Behind {name} Public School",
            "Next to {name} Mall",
        ),
        national_address=False,
    ),
}  # fmt: skip

PLACEHOLDER_LINES: tuple[str, ...] = (
    "test",
    ".",
    "-",
    "na",
    "123",
    "xxx",
    "home",
    "same",
    "0",
    "عنوان",
    "لا يوجد",
    "البيت",
    "...",
)
