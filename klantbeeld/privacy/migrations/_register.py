"""Give every existing organisation the register entries it lacks (privacy/catalogue.py).

Idempotent; existing wording, edited by the privacy officer, is kept."""

from klantbeeld.privacy.catalogue import entries_for, entry_fields


def install_register(apps, schema_editor):
    Provider = apps.get_model("core", "Provider")
    ProcessingActivity = apps.get_model("privacy", "ProcessingActivity")
    for provider in Provider.objects.all():
        existing = set(
            ProcessingActivity.objects.filter(provider=provider).values_list("code", flat=True)
        )
        ProcessingActivity.objects.bulk_create(
            ProcessingActivity(provider=provider, **entry_fields(entry))
            for entry in entries_for(provider.kind)
            if entry.activity.value not in existing
        )
