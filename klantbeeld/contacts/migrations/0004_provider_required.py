import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0003_api_fields"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name=name,
            name="provider",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="core.provider"
            ),
        )
        for name in ("subjectobject", "attachment")
    ]
