"""Generate the benchmark organisation and its customers into an empty, migrated database.

The organisation, its processing register, roles, topics, teams and employees are made through
the product's services, as a real installation would have them; parties and their history are
planned in memory (``bench.plan``) and bulk-loaded (``bench.load``) table by table.
"""

from __future__ import annotations

import gc
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from time import perf_counter

from django.contrib.auth.models import Group

from bench.load import Loaded, Rebuilt, indexes_deferred, load, sequences_reset
from bench.plan import DAY, HistoryPlan, PartyPlan, history_plan, moment_counts, parties_plan
from bench.rows import (
    Context,
    Rows,
    Stamp,
    case_rows,
    case_status_rows,
    case_statuses,
    conversation_rows,
    digital_address_rows,
    identifier_rows,
    moment_rows,
    participant_rows,
    party_rows,
    postal_address_rows,
    preference_rows,
    task_rows,
)
from bench.rows import actor_moment_rows as actor_rows
from bench.vocabulary import TOPICS, Pools, pools_build
from klantbeeld.contacts.models import (
    ActorContactMoment,
    Case,
    CaseStatusChange,
    ContactMoment,
    Conversation,
    InternalTask,
    Participant,
)
from klantbeeld.contacts.services import automated_actor_create, employee_actor_create, team_create
from klantbeeld.core import clock
from klantbeeld.core.constants import ProviderKind
from klantbeeld.core.models import NumberSequence, Provider, Topic, User
from klantbeeld.parties.models import (
    DigitalAddress,
    Party,
    PartyIdentifier,
    PostalAddress,
    Preference,
)
from klantbeeld.privacy.roles import FRONT_OFFICE
from klantbeeld.privacy.services import processing_register_install, roles_install

PROVIDER_CODE = "bench"
EMPLOYEE_USERNAME = "medewerker00"
TEAMS = ("KCC", "Burgerzaken", "Belastingen", "Sociaal domein")
LOADED_MODELS = [
    *(Party, PartyIdentifier, DigitalAddress, PostalAddress, Preference, Conversation, Case),
    *(CaseStatusChange, ContactMoment, Participant, ActorContactMoment, InternalTask),
]


@dataclass
class Generated:
    loaded: list[Loaded] = field(default_factory=list)
    rebuilt: Rebuilt = field(default_factory=Rebuilt)
    setup_seconds: float = 0.0
    plan_seconds: float = 0.0
    seconds: float = 0.0


def provider_name(parties: int, per_party: int, seed: int) -> str:
    """The benchmark organisation's name records what was generated, so --keep can reuse it."""
    return f"Gemeente Benchmark ({parties} klanten x {per_party} contacten, seed {seed})"


def generate(*, parties: int, per_party: int, seed: int) -> Generated:
    """Millions of short-lived tuples would set off the cyclic GC again and again; it has
    nothing to find in them, so it is paused while generating (about 3 s saved)."""
    gc.disable()
    try:
        return _generate(parties=parties, per_party=per_party, seed=seed)
    finally:
        gc.enable()
        gc.collect()


def _generate(*, parties: int, per_party: int, seed: int) -> Generated:
    started = perf_counter()
    pools = pools_build(seed)
    ctx = organisation_setup(pools, provider_name(parties, per_party, seed), seed)
    report = Generated(setup_seconds=perf_counter() - started)
    rng = random.Random(seed)
    midnight = int(clock.now().timestamp()) // DAY * DAY
    party_plan = parties_plan(rng, pools, parties)
    history = history_plan(rng, moment_counts(rng, parties, per_party), midnight)
    report.plan_seconds = perf_counter() - started - report.setup_seconds
    with indexes_deferred(LOADED_MODELS) as report.rebuilt:
        for rows in _tables(ctx, pools, party_plan, history):
            report.loaded.append(load(rows))
    sequences_reset([Party, Conversation, Case, ContactMoment, InternalTask])
    _numbers_set(ctx.provider_id, parties, history)
    report.seconds = perf_counter() - started
    return report


def _tables(ctx: Context, pools: Pools, parties: PartyPlan, history: HistoryPlan) -> Iterator[Rows]:
    """Every table in the order of its foreign keys; rows are made while they are written."""
    stamp, created = Stamp(), Stamp()(history.start)
    count = len(parties.surnames)
    statuses = case_statuses(ctx, history)
    yield party_rows(ctx, parties, created)
    yield identifier_rows(ctx, parties, created)
    yield digital_address_rows(ctx, parties, created)
    yield postal_address_rows(ctx, pools, count, created)
    yield preference_rows(ctx, count, created)
    yield conversation_rows(ctx, history, stamp)
    yield case_rows(ctx, history, statuses, stamp)
    yield case_status_rows(ctx, history, statuses, stamp)
    yield moment_rows(ctx, history, stamp)
    yield participant_rows(ctx, history, parties, stamp)
    yield actor_rows(ctx, history, stamp)
    yield task_rows(ctx, history, stamp)


def organisation_setup(pools: Pools, name: str, seed: int) -> Context:
    """The municipality with its register, topics, teams, employees and the assistant."""
    provider = Provider.objects.create(
        code=PROVIDER_CODE, name=name, kind=ProviderKind.MUNICIPALITY, phone_number="14 030"
    )
    processing_register_install(provider=provider)
    front_office = next(group for group in roles_install() if group.name == FRONT_OFFICE)
    topics = [Topic(provider=provider, code=code, name=label) for code, label, _ in TOPICS]
    Topic.objects.bulk_create(topics)
    teams = [team_create(provider=provider, name=team) for team in TEAMS]
    employees = [
        employee_actor_create(user=_employee(provider, index, full_name, front_office), team=team)
        for index, (full_name, team) in enumerate(zip(pools.employees, teams * 6, strict=False))
    ]
    topic_id = dict(Topic.objects.filter(provider=provider).values_list("code", "id"))
    assistant = automated_actor_create(
        provider=provider, name="Digitale assistent", identifier="digitale-assistent"
    )
    return Context(
        provider_id=provider.pk,
        topic_ids=tuple(topic_id[code] for code, _, _ in TOPICS),
        employee_ids=tuple(actor.pk for actor in employees),
        team_ids=tuple(team.pk for team in teams),
        assistant_id=assistant.pk,
        seed=seed,
    )


def _employee(provider: Provider, index: int, full_name: str, group: Group) -> User:
    user = User(username=f"medewerker{index:02d}", first_name=full_name, provider=provider)
    user.set_unusable_password()
    user.save()
    user.groups.add(group)
    return user


def _numbers_set(provider_id: int, parties: int, history: HistoryPlan) -> None:
    """The counters the services number from continue after the loaded rows."""
    last_values = {
        "party": parties,
        "contact": len(history.moment_time),
        "case": len(history.case_conversations),
        "task": len(history.tasks),
    }
    for name, last_value in last_values.items():
        NumberSequence.objects.update_or_create(
            provider_id=provider_id, name=name, defaults={"last_value": last_value}
        )
