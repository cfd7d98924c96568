import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("console", "0001_initial"),
        ("stores", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="NotificationTiming",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("event", models.CharField(max_length=60, verbose_name="event")),
                ("delay_minutes", models.PositiveIntegerField(default=0, verbose_name="delay (minutes)")),
                ("quiet_hours", models.CharField(blank=True, max_length=11, verbose_name="quiet hours")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "store",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notification_timings",
                        to="stores.store",
                    ),
                ),
            ],
            options={
                "verbose_name": "notification timing",
                "verbose_name_plural": "notification timings",
                "constraints": [
                    models.UniqueConstraint(fields=("store", "event"), name="notification_timing_event")
                ],
            },
        ),
    ]
