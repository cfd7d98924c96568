"""Delivery promises, carrier lane figures, rate cards and shipment cost estimates."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("shipping", "0003_ndr"),
        ("stores", "0003_branding"),
    ]

    operations = [
        migrations.CreateModel(
            name="PromiseSettings",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "origin_city",
                    models.CharField(
                        blank=True,
                        help_text="Where parcels start; names the lanes.",
                        max_length=120,
                        verbose_name="ship-from city",
                    ),
                ),
                (
                    "working_days",
                    models.CharField(
                        blank=True,
                        help_text="Weekdays carriers deliver, Monday=0 … Sunday=6, e.g. 012356. Empty: the country's usual.",
                        max_length=7,
                        verbose_name="working days",
                    ),
                ),
                (
                    "holidays",
                    models.JSONField(
                        blank=True, default=list, help_text="ISO dates", verbose_name="holidays"
                    ),
                ),
                (
                    "handling_days",
                    models.PositiveSmallIntegerField(
                        default=1,
                        help_text="Working days from order to hand-over to the carrier.",
                        validators=[django.core.validators.MaxValueValidator(30)],
                        verbose_name="handling days",
                    ),
                ),
                (
                    "default_transit_days",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Promised when there is not enough history for a carrier.",
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(60),
                        ],
                        verbose_name="default transit days",
                    ),
                ),
                (
                    "quantile",
                    models.PositiveSmallIntegerField(
                        default=80,
                        help_text="Share of past parcels that arrived within the promised time.",
                        validators=[
                            django.core.validators.MinValueValidator(50),
                            django.core.validators.MaxValueValidator(99),
                        ],
                        verbose_name="promise percentile",
                    ),
                ),
                (
                    "min_samples",
                    models.PositiveSmallIntegerField(
                        default=20,
                        validators=[
                            django.core.validators.MinValueValidator(5),
                            django.core.validators.MaxValueValidator(1000),
                        ],
                        verbose_name="minimum deliveries per lane",
                    ),
                ),
                (
                    "history_days",
                    models.PositiveSmallIntegerField(
                        default=180,
                        validators=[django.core.validators.MinValueValidator(14)],
                        verbose_name="history (days)",
                    ),
                ),
                (
                    "default_carrier",
                    models.CharField(blank=True, max_length=40, verbose_name="default carrier"),
                ),
                (
                    "default_weight_grams",
                    models.PositiveIntegerField(
                        default=500,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(100000),
                        ],
                        verbose_name="default parcel weight (g)",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "store",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="promise_settings",
                        to="stores.store",
                    ),
                ),
            ],
            options={
                "verbose_name": "delivery promise settings",
                "verbose_name_plural": "delivery promise settings",
            },
        ),
        migrations.CreateModel(
            name="RateCard",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("carrier", models.CharField(max_length=40, verbose_name="carrier")),
                ("version", models.PositiveIntegerField(verbose_name="version")),
                ("effective_from", models.DateField(verbose_name="effective from")),
                ("currency", models.CharField(max_length=3, verbose_name="currency")),
                (
                    "cod_fee_flat",
                    models.DecimalField(
                        decimal_places=3, default=0, max_digits=14, verbose_name="COD fee (flat)"
                    ),
                ),
                (
                    "cod_fee_percent",
                    models.DecimalField(
                        decimal_places=3, default=0, max_digits=6, verbose_name="COD fee (% of amount)"
                    ),
                ),
                (
                    "cod_fee_min",
                    models.DecimalField(
                        decimal_places=3, default=0, max_digits=14, verbose_name="COD fee (minimum)"
                    ),
                ),
                (
                    "rto_charge",
                    models.DecimalField(
                        decimal_places=3, default=0, max_digits=14, verbose_name="RTO charge"
                    ),
                ),
                (
                    "reverse_pickup",
                    models.DecimalField(
                        decimal_places=3, default=0, max_digits=14, verbose_name="reverse pick-up price"
                    ),
                ),
                (
                    "extra_per_kg",
                    models.DecimalField(
                        decimal_places=3,
                        default=0,
                        help_text="0: heavier parcels are not priced",
                        max_digits=14,
                        verbose_name="each kg above the heaviest slab",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=300, verbose_name="note")),
                ("created_by", models.CharField(blank=True, max_length=150, verbose_name="created by")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("retired_at", models.DateTimeField(blank=True, null=True, verbose_name="retired at")),
                (
                    "store",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rate_cards",
                        to="stores.store",
                    ),
                ),
            ],
            options={
                "verbose_name": "rate card",
                "verbose_name_plural": "rate cards",
            },
        ),
        migrations.CreateModel(
            name="RateSlab",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("zone", models.CharField(max_length=40, verbose_name="zone")),
                ("max_grams", models.PositiveIntegerField(verbose_name="up to (g)")),
                ("price", models.DecimalField(decimal_places=3, max_digits=14, verbose_name="price")),
                (
                    "card",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="slabs",
                        to="shipping.ratecard",
                    ),
                ),
            ],
            options={
                "verbose_name": "weight slab",
                "verbose_name_plural": "weight slabs",
                "ordering": ["zone", "max_grams"],
            },
        ),
        migrations.CreateModel(
            name="RateZone",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("zone", models.CharField(max_length=40, verbose_name="zone")),
                (
                    "match",
                    models.CharField(
                        choices=[
                            ("postal", "Postal code prefix"),
                            ("city", "City"),
                            ("region", "Region"),
                            ("country", "Country"),
                            ("any", "Anywhere else"),
                        ],
                        max_length=8,
                        verbose_name="match on",
                    ),
                ),
                ("value", models.CharField(blank=True, max_length=120, verbose_name="value")),
                (
                    "card",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="zones",
                        to="shipping.ratecard",
                    ),
                ),
            ],
            options={
                "verbose_name": "rate zone",
                "verbose_name_plural": "rate zones",
            },
        ),
        migrations.CreateModel(
            name="ShipmentEstimate",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("zone", models.CharField(blank=True, max_length=40, verbose_name="zone")),
                ("grams", models.PositiveIntegerField(default=0, verbose_name="weight (g)")),
                ("currency", models.CharField(blank=True, max_length=3, verbose_name="currency")),
                (
                    "forward",
                    models.DecimalField(
                        blank=True, decimal_places=3, max_digits=14, null=True, verbose_name="forward"
                    ),
                ),
                (
                    "cod_fee",
                    models.DecimalField(decimal_places=3, default=0, max_digits=14, verbose_name="COD fee"),
                ),
                (
                    "rto_charge",
                    models.DecimalField(
                        decimal_places=3, default=0, max_digits=14, verbose_name="RTO charge"
                    ),
                ),
                (
                    "reverse",
                    models.DecimalField(
                        decimal_places=3, default=0, max_digits=14, verbose_name="reverse pick-up"
                    ),
                ),
                ("problem", models.CharField(blank=True, max_length=40, verbose_name="why not priced")),
                ("earliest_date", models.DateField(blank=True, null=True, verbose_name="earliest delivery")),
                ("lane", models.CharField(blank=True, max_length=250, verbose_name="lane")),
                ("promise_basis", models.CharField(blank=True, max_length=120, verbose_name="promise basis")),
                ("computed_at", models.DateTimeField()),
                (
                    "card",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="shipping.ratecard",
                    ),
                ),
                (
                    "shipment",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="estimate",
                        to="shipping.shipment",
                    ),
                ),
                (
                    "store",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="stores.store"
                    ),
                ),
            ],
            options={
                "verbose_name": "shipment estimate",
                "verbose_name_plural": "shipment estimates",
            },
        ),
        migrations.CreateModel(
            name="SkuWeight",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sku", models.CharField(max_length=100, verbose_name="SKU")),
                ("grams", models.PositiveIntegerField(verbose_name="weight (g)")),
                (
                    "store",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="stores.store"
                    ),
                ),
            ],
            options={
                "verbose_name": "SKU weight",
                "verbose_name_plural": "SKU weights",
            },
        ),
        migrations.CreateModel(
            name="CarrierLaneStat",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("carrier", models.CharField(max_length=40, verbose_name="carrier")),
                ("scope", models.CharField(max_length=250, verbose_name="scope")),
                ("label", models.CharField(blank=True, max_length=250, verbose_name="label")),
                ("samples", models.PositiveIntegerField(default=0, verbose_name="deliveries timed")),
                (
                    "days_low",
                    models.PositiveSmallIntegerField(default=0, verbose_name="fast (20th percentile)"),
                ),
                (
                    "days_median",
                    models.PositiveSmallIntegerField(default=0, verbose_name="median transit days"),
                ),
                (
                    "days_p80",
                    models.PositiveSmallIntegerField(default=0, verbose_name="80th percentile transit days"),
                ),
                (
                    "days_promise",
                    models.PositiveSmallIntegerField(default=0, verbose_name="promised transit days"),
                ),
                ("settled", models.PositiveIntegerField(default=0, verbose_name="settled shipments")),
                ("delivered", models.PositiveIntegerField(default=0, verbose_name="delivered")),
                ("rto", models.PositiveIntegerField(default=0, verbose_name="returned to origin")),
                ("with_ndr", models.PositiveIntegerField(default=0, verbose_name="with a failed attempt")),
                ("promised", models.PositiveIntegerField(default=0, verbose_name="delivered with a promise")),
                ("on_time", models.PositiveIntegerField(default=0, verbose_name="delivered on time")),
                ("cost_total", models.DecimalField(decimal_places=3, default=0, max_digits=16)),
                ("cost_count", models.PositiveIntegerField(default=0)),
                ("computed_at", models.DateTimeField()),
                (
                    "store",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="stores.store"
                    ),
                ),
            ],
            options={
                "verbose_name": "carrier lane figures",
                "verbose_name_plural": "carrier lane figures",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("store", "carrier", "scope"), name="carrier_lane_stat_unique"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="PromiseBreach",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("promised_date", models.DateField(verbose_name="promised date")),
                ("detected_at", models.DateTimeField(verbose_name="detected at")),
                ("buyer_told", models.BooleanField(default=False, verbose_name="buyer told")),
                (
                    "shipment",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="breach",
                        to="shipping.shipment",
                    ),
                ),
                (
                    "store",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="stores.store"
                    ),
                ),
            ],
            options={
                "verbose_name": "missed delivery promise",
                "verbose_name_plural": "missed delivery promises",
                "indexes": [models.Index(fields=["store", "-detected_at"], name="promise_breach_store_at")],
            },
        ),
        migrations.AddIndex(
            model_name="ratecard",
            index=models.Index(fields=["store", "carrier", "-effective_from"], name="rate_card_in_force"),
        ),
        migrations.AddConstraint(
            model_name="ratecard",
            constraint=models.UniqueConstraint(
                fields=("store", "carrier", "version"), name="rate_card_version_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="rateslab",
            constraint=models.UniqueConstraint(fields=("card", "zone", "max_grams"), name="rate_slab_unique"),
        ),
        migrations.AddConstraint(
            model_name="ratezone",
            constraint=models.UniqueConstraint(fields=("card", "match", "value"), name="rate_zone_unique"),
        ),
        migrations.AddConstraint(
            model_name="skuweight",
            constraint=models.UniqueConstraint(fields=("store", "sku"), name="sku_weight_unique"),
        ),
    ]
