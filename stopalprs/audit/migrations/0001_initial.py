import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Takes over the privacy app's audit table as it is (state only: the table exists)."""

    initial = True

    dependencies = [
        ("privacy", "0004_audit_entries_move_to_the_audit_app"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEntry",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                        ("actor_name", models.CharField(editable=False, max_length=150)),
                        ("action", models.CharField(choices=[("view", "Viewed a person's record"), ("search", "Searched by email address"), ("export", "Exported personal data"), ("change", "Changed a record")], editable=False, max_length=10)),
                        ("object_type", models.CharField(editable=False, max_length=50)),
                        ("object_ref", models.CharField(blank=True, editable=False, max_length=200)),
                        ("record_count", models.PositiveIntegerField(default=0, editable=False)),
                        ("detail", models.CharField(blank=True, editable=False, max_length=500)),
                        ("actor", models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name_plural": "audit entries",
                        "ordering": ["-created_at"],
                        "db_table": "privacy_auditentry",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
