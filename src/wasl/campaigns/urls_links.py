"""Short tracked links in campaign and reminder messages: /l/<code>/."""

from django.urls import path

from wasl.campaigns.links import link_redirect

app_name = "links"

urlpatterns = [path("<str:code>/", link_redirect, name="redirect")]
