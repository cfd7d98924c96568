"""Customers, their addresses, the catalogue with stock, orders with lines, and each order's timeline."""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wasl.stores.models import Store

StrOrPromise = str | Promise


def money_field(verbose_name: StrOrPromise, **options: object) -> models.DecimalField:
    """Amounts in the order's currency; three decimals cover every ISO 4217 minor unit (KWD, BHD, OMR)."""
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=3, **options)  # type: ignore[arg-type]


class Customer(models.Model):
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="customers")
    # "p:<E.164>", else "e:<e-mail>", else "x:<channel>:<id>": one buyer, however many channels they order through.
    identity = models.CharField(max_length=200)
    name = models.CharField(_("name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, db_index=True, help_text=_("E.164"))
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=2, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        constraints = [models.UniqueConstraint(fields=["store", "identity"], name="customer_identity_unique")]

    def __str__(self) -> str:
        return self.name or self.phone or self.email or self.identity


class Address(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="addresses")
    fingerprint = models.CharField(
        max_length=40, help_text=_("hash of the normalised address, to spot repeats")
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    line1 = models.CharField(_("address line 1"), max_length=300, blank=True)
    line2 = models.CharField(_("address line 2"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    region = models.CharField(_("region"), max_length=120, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        constraints = [models.UniqueConstraint(fields=["customer", "fingerprint"], name="address_unique")]
        # The same place across customers (risk: address history), not only within one customer.
        indexes = [models.Index(fields=["fingerprint"], name="address_fingerprint_idx")]

    def __str__(self) -> str:
        return ", ".join(p for p in (self.line1, self.city, self.country) if p)


class Product(models.Model):
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="products")
    external_id = models.CharField(_("external id"), max_length=100)
    name = models.CharField(_("name"), max_length=300)
    category = models.CharField(_("category"), max_length=120, blank=True, db_index=True)
    image_url = models.URLField(_("image URL"), blank=True, max_length=500)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.UniqueConstraint(fields=["store", "external_id"], name="product_external_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Variant(models.Model):
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="variants")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    sku = models.CharField(_("SKU"), max_length=100)
    name = models.CharField(_("name"), max_length=300, blank=True)
    price = money_field(_("price"))
    cost = money_field(_("unit cost"), null=True, blank=True)
    # Below this many units (all locations together) staff are told; empty: the store's default.
    low_stock_threshold = models.PositiveIntegerField(_("low-stock threshold"), null=True, blank=True)

    class Meta:
        verbose_name = _("variant")
        verbose_name_plural = _("variants")
        constraints = [models.UniqueConstraint(fields=["store", "sku"], name="variant_sku_unique")]

    def __str__(self) -> str:
        return self.sku


class StockLevel(models.Model):
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="stock_levels")
    variant = models.ForeignKey(Variant, on_delete=models.CASCADE, related_name="stock_levels")
    location = models.CharField(_("location"), max_length=100)
    quantity = models.IntegerField(_("quantity"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("stock level")
        verbose_name_plural = _("stock levels")
        constraints = [models.UniqueConstraint(fields=["variant", "location"], name="stock_level_unique")]

    def __str__(self) -> str:
        return f"{self.variant_id} @ {self.location}: {self.quantity}"


class InventorySettings(models.Model):
    """A store's stock alerting: the default threshold for variants without their own."""

    store = models.OneToOneField(Store, on_delete=models.CASCADE, related_name="inventory_settings")
    low_stock_threshold = models.PositiveIntegerField(_("default low-stock threshold"), default=5)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("inventory settings")
        verbose_name_plural = _("inventory settings")

    def __str__(self) -> str:
        return f"{self.store_id}: below {self.low_stock_threshold}"


class LowStockAlert(models.Model):
    """One crossing below a variant's threshold: opened when stock falls under it, cleared when it is back.
    Staff are e-mailed once per row, so once per crossing."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    variant = models.ForeignKey(Variant, on_delete=models.CASCADE, related_name="low_stock_alerts")
    quantity = models.IntegerField(_("units left when it crossed"))
    threshold = models.PositiveIntegerField(_("threshold"))
    opened_at = models.DateTimeField(_("opened at"))
    notified_at = models.DateTimeField(_("staff told at"), null=True, blank=True)
    notified_to = models.JSONField(_("told"), default=list, blank=True)
    cleared_at = models.DateTimeField(_("back in stock at"), null=True, blank=True)

    class Meta:
        verbose_name = _("low-stock alert")
        verbose_name_plural = _("low-stock alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["variant"], condition=models.Q(cleared_at__isnull=True), name="low_stock_open_unique"
            )
        ]
        indexes = [models.Index(fields=["store", "-opened_at"], name="low_stock_store_opened")]

    def __str__(self) -> str:
        return f"{self.variant_id}: {self.quantity} < {self.threshold}"


class PaymentMethod(models.TextChoices):
    COD = "cod", _("Cash on delivery")
    PREPAID = "prepaid", _("Prepaid")


class OrderStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    RTO = "rto", _("Returned to origin")
    RETURNED = "returned", _("Returned by buyer")
    LOST = "lost", _("Lost")
    CANCELLED = "cancelled", _("Cancelled")


class Order(models.Model):
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="orders")
    # An order outlives its buyer's record (an erasure request, a store being removed): the link is cleared.
    customer = models.ForeignKey(
        Customer, on_delete=models.SET_NULL, related_name="orders", null=True, blank=True
    )
    channel = models.CharField(_("channel"), max_length=30)
    external_id = models.CharField(_("external id"), max_length=100)
    number = models.CharField(_("number"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=OrderStatus.choices, default=OrderStatus.PENDING
    )
    payment_method = models.CharField(_("payment method"), max_length=10, choices=PaymentMethod.choices)
    currency = models.CharField(_("currency"), max_length=3)
    total = money_field(_("total"))
    subtotal = money_field(_("subtotal"), null=True, blank=True)
    shipping_total = money_field(_("shipping"), default=0)
    discount_total = money_field(_("discounts"), default=0)
    tax_total = money_field(_("taxes"), default=0)
    placed_at = models.DateTimeField(_("placed at"), db_index=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # Set when a payment of the buyer's reaches Wasl (a paid payment link): the order stays prepaid even if the
    # shop sends it again still marked cash on delivery.
    paid_at = models.DateTimeField(_("paid online at"), null=True, blank=True)
    shipping_address = models.ForeignKey(
        Address, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ship_city = models.CharField(_("city"), max_length=120, blank=True, db_index=True)
    ship_postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    ship_country = models.CharField(_("country"), max_length=2, blank=True)
    tags = models.JSONField(default=list, blank=True)
    content_hash = models.CharField(
        max_length=64, help_text=_("of the last accepted version, to skip repeats")
    )
    source_updated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        constraints = [models.UniqueConstraint(fields=["store", "external_id"], name="order_external_unique")]
        indexes = [models.Index(fields=["store", "status"]), models.Index(fields=["store", "-id"])]

    def __str__(self) -> str:
        return self.number or self.external_id


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(Variant, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    sku = models.CharField(_("SKU"), max_length=100, blank=True)
    name = models.CharField(_("name"), max_length=300, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price = money_field(_("unit price"))
    category = models.CharField(_("category"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")

    def __str__(self) -> str:
        return f"{self.quantity} x {self.sku or self.name}"


class OrderEventKind(models.TextChoices):
    CREATED = "created", _("Order received")
    UPDATED = "updated", _("Order updated")
    CANCELLED = "cancelled", _("Order cancelled")
    IMPORTED = "imported", _("Imported from history")
    SHIPMENT_CREATED = "shipment_created", _("Shipment created")
    SHIPMENT_STATUS = "shipment_status", _("Shipment status changed")
    STATUS_CHANGED = "status_changed", _("Order status changed")
    STATUS_CORRECTED = "status_corrected", _("Status corrected by staff")
    NOTE = "note", _("Note")
    PAYMENT_LINK = "payment_link", _("Payment link created")
    PAID = "paid", _("Paid online")
    REFUND = "refund", _("Refund")
    RISK_SCORED = "risk_scored", _("RTO risk scored")
    RETURN = "return", _("Return")


class OrderEvent(models.Model):
    """The order's timeline: append-only, one row per thing that happened."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=30, choices=OrderEventKind.choices)
    message = models.CharField(_("message"), max_length=500, blank=True)
    data = models.JSONField(default=dict, blank=True)
    occurred_at = models.DateTimeField(_("occurred at"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("order event")
        verbose_name_plural = _("order events")
        ordering = ["occurred_at", "id"]
        indexes = [models.Index(fields=["order", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.kind} at {self.occurred_at:%Y-%m-%d %H:%M}"


class Review(models.Model):
    """A buyer's rating of one delivered order: asked for once per order, with an optional comment."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="reviews")
    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="review")
    customer = models.ForeignKey(
        Customer, on_delete=models.SET_NULL, null=True, blank=True, related_name="reviews"
    )
    channel = models.CharField(_("asked on"), max_length=10, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True, help_text=_("1 to 5"))
    comment = models.TextField(_("comment"), blank=True)
    requested_at = models.DateTimeField(_("requested at"))
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    comment_asked_at = models.DateTimeField(_("comment asked at"), null=True, blank=True)
    commented_at = models.DateTimeField(_("commented at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="review_rating_1_to_5",
            )
        ]
        indexes = [models.Index(fields=["store", "-rated_at"])]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.rating or '-'}/5"


class ReviewProduct(models.Model):
    """The order's rating as it applies to one of its lines, for ratings per product."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="products")
    # Lines are replaced when the shop updates an order; the SKU and name stay as they were rated.
    order_line = models.ForeignKey(
        OrderLine, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    product = models.ForeignKey(
        Product, on_delete=models.SET_NULL, null=True, blank=True, related_name="review_ratings"
    )
    sku = models.CharField(_("SKU"), max_length=100, blank=True)
    name = models.CharField(_("name"), max_length=300, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"))

    class Meta:
        verbose_name = _("product rating")
        verbose_name_plural = _("product ratings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="review_product_rating_1_to_5"
            )
        ]
        indexes = [models.Index(fields=["store", "product"])]

    def __str__(self) -> str:
        return f"{self.sku or self.name}: {self.rating}/5"
