import secrets

from django.db import migrations, models

import stopalprs.signatures.models


def give_receipts(apps, schema_editor):
    Signature = apps.get_model("signatures", "Signature")
    for signature in Signature.objects.filter(receipt__isnull=True).only("pk").iterator():
        Signature.objects.filter(pk=signature.pk).update(receipt=secrets.token_hex(16))


class Migration(migrations.Migration):
    dependencies = [("signatures", "0003_count_index_with_district")]

    # A unique column with a random default: add it empty, fill each row, then constrain.
    operations = [
        migrations.AddField(
            model_name="signature",
            name="receipt",
            field=models.CharField(max_length=32, null=True, editable=False),
        ),
        migrations.RunPython(give_receipts, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="signature",
            name="receipt",
            field=models.CharField(
                default=stopalprs.signatures.models.new_receipt,
                editable=False,
                max_length=32,
                unique=True,
            ),
        ),
    ]
