from django.contrib import admin

from wasl.campaigns.models import Attribution, Campaign, CampaignSettings, Checkout, ProductDetails, Touch


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "store", "kind", "status", "scheduled_at", "launched_at")
    list_filter = ("status", "kind")
    search_fields = ("name",)


@admin.register(Checkout)
class CheckoutAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("external_id", "store", "source", "status", "phone", "total", "currency", "abandoned_at")
    list_filter = ("status", "source")
    search_fields = ("external_id", "token", "phone", "email")


@admin.register(Touch)
class TouchAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("kind", "store", "phone", "step", "holdout", "clicks", "created_at")
    list_filter = ("kind", "holdout")
    search_fields = ("phone",)
    raw_id_fields = ("campaign", "checkout", "payment_link", "customer", "message")


admin.site.register(CampaignSettings)
admin.site.register(Attribution)
admin.site.register(ProductDetails)
