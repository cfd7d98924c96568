"""Campaigns and recovery: abandoned checkouts, the buyers each campaign or reminder reached, tracked links,
orders attributed to them, the store's settings, and product details from the shop."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from wasl.messaging.models import Message
from wasl.orders.models import Customer, Order, Product, money_field
from wasl.payments.models import PaymentLink
from wasl.stores.models import Store


class CampaignSettings(models.Model):
    """A store's choices for recovery, reminders and marketing; a store without a row uses the defaults."""

    store = models.OneToOneField(Store, on_delete=models.CASCADE, related_name="campaign_settings")
    recovery_enabled = models.BooleanField(_("abandoned cart recovery"), default=True)
    recovery_steps_h = models.JSONField(_("recovery steps (hours after the cart was left)"), default=list)
    reminders_enabled = models.BooleanField(_("payment reminders"), default=True)
    reminder_steps_h = models.JSONField(_("reminder steps (hours after the link was sent)"), default=list)
    max_marketing_per_week = models.PositiveSmallIntegerField(
        _("marketing messages per buyer per week"), default=2
    )
    daily_limit = models.PositiveIntegerField(_("marketing messages per day"), default=1000)
    attribution_window_h = models.PositiveIntegerField(_("attribution window (hours)"), default=72)
    holdout_share = models.DecimalField(_("holdout share"), max_digits=4, decimal_places=3, default=0.1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("campaign settings")
        verbose_name_plural = _("campaign settings")

    def __str__(self) -> str:
        return f"campaign settings of {self.store_id}"


class CheckoutSource(models.TextChoices):
    SHOPIFY = "shopify", _("Shopify")
    WOOCOMMERCE = "woocommerce", _("WooCommerce")
    API = "api", _("API")


class CheckoutStatus(models.TextChoices):
    OPEN = "open", _("Abandoned")
    RECOVERED = "recovered", _("Recovered")  # an order came after at least one recovery message
    COMPLETED = "completed", _("Ordered without a reminder")
    EXPIRED = "expired", _("Sequence finished")


class Checkout(models.Model):
    """A cart the buyer left at checkout, as the shop last described it."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="checkouts")
    source = models.CharField(_("source"), max_length=20, choices=CheckoutSource.choices)
    external_id = models.CharField(_("external id"), max_length=100)
    token = models.CharField(_("checkout token"), max_length=100, blank=True, db_index=True)
    cart_token = models.CharField(_("cart token"), max_length=100, blank=True, db_index=True)
    customer = models.ForeignKey(Customer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    name = models.CharField(_("name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, db_index=True)
    email = models.EmailField(_("e-mail"), blank=True, db_index=True)
    language = models.CharField(_("language"), max_length=2, blank=True)
    currency = models.CharField(_("currency"), max_length=3)
    total = money_field(_("total"))
    lines = models.JSONField(default=list, blank=True)
    image_url = models.URLField(_("image URL"), max_length=500, blank=True)
    recovery_url = models.URLField(_("link back to the cart"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CheckoutStatus.choices, default=CheckoutStatus.OPEN
    )
    abandoned_at = models.DateTimeField(_("last changed at"))
    next_step_at = models.DateTimeField(_("next reminder at"), null=True, blank=True, db_index=True)
    steps_done = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    holdout = models.BooleanField(_("held out"), default=False)
    order = models.ForeignKey(Order, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("checkout")
        verbose_name_plural = _("checkouts")
        constraints = [
            models.UniqueConstraint(
                fields=["store", "source", "external_id"], name="checkout_external_unique"
            )
        ]
        indexes = [models.Index(fields=["store", "status", "-id"])]

    def __str__(self) -> str:
        return f"{self.source} checkout {self.external_id}"


class CampaignKind(models.TextChoices):
    BROADCAST = "broadcast", _("Broadcast")
    LAUNCH = "launch", _("Product launch")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    CANCELLED = "cancelled", _("Cancelled")


class Campaign(models.Model):
    """A marketing message to a segment of the store's opted-in buyers, with a random holdout."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="campaigns")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=10, choices=CampaignKind.choices, default=CampaignKind.BROADCAST
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    segment = models.JSONField(_("segment"), default=dict, blank=True)
    templates = models.JSONField(_("templates per language"), default=dict)
    default_language = models.CharField(_("default language"), max_length=2, default="ar")
    product = models.ForeignKey(Product, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    image_url = models.URLField(_("image URL"), max_length=500, blank=True)
    link_url = models.URLField(_("link"), max_length=1000, blank=True)
    holdout_share = models.DecimalField(_("holdout share"), max_digits=4, decimal_places=3, default=0.1)
    scheduled_at = models.DateTimeField(_("send at"), null=True, blank=True, db_index=True)
    launched_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error_code = models.CharField(_("error code"), max_length=60, blank=True)
    error_message = models.CharField(_("error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        indexes = [models.Index(fields=["store", "-id"]), models.Index(fields=["status", "scheduled_at"])]

    def __str__(self) -> str:
        return self.name


class TouchKind(models.TextChoices):
    CART_RECOVERY = "cart_recovery", _("Cart recovery")
    PAYMENT_REMINDER = "payment_reminder", _("Payment reminder")
    CAMPAIGN = "campaign", _("Campaign")


class Touch(models.Model):
    """One buyer reached (or deliberately held out) by a campaign, a recovery step or a payment reminder."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=TouchKind.choices)
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, null=True, blank=True, related_name="touches"
    )
    checkout = models.ForeignKey(
        Checkout, on_delete=models.CASCADE, null=True, blank=True, related_name="touches"
    )
    payment_link = models.ForeignKey(
        PaymentLink, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    step = models.PositiveSmallIntegerField(_("step"), default=0)
    customer = models.ForeignKey(Customer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    phone = models.CharField(_("phone"), max_length=20, db_index=True)
    language = models.CharField(_("language"), max_length=2, blank=True)
    holdout = models.BooleanField(_("held out"), default=False)
    message = models.ForeignKey(Message, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    link_code = models.CharField(max_length=20, unique=True, null=True, blank=True)
    link_url = models.URLField(max_length=1000, blank=True)
    clicks = models.PositiveIntegerField(_("clicks"), default=0)
    clicked_at = models.DateTimeField(_("first click at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), db_index=True)

    class Meta:
        verbose_name = _("touch")
        verbose_name_plural = _("touches")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "phone"],
                condition=models.Q(campaign__isnull=False),
                name="touch_campaign_phone",
            ),
            models.UniqueConstraint(
                fields=["checkout", "step"],
                condition=models.Q(checkout__isnull=False),
                name="touch_checkout_step",
            ),
            models.UniqueConstraint(
                fields=["payment_link", "step"],
                condition=models.Q(payment_link__isnull=False),
                name="touch_link_step",
            ),
        ]
        indexes = [models.Index(fields=["store", "phone", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.phone}"


class Attribution(models.Model):
    """An order credited to the last touch that preceded it within the window (last touch wins)."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="+")
    touch = models.ForeignKey(Touch, on_delete=models.CASCADE, related_name="attributions")
    holdout = models.BooleanField(default=False)
    revenue = money_field(_("revenue"))
    currency = models.CharField(_("currency"), max_length=3)
    placed_at = models.DateTimeField(_("placed at"))

    class Meta:
        verbose_name = _("attributed order")
        verbose_name_plural = _("attributed orders")

    def __str__(self) -> str:
        return f"order {self.order_id} -> touch {self.touch_id}"


class ProductDetails(models.Model):
    """What the shop says about a product beyond its name and image: its description, for launches."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    product = models.OneToOneField(Product, on_delete=models.CASCADE, related_name="campaign_details")
    description = models.TextField(_("description"), blank=True)
    price = money_field(_("price"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("product details")
        verbose_name_plural = _("product details")

    def __str__(self) -> str:
        return f"details of {self.product_id}"
