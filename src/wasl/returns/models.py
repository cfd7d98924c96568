"""Return requests with their items and timeline, the return policy (versioned data), loyalty tiers, store credit."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from wasl.orders.models import Customer, Order, OrderLine, Variant, money_field
from wasl.payments.models import Refund
from wasl.shipping.models import Shipment
from wasl.stores.models import Store


class AppendOnly(models.Model):
    """Rows that are only ever inserted: a timeline or a ledger is never rewritten."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError(f"{type(self).__name__} rows are append-only")
        super().save(*args, **kwargs)


class ReturnState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    IN_TRANSIT = "in_transit", _("On its way back")
    RECEIVED = "received", _("Received")
    INSPECTED = "inspected", _("Inspected")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


class Resolution(models.TextChoices):
    REFUND = "refund", _("Refund to the original payment")
    CREDIT = "credit", _("Store credit")
    EXCHANGE_VARIANT = "exchange_variant", _("Exchange for another variant")
    EXCHANGE_PRODUCT = "exchange_product", _("Exchange for another product")


class Outcome(models.TextChoices):
    REFUNDED = "refunded", _("Refunded")
    CREDITED = "credited", _("Credited")
    EXCHANGED = "exchanged", _("Exchanged")


class ReturnMethod(models.TextChoices):
    PICKUP = "pickup", _("Pickup")
    DROPOFF = "dropoff", _("Drop-off")
    LABEL = "label", _("Return label")


class Grade(models.TextChoices):
    SELLABLE = "sellable", _("Sellable")
    DAMAGED = "damaged", _("Damaged")
    TAMPERED = "tampered", _("Tampered")
    WRONG_ITEM = "wrong_item", _("Wrong item")


class Disposition(models.TextChoices):
    RESTOCK = "restock", _("Restock")
    REFURBISH = "refurbish", _("Refurbish")
    DISPOSE = "dispose", _("Dispose")


class ReturnPolicy(models.Model):
    """One version of a store's return policy. Versions are never edited: a change is a new version."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="return_policies")
    version = models.PositiveIntegerField(_("version"))
    document = models.JSONField(_("document"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.CharField(_("created by"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("return policy")
        verbose_name_plural = _("return policies")
        constraints = [
            models.UniqueConstraint(fields=["store", "version"], name="return_policy_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.store_id} v{self.version}"


class LoyaltyTier(models.Model):
    """A tier a customer reaches when their history meets every threshold; the highest rank reached wins."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="loyalty_tiers")
    name = models.SlugField(_("name"), max_length=40)
    rank = models.PositiveSmallIntegerField(_("rank"), help_text=_("higher is better"))
    min_orders = models.PositiveIntegerField(_("at least this many delivered orders"), default=0)
    min_spend = money_field(_("at least this spend (store currency)"), default=0)
    max_return_rate = models.DecimalField(
        _("at most this return rate"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    max_rtos = models.PositiveIntegerField(_("at most this many RTOs"), null=True, blank=True)

    class Meta:
        verbose_name = _("loyalty tier")
        verbose_name_plural = _("loyalty tiers")
        constraints = [
            models.UniqueConstraint(fields=["store", "name"], name="loyalty_tier_name_unique"),
            models.UniqueConstraint(fields=["store", "rank"], name="loyalty_tier_rank_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class ReturnRequest(models.Model):
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="returns")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="returns")
    customer = models.ForeignKey(
        Customer, on_delete=models.SET_NULL, null=True, blank=True, related_name="returns"
    )
    code = models.CharField(_("code"), max_length=12, help_text=_("short, for a QR code or typing"))
    state = models.CharField(
        _("state"), max_length=12, choices=ReturnState.choices, default=ReturnState.REQUESTED
    )
    resolution = models.CharField(_("resolution asked"), max_length=20, choices=Resolution.choices)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    method = models.CharField(_("method"), max_length=8, choices=ReturnMethod.choices)
    tier = models.CharField(_("loyalty tier when asked"), max_length=40, blank=True)
    policy_version = models.PositiveIntegerField(_("policy version"), default=0)
    fee = money_field(_("return fee"), default=0)
    free_pickup = models.BooleanField(_("free pickup"), default=False)
    refund_at_first_scan = models.BooleanField(_("refund at first carrier scan"), default=False)
    lenient_inspection = models.BooleanField(_("lenient inspection"), default=False)
    currency = models.CharField(_("currency"), max_length=3)
    reverse_shipment = models.ForeignKey(
        Shipment, on_delete=models.SET_NULL, null=True, blank=True, related_name="returns"
    )
    exchange_order = models.ForeignKey(
        Order, on_delete=models.SET_NULL, null=True, blank=True, related_name="exchange_of"
    )
    refund = models.ForeignKey(Refund, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    resolved_amount = money_field(_("amount refunded or credited"), null=True, blank=True)
    reject_reason = models.CharField(_("why rejected"), max_length=300, blank=True)
    idempotency_key = models.CharField(max_length=200, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("return")
        verbose_name_plural = _("returns")
        constraints = [
            models.UniqueConstraint(fields=["store", "code"], name="return_code_unique"),
            models.UniqueConstraint(
                fields=["store", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="return_idempotency_unique",
            ),
        ]
        indexes = [models.Index(fields=["store", "-id"]), models.Index(fields=["store", "state"])]

    def __str__(self) -> str:
        return self.code


class ReturnItem(models.Model):
    return_request = models.ForeignKey(ReturnRequest, on_delete=models.CASCADE, related_name="items")
    # Lines are replaced when the shop updates an order; what was returned is kept on the item itself.
    order_line = models.ForeignKey(
        OrderLine, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    variant = models.ForeignKey(Variant, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    sku = models.CharField(_("SKU"), max_length=100, blank=True)
    name = models.CharField(_("name"), max_length=300, blank=True)
    category = models.CharField(_("category"), max_length=120, blank=True)
    unit_price = money_field(_("unit price"))
    quantity = models.PositiveIntegerField(_("quantity"))
    reason = models.CharField(_("reason"), max_length=40)
    comment = models.TextField(_("comment"), blank=True)
    exchange_variant = models.ForeignKey(
        Variant, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    grade = models.CharField(_("grade"), max_length=12, choices=Grade.choices, blank=True)
    disposition = models.CharField(_("disposition"), max_length=10, choices=Disposition.choices, blank=True)
    restock_location = models.CharField(_("restock location"), max_length=100, blank=True)
    inspected_at = models.DateTimeField(_("inspected at"), null=True, blank=True)

    class Meta:
        verbose_name = _("return item")
        verbose_name_plural = _("return items")

    def __str__(self) -> str:
        return f"{self.quantity} x {self.sku or self.name}"


class ReturnEvent(AppendOnly):
    """The return's timeline."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    return_request = models.ForeignKey(ReturnRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=30)
    message = models.CharField(_("message"), max_length=500, blank=True)
    data = models.JSONField(default=dict, blank=True)
    actor = models.CharField(_("by"), max_length=150, blank=True)
    occurred_at = models.DateTimeField(_("occurred at"))

    class Meta:
        verbose_name = _("return event")
        verbose_name_plural = _("return events")
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} at {self.occurred_at:%Y-%m-%d %H:%M}"


class CreditKind(models.TextChoices):
    RETURN = "return", _("Return credited")
    BONUS = "bonus", _("Bonus on a return credited")
    SPEND = "spend", _("Spent on an order")
    ADJUSTMENT = "adjustment", _("Adjustment by staff")


class StoreCreditAccount(models.Model):
    """The running balance of one customer in one currency: the row locked while an entry is written."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="credit_accounts")
    currency = models.CharField(_("currency"), max_length=3)
    balance = money_field(_("balance"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("store credit account")
        verbose_name_plural = _("store credit accounts")
        constraints = [
            models.UniqueConstraint(fields=["customer", "currency"], name="credit_account_unique"),
            models.CheckConstraint(condition=models.Q(balance__gte=0), name="credit_balance_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id}: {self.balance} {self.currency}"


class StoreCreditEntry(AppendOnly):
    """One movement of store credit; the balance is the sum of a customer's entries in a currency."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(StoreCreditAccount, on_delete=models.PROTECT, related_name="entries")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="credit_entries")
    currency = models.CharField(_("currency"), max_length=3)
    amount = money_field(_("amount"), help_text=_("positive: credit given; negative: credit spent"))
    balance_after = money_field(_("balance after"))
    kind = models.CharField(_("cause"), max_length=12, choices=CreditKind.choices)
    return_request = models.ForeignKey(
        ReturnRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="credit_entries"
    )
    order = models.ForeignKey(Order, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)
    idempotency_key = models.CharField(max_length=200)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("store credit entry")
        verbose_name_plural = _("store credit entries")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["store", "idempotency_key"], name="credit_entry_key_unique"),
            models.CheckConstraint(
                condition=models.Q(balance_after__gte=0), name="credit_entry_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency} ({self.kind})"


class InspectionPhoto(models.Model):
    """A photo taken at the dock while an item is graded; the file is under MEDIA_ROOT, checked by its bytes."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    return_request = models.ForeignKey(
        ReturnRequest, on_delete=models.CASCADE, related_name="inspection_photos"
    )
    item = models.ForeignKey(ReturnItem, on_delete=models.CASCADE, related_name="inspection_photos")
    file = models.FileField(_("photo"), upload_to="returns/inspection/", max_length=200)
    content_type = models.CharField(_("type"), max_length=20)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.CharField(_("taken by"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("taken at"), auto_now_add=True)

    class Meta:
        verbose_name = _("inspection photo")
        verbose_name_plural = _("inspection photos")
        constraints = [models.UniqueConstraint(fields=["item", "sha256"], name="inspection_photo_unique")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.file.name}"
