# The store's support contacts, shown on its buyer pages next to its logo and colour.
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("stores", "0002_setting_change")]

    operations = [
        migrations.AddField(
            model_name="store",
            name="support_email",
            field=models.EmailField(blank=True, max_length=254, verbose_name="support e-mail"),
        ),
        migrations.AddField(
            model_name="store",
            name="support_phone",
            field=models.CharField(
                blank=True, help_text="E.164", max_length=20, verbose_name="support phone"
            ),
        ),
    ]
