"""Install the roles (groups) with their activity permissions (privacy/roles.py)."""

from django.db import migrations

from klantbeeld.privacy.migrations import _roles


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(_roles.install_roles, migrations.RunPython.noop)]
