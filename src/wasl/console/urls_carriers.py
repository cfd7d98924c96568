"""Console pages of one area, included by wasl.console.urls under the console namespace."""

from django.urls import URLPattern, path

from wasl.console import views_carriers

CARRIERS = "<slug:store_slug>/carriers/"
CARDS = CARRIERS + "rate-cards/"

urlpatterns: list[URLPattern] = [
    path(CARRIERS, views_carriers.carriers_view, name="carriers"),
    path(CARRIERS + "refresh/", views_carriers.carriers_refresh_view, name="carriers_refresh"),
    path(CARRIERS + "settings/", views_carriers.promise_settings_view, name="carriers_settings"),
    path(CARDS + "new/", views_carriers.rate_card_new_view, name="carriers_card_new"),
    path(CARDS + "import/", views_carriers.rate_import_view, name="carriers_import"),
    path(CARDS + "export/", views_carriers.rate_export_view, name="carriers_export"),
    path(CARDS + "<rowid:card_id>/", views_carriers.rate_card_view, name="carriers_card"),
    path(
        CARDS + "<rowid:card_id>/retire/", views_carriers.rate_card_retire_view, name="carriers_card_retire"
    ),
]
