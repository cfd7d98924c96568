"""The buyer's returns portal: /r/<store>/."""

from django.urls import URLPattern

app_name = "returns_portal"

urlpatterns: list[URLPattern] = []
