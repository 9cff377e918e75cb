"""Who is processing: an employee, or a named system task, always within one organisation.

Selectors and services take an :class:`Accessor` instead of a request or a user, so that the
same purpose check and processing log serve pages, the API, background tasks and the assistant.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from klantbeeld.privacy.constants import AccessorKind, Activity

_PERMISSION_PREFIX = "privacy."


@dataclass(frozen=True)
class Accessor:
    provider_id: int
    kind: AccessorKind
    identifier: str
    granted: frozenset[str]
    user_id: int | None = None
    all_customers: bool = True  # False: only the customers of the employee's team (need to know)

    def may(self, activity: Activity) -> bool:
        return activity.value in self.granted


def granted_activities(permission_names: Iterable[str]) -> frozenset[str]:
    """The activity codes among Django permission names such as ``privacy.customer_view``."""
    valid = set(Activity.values)
    return frozenset(
        name.removeprefix(_PERMISSION_PREFIX)
        for name in permission_names
        if name.startswith(_PERMISSION_PREFIX) and name.removeprefix(_PERMISSION_PREFIX) in valid
    )
