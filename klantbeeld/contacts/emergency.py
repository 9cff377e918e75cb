"""Opening a customer outside the team with emergency access (break the glass, PRIV-04).

The employee types an exact BSN or customer number and a reason; only then is the customer
found, the grant recorded for review, and the customer in the employee's scope for a while.
"""

from __future__ import annotations

from uuid import UUID

from klantbeeld.parties.selectors import party_uuid_for_identifier
from klantbeeld.privacy.accessors import Accessor
from klantbeeld.privacy.constants import Activity
from klantbeeld.privacy.emergency import emergency_access_grant


def emergency_open(*, accessor: Accessor, identifier: str, reason: str) -> UUID:
    subject = party_uuid_for_identifier(
        accessor=accessor, value=identifier, activity=Activity.EMERGENCY_ACCESS
    )
    emergency_access_grant(accessor=accessor, data_subject=subject, reason=reason)
    return subject
