"""The retention task (PRIV-14): apply each register entry's retention period.

For every organisation and every registered :class:`RetentionRule`, whatever is older than the
retention period of the rule's processing activity is deleted or anonymised by the domain that
owns it, except for customers under a legal hold. Aggregate statistics stay intact because the
domains anonymise rather than delete what counts (contact moments). Run it daily:
``klantbeeld privacy retention``.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction

from klantbeeld.core import clock
from klantbeeld.core.models import Provider
from klantbeeld.privacy.models import LegalHold, ProcessingActivity
from klantbeeld.privacy.subject_data import retention_rules

logger = logging.getLogger(__name__)


@transaction.atomic
def retention_apply(*, provider: Provider) -> dict[str, int]:
    periods = dict(
        ProcessingActivity.objects.filter(provider=provider).values_list("code", "retention_days")
    )
    held = set(
        LegalHold.objects.filter(provider=provider, until__gte=clock.today()).values_list(
            "data_subject", flat=True
        )
    )
    touched: dict[str, int] = {}
    for name, rule in retention_rules():
        days = periods.get(rule.activity)
        if days is None:
            continue
        touched[name] = rule.apply(provider.pk, clock.now() - timedelta(days=days), held)
    logger.info("retention applied provider=%s touched=%s", provider.pk, touched)
    return touched
