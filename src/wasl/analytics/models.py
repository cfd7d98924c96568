"""Analytics tables: each store's cost settings, one fact row per order, and the daily rollups the pages read.

Pages never scan orders: they sum rollup rows (a few hundred per day at most), which tasks keep up to date.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from wasl.orders.models import Order, StrOrPromise, money_field
from wasl.stores.models import Store


def _count(verbose_name: object = "") -> models.PositiveIntegerField:
    return models.PositiveIntegerField(verbose_name or None, default=0)  # type: ignore[arg-type]


def _money(verbose_name: StrOrPromise) -> models.DecimalField:
    return money_field(verbose_name, default=0)


def _per_message(verbose_name: object) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=5, default=0)  # type: ignore[arg-type]


class AnalyticsSettings(models.Model):
    """What a store's shipping, cash collection and messages cost, where no better figure is known."""

    store = models.OneToOneField(Store, on_delete=models.CASCADE, related_name="analytics_settings")
    forward_shipping_cost = _money(_("forward shipping per parcel"))
    rto_shipping_cost = _money(_("return to origin per parcel"))
    reverse_shipping_cost = _money(_("return pickup per parcel"))
    cod_fee_fixed = _money(_("cash on delivery fee per order"))
    cod_fee_percent = models.DecimalField(
        _("cash on delivery fee (% of the amount)"), max_digits=5, decimal_places=2, default=0
    )
    whatsapp_message_cost = _per_message(_("cost per WhatsApp message"))
    sms_message_cost = _per_message(_("cost per SMS"))
    email_message_cost = _per_message(_("cost per e-mail"))
    weekly_report = models.BooleanField(_("send the weekly report by e-mail"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("analytics settings")
        verbose_name_plural = _("analytics settings")

    def __str__(self) -> str:
        return f"analytics settings of {self.store_id}"


class RefreshState(models.Model):
    """Where a store's rollups stand: changes made after `watermark` are not in them yet."""

    store = models.OneToOneField(Store, on_delete=models.CASCADE, related_name="analytics_state")
    watermark = models.DateTimeField(null=True, blank=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    orders_refreshed = models.PositiveIntegerField(default=0)
    duration_ms = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"rollups of {self.store_id} as of {self.watermark}"


class OrderFact(models.Model):
    """One order's outcome and true profit, as of the last refresh. Money is in the order's currency."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+", db_index=False)
    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="analytics_fact")
    customer_id = models.BigIntegerField(null=True, blank=True)
    day = models.DateField(_("day"))
    channel = models.CharField(_("channel"), max_length=30)
    acquisition_channel = models.CharField(_("first order's channel"), max_length=30, blank=True)
    first_order = models.BooleanField(default=False)
    payment_method = models.CharField(_("payment method"), max_length=10)
    carrier = models.CharField(_("carrier"), max_length=40, blank=True)
    region = models.CharField(_("region"), max_length=120, blank=True)
    currency = models.CharField(_("currency"), max_length=3)
    status = models.CharField(_("status"), max_length=16)
    ndr_reason = models.CharField(_("NDR reason"), max_length=32, blank=True)
    shipped = models.BooleanField(default=False)
    delivered = models.BooleanField(default=False)
    rto = models.BooleanField(default=False)
    ndr = models.BooleanField(default=False)
    returned = models.BooleanField(default=False)
    settled = models.BooleanField(default=False)
    revenue = _money(_("order value"))
    lines_value = _money(_("value of the lines"))
    kept_revenue = _money(_("revenue kept"))
    product_cost = _money(_("product cost"))
    forward_shipping = _money(_("forward shipping"))
    rto_shipping = _money(_("RTO shipping"))
    reverse_shipping = _money(_("return shipping"))
    cod_fee = _money(_("COD fee"))
    message_cost = _money(_("message cost"))
    refunded = _money(_("refunded"))
    credited = _money(_("kept as store credit"))
    exchanged = _money(_("kept by exchanges"))
    profit = _money(_("profit"))

    class Meta:
        verbose_name = _("order fact")
        verbose_name_plural = _("order facts")
        indexes = [models.Index(fields=["store", "day"])]

    def __str__(self) -> str:
        return f"order {self.order_id}: {self.profit}"

    @property
    def shipping(self) -> Decimal:
        return self.forward_shipping + self.rto_shipping + self.reverse_shipping


class DailyRollup(models.Model):
    """Orders of one store placed on one day that share one value of one dimension (payment method, carrier,
    region, sales channel or NDR reason). Each order is counted once per dimension, so the rows of a dimension
    add up to the store's totals, and a page reads at most days x values rows whatever the number of orders."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+", db_index=False)
    day = models.DateField()
    dimension = models.CharField(max_length=16)
    value = models.CharField(max_length=120, blank=True)
    orders = _count()
    shipped = _count()
    delivered = _count()
    rto = _count()
    ndr = _count()
    returned = _count()
    settled = _count()
    new_customers = _count()
    # Money of the orders in the store's currency only (orders in another currency are counted, not summed).
    revenue = _money(_("order value"))
    kept_revenue = _money(_("revenue kept"))
    product_cost = _money(_("product cost"))
    shipping_cost = _money(_("shipping"))
    cod_fee = _money(_("COD fee"))
    message_cost = _money(_("message cost"))
    refunded = _money(_("refunded"))
    profit = _money(_("profit"))

    class Meta:
        indexes = [models.Index(fields=["store", "dimension", "day"], name="rollup_store_dimension_day")]

    def __str__(self) -> str:
        return f"{self.store_id} {self.day} {self.dimension}={self.value}"


class ProductDay(models.Model):
    """Units of one SKU in the orders placed on one day, with what became of them."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+", db_index=False)
    day = models.DateField()
    sku = models.CharField(max_length=100, blank=True)
    name = models.CharField(max_length=300, blank=True)
    category = models.CharField(max_length=120, blank=True)
    units = _count()
    delivered_units = _count()
    rto_units = _count()
    returned_units = _count()
    revenue = _money(_("revenue"))
    product_cost = _money(_("product cost"))
    profit = _money(_("profit"))

    class Meta:
        indexes = [models.Index(fields=["store", "day"])]

    def __str__(self) -> str:
        return f"{self.store_id} {self.day} {self.sku}"


class ReturnDay(models.Model):
    """Returned items of one store requested on one day, by SKU, reason, inspection grade and outcome."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+", db_index=False)
    day = models.DateField()
    sku = models.CharField(max_length=100, blank=True)
    name = models.CharField(max_length=300, blank=True)
    category = models.CharField(max_length=120, blank=True)
    reason = models.CharField(max_length=40)
    grade = models.CharField(max_length=12, blank=True)
    outcome = models.CharField(max_length=10, blank=True)
    units = _count()
    value = _money(_("value"))

    class Meta:
        indexes = [models.Index(fields=["store", "day"])]

    def __str__(self) -> str:
        return f"{self.store_id} {self.day} {self.sku} {self.reason}"


class MessageDay(models.Model):
    """Messages a store sent on one day over one channel: how far each got, and what they cost."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+", db_index=False)
    day = models.DateField()
    channel = models.CharField(max_length=10)
    sent = _count()
    delivered = _count()
    read = _count()
    replied = _count()
    failed = _count()
    cost = models.DecimalField(max_digits=16, decimal_places=5, default=0)

    class Meta:
        indexes = [models.Index(fields=["store", "day"])]

    def __str__(self) -> str:
        return f"{self.store_id} {self.day} {self.channel}"


class UpliftRow(models.Model):
    """The holdout measurement of one action, as of the last refresh (see wasl.risk.holdout)."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    action = models.CharField(max_length=40)
    treated = _count()
    treated_rto = _count()
    holdout = _count()
    holdout_rto = _count()
    open_treated = _count()
    open_holdout = _count()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["store", "action"], name="uplift_row_unique")]

    def __str__(self) -> str:
        return f"{self.store_id} {self.action}"


class AcquisitionCost(models.Model):
    """What a store spent to win buyers through one channel in one month (entered by staff)."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="acquisition_costs")
    channel = models.CharField(_("channel"), max_length=30)
    month = models.DateField(_("month"), help_text=_("the first day of the month"))
    spend = money_field(_("marketing spend"))
    new_customers = models.PositiveIntegerField(
        _("new customers"), null=True, blank=True, help_text=_("empty: counted from first orders")
    )
    updated_by = models.CharField(_("by"), max_length=150, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("acquisition cost")
        verbose_name_plural = _("acquisition costs")
        constraints = [
            models.UniqueConstraint(fields=["store", "channel", "month"], name="acquisition_cost_unique")
        ]
        ordering = ["-month", "channel"]

    def __str__(self) -> str:
        return f"{self.channel} {self.month:%Y-%m}: {self.spend}"


class WeeklyReport(models.Model):
    """One weekly report e-mail per store and week, so the task can run twice without mailing twice."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    week_start = models.DateField()
    recipients = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["store", "week_start"], name="weekly_report_unique")]

    def __str__(self) -> str:
        return f"{self.store_id} week of {self.week_start}"
