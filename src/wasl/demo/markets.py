"""The markets a demo shop can sell in, as data: currency, language, cities, phones and carriers.

City `rto_shift` and `remote_days` feed the private outcome model: they make some cities refuse more parcels
and some take longer to reach, as the published city spread of COD returns says they do.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class City:
    name: str  # canonical English name, what addresses carry in `city`
    native: str  # how buyers writing in the market's script spell it
    region: str
    weight: float  # share of the shop's orders
    postal_prefixes: tuple[str, ...]  # real leading digits of the city's postal codes; () where none are used
    hub: str  # the carrier sorting hub that serves it
    remote_days: float  # extra transit days beyond the hub
    rto_shift: float  # city's pull on the odds of a return to origin


@dataclass(frozen=True, slots=True)
class Market:
    code: str  # ISO 3166-1 alpha-2 country
    currency: str
    language: str
    timezone: str
    utc_offset_minutes: int
    weekly_off_day: int  # datetime.weekday() on which carriers do not deliver
    vat_rate: Decimal  # included in prices
    price_factor: Decimal  # local price of one unit of the catalogue's reference price
    shipping_fee: Decimal
    free_shipping_from: Decimal
    phone_country_code: str
    mobile_prefixes: tuple[str, ...]  # national mobile prefixes that phonenumbers accepts in full
    subscriber_digits: int  # digits after the prefix
    postal_code_length: int
    name_pool: str  # see names.POOLS
    latin_name_share: float  # buyers writing their name in Latin script
    expat_share: float  # buyers from the expatriate pool (names in Latin script)
    cod_share: float
    channels: tuple[tuple[str, float], ...]
    carriers: tuple[tuple[str, float], ...]
    cities: tuple[City, ...]
    warehouses: tuple[str, str]  # cities of the two stock locations, main first
    store_names: tuple[tuple[str, str], ...]  # (name in the store language, slug)

    def city(self, name: str) -> City:
        return next(city for city in self.cities if city.name == name)


_SA_CITIES = (
    City("Riyadh", "الرياض", "Riyadh", 0.26, ("11", "12", "13", "14"), "Riyadh", 0.0, -0.10),
    City("Jeddah", "جدة", "Makkah", 0.19, ("21", "22", "23"), "Jeddah", 0.3, 0.0),
    City("Dammam", "الدمام", "Eastern Province", 0.08, ("31", "32"), "Dammam", 0.3, -0.60),
    City("Mecca", "مكة المكرمة", "Makkah", 0.06, ("24",), "Jeddah", 0.5, 0.05),
    City("Medina", "المدينة المنورة", "Madinah", 0.06, ("41", "42"), "Jeddah", 0.8, -0.05),
    City("Al Khobar", "الخبر", "Eastern Province", 0.04, ("34",), "Dammam", 0.4, -0.60),
    City("Taif", "الطائف", "Makkah", 0.04, ("26",), "Jeddah", 0.7, 0.05),
    City("Al Ahsa", "الأحساء", "Eastern Province", 0.03, ("36",), "Dammam", 0.7, -0.10),
    City("Buraidah", "بريدة", "Qassim", 0.03, ("51", "52"), "Riyadh", 0.8, -0.20),
    City("Tabuk", "تبوك", "Tabuk", 0.03, ("47",), "Jeddah", 1.4, -0.15),
    City("Abha", "أبها", "Asir", 0.03, ("61", "62"), "Abha", 0.6, -0.05),
    City("Khamis Mushait", "خميس مشيط", "Asir", 0.03, ("62",), "Abha", 0.8, 0.0),
    City("Hail", "حائل", "Hail", 0.025, ("55",), "Riyadh", 1.2, 0.05),
    City("Jazan", "جازان", "Jazan", 0.03, ("45",), "Abha", 1.6, -0.05),
    City("Najran", "نجران", "Najran", 0.025, ("66",), "Abha", 1.7, 0.05),
    City("Jubail", "الجبيل", "Eastern Province", 0.02, ("35",), "Dammam", 0.6, -0.25),
)

_AE_CITIES = (
    City("Dubai", "دبي", "Dubai", 0.38, (), "Dubai", 0.0, -0.10),
    City("Abu Dhabi", "أبوظبي", "Abu Dhabi", 0.20, (), "Abu Dhabi", 0.2, -0.25),
    City("Sharjah", "الشارقة", "Sharjah", 0.18, (), "Dubai", 0.2, 0.10),
    City("Ajman", "عجمان", "Ajman", 0.07, (), "Dubai", 0.3, 0.20),
    City("Al Ain", "العين", "Abu Dhabi", 0.06, (), "Abu Dhabi", 0.6, -0.05),
    City("Ras Al Khaimah", "رأس الخيمة", "Ras Al Khaimah", 0.05, (), "Dubai", 0.7, 0.10),
    City("Fujairah", "الفجيرة", "Fujairah", 0.03, (), "Dubai", 0.9, 0.15),
    City("Umm Al Quwain", "أم القيوين", "Umm Al Quwain", 0.03, (), "Dubai", 0.6, 0.15),
)

_EG_CITIES = (
    City("Cairo", "القاهرة", "Cairo", 0.30, ("11",), "Cairo", 0.0, -0.15),
    City("Giza", "الجيزة", "Giza", 0.15, ("12",), "Cairo", 0.2, -0.05),
    City("Alexandria", "الإسكندرية", "Alexandria", 0.14, ("21",), "Alexandria", 0.3, -0.20),
    City("Mansoura", "المنصورة", "Dakahlia", 0.06, ("35",), "Cairo", 0.7, -0.05),
    City("Tanta", "طنطا", "Gharbia", 0.05, ("31",), "Cairo", 0.6, -0.05),
    City("Zagazig", "الزقازيق", "Sharqia", 0.04, ("44",), "Cairo", 0.6, 0.00),
    City("Ismailia", "الإسماعيلية", "Ismailia", 0.03, ("41",), "Cairo", 0.7, -0.15),
    City("Port Said", "بورسعيد", "Port Said", 0.03, ("42",), "Cairo", 0.8, -0.30),
    City("Suez", "السويس", "Suez", 0.03, ("43",), "Cairo", 0.7, -0.10),
    City("Minya", "المنيا", "Minya", 0.04, ("61",), "Assiut", 1.2, 0.05),
    City("Assiut", "أسيوط", "Assiut", 0.04, ("71",), "Assiut", 1.0, 0.05),
    City("Sohag", "سوهاج", "Sohag", 0.03, ("82",), "Assiut", 1.4, 0.10),
    City("Luxor", "الأقصر", "Luxor", 0.02, ("85",), "Assiut", 1.6, -0.10),
    City("Aswan", "أسوان", "Aswan", 0.02, ("81",), "Assiut", 1.8, -0.10),
    City("Hurghada", "الغردقة", "Red Sea", 0.02, ("84",), "Cairo", 1.5, -0.10),
)

_MA_CITIES = (
    City("Casablanca", "الدار البيضاء", "Casablanca-Settat", 0.30, ("20",), "Casablanca", 0.0, -0.25),
    City("Rabat", "الرباط", "Rabat-Salé-Kénitra", 0.11, ("10",), "Casablanca", 0.3, -0.45),
    City("Salé", "سلا", "Rabat-Salé-Kénitra", 0.06, ("11",), "Casablanca", 0.4, -0.10),
    City("Marrakech", "مراكش", "Marrakech-Safi", 0.10, ("40",), "Marrakech", 0.3, -0.15),
    City("Fès", "فاس", "Fès-Meknès", 0.08, ("30",), "Fès", 0.4, -0.10),
    City("Tanger", "طنجة", "Tanger-Tétouan-Al Hoceïma", 0.08, ("90",), "Tanger", 0.3, -0.20),
    City("Agadir", "أكادير", "Souss-Massa", 0.06, ("80",), "Marrakech", 0.9, -0.10),
    City("Meknès", "مكناس", "Fès-Meknès", 0.05, ("50",), "Fès", 0.6, -0.05),
    City("Oujda", "وجدة", "Oriental", 0.05, ("60",), "Fès", 1.3, 0.05),
    City("Kénitra", "القنيطرة", "Rabat-Salé-Kénitra", 0.05, ("14",), "Casablanca", 0.5, -0.10),
    City("Tétouan", "تطوان", "Tanger-Tétouan-Al Hoceïma", 0.03, ("93",), "Tanger", 0.7, 0.00),
    City("El Jadida", "الجديدة", "Casablanca-Settat", 0.03, ("24",), "Casablanca", 0.5, -0.15),
)

_IN_CITIES = (
    City("Mumbai", "Mumbai", "Maharashtra", 0.14, ("400",), "Mumbai", 0.0, -0.25),
    City("Delhi", "Delhi", "Delhi", 0.14, ("110",), "Delhi", 0.3, -0.15),
    City("Bengaluru", "Bengaluru", "Karnataka", 0.11, ("560",), "Bengaluru", 0.5, -0.35),
    City("Hyderabad", "Hyderabad", "Telangana", 0.08, ("500",), "Bengaluru", 0.6, -0.30),
    City("Chennai", "Chennai", "Tamil Nadu", 0.07, ("600",), "Bengaluru", 0.6, -0.40),
    City("Kolkata", "Kolkata", "West Bengal", 0.07, ("700",), "Kolkata", 1.0, 0.05),
    City("Pune", "Pune", "Maharashtra", 0.06, ("411",), "Mumbai", 0.3, -0.30),
    City("Ahmedabad", "Ahmedabad", "Gujarat", 0.05, ("380",), "Mumbai", 0.5, -0.35),
    City("Surat", "Surat", "Gujarat", 0.04, ("395",), "Mumbai", 0.5, -0.25),
    City("Vadodara", "Vadodara", "Gujarat", 0.04, ("390",), "Mumbai", 0.6, -0.70),
    City("Jaipur", "Jaipur", "Rajasthan", 0.04, ("302",), "Delhi", 0.6, -0.05),
    City("Lucknow", "Lucknow", "Uttar Pradesh", 0.04, ("226",), "Delhi", 0.8, 0.00),
    City("Patna", "Patna", "Bihar", 0.04, ("800",), "Kolkata", 1.3, 0.20),
    City("Indore", "Indore", "Madhya Pradesh", 0.03, ("452",), "Mumbai", 0.9, -0.15),
    City("Bhopal", "Bhopal", "Madhya Pradesh", 0.03, ("462",), "Delhi", 1.0, -0.05),
    City("Guwahati", "Guwahati", "Assam", 0.02, ("781",), "Kolkata", 1.8, 0.05),
)

_ARAB_CHANNELS = (("shopify", 0.34), ("woocommerce", 0.38), ("api", 0.28))

MARKETS: dict[str, Market] = {
    "SA": Market(
        code="SA",
        currency="SAR",
        language="ar",
        timezone="Asia/Riyadh",
        utc_offset_minutes=180,
        weekly_off_day=4,
        vat_rate=Decimal("0.15"),
        price_factor=Decimal("1"),
        shipping_fee=Decimal("25"),
        free_shipping_from=Decimal("300"),
        phone_country_code="966",
        mobile_prefixes=("50", "53", "54", "55", "56", "58", "59"),
        subscriber_digits=7,
        postal_code_length=5,
        name_pool="gulf",
        latin_name_share=0.14,
        expat_share=0.06,
        cod_share=0.63,
        channels=(("salla", 0.46), ("shopify", 0.24), ("woocommerce", 0.18), ("api", 0.12)),
        carriers=(("smsa", 0.40), ("aramex", 0.35), ("generic", 0.25)),
        cities=_SA_CITIES,
        warehouses=("Riyadh", "Jeddah"),
        store_names=(("نخلة", "nakhla"), ("بيت العود", "bait-aloud"), ("سوق الورد", "souq-alward")),
    ),
    "AE": Market(
        code="AE",
        currency="AED",
        language="ar",
        timezone="Asia/Dubai",
        utc_offset_minutes=240,
        weekly_off_day=6,
        vat_rate=Decimal("0.05"),
        price_factor=Decimal("1"),
        shipping_fee=Decimal("20"),
        free_shipping_from=Decimal("250"),
        phone_country_code="971",
        mobile_prefixes=("50", "52", "54", "55", "56", "58"),
        subscriber_digits=7,
        postal_code_length=0,
        name_pool="emirati",
        latin_name_share=0.25,
        expat_share=0.30,
        cod_share=0.61,
        channels=_ARAB_CHANNELS,
        carriers=(("aramex", 0.50), ("smsa", 0.20), ("generic", 0.30)),
        cities=_AE_CITIES,
        warehouses=("Dubai", "Abu Dhabi"),
        store_names=(("لؤلؤة الخليج", "gulf-pearl"), ("دار المسك", "dar-almisk")),
    ),
    "EG": Market(
        code="EG",
        currency="EGP",
        language="ar",
        timezone="Africa/Cairo",
        utc_offset_minutes=120,
        weekly_off_day=4,
        vat_rate=Decimal("0.14"),
        price_factor=Decimal("12"),
        shipping_fee=Decimal("60"),
        free_shipping_from=Decimal("1500"),
        phone_country_code="20",
        mobile_prefixes=("10", "11", "12", "15"),
        subscriber_digits=8,
        postal_code_length=5,
        name_pool="egyptian",
        latin_name_share=0.12,
        expat_share=0.0,
        cod_share=0.65,
        channels=_ARAB_CHANNELS,
        carriers=(("aramex", 0.45), ("smsa", 0.15), ("generic", 0.40)),
        cities=_EG_CITIES,
        warehouses=("Cairo", "Alexandria"),
        store_names=(("نيل ستور", "nile-store"), ("بيت القطن", "bait-alqoton")),
    ),
    "MA": Market(
        code="MA",
        currency="MAD",
        language="fr",
        timezone="Africa/Casablanca",
        utc_offset_minutes=60,
        weekly_off_day=6,
        vat_rate=Decimal("0.20"),
        price_factor=Decimal("2.5"),
        shipping_fee=Decimal("35"),
        free_shipping_from=Decimal("500"),
        phone_country_code="212",
        mobile_prefixes=("61", "62", "63", "64", "65", "66", "67", "69", "70", "71", "77", "78"),
        subscriber_digits=7,
        postal_code_length=5,
        name_pool="maghrebi",
        latin_name_share=0.45,
        expat_share=0.0,
        cod_share=0.64,
        channels=_ARAB_CHANNELS,
        carriers=(("generic", 0.55), ("aramex", 0.30), ("smsa", 0.15)),
        cities=_MA_CITIES,
        warehouses=("Casablanca", "Tanger"),
        store_names=(("Atlas Boutique", "atlas-boutique"), ("Dar Zellige", "dar-zellige")),
    ),
    "IN": Market(
        code="IN",
        currency="INR",
        language="en",
        timezone="Asia/Kolkata",
        utc_offset_minutes=330,
        weekly_off_day=6,
        vat_rate=Decimal("0.18"),
        price_factor=Decimal("22"),
        shipping_fee=Decimal("79"),
        free_shipping_from=Decimal("999"),
        phone_country_code="91",
        mobile_prefixes=("70", "72", "74", "84", "85", "90", "91", "93", "94", "95", "96", "97", "98", "99"),
        subscriber_digits=8,
        postal_code_length=6,
        name_pool="indian",
        latin_name_share=1.0,
        expat_share=0.0,
        cod_share=0.63,
        channels=(("shopify", 0.55), ("woocommerce", 0.27), ("api", 0.18)),
        carriers=(("delhivery", 0.50), ("generic", 0.30), ("aramex", 0.10), ("smsa", 0.10)),
        cities=_IN_CITIES,
        warehouses=("Mumbai", "Delhi"),
        store_names=(("Kesari Crafts", "kesari-crafts"), ("Chai & Cotton", "chai-and-cotton")),
    ),
}


def market_for(code: str) -> Market:
    try:
        return MARKETS[code.upper()]
    except KeyError:
        known = ", ".join(sorted(MARKETS))
        raise ValueError(f"no demo market {code!r}; known markets: {known}") from None
