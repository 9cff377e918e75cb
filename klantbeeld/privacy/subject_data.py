"""Where each domain keeps a customer's data, for data subject requests (AVG 15, 17, 20).

The privacy app sits below the domains, so it cannot read their tables. Each domain app
registers a :class:`SubjectData` at start-up (its ``AppConfig.ready``) that exports and erases
one customer's data in its own tables. A data subject request walks the registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID


@dataclass(frozen=True)
class SubjectData:
    section: str  # heading in the report, in Dutch
    export: Callable[[int, UUID], dict[str, Any] | list[Any]]
    erase: Callable[[int, UUID], int]  # number of rows removed or anonymised
    order: int = 100  # erase order: dependants first


_REGISTRY: dict[str, SubjectData] = {}


def subject_data_register(name: str, data: SubjectData) -> None:
    _REGISTRY[name] = data


def subject_data_sources() -> list[tuple[str, SubjectData]]:
    return sorted(_REGISTRY.items(), key=lambda item: item[1].order)


@dataclass(frozen=True)
class RetentionRule:
    """How one domain applies the register's retention period of one processing activity:
    ``apply(provider_id, before, held)`` removes or anonymises what is older than ``before``,
    sparing the customers in ``held`` (legal holds), and returns how many rows it touched."""

    activity: str
    apply: Callable[[int, Any, set[UUID]], int]


_RETENTION: dict[str, RetentionRule] = {}


def retention_rule_register(name: str, rule: RetentionRule) -> None:
    _RETENTION[name] = rule


def retention_rules() -> list[tuple[str, RetentionRule]]:
    return sorted(_RETENTION.items())
