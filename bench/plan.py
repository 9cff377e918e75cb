"""What the benchmark database holds, decided in memory before a row is written.

Parties come first; then each party's contact moments over the last three years, in
conversations of one to five contacts a few days apart, and some conversations become cases.
Moments, conversations and cases are then numbered in the order they happened, as a live
system would have numbered them: a party's history is spread over the whole table instead of
lying in one neat block, so the timeline reads what it would read in production. About 1 %
of parties are heavy users with ten times the usual history.
"""

from __future__ import annotations

import random
from array import array
from dataclasses import dataclass, field

from bench.vocabulary import CHANNEL_WEIGHTS, TOPICS, Pools, bsn_numbers

DAY = 86_400
HISTORY_DAYS = 3 * 365
OFFICE_START = 7 * 3600  # 08:00 or 09:00 in Amsterdam, in UTC seconds of the day
OFFICE_SECONDS = 11 * 3600
THREAD_MOST = 5  # contacts in one conversation: 1 to 5, three on average
THREAD_DAYS_APART = 7
CASE_CHANCE = 0.10
TASK_CHANCE = 0.06
INBOUND_CHANCE = 0.85
HEAVY_CHANCE = 0.01
HEAVY_WEIGHT = 10.0
ASSISTANT = [channel for channel, _ in CHANNEL_WEIGHTS].index("digitale_assistent")


@dataclass
class PartyPlan:
    """One entry per party, index i is party id i + 1."""

    given_names: list[str] = field(default_factory=list)
    initials: list[str] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)
    surnames: list[str] = field(default_factory=list)
    bsns: list[str] = field(default_factory=list)


@dataclass
class HistoryPlan:
    """Conversations, cases, moments and tasks, each list in the order it happened.

    Index i of a list is database id i + 1. ``moment_*`` arrays are parallel; a case is the
    index of its conversation; ``-1`` means none.
    """

    now: int
    conversations: list[tuple[int, int, int, int]]  # opened, last activity, party, topic
    case_conversations: list[int]
    moment_time: array
    moment_party: array
    moment_conversation: array
    moment_case: array
    moment_channel: bytes = b""
    moment_inbound: bytes = b""
    moment_actor: array = field(default_factory=lambda: array("l"))  # -1: the assistant
    tasks: array = field(default_factory=lambda: array("l"))  # moment index of each task

    @property
    def start(self) -> int:
        return self.now - HISTORY_DAYS * DAY


def parties_plan(rng: random.Random, pools: Pools, count: int) -> PartyPlan:
    plan = PartyPlan(bsns=bsn_numbers(rng, count))
    given_pool, weights = pools.given_names, pools.surname_weights
    surnames = rng.choices(pools.surnames, cum_weights=weights, k=count)
    for prefix, surname in surnames:
        names = rng.sample(given_pool, 2 if rng.random() < 0.3 else 1)
        plan.given_names.append(" ".join(names))
        plan.initials.append("".join(f"{name[0]}." for name in names))
        plan.prefixes.append(prefix)
        plan.surnames.append(surname)
    return plan


def moment_counts(rng: random.Random, parties: int, per_party: int) -> list[int]:
    """Moments per party: exactly ``parties * per_party`` in all, a few heavy users."""
    weights = [
        HEAVY_WEIGHT if rng.random() < HEAVY_CHANCE else 0.2 + 1.6 * rng.random()
        for _ in range(parties)
    ]
    total = parties * per_party
    scale = total / sum(weights)
    counts = [int(weight * scale) for weight in weights]
    for index in rng.sample(range(parties), total - sum(counts)):
        counts[index] += 1
    return counts


def history_plan(rng: random.Random, counts: list[int], now: int) -> HistoryPlan:
    threads: list[list[int]] = []
    moments: list[tuple[int, int, int]] = []
    start = now - HISTORY_DAYS * DAY
    for party, count in enumerate(counts):
        _party_history(rng, party, count, start, threads, moments)
    conversations, rank = _in_order_of_opening(threads)
    del threads
    case_of = _cases_choose(rng, len(conversations))
    moments.sort()
    times, parties, threads_of = zip(*moments, strict=True) if moments else ((), (), ())
    del moments
    moment_conversation = array("l", map(rank.__getitem__, threads_of))
    plan = HistoryPlan(
        now=now,
        conversations=conversations,
        case_conversations=[c for c, case in enumerate(case_of) if case >= 0],
        moment_time=array("q", times),
        moment_party=array("l", parties),
        moment_conversation=moment_conversation,
        moment_case=array("l", map(case_of.__getitem__, moment_conversation)),
    )
    _moment_details(rng, plan)
    return plan


def _party_history(
    rng: random.Random,
    party: int,
    count: int,
    start: int,
    threads: list[list[int]],
    moments: list[tuple[int, int, int]],
) -> None:
    """The party's moments in conversations of one to five contacts, a few days apart."""
    topics, last_day = len(TOPICS), HISTORY_DAYS - 1
    while count > 0:
        size = min(count, rng.randint(1, THREAD_MOST))
        count -= size
        thread, day = len(threads), rng.randrange(HISTORY_DAYS)
        times = []
        for _ in range(size):
            times.append(start + day * DAY + OFFICE_START + rng.randrange(OFFICE_SECONDS))
            day = min(last_day, day + rng.randint(1, THREAD_DAYS_APART))
        threads.append([min(times), max(times), party, rng.randrange(topics)])
        moments.extend((moment_time, party, thread) for moment_time in times)


def _in_order_of_opening(
    threads: list[list[int]],
) -> tuple[list[tuple[int, int, int, int]], list[int]]:
    """The conversations sorted by opening time, and each planned thread's new position."""
    opened = [thread[0] for thread in threads]
    order = sorted(range(len(threads)), key=opened.__getitem__)  # stable: ties keep plan order
    rank = [0] * len(threads)
    for position, index in enumerate(order):
        rank[index] = position
    return [(t[0], t[1], t[2], t[3]) for t in map(threads.__getitem__, order)], rank


def _cases_choose(rng: random.Random, conversations: int) -> list[int]:
    """For each conversation the index of its case (in order of opening), or -1."""
    case_of = [-1] * conversations
    cases = 0
    for index in range(conversations):
        if rng.random() < CASE_CHANCE:
            case_of[index] = cases
            cases += 1
    return case_of


def _moment_details(rng: random.Random, plan: HistoryPlan) -> None:
    """Channel, direction, the employee (or the assistant) and whether something was agreed."""
    total = len(plan.moment_time)
    weights = [weight for _, weight in CHANNEL_WEIGHTS]
    channels = bytes(rng.choices(range(len(weights)), weights=weights, k=total))
    plan.moment_channel = channels
    plan.moment_inbound = bytes(rng.random() < INBOUND_CHANCE for _ in range(total))
    plan.moment_actor = array(
        "l", (-1 if channel == ASSISTANT else rng.getrandbits(16) for channel in channels)
    )
    plan.tasks = array("l", (i for i in range(total) if rng.random() < TASK_CHANCE))
