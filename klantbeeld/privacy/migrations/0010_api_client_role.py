"""The API client role (privacy/roles.py)."""

from django.db import migrations

from klantbeeld.privacy.migrations import _roles


class Migration(migrations.Migration):
    dependencies = [("privacy", "0009_subject_requests")]

    operations = [migrations.RunPython(_roles.install_roles, migrations.RunPython.noop)]
