"""Send slots are ephemeral: on PostgreSQL their table skips the write-ahead log, so taking a slot does not
wait for a disk flush. After a database crash the table comes back empty, which only resets the slots."""

from django.db import migrations


def unlogged(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE messaging_sendrate SET UNLOGGED")


def logged(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE messaging_sendrate SET LOGGED")


class Migration(migrations.Migration):
    dependencies = [("messaging", "0001_initial")]

    operations = [migrations.RunPython(unlogged, logged)]
