"""The team lead distributes work over colleagues (routing.distribute_work)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TEAM_LEAD = "Teamleider"


def grant(apps, schema_editor):
    app_config = apps.get_app_config("routing")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(content_type__app_label="routing", codename="distribute_work")
    group, _ = Group.objects.get_or_create(name=TEAM_LEAD)
    group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("routing", "0001_initial"),
        ("privacy", "0011_api_client_corrects"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
