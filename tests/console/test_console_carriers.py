"""The carriers pages: members only, scorecards, rate cards (new version, retire, import, export), settings."""

from __future__ import annotations

from datetime import date

import pytest
from console_helpers import PASSWORD, member
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from wasl.shipping.promises_models import CarrierLaneStat, PromiseSettings
from wasl.shipping.rates_models import RateCard

pytestmark = pytest.mark.django_db

CARD_POST = {
    "carrier": "aramex",
    "effective_from": "2026-01-01",
    "zones": "local, city, Riyadh\nrest, any",
    "slabs": "local, 0.5, 18\nlocal, 2, 24.5\nrest, 1, 27.5",
    "cod_fee_flat": "5",
    "cod_fee_percent": "1.5",
    "cod_fee_min": "7",
    "rto_charge": "20",
    "reverse_pickup": "25",
    "extra_per_kg": "0",
    "note": "",
}


@pytest.fixture
def signed_in(client, store):  # type: ignore[no-untyped-def]
    member(store, "manager", "manager")
    client.login(username="manager", password=PASSWORD)
    return client


def _url(name: str, store, *args: object) -> str:  # type: ignore[no-untyped-def]
    return reverse(f"console:{name}", args=[store.slug, *args])


def test_given_someone_of_another_store_when_they_open_carriers_then_it_is_not_found(
    client, store, other_store
) -> None:
    member(other_store, "outsider")
    client.login(username="outsider", password=PASSWORD)
    assert client.get(_url("carriers", store)).status_code == 404


def test_given_figures_when_the_page_is_opened_in_french_then_scorecards_show_with_rates(
    signed_in, store
) -> None:
    CarrierLaneStat.objects.create(
        store=store,
        carrier="smsa",
        scope="all",
        samples=80,
        days_median=2,
        days_p80=3,
        settled=100,
        delivered=80,
        rto=15,
        with_ndr=11,
        promised=80,
        on_time=72,
        computed_at=timezone.now(),
    )
    CarrierLaneStat.objects.create(
        store=store,
        carrier="smsa",
        scope="region:makkah",
        label="Makkah",
        samples=30,
        days_median=3,
        days_p80=4,
        settled=40,
        delivered=30,
        rto=8,
        with_ndr=5,
        promised=30,
        on_time=24,
        computed_at=timezone.now(),
    )
    signed_in.cookies["django_language"] = "fr"
    page = signed_in.get(_url("carriers", store))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Transporteurs" in html and "Transit (médiane / 80 %)" in html and "2 / 3 jours" in html
    assert "90%" in html and "15%" in html and "11%" in html  # smsa: on time, RTO, NDR
    assert "Makkah" in html and "80%" in html and "20%" in html  # the region: on time 24/30, RTO 8/40
    signed_in.cookies["django_language"] = "ar"
    arabic = signed_in.get(_url("carriers", store)).content.decode()
    assert 'dir="rtl"' in arabic and "بطاقات الأداء" in arabic and "2 / 3 أيام" in arabic


def test_given_the_form_when_a_card_is_saved_then_it_is_version_one_and_a_new_version_starts_from_it(
    signed_in, store
) -> None:
    saved = signed_in.post(_url("carriers_card_new", store), CARD_POST)
    card = RateCard.objects.get()
    assert saved.status_code == 302 and saved["Location"] == _url("carriers_card", store, card.pk)
    assert (
        card.version,
        card.cod_fee_percent,
        [s.max_grams for s in card.slabs.order_by("zone", "max_grams")],
    ) == (
        1,
        1.5,
        [500, 2000, 1000],
    )
    prefilled = signed_in.get(_url("carriers_card_new", store) + f"?from={card.pk}").content.decode()
    assert "local, 0.5, 18.000" in prefilled and "rest, any, " in prefilled
    signed_in.post(_url("carriers_card_new", store), {**CARD_POST, "rto_charge": "22"})
    assert list(RateCard.objects.order_by("version").values_list("version", "rto_charge")) == [
        (1, 20),
        (2, 22),
    ]
    signed_in.post(_url("carriers_card_retire", store, card.pk))
    card.refresh_from_db()
    assert card.retired_at is not None
    assert "Retired" in signed_in.get(_url("carriers_card", store, card.pk)).content.decode()


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"slabs": "local, half, 18"}, "Line 1: write zone, up to kg, price."),
        ({"zones": "local"}, "Line 1: write zone, match, value."),
        ({"slabs": "local, 0.5, 18"}, "zones without a price: rest"),
        ({"cod_fee_percent": "120"}, "100"),
        ({"carrier": "Aramex Express!"}, "carrier: lower-case letters, digits, - or _, at most 40"),
    ],
)
def test_given_a_bad_card_when_saved_then_the_form_says_why_and_nothing_is_saved(
    signed_in, store, change: dict[str, str], error: str
) -> None:
    page = signed_in.post(_url("carriers_card_new", store), {**CARD_POST, **change})
    assert page.status_code == 400
    assert error in page.content.decode()
    assert RateCard.objects.count() == 0


def test_given_a_csv_when_imported_then_cards_are_created_and_export_gives_them_back(
    signed_in, store
) -> None:
    text = "carrier,kind,zone,key,value\nsmsa,zone,all,any,\nsmsa,slab,all,1,21\nsmsa,fee,,rto,30\n"
    upload = SimpleUploadedFile("rates.csv", text.encode(), content_type="text/csv")
    done = signed_in.post(_url("carriers_import", store), {"file": upload, "effective_from": "2026-01-01"})
    assert done.status_code == 302
    assert RateCard.objects.get().effective_from == date(2026, 1, 1)
    exported = signed_in.get(_url("carriers_export", store)).content.decode()
    assert exported.splitlines()[:4] == [
        "carrier,kind,zone,key,value",
        "smsa,effective,,,2026-01-01",
        "smsa,zone,all,any,",
        "smsa,slab,all,1,21.000",
    ]
    bad = SimpleUploadedFile("rates.csv", b"carrier,kind,zone,key,value\nsmsa,slab,all,x,1\n")
    page = signed_in.post(_url("carriers_import", store), {"file": bad, "effective_from": "2026-01-01"})
    assert (
        page.status_code == 400
        and "line 2: weight (kg) &#x27;x&#x27; is not a number" in page.content.decode()
    )


def test_given_the_settings_form_when_saved_then_the_store_promises_with_them(signed_in, store) -> None:
    form = {
        "origin_city": "Riyadh",
        "working_days": "6012 35",
        "handling_days": "1",
        "default_transit_days": "3",
        "quantile": "85",
        "min_samples": "10",
        "history_days": "90",
        "default_carrier": "SMSA",
        "default_weight_grams": "800",
        "holidays_text": "2026-09-23\n2026-09-23",
    }
    assert signed_in.post(_url("carriers_settings", store), form).status_code == 302
    settings = PromiseSettings.objects.get(store=store)
    assert (settings.working_days, settings.default_carrier, settings.holidays, settings.quantile) == (
        "012356",
        "smsa",
        ["2026-09-23"],
        85,
    )
    bad = signed_in.post(_url("carriers_settings", store), {**form, "working_days": "78", "quantile": "20"})
    assert bad.status_code == 400
    assert "Use the digits 0 (Monday) to 6 (Sunday)." in bad.content.decode()
