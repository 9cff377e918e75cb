"""Background contact histories: planned as pure data first, then written through the services.

Each background customer gets zero to four questions ("threads") over the last eighteen months,
in every channel of ``core.constants.Channel`` that the organisation offers (CH-01). A thread
is answered at once, or leads to an agreement (CV-06, PS-15) that is kept or still open — some
of them overdue (SIG-*) — or to a case with status steps (CV-07) that is closed, still running,
or stalled. Contacts in the digital assistant are handed over to a person when the question
needs one (CB-*, SC-20). The plan is deterministic for a seed; writing it (``threads``)
adds only the timestamps, which are relative to the run's ``now``.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TYPE_CHECKING

from klantbeeld.contacts.constants import Sentiment
from klantbeeld.core.constants import Channel
from klantbeeld.demo.organisations import OrganisationSpec
from klantbeeld.demo.people import PersonSpec
from klantbeeld.demo.questions import FollowUp, Question, questions_for
from klantbeeld.demo.threads import ThreadPlan, thread_write
from klantbeeld.parties.constants import DigitalAddressKind

if TYPE_CHECKING:
    from klantbeeld.demo.context import DemoContext
    from klantbeeld.parties.models import Party

_THREAD_COUNTS, _THREAD_WEIGHTS = (0, 1, 2, 3, 4), (10, 40, 30, 15, 5)
_SENTIMENTS = (
    Sentiment.NEUTRAL,
    Sentiment.POSITIVE,
    Sentiment.WORRIED,
    Sentiment.ANGRY,
    Sentiment.SAD,
)
_SENTIMENT_WEIGHTS = (60, 12, 16, 9, 3)
_SAD_TOPICS = ("geboorte_overlijden", "bijstand_schulden", "toeslagen")
_OFFICE_CHANNELS = (Channel.PHONE, Channel.COUNTER, Channel.VIDEO, Channel.LETTER)
_REPLY_CHANNEL = {
    Channel.PHONE: Channel.PHONE,
    Channel.LETTER: Channel.LETTER,
    Channel.EMAIL: Channel.EMAIL,
    Channel.WHATSAPP: Channel.WHATSAPP,
    Channel.PORTAL: Channel.PORTAL,
    Channel.COUNTER: Channel.PHONE,
    Channel.WEB_CHAT: Channel.EMAIL,
}


def history_plan(
    *, organisation: OrganisationSpec, seed: int, people: Sequence[PersonSpec]
) -> list[list[ThreadPlan]]:
    """The threads of each person, oldest first; the same seed gives the same plan."""
    rng = random.Random(f"{seed}:{organisation.code}:history")
    questions = questions_for(organisation.code)
    plans = []
    for person in people:
        count = rng.choices(_THREAD_COUNTS, weights=_THREAD_WEIGHTS)[0]
        days = _start_days(rng, count)
        plans.append([_thread(rng, organisation, person, questions, day) for day in days])
    return plans


def _start_days(rng: random.Random, count: int) -> list[int]:
    """Distinct days ago, oldest first, denser in recent months (the history looks alive)."""
    days: set[int] = set()
    while len(days) < count:
        days.add(2 + int(538 * rng.random() ** 1.7))
    return sorted(days, reverse=True)


def _thread(
    rng: random.Random,
    organisation: OrganisationSpec,
    person: PersonSpec,
    questions: Sequence[Question],
    days_ago: int,
) -> ThreadPlan:
    question = rng.choice(questions)
    channel = _first_channel(rng, organisation, person)
    office = channel in _OFFICE_CHANNELS
    hour = rng.randint(8, 16) if office else rng.choice((7, 8, 9, 11, 12, 13, 16, 19, 20, 21, 22))
    sentiment = rng.choices(_SENTIMENTS, weights=_SENTIMENT_WEIGHTS)[0]
    if sentiment == Sentiment.SAD and question.topic not in _SAD_TOPICS:
        sentiment = Sentiment.WORRIED
    return ThreadPlan(
        question=question,
        days_ago=days_ago,
        clock=f"{hour:02d}:{rng.randrange(0, 60, 3):02d}",
        channel=channel,
        reply_channel=_reply_channel(organisation, person),
        sentiment=sentiment,
        agent=_agent(rng, organisation, channel),
        handler=_handler(rng, organisation, question.follow_up),
        days_late=0 if rng.random() < 0.85 else rng.randint(4, 30),
        asks_for_information=rng.random() < 0.3,
    )


def _first_channel(
    rng: random.Random, organisation: OrganisationSpec, person: PersonSpec
) -> Channel:
    preferred = person.preference.preferred_channel
    if preferred in organisation.channels and rng.random() < 0.45:
        return Channel(preferred)
    channels, weights = zip(*organisation.channel_weights, strict=True)
    return rng.choices(channels, weights=weights)[0]


def _reply_channel(organisation: OrganisationSpec, person: PersonSpec) -> Channel:
    kinds = {address.kind for address in person.digital_addresses}
    reply = _REPLY_CHANNEL.get(Channel(person.preference.preferred_channel), Channel.EMAIL)
    if reply not in organisation.channels:
        reply = Channel.EMAIL
    if reply == Channel.EMAIL and DigitalAddressKind.EMAIL not in kinds:
        reply = Channel.PHONE
    if reply == Channel.PHONE and DigitalAddressKind.PHONE not in kinds:
        reply = Channel.LETTER
    return reply


def _agent(rng: random.Random, organisation: OrganisationSpec, channel: Channel) -> str:
    if channel == Channel.SOCIAL and organisation.code == "vervoer":
        return "specialist"  # Webcare owns every social-media thread (AR-32, SC-35)
    front_desk = organisation.teams[0]
    keys = [e.key for e in organisation.employees if e.team == front_desk]
    return rng.choice(keys)


def _handler(rng: random.Random, organisation: OrganisationSpec, follow_up: FollowUp | None) -> str:
    if follow_up is None:
        return "specialist"
    keys = [e.key for e in organisation.employees if e.team == follow_up.team and e.key != "fg"]
    return rng.choice(keys) if keys else "specialist"


def history_write(ctx: DemoContext, party: Party, plans: Sequence[ThreadPlan]) -> None:
    """Write the planned threads of one person, oldest first."""
    for plan in plans:
        thread_write(ctx, party, plan)
