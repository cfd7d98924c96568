"""Console pages of one area, included by wasl.console.urls under the console namespace."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
