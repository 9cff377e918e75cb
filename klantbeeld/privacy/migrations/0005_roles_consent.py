"""Give the serving roles the new consent-recording activity (privacy/roles.py)."""

from django.db import migrations

from klantbeeld.privacy.migrations import _roles


class Migration(migrations.Migration):
    dependencies = [("privacy", "0004_consents")]

    operations = [migrations.RunPython(_roles.install_roles, migrations.RunPython.noop)]
