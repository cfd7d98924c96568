"""The buyer's tracking page: /t/<store>/<tracking-or-order>/."""

from django.urls import URLPattern, path

from wasl.portal import views_tracking

app_name = "tracking"

PAGE = "<slug:store_slug>/<str:ref>/"

urlpatterns: list[URLPattern] = [
    path(PAGE, views_tracking.tracking_page_view, name="page"),
    path(PAGE + "unlock/", views_tracking.tracking_unlock_view, name="unlock"),
    path(PAGE + "reschedule/", views_tracking.tracking_reschedule_view, name="reschedule"),
    path(PAGE + "address/", views_tracking.tracking_address_view, name="address"),
    path(PAGE + "problem/", views_tracking.tracking_problem_view, name="problem"),
]
