# Reserved so that work on this app's models lands in one known place; filled as the models grow.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("orders", "0006_return_timeline_kind")]

    operations = []  # type: ignore[var-annotated]
