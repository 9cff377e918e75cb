"""Country codes as ISO 3166-1 alpha-2, as the VNG address field "land" takes them (was the
4-digit RvIG code; only the Netherlands, 6030, was ever written)."""

from django.db import migrations, models


def to_iso(apps, schema_editor):
    PostalAddress = apps.get_model("parties", "PostalAddress")
    PostalAddress.objects.filter(country_code="6030").update(country_code="NL")


def to_rvig(apps, schema_editor):
    PostalAddress = apps.get_model("parties", "PostalAddress")
    PostalAddress.objects.filter(country_code="NL").update(country_code="6030")


class Migration(migrations.Migration):
    dependencies = [("parties", "0001_initial")]

    operations = [
        migrations.RunPython(to_iso, to_rvig),
        migrations.AlterField(
            model_name="postaladdress",
            name="country_code",
            field=models.CharField(default="NL", max_length=2, verbose_name="land (ISO 3166)"),
        ),
    ]
