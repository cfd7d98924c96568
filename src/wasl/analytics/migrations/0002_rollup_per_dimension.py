"""Rollup rows per dimension and value instead of per combination of all of them: a page reads at most days x
values rows. The rollups are derived data: the table is made anew and the next refresh of each store is a full
one."""

import django.db.models.deletion
from django.db import migrations, models


def forget_watermarks(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("analytics", "RefreshState").objects.update(watermark=None)


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0001_initial"),
        ("stores", "0003_branding"),
    ]

    operations = [
        migrations.DeleteModel(name="DailyRollup"),
        migrations.CreateModel(
            name='DailyRollup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField()),
                ('dimension', models.CharField(max_length=16)),
                ('value', models.CharField(blank=True, max_length=120)),
                ('orders', models.PositiveIntegerField(default=0)),
                ('shipped', models.PositiveIntegerField(default=0)),
                ('delivered', models.PositiveIntegerField(default=0)),
                ('rto', models.PositiveIntegerField(default=0)),
                ('ndr', models.PositiveIntegerField(default=0)),
                ('returned', models.PositiveIntegerField(default=0)),
                ('settled', models.PositiveIntegerField(default=0)),
                ('new_customers', models.PositiveIntegerField(default=0)),
                ('revenue', models.DecimalField(decimal_places=3, default=0, max_digits=14, verbose_name='order value')),
                ('kept_revenue', models.DecimalField(decimal_places=3, default=0, max_digits=14, verbose_name='revenue kept')),
                ('product_cost', models.DecimalField(decimal_places=3, default=0, max_digits=14, verbose_name='product cost')),
                ('shipping_cost', models.DecimalField(decimal_places=3, default=0, max_digits=14, verbose_name='shipping')),
                ('cod_fee', models.DecimalField(decimal_places=3, default=0, max_digits=14, verbose_name='COD fee')),
                ('message_cost', models.DecimalField(decimal_places=3, default=0, max_digits=14, verbose_name='message cost')),
                ('refunded', models.DecimalField(decimal_places=3, default=0, max_digits=14, verbose_name='refunded')),
                ('profit', models.DecimalField(decimal_places=3, default=0, max_digits=14, verbose_name='profit')),
                ('store', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='stores.store')),
            ],
            options={
                'indexes': [models.Index(fields=['store', 'dimension', 'day'], name='rollup_store_dimension_day')],
            },
        ),
        migrations.RunPython(forget_watermarks, migrations.RunPython.noop),
    ]
