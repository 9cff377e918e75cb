"""Build one demo organisation in one transaction: tenant, scenario stories, background people
and their histories. A failure leaves nothing half-written; an organisation that already
exists is left alone (idempotent).

The processing log of the run is written under one trace id per organisation with the system
accessor ``demo`` (PRIV-05; Logboek Dataverwerkingen). Log lines carry ids and counts only.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass

from django.db import transaction

from klantbeeld.core import clock
from klantbeeld.core.models import Provider
from klantbeeld.core.tracing import trace
from klantbeeld.demo import tenant
from klantbeeld.demo.assistant import assistant_install
from klantbeeld.demo.channels import channels_install
from klantbeeld.demo.context import DEMO_TASK, DemoContext
from klantbeeld.demo.history import history_plan, history_write
from klantbeeld.demo.organisations import OrganisationSpec
from klantbeeld.demo.people import PersonSpec, people_generate, person_write
from klantbeeld.demo.stories import stories_for
from klantbeeld.privacy.constants import Activity
from klantbeeld.privacy.selectors import system_accessor

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildSettings:
    seed: int
    people: int


def organisation_exists(spec: OrganisationSpec) -> bool:
    return Provider.objects.filter(code=spec.code).exists()


def background_people(spec: OrganisationSpec, settings: BuildSettings) -> list[PersonSpec]:
    """The generated customers of ``spec``; scenario BSNs are kept out of their reach."""
    reserved = {story.person.bsn for story in stories_for(spec.code) if story.person.bsn}
    return people_generate(
        organisation=spec,
        seed=settings.seed,
        count=settings.people,
        today=clock.today(),
        reserved_bsns=reserved,
    )


def organisation_build(
    spec: OrganisationSpec, settings: BuildSettings, password: tenant.PasswordHash
) -> Counter[str] | None:
    """Create ``spec`` with its data and return what was written; None (and nothing written)
    when the organisation already exists."""
    if organisation_exists(spec):
        return None
    people = background_people(spec, settings)
    plans = history_plan(organisation=spec, seed=settings.seed, people=people)
    with transaction.atomic(), trace() as trace_id:
        ctx = _context_create(spec, password)
        for story in stories_for(spec.code):
            story.write(ctx, person_write(ctx, story.person))
        for person, threads in zip(people, plans, strict=True):
            history_write(ctx, person_write(ctx, person), threads)
        channels_install(ctx)
        assistant_install(ctx)
    logger.info(
        "demo organisation built provider_id=%s trace_id=%s parties=%s contacts=%s",
        ctx.provider.pk,
        trace_id,
        ctx.written["parties"],
        ctx.written["contacts"],
    )
    return ctx.written


def _context_create(spec: OrganisationSpec, password: tenant.PasswordHash) -> DemoContext:
    provider = tenant.provider_create(spec)
    teams = tenant.teams_create(provider, spec)
    assistant, messenger = tenant.automated_actors_create(provider)
    return DemoContext(
        organisation=spec,
        provider=provider,
        accessor=system_accessor(provider=provider, task=DEMO_TASK, activities=tuple(Activity)),
        now=clock.now(),
        topics=tenant.topics_create(provider, spec),
        teams=teams,
        staff=tenant.staff_create(provider, spec, teams, password),
        assistant=assistant,
        messenger=messenger,
    )
