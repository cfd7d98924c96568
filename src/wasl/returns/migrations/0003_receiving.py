# Photos taken at the dock while returned items are graded.
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("returns", "0002_portal"),
        ("stores", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="InspectionPhoto",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "file",
                    models.FileField(max_length=200, upload_to="returns/inspection/", verbose_name="photo"),
                ),
                ("content_type", models.CharField(max_length=20, verbose_name="type")),
                ("size", models.PositiveIntegerField(verbose_name="size in bytes")),
                ("sha256", models.CharField(max_length=64)),
                ("uploaded_by", models.CharField(blank=True, max_length=150, verbose_name="taken by")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="taken at")),
                (
                    "item",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="inspection_photos",
                        to="returns.returnitem",
                    ),
                ),
                (
                    "return_request",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="inspection_photos",
                        to="returns.returnrequest",
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
                "verbose_name": "inspection photo",
                "verbose_name_plural": "inspection photos",
                "constraints": [
                    models.UniqueConstraint(fields=("item", "sha256"), name="inspection_photo_unique")
                ],
            },
        ),
    ]
