"""Rows of each table, as tuples of database values in the order of named model fields.

Each function returns a :class:`Rows`: the model, the field attnames it fills and a lazy
iterator of tuples; the loader maps attnames to columns through ``_meta`` and fills every other
column from the field's default, so the rows follow the schema. Values are what Django would
store: UUIDs as 32 hex digits, datetimes as naive UTC text, booleans as Python booleans.
Party keys come from the service's own ``_party_keys_set``, numbers have the services' width.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import Model

from bench.plan import DAY, HistoryPlan, PartyPlan
from bench.vocabulary import ACTIONS, CHANNEL_WEIGHTS, EMAIL_DOMAINS, SUMMARIES, TOPICS, Pools
from bench.vocabulary import postcode as postcode_random
from klantbeeld.contacts.constants import (
    CaseStatus,
    ConversationStatus,
    Handling,
    Outcome,
    ParticipantRole,
    TaskStatus,
)
from klantbeeld.contacts.models import (
    ActorContactMoment,
    Case,
    CaseStatusChange,
    ContactMoment,
    Conversation,
    InternalTask,
    Participant,
)
from klantbeeld.core.constants import Channel, Direction
from klantbeeld.parties.constants import (
    AnswerStyle,
    DigitalAddressKind,
    FormOfAddress,
    IdentifierKind,
    ObjectType,
    PartyKind,
    PostalAddressKind,
)
from klantbeeld.parties.models import DigitalAddress, Party, PartyIdentifier, PostalAddress
from klantbeeld.parties.models import Preference as PreferenceModel
from klantbeeld.parties.services import _party_keys_set
from klantbeeld.parties.validation import name_key

Row = tuple[object, ...]
_V4_CLEAR = ((1 << 128) - 1) ^ ((0xF000 << 64) | (0xC000 << 48))
_V4_SET = (0x4000 << 64) | (0x8000 << 48)
STAMP_FIELDS = ("uuid", "created_at", "updated_at")
OPEN_CASE_STEPS = {
    CaseStatus.RECEIVED: (),
    CaseStatus.IN_PROGRESS: (CaseStatus.IN_PROGRESS,),
    CaseStatus.WAITING_FOR_CUSTOMER: (CaseStatus.IN_PROGRESS, CaseStatus.WAITING_FOR_CUSTOMER),
    CaseStatus.DECIDED: (CaseStatus.IN_PROGRESS, CaseStatus.DECIDED),
    CaseStatus.CLOSED: (CaseStatus.IN_PROGRESS, CaseStatus.DECIDED, CaseStatus.CLOSED),
}


@dataclass(frozen=True)
class Context:
    """Ids of the rows made through the services before the bulk load."""

    provider_id: int
    topic_ids: tuple[int, ...]  # in the order of vocabulary.TOPICS
    employee_ids: tuple[int, ...]
    team_ids: tuple[int, ...]
    assistant_id: int
    seed: int


@dataclass(frozen=True)
class Rows:
    model: type[Model]
    fields: tuple[str, ...]
    rows: Iterator[Row]


class Stamp:
    """Epoch seconds → ``'YYYY-MM-DD HH:MM:SS'`` (naive UTC, as Django stores it), fast."""

    def __init__(self) -> None:
        self._days: dict[int, str] = {}

    def __call__(self, seconds: int) -> str:
        day, rest = divmod(seconds, DAY)
        text = self._days.get(day)
        if text is None:
            text = self._days[day] = date.fromordinal(719_163 + day).isoformat()
        hours, rest = divmod(rest, 3600)
        return f"{text} {hours:02d}:{rest // 60:02d}:{rest % 60:02d}"


def uuid_hex(rng: random.Random) -> str:
    """A version-4 UUID from the seeded generator, as 32 hex digits."""
    return f"{rng.getrandbits(128) & _V4_CLEAR | _V4_SET:032x}"


def _rng(ctx: Context, table: str) -> random.Random:
    return random.Random(f"{ctx.seed}:{table}")


def party_rows(ctx: Context, parties: PartyPlan, created: str) -> Rows:
    fields: tuple[str, ...] = (
        *("id", *STAMP_FIELDS, "provider_id", "number", "kind", "initials", "given_names"),
        *("surname_prefix", "surname", "date_of_birth", "is_secret", "surname_key", "name_key"),
    )

    def rows() -> Iterator[Row]:
        rng, party = _rng(ctx, "party"), Party(kind=PartyKind.PERSON)
        first_birthday, last_birthday = date(1930, 1, 1).toordinal(), date(2006, 12, 31).toordinal()
        for index, surname in enumerate(parties.surnames):
            party.given_names, party.initials = parties.given_names[index], parties.initials[index]
            party.surname_prefix, party.surname = parties.prefixes[index], surname
            _party_keys_set(party)
            birthday = date.fromordinal(rng.randint(first_birthday, last_birthday)).isoformat()
            yield (
                *(index + 1, uuid_hex(rng), created, created, ctx.provider_id),
                *(f"{index + 1:07d}", PartyKind.PERSON.value, party.initials, party.given_names),
                *(party.surname_prefix, surname, birthday, rng.random() < 0.01),
                *(party.surname_key, party.name_key),
            )

    return Rows(Party, fields, rows())


def identifier_rows(ctx: Context, parties: PartyPlan, created: str) -> Rows:
    fields: tuple[str, ...] = (
        *STAMP_FIELDS,
        "provider_id",
        "party_id",
        "kind",
        "object_type",
        "register",
        "value",
    )
    kind, object_type = IdentifierKind.BSN.value, ObjectType.NATURAL_PERSON.value

    def rows() -> Iterator[Row]:
        rng = _rng(ctx, "identifier")
        for index, bsn in enumerate(parties.bsns):
            head = (uuid_hex(rng), created, created, ctx.provider_id, index + 1)
            yield (*head, kind, object_type, "brp", bsn)

    return Rows(PartyIdentifier, fields, rows())


def digital_address_rows(ctx: Context, parties: PartyPlan, created: str) -> Rows:
    """Half the parties have e-mail and phone, a quarter only e-mail, a quarter only phone."""
    fields: tuple[str, ...] = (
        *STAMP_FIELDS,
        "provider_id",
        "party_id",
        "kind",
        "value",
        "is_default",
        "verified_at",
    )
    email, phone = DigitalAddressKind.EMAIL.value, DigitalAddressKind.PHONE.value

    def rows() -> Iterator[Row]:
        rng = _rng(ctx, "digital_address")
        for index, surname in enumerate(parties.surnames):
            head, pick = (ctx.provider_id, index + 1), rng.random()
            if pick < 0.75:
                first = name_key(parties.given_names[index].split()[0]).replace(" ", "")
                last = name_key(parties.prefixes[index], surname).replace(" ", "")
                value = f"{first}.{last}{rng.randrange(100)}@{rng.choice(EMAIL_DOMAINS)}"
                yield (uuid_hex(rng), created, created, *head, email, value, True, None)
            if pick < 0.5 or pick >= 0.75:
                value = f"+316{rng.randrange(10_000_000, 60_000_000)}"
                verified = created if rng.random() < 0.6 else None
                yield (uuid_hex(rng), created, created, *head, phone, value, True, verified)

    return Rows(DigitalAddress, fields, rows())


def postal_address_rows(ctx: Context, pools: Pools, count: int, created: str) -> Rows:
    """One home address each, on about four parties per postcode (households, neighbours)."""
    fields: tuple[str, ...] = (
        *(*STAMP_FIELDS, "party_id", "kind", "bag_id", "street", "house_number"),
        *("house_number_suffix", "postcode", "city"),
    )
    kind = PostalAddressKind.VISIT.value

    def rows() -> Iterator[Row]:
        rng = _rng(ctx, "postal_address")
        areas = [
            (postcode_random(rng), rng.choice(pools.streets), rng.choice(pools.cities))
            for _ in range(max(1, count // 4))
        ]
        for index in range(count):
            code, street, city = rng.choice(areas)
            suffix = rng.choice(("A", "B", "bis", "1", "2")) if rng.random() < 0.08 else ""
            bag_id = f"034420{rng.randrange(10**10):010d}"
            head = (uuid_hex(rng), created, created, index + 1, kind, bag_id, street)
            yield (*head, rng.randint(1, 120), suffix, code, city)

    return Rows(PostalAddress, fields, rows())


def preference_rows(ctx: Context, count: int, created: str) -> Rows:
    fields: tuple[str, ...] = (
        *(*STAMP_FIELDS, "party_id", "preferred_channel", "answer_style", "form_of_address"),
        *("needs_digital_help", "accessibility_needs"),
    )
    channels = ("", "", "", *Channel.values)
    styles, forms = AnswerStyle.values, FormOfAddress.values

    def rows() -> Iterator[Row]:
        rng = _rng(ctx, "preference")
        for index in range(count):
            needs = "Grote letters" if rng.random() < 0.02 else ""
            head = (uuid_hex(rng), created, created, index + 1, rng.choice(channels))
            yield (*head, rng.choice(styles), rng.choice(forms), rng.random() < 0.05, needs)

    return Rows(PreferenceModel, fields, rows())


def subject_of(conversation: int, topic: int) -> str:
    subjects = TOPICS[topic][2]
    return subjects[conversation % len(subjects)]


def conversation_rows(ctx: Context, plan: HistoryPlan, stamp: Stamp) -> Rows:
    """A conversation quiet for a month is closed; the others are open."""
    fields: tuple[str, ...] = (
        *("id", *STAMP_FIELDS, "provider_id", "party_id", "topic_id", "subject", "status"),
        *("opened_at", "last_activity_at", "closed_at"),
    )
    quiet_since = plan.now - 30 * DAY

    def rows() -> Iterator[Row]:
        rng = _rng(ctx, "conversation")
        for index, (opened, last, party, topic) in enumerate(plan.conversations):
            is_open, opened_at, last_at = last >= quiet_since, stamp(opened), stamp(last)
            status = ConversationStatus.OPEN if is_open else ConversationStatus.CLOSED
            head = (index + 1, uuid_hex(rng), opened_at, last_at, ctx.provider_id, party + 1)
            body = (ctx.topic_ids[topic], subject_of(index, topic), status.value, opened_at)
            yield (*head, *body, last_at, None if is_open else stamp(last + DAY))

    return Rows(Conversation, fields, rows())


def case_statuses(ctx: Context, plan: HistoryPlan) -> list[str]:
    """Cases active in the last 90 days are open, and 5 % of older ones were left open."""
    rng = _rng(ctx, "case_status")
    recent = plan.now - 90 * DAY
    open_statuses = list(OPEN_CASE_STEPS)[:4]
    statuses = []
    for conversation in plan.case_conversations:
        if plan.conversations[conversation][1] >= recent or rng.random() < 0.05:
            statuses.append(rng.choices(open_statuses, weights=(20, 50, 20, 10))[0].value)
        else:
            statuses.append(CaseStatus.CLOSED.value)
    return statuses


def _case_end(plan: HistoryPlan, conversation: int, status: str) -> int:
    last = plan.conversations[conversation][1]
    return last + 2 * DAY if status == CaseStatus.CLOSED else last


def case_rows(ctx: Context, plan: HistoryPlan, statuses: list[str], stamp: Stamp) -> Rows:
    fields: tuple[str, ...] = (
        *("id", *STAMP_FIELDS, "provider_id", "reference", "party_id", "topic_id", "goal"),
        *("status", "next_step", "expected_completion", "handling", "owner_id", "team_id"),
        *("opened_at", "closed_at"),
    )
    today = plan.now // DAY + 719_163

    def rows() -> Iterator[Row]:
        rng = _rng(ctx, "case")
        for index, conversation in enumerate(plan.case_conversations):
            opened, _, party, topic = plan.conversations[conversation]
            status, end = statuses[index], _case_end(plan, conversation, statuses[index])
            is_closed = status == CaseStatus.CLOSED
            personal = rng.random() < 0.1
            expected = None if is_closed else date.fromordinal(today + rng.randint(1, 30))
            head: Row = (index + 1, uuid_hex(rng), stamp(opened), stamp(end), ctx.provider_id)
            head += (f"Z-{index + 1:07d}", party + 1, ctx.topic_ids[topic])
            yield (
                *(*head, subject_of(conversation, topic), status),
                *("" if is_closed else "Wacht op beoordeling door de vakafdeling", expected),
                Handling.PERSONAL.value if personal else Handling.STANDARD.value,
                rng.choice(ctx.employee_ids) if personal else None,
                rng.choice(ctx.team_ids),
                *(stamp(opened), stamp(end) if is_closed else None),
            )

    return Rows(Case, fields, rows())


def case_status_rows(ctx: Context, plan: HistoryPlan, statuses: list[str], stamp: Stamp) -> Rows:
    """'Received' at opening, then each step to the current status, spread over its life."""
    fields: tuple[str, ...] = ("case_id", "status", "note", "changed_at", "changed_by_id")

    def rows() -> Iterator[Row]:
        rng = _rng(ctx, "case_status_change")
        for index, conversation in enumerate(plan.case_conversations):
            opened, status = plan.conversations[conversation][0], statuses[index]
            end = _case_end(plan, conversation, status)
            yield (index + 1, CaseStatus.RECEIVED.value, "", stamp(opened), None)
            steps = OPEN_CASE_STEPS[CaseStatus(status)]
            for number, step in enumerate(steps, 1):
                at = opened + (end - opened) * number // len(steps)
                yield (index + 1, step.value, "", stamp(at), rng.choice(ctx.employee_ids))

    return Rows(CaseStatusChange, fields, rows())


def moment_rows(ctx: Context, plan: HistoryPlan, stamp: Stamp) -> Rows:
    fields: tuple[str, ...] = (
        *("id", *STAMP_FIELDS, "provider_id", "number", "channel", "direction", "topic_id"),
        *("subject", "summary", "is_successful", "further_action_taken", "occurred_at"),
        *("outcome", "sentiment", "conversation_id", "case_id"),
    )
    channels = [str(channel) for channel, _ in CHANNEL_WEIGHTS]
    outcomes, sentiments = Outcome.values, ("",) * 17 + ("positief", "bezorgd", "boos")

    def rows() -> Iterator[Row]:
        rng, tasks = _rng(ctx, "contact_moment"), set(plan.tasks)
        conversations, cases = plan.moment_conversation, plan.moment_case
        for index, moment_time in enumerate(plan.moment_time):
            at, conversation = stamp(moment_time), conversations[index]
            topic, case = plan.conversations[conversation][3], cases[index]
            inbound = plan.moment_inbound[index]
            yield (
                *(index + 1, uuid_hex(rng), at, at, ctx.provider_id, f"{index + 1:07d}"),
                channels[plan.moment_channel[index]],
                Direction.INBOUND.value if inbound else Direction.OUTBOUND.value,
                *(ctx.topic_ids[topic], subject_of(conversation, topic), rng.choice(SUMMARIES)),
                *(True, index in tasks, at, rng.choice(outcomes), rng.choice(sentiments)),
                *(conversation + 1, case + 1 if case >= 0 else None),
            )

    return Rows(ContactMoment, fields, rows())


def participant_rows(ctx: Context, plan: HistoryPlan, parties: PartyPlan, stamp: Stamp) -> Rows:
    """The customer of each moment, with the name as it was then (the party's name)."""
    fields: tuple[str, ...] = (
        *(*STAMP_FIELDS, "contact_moment_id", "party_id", "role", "is_initiator"),
        *("initials", "given_name", "surname_prefix", "surname"),
    )
    role = ParticipantRole.CUSTOMER.value

    def rows() -> Iterator[Row]:
        rng = _rng(ctx, "participant")
        for index, party in enumerate(plan.moment_party):
            at = stamp(plan.moment_time[index])
            yield (
                *(uuid_hex(rng), at, at, index + 1, party + 1, role),
                *(plan.moment_inbound[index] == 1, parties.initials[party]),
                *(parties.given_names[party], parties.prefixes[party], parties.surnames[party]),
            )

    return Rows(Participant, fields, rows())


def actor_id(ctx: Context, planned: int) -> int:
    """A planned actor number: -1 is the digital assistant, others pick an employee."""
    if planned < 0:
        return ctx.assistant_id
    return ctx.employee_ids[planned % len(ctx.employee_ids)]


def actor_moment_rows(ctx: Context, plan: HistoryPlan, stamp: Stamp) -> Rows:
    fields: tuple[str, ...] = (*STAMP_FIELDS, "actor_id", "contact_moment_id")

    def rows() -> Iterator[Row]:
        rng = _rng(ctx, "actor_contact_moment")
        for index, planned in enumerate(plan.moment_actor):
            at = stamp(plan.moment_time[index])
            yield (uuid_hex(rng), at, at, actor_id(ctx, planned), index + 1)

    return Rows(ActorContactMoment, fields, rows())


def task_rows(ctx: Context, plan: HistoryPlan, stamp: Stamp) -> Rows:
    """Agreements: open when made in the last three weeks, and 3 % of older ones forgotten."""
    fields: tuple[str, ...] = (
        *("id", *STAMP_FIELDS, "provider_id", "number", "party_id", "contact_moment_id"),
        *("case_id", "kind", "requested_action", "assigned_to_id", "promised_by_id"),
        *("status", "assigned_at", "due_at", "completed_at"),
    )

    def rows() -> Iterator[Row]:
        rng = _rng(ctx, "internal_task")
        for index, moment in enumerate(plan.tasks):
            made, case = plan.moment_time[moment], plan.moment_case[moment]
            is_open = plan.now - made < 21 * DAY or rng.random() < 0.03
            kind, action = rng.choice(ACTIONS)
            done = None if is_open else stamp(min(plan.now, made + rng.randint(1, 5) * DAY))
            staff = ctx.team_ids if rng.random() < 0.3 else ctx.employee_ids
            yield (
                *(index + 1, uuid_hex(rng), stamp(made), done or stamp(made), ctx.provider_id),
                *(f"{index + 1:07d}", plan.moment_party[moment] + 1, moment + 1),
                *(case + 1 if case >= 0 else None, kind, action, rng.choice(staff)),
                actor_id(ctx, plan.moment_actor[moment]),
                TaskStatus.TO_DO.value if is_open else TaskStatus.DONE.value,
                *(stamp(made), stamp(made + rng.randint(2, 10) * DAY), done),
            )

    return Rows(InternalTask, fields, rows())
