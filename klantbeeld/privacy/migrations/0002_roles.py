"""Install the roles (groups) with their activity permissions (privacy/roles.py)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def install_roles(apps, schema_editor):
    from klantbeeld.privacy.roles import ROLE_ACTIVITIES

    app_config = apps.get_app_config("privacy")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = {
        permission.codename: permission
        for permission in Permission.objects.filter(content_type__app_label="privacy")
    }
    for role, activities in ROLE_ACTIVITIES.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set([permissions[activity.value] for activity in activities])


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(install_roles, migrations.RunPython.noop)]
