"""Rate cards as CSV: one file holds the cards of one or more carriers, one row per zone, slab or fee.

    carrier,kind,zone,key,value
    aramex,zone,local,city,Riyadh          a destination of zone "local" (city, region, postal, country, any)
    aramex,zone,national,country,SA
    aramex,slab,local,0.5,18.00            zone "local", parcels up to 0.5 kg: 18.00
    aramex,slab,national,1,28.00
    aramex,fee,,cod_flat,5                 cod_flat, cod_percent, cod_min, rto, reverse, extra_per_kg
    aramex,effective,,,2026-01-01          optional: the day the card takes effect (else the import's day)
    aramex,note,,,Contract 2026            optional

Importing makes a new version of each carrier's card, all of them or none: the first bad row stops the import
with its line number.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction

from wasl.core.errors import Invalid
from wasl.shipping.rates_models import RateCard
from wasl.shipping.rates_services import CardSpec, SlabRule, ZoneRule, rate_card_create
from wasl.stores.models import Store

HEADER = ["carrier", "kind", "zone", "key", "value"]
FEES = {
    "cod_flat": "cod_fee_flat",
    "cod_percent": "cod_fee_percent",
    "cod_min": "cod_fee_min",
    "rto": "rto_charge",
    "reverse": "reverse_pickup",
    "extra_per_kg": "extra_per_kg",
}
MAX_BYTES = 2_000_000


def _decimal(text: str, line: int, what: str) -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise Invalid(f"line {line}: {what} {text!r} is not a number", code="invalid_number") from None
    if not value.is_finite():
        raise Invalid(f"line {line}: {what} {text!r} is not a number", code="invalid_number")
    return value


class _Draft:
    def __init__(self, carrier: str) -> None:
        self.carrier = carrier
        self.zones: list[ZoneRule] = []
        self.slabs: list[SlabRule] = []
        self.fees: dict[str, Decimal] = {}
        self.effective: date | None = None
        self.note = ""

    def spec(self, default_from: date) -> CardSpec:
        return CardSpec(
            carrier=self.carrier,
            effective_from=self.effective or default_from,
            zones=tuple(self.zones),
            slabs=tuple(self.slabs),
            note=self.note,
            **self.fees,  # type: ignore[arg-type]
        )


def parse_rate_csv(text: str) -> list[_Draft]:
    if len(text.encode()) > MAX_BYTES:
        raise Invalid(f"a rate file is at most {MAX_BYTES // 1_000_000} MB", code="file_too_large")
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip().lower() for h in next(reader, [])]
    if header != HEADER:
        raise Invalid(f"the first line must be: {','.join(HEADER)}", code="invalid_header")
    drafts: dict[str, _Draft] = {}
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(HEADER):
            raise Invalid(f"line {line}: {len(HEADER)} columns expected, got {len(row)}", code="invalid_row")
        carrier, kind, zone, key, value = (cell.strip() for cell in row)
        if not carrier:
            raise Invalid(f"line {line}: carrier is empty", code="invalid_row")
        draft = drafts.setdefault(carrier.lower(), _Draft(carrier.lower()))
        kind = kind.lower()
        if kind == "zone":
            draft.zones.append(ZoneRule(zone, key.lower(), value))
        elif kind == "slab":
            grams = _decimal(key, line, "weight (kg)") * 1000
            if grams != grams.to_integral_value() or grams <= 0:
                raise Invalid(
                    f"line {line}: weight {key!r} kg is not a whole number of grams", code="invalid_weight"
                )
            draft.slabs.append(SlabRule(zone, int(grams), _decimal(value, line, "price")))
        elif kind == "fee":
            if key.lower() not in FEES:
                raise Invalid(f"line {line}: fee must be one of {', '.join(FEES)}", code="invalid_fee")
            draft.fees[FEES[key.lower()]] = _decimal(value, line, key)
        elif kind == "effective":
            try:
                draft.effective = date.fromisoformat(value)
            except ValueError:
                raise Invalid(
                    f"line {line}: {value!r} is not a date (YYYY-MM-DD)", code="invalid_date"
                ) from None
        elif kind == "note":
            draft.note = value
        else:
            raise Invalid(
                f"line {line}: kind must be zone, slab, fee, effective or note", code="invalid_kind"
            )
    if not drafts:
        raise Invalid("the file holds no rate card", code="empty_file")
    return list(drafts.values())


@transaction.atomic
def rate_cards_import(
    *, store: Store, text: str, effective_from: date, created_by: str = ""
) -> list[RateCard]:
    """A new version of each carrier's card in the file, or none at all."""
    cards = []
    for draft in parse_rate_csv(text):
        try:
            cards.append(
                rate_card_create(store=store, spec=draft.spec(effective_from), created_by=created_by)
            )
        except Invalid as exc:
            raise Invalid(f"{draft.carrier}: {exc.message}", code=exc.code) from None
    return cards


def _kg(grams: int) -> str:
    return format(Decimal(grams) / 1000, "f").rstrip("0").rstrip(".") or "0"


def rate_card_rows(card: RateCard) -> Iterable[list[str]]:
    """The card as rows of the import format (a file written from them imports back as the same card)."""
    yield [card.carrier, "effective", "", "", card.effective_from.isoformat()]
    for zone in card.zones.order_by("id"):
        yield [card.carrier, "zone", zone.zone, zone.match, zone.value]
    for slab in card.slabs.order_by("zone", "max_grams"):
        yield [card.carrier, "slab", slab.zone, _kg(slab.max_grams), str(slab.price)]
    for key, name in FEES.items():
        yield [card.carrier, "fee", "", key, str(getattr(card, name))]
    if card.note:
        yield [card.carrier, "note", "", "", card.note]


def rate_cards_csv(cards: Iterable[RateCard]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for card in cards:
        writer.writerows(rate_card_rows(card))
    return out.getvalue()
