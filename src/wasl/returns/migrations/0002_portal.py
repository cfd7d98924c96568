# Reserved so that work on this app's models lands in one known place; filled as the models grow.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("returns", "0001_initial")]

    operations = []  # type: ignore[var-annotated]
