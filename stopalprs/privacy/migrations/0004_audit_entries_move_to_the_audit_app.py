from django.db import migrations


class Migration(migrations.Migration):
    """The audit trail moved to its own low app (stopalprs.audit), which keeps this table:
    only Django's record of which app owns the model changes, no row moves."""

    dependencies = [
        ("privacy", "0003_records_deletions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AuditEntry")],
            database_operations=[],
        ),
    ]
