"""Install the roles (groups) with their activity permissions, as privacy/roles.py lists them.

Shared by the migrations that change roles; it reads the current role table, and is
idempotent, so running it again only brings the groups in line.
"""

from django.contrib.auth.management import create_permissions


def install_roles(apps, schema_editor):
    from klantbeeld.privacy.constants import SCOPE_ALL_CUSTOMERS
    from klantbeeld.privacy.roles import ROLE_ACTIVITIES, ROLES_SERVING_ALL_CUSTOMERS

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
        codes = [activity.value for activity in activities]
        if role in ROLES_SERVING_ALL_CUSTOMERS:
            codes.append(SCOPE_ALL_CUSTOMERS)
        # an earlier migration sees only the permissions that existed then; a later one adds the rest
        group.permissions.remove(*group.permissions.filter(content_type__app_label="privacy"))
        group.permissions.add(*[permissions[code] for code in codes if code in permissions])
