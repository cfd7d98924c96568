"""The words that say what part of an address a buyer wrote, in Arabic, French, English and Arabizi.

Written here as people type them; folded once at import with the scorer's own normalisation, so "عمارة" also
matches "عماره" and "près" also matches "pres". Each word maps to a bit set of the parts it stands for.
"""

from __future__ import annotations

from wasl.risk.quality.text import fold, plain

BUILDING = 1  # building, house, villa, flat: the number after it is the door the courier looks for
STREET = 2
DISTRICT = 4
LANDMARK = 8
PO_BOX = 16  # a post office box: not a place a courier can deliver to
POSTAL_MARK = 32  # "postal code", "PIN": the number after it is a postal code
NUMBER_MARK = 64  # "no", "رقم": a filler between a part's name and its number

_WORDS: dict[int, str] = {
    BUILDING: """
        عمارة مبنى بناية بنايه فيلا فيلة فله شقة منزل بيت دور طابق برج عماره مبني ڤيلا
        building bldg bld bldng flat flt apt apartment apartments villa house hse plot floor flr tower unit suite
        door gate room
        immeuble imm appt appart appartement app etage maison porte bloc batiment
        emara 3emara 3imara imara 3mara binaya shaqa sha2a sha2a shaa2a shi2a manzel manzil dor villa beit bait
    """,
    STREET: """
        شارع طريق زنقة درب جادة سكة ممر زقاق حارة ش شارغ
        street st str road rd avenue ave av lane ln marg path way highway hwy boulevard blvd cross main
        rue route rte chemin allee impasse bd bvd
        share3 shar3 shari3 sharia shareh sharie charia chari3 cheri3 tariq tare2 tari2 tarik znqa zn9a zenqa zanqa
        zankat derb 7ara hara sekka
    """,
    DISTRICT: """
        حي منطقة قطعة بلوك مجمع ضاحية مخطط مدينة قرية حارة تجمع مربع كمبوند
        district dist area block blk sector sec phase colony nagar layout society locality compound community
        cluster estate extension ext village vill town complex enclave quarter neighbourhood neighborhood
        quartier qrt cite residence lotissement lot douar secteur zone hay
        7ay 7ai hai mantiqa mante2a mantaqa manti2a kompound
    """,
    LANDMARK: """
        بجوار بجانب جنب جانب قرب قريب بالقرب مقابل قبالة خلف وراء ورا امام قدام عند جوار مجاور حدا حدى بعد قبل
        near nr opp opposite behind beside besides next landmark lm facing adjacent across
        pres proche face derriere cote devant repere
        ganb gamb jamb janb 2odam odam oddam wara warah 9rib qrib qurb mo2abel mo2abl moqabel moqabil mqabel
        bgwar bejwar gwar jwar hda 7da 9bala qbala
    """,
    PO_BOX: """
        pobox postbox bp
    """,
    POSTAL_MARK: """
        pin pincode zip zipcode postcode postal cp البريدي
    """,
    NUMBER_MARK: """
        رقم no num nr numero n
    """,
}

KIND: dict[str, int] = {}
for _kind, _text in _WORDS.items():
    for _word in _text.split():
        folded = fold(_word)
        KIND[folded] = KIND.get(folded, 0) | _kind

# Two words that mean one thing: (first, second) -> kind. "ص.ب" and "P.O. Box" arrive as two or three tokens.
PAIRS: dict[tuple[str, str], int] = {
    (fold(first), fold(second)): kind
    for first, second, kind in (
        ("ص", "ب", PO_BOX),
        ("po", "box", PO_BOX),
        ("o", "box", PO_BOX),
        ("post", "box", PO_BOX),
        ("boite", "postale", PO_BOX),
        ("صندوق", "بريد", PO_BOX),
        ("الرمز", "البريدي", POSTAL_MARK),
        ("رمز", "بريدي", POSTAL_MARK),
        ("code", "postal", POSTAL_MARK),
        ("postal", "code", POSTAL_MARK),
        ("h", "no", BUILDING),
        ("next", "to", LANDMARK),
        ("close", "to", LANDMARK),
        ("in", "front", LANDMARK),
        ("en", "face", LANDMARK),
        ("a", "cote", LANDMARK),
        ("pres", "de", LANDMARK),
        ("vis", "a", LANDMARK),
    )
}

PAIR_FIRSTS: frozenset[str] = frozenset(first for first, _second in PAIRS)

# Arabic words carry their article and one-letter conjunctions/prepositions glued on: "والشارع", "بجوار", "للمسجد".
ARABIC_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ف", "ل")


def kind_of(token: str) -> int:
    kind = KIND.get(token, 0)
    if kind or len(token) < 3 or not "\u0600" <= token[0] <= "\u06ff":
        return kind
    for prefix in ARABIC_PREFIXES:
        if token.startswith(prefix) and len(token) - len(prefix) >= 2:
            kind = KIND.get(token[len(prefix) :], 0)
            if kind:
                return kind
    return 0


# Whole lines that say nothing about a place, compared after folding (punctuation gone, so "N/A" is "n a").
PLACEHOLDER_LINES: frozenset[str] = frozenset(
    plain(line)
    for line in """
        test|testing|test test|test address|address test|tester|dummy|fake|sample|example|demo
        na|n a|nil|null|none|no|nope|nothing|unknown|not available|not applicable|no address|noaddress
        same|same as above|same address|as above|home|my home|house|my house|address|my address|adress|addr
        xxx|xx|x|abc|abcd|aaa|asdf|qwerty|azerty|ok|okay|yes|hi|hello|tbd|todo|later|?|0|00|000|123|1234|12345
        لا يوجد|لايوجد|لا|لا شيء|لاشيء|ما في|مافي|مافيش|مفيش|عنوان|العنوان|عنواني|البيت|بيت|بيتي|المنزل|منزل
        اختبار|تجربة|تجربه|تست|نفس العنوان|معروف|غير معروف|مجهول|البيت البيت|الدار|داري|دار
        aucun|aucune|rien|neant|maison|domicile|chez moi|adresse|mon adresse|inconnu|pas d adresse|meme adresse
        la meme|idem
    """.replace("\n", "|").split("|")
    if line.strip()
)

# Words that alone make a line a placeholder even when repeated or combined ("test test", "xxx xxx", "na na").
PLACEHOLDER_WORDS: frozenset[str] = frozenset(
    fold(word)
    for word in [
        "test",
        "testing",
        "dummy",
        "fake",
        "sample",
        "xxx",
        "xx",
        "x",
        "na",
        "nil",
        "null",
        "none",
        "asdf",
        "qwerty",
        "azerty",
        "abc",
        "تجربة",
        "تجربه",
        "اختبار",
        "تست",
    ]
)

# Country names and their usual short forms: a line that is only "Dubai, UAE" names no place inside the city.
COUNTRY_WORDS: frozenset[str] = frozenset(
    plain(
        """
        uae emirates united arab ksa saudi arabia kingdom egypt kuwait qatar bahrain oman jordan lebanon iraq
        morocco maroc algeria algerie tunisia tunisie india
        الامارات الإمارات العربية المتحدة السعودية المملكة مصر الكويت قطر البحرين عمان الأردن لبنان العراق المغرب
        الجزائر تونس الهند
        """
    ).split()
)

# Words around a phone number written where the address should be: "اتصل على 055...", "call me 055...".
CALL_WORDS: frozenset[str] = frozenset(
    plain(
        """
        اتصل اتصلي اتصال كلمني كلموني رقم جوال موبايل هاتف تلفون واتس واتساب على علي عند الوصول
        call me on at contact phone mobile tel whatsapp please pls when arriving arrive
        appeler appelez appelle moi au sur tel telephone portable svp
        """
    ).split()
)
