# Low-stock thresholds (per variant, with a store default) and one alert row per crossing.
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0006_return_timeline_kind"),
        ("stores", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="variant",
            name="low_stock_threshold",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="low-stock threshold"),
        ),
        migrations.CreateModel(
            name="InventorySettings",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "low_stock_threshold",
                    models.PositiveIntegerField(default=5, verbose_name="default low-stock threshold"),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "store",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="inventory_settings",
                        to="stores.store",
                    ),
                ),
            ],
            options={"verbose_name": "inventory settings", "verbose_name_plural": "inventory settings"},
        ),
        migrations.CreateModel(
            name="LowStockAlert",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("quantity", models.IntegerField(verbose_name="units left when it crossed")),
                ("threshold", models.PositiveIntegerField(verbose_name="threshold")),
                ("opened_at", models.DateTimeField(verbose_name="opened at")),
                ("notified_at", models.DateTimeField(blank=True, null=True, verbose_name="staff told at")),
                ("notified_to", models.JSONField(blank=True, default=list, verbose_name="told")),
                ("cleared_at", models.DateTimeField(blank=True, null=True, verbose_name="back in stock at")),
                (
                    "store",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="stores.store"
                    ),
                ),
                (
                    "variant",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="low_stock_alerts",
                        to="orders.variant",
                    ),
                ),
            ],
            options={
                "verbose_name": "low-stock alert",
                "verbose_name_plural": "low-stock alerts",
                "indexes": [models.Index(fields=["store", "-opened_at"], name="low_stock_store_opened")],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("cleared_at__isnull", True)),
                        fields=("variant",),
                        name="low_stock_open_unique",
                    )
                ],
            },
        ),
    ]
