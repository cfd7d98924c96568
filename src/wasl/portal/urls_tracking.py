"""The buyer's tracking page: /t/<store>/<tracking-or-order>/."""

from django.urls import URLPattern

app_name = "tracking"

urlpatterns: list[URLPattern] = []
