"""Console pages of one area, included by wasl.console.urls under the console namespace."""

from django.urls import URLPattern, path

from wasl.console import views_branding

urlpatterns: list[URLPattern] = [
    path("<slug:store_slug>/branding/", views_branding.branding_view, name="branding"),
]
