# Reserved so that work on this app's models lands in one known place; filled as the models grow.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shipping", "0003_ndr")]

    operations = []  # type: ignore[var-annotated]
