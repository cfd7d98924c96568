"""Console pages of one area, included by wasl.console.urls under the console namespace."""

from django.urls import path

from wasl.console import views_analytics, views_analytics_profit

STORE = "<slug:store_slug>/"

urlpatterns = [
    path(STORE + "dashboard/", views_analytics.dashboard_view, name="dashboard"),
    path(STORE + "profit/", views_analytics_profit.profit_view, name="profit"),
    path(STORE + "profit/costs/", views_analytics_profit.costs_view, name="profit_costs"),
    path(STORE + "profit/acquisition/", views_analytics_profit.acquisition_view, name="profit_acquisition"),
]
