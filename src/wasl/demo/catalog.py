"""A shop's catalogue: products with variants, prices in the market's currency, and stock in two locations."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from wasl.demo.markets import Market
from wasl.demo.sampling import Weighted
from wasl.demo.types import DemoProduct, DemoVariant, StockLocation
from wasl.orders.types import LineData

PRODUCT_COUNT = 260
IMAGE_ROOT = "/static/wasl/demo/products"
_IMAGES_PER_CATEGORY = 4
_CATALOGUE_SALT = 0xCA7

Text = tuple[str, str, str]  # ar, fr, en
_LANGUAGE_INDEX = {"ar": 0, "fr": 1, "en": 2}


@dataclass(frozen=True, slots=True)
class Category:
    slug: str
    code: str
    share: float
    price_range: tuple[int, int]  # reference price, in SAR
    nouns: tuple[Text, ...]
    options: tuple[Text, ...]  # () for products sold in one variant
    return_weight: float  # how much more often than average buyers send it back


_SIZES = tuple((size, size, size) for size in ("S", "M", "L", "XL"))
_SHOE_SIZES = tuple((str(size), str(size), str(size)) for size in range(38, 45))
_VOLUMES = (("50 مل", "50 ml", "50 ml"), ("100 مل", "100 ml", "100 ml"))
_COLOURS = (
    ("أسود", "Noir", "Black"),
    ("أبيض", "Blanc", "White"),
    ("بيج", "Beige", "Beige"),
    ("كحلي", "Bleu marine", "Navy"),
    ("وردي", "Rose", "Pink"),
)

CATEGORIES: tuple[Category, ...] = (
    Category(
        "apparel",
        "APP",
        0.30,
        (79, 449),
        (
            ("عباية", "Abaya", "Abaya"),
            ("ثوب", "Thobe", "Thobe"),
            ("فستان", "Robe", "Dress"),
            ("قميص", "Chemise", "Shirt"),
            ("جلابية", "Djellaba", "Jalabiya"),
            ("هودي", "Sweat à capuche", "Hoodie"),
        ),
        _SIZES,
        1.7,
    ),
    Category(
        "footwear",
        "FTW",
        0.12,
        (119, 499),
        (
            ("حذاء رياضي", "Baskets", "Sneakers"),
            ("صندل", "Sandales", "Sandals"),
            ("حذاء كعب", "Escarpins", "Heels"),
        ),
        _SHOE_SIZES,
        1.6,
    ),
    Category(
        "fragrance",
        "FRG",
        0.16,
        (59, 599),
        (
            ("دهن عود", "Huile de oud", "Oud oil"),
            ("عطر", "Parfum", "Perfume"),
            ("بخور", "Bakhour", "Bakhoor"),
            ("معطر مفارش", "Parfum de linge", "Linen spray"),
        ),
        _VOLUMES,
        0.4,
    ),
    Category(
        "beauty",
        "BTY",
        0.12,
        (29, 189),
        (
            ("سيروم", "Sérum", "Serum"),
            ("أحمر شفاه", "Rouge à lèvres", "Lipstick"),
            ("كريم", "Crème", "Cream"),
            ("زيت شعر", "Huile capillaire", "Hair oil"),
        ),
        (),
        0.5,
    ),
    Category(
        "electronics",
        "ELC",
        0.12,
        (39, 699),
        (
            ("سماعات لاسلكية", "Écouteurs sans fil", "Wireless earbuds"),
            ("شاحن سريع", "Chargeur rapide", "Fast charger"),
            ("باور بانك", "Batterie externe", "Power bank"),
            ("ساعة ذكية", "Montre connectée", "Smartwatch"),
        ),
        _COLOURS[:3],
        0.9,
    ),
    Category(
        "home",
        "HOM",
        0.10,
        (49, 349),
        (
            ("سجادة صلاة", "Tapis de prière", "Prayer mat"),
            ("دلة قهوة", "Cafetière dallah", "Coffee dallah"),
            ("مبخرة", "Encensoir", "Incense burner"),
            ("وسادة", "Coussin", "Cushion"),
        ),
        (),
        0.6,
    ),
    Category(
        "kids",
        "KID",
        0.08,
        (39, 199),
        (
            ("لعبة تركيب", "Jeu de construction", "Building set"),
            ("حقيبة مدرسية", "Cartable", "School bag"),
            ("طقم أطفال", "Ensemble enfant", "Kids outfit"),
        ),
        (),
        0.8,
    ),
)

# Product lines carry a model name so the Arabic titles need no gendered adjective.
_MODEL_NAMES: tuple[Text, ...] = (
    ("ليان", "Layan", "Layan"),
    ("سدرة", "Sidra", "Sidra"),
    ("نجد", "Najd", "Najd"),
    ("ريم", "Reem", "Reem"),
    ("ورد", "Ward", "Ward"),
    ("أصيل", "Aseel", "Aseel"),
    ("سما", "Sama", "Sama"),
    ("لؤلؤة", "Loulwa", "Loulwa"),
    ("غيم", "Ghaim", "Ghaim"),
    ("نور", "Nour", "Nour"),
    ("جود", "Joud", "Joud"),
    ("مسك", "Misk", "Misk"),
)


@dataclass(frozen=True, slots=True)
class Catalogue:
    products: tuple[DemoProduct, ...]
    locations: tuple[StockLocation, ...]
    popularity: Weighted[tuple[DemoProduct, DemoVariant]]  # what buyers pick, best sellers first
    return_weight: dict[str, float]  # by category slug
    _lines: dict[tuple[str, int], LineData] = field(default_factory=dict, repr=False, compare=False)

    def line(self, product: DemoProduct, variant: DemoVariant, quantity: int) -> LineData:
        """The order line for `quantity` of a variant; lines are immutable, so each is made once."""
        key = (variant.sku, quantity)
        made = self._lines.get(key)
        if made is None:
            made = LineData(
                sku=variant.sku,
                name=variant.name,
                quantity=quantity,
                unit_price=variant.price,
                product_external_id=product.external_id,
                variant_external_id=variant.sku,
                category=product.category,
                image_url=product.image_url,
            )
            self._lines[key] = made
        return made


def build_catalogue(*, seed: int, market: Market) -> Catalogue:
    rng = random.Random(seed * 0x1_0000 + _CATALOGUE_SALT)
    language = _LANGUAGE_INDEX[market.language]
    locations = tuple(
        StockLocation(code=f"LOC{number}", name=f"{city} warehouse", city=city)
        for number, city in enumerate(market.warehouses, start=1)
    )
    categories = rng.choices(CATEGORIES, [category.share for category in CATEGORIES], k=PRODUCT_COUNT)
    products = tuple(
        _product(rng, number, category, market, language, locations)
        for number, category in enumerate(categories, start=1)
    )
    variants = tuple((product, variant) for product in products for variant in product.variants)
    # A few best sellers and a long tail, in a different order for every seed.
    ranks = list(range(len(products)))
    rng.shuffle(ranks)
    product_weight = {
        product.external_id: 1.0 / (rank + 4) ** 0.9 for product, rank in zip(products, ranks, strict=True)
    }
    popularity = Weighted(
        ((product, variant), product_weight[product.external_id] / len(product.variants))
        for product, variant in variants
    )
    return Catalogue(
        products=products,
        locations=locations,
        popularity=popularity,
        return_weight={category.slug: category.return_weight for category in CATEGORIES},
    )


def _product(
    rng: random.Random,
    number: int,
    category: Category,
    market: Market,
    language: int,
    locations: tuple[StockLocation, ...],
) -> DemoProduct:
    noun = rng.choice(category.nouns)[language]
    model = rng.choice(_MODEL_NAMES)[language]
    name = f"{noun} {model}"
    low, high = category.price_range
    reference = Decimal(rng.randrange(low, high + 1))
    options = _options(rng, category)
    variants = tuple(
        _variant(
            rng, f"{category.code}-{number:04d}", name, option, step, reference, market, language, locations
        )
        for step, option in enumerate(options)
    )
    image = f"{IMAGE_ROOT}/{category.slug}-{rng.randrange(_IMAGES_PER_CATEGORY) + 1}.svg"
    return DemoProduct(
        external_id=f"P{number:05d}", name=name, category=category.slug, image_url=image, variants=variants
    )


def _options(rng: random.Random, category: Category) -> tuple[Text | None, ...]:
    if not category.options:
        return (None,)
    if category.options is _VOLUMES:
        return category.options
    count = rng.randrange(2, len(category.options) + 1)
    start = rng.randrange(len(category.options) - count + 1)
    return category.options[start : start + count]


def _variant(
    rng: random.Random,
    sku_root: str,
    product_name: str,
    option: Text | None,
    step: int,
    reference: Decimal,
    market: Market,
    language: int,
    locations: tuple[StockLocation, ...],
) -> DemoVariant:
    label = option[language] if option else ""
    code = option[2].upper().replace(" ", "") if option else ""
    # Bigger bottles cost more; sizes of clothes do not.
    price = nice_price(
        reference * market.price_factor * (Decimal("1.6") ** step if option in _VOLUMES else 1)
    )
    margin = Decimal(rng.randrange(35, 62)) / 100
    stock = tuple(
        (location.code, _stock_level(rng, main=index == 0)) for index, location in enumerate(locations)
    )
    return DemoVariant(
        sku=f"{sku_root}-{code}" if code else sku_root,
        name=f"{product_name} - {label}" if label else product_name,
        option=label,
        price=price,
        unit_cost=(price * margin).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
        stock=stock,
    )


def nice_price(amount: Decimal) -> Decimal:
    """Round to a shelf price: 149 rather than 147.30, 1,799 rather than 1,812."""
    step = Decimal(10) if amount >= 100 else Decimal(1)
    rounded = (amount / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step
    if step == 10:
        rounded -= 1
    return rounded.quantize(Decimal("0.01"))


def _stock_level(rng: random.Random, *, main: bool) -> int:
    if rng.random() < 0.08:
        return 0
    return rng.randrange(1, 150 if main else 60)
