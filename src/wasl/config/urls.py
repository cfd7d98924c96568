from django.contrib import admin
from django.urls import include, path

from wasl.config.api import api
from wasl.core.views import health
from wasl.webhooks.views import inbound_webhook

urlpatterns = [
    path("healthz", health, name="health"),
    path("admin/", admin.site.urls),
    path("console/", include("wasl.console.urls")),
    path("t/", include("wasl.portal.urls_tracking")),
    path("r/", include("wasl.portal.urls_returns")),
    path("l/", include("wasl.campaigns.urls_links")),
    path("api/v1/", api.urls),
    path("webhooks/<slug:source>/<slug:store_slug>/", inbound_webhook, name="inbound-webhook"),
]
