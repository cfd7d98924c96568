"""Console pages of one area, included by wasl.console.urls under the console namespace."""

from django.urls import URLPattern, path

from wasl.console import views_campaigns

CAMPAIGNS = "<slug:store_slug>/campaigns/"
CAMPAIGN = CAMPAIGNS + "<rowid:campaign_id>/"

urlpatterns: list[URLPattern] = [
    path(CAMPAIGNS, views_campaigns.campaigns_view, name="campaigns"),
    path(CAMPAIGNS + "new/", views_campaigns.campaign_new_view, name="campaign_new"),
    path(CAMPAIGNS + "carts/", views_campaigns.checkouts_view, name="campaign_checkouts"),
    path(CAMPAIGN, views_campaigns.campaign_view, name="campaign"),
    path(CAMPAIGN + "schedule/", views_campaigns.campaign_schedule_view, name="campaign_schedule"),
    path(CAMPAIGN + "cancel/", views_campaigns.campaign_cancel_view, name="campaign_cancel"),
]
