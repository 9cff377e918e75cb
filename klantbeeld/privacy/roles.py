"""Roles and the processing activities each may use (need to know; PRIV-04, EMP-02).

A role is a Django group; its permissions are the activities below. The privacy officer and
the functional administrator do not read customer files by default: their work is the
register and the configuration, not the customer.
"""

from klantbeeld.privacy.constants import Activity

FRONT_OFFICE = "Frontoffice (KCC, balie, chat)"
SPECIALIST = "Specialist / backoffice"
TEAM_LEAD = "Teamleider"
FUNCTIONAL_ADMIN = "Functioneel beheerder"
PRIVACY_OFFICER = "Privacy officer (FG)"
API_CLIENT = "API-koppeling (ander systeem)"

_SERVE = (
    Activity.CUSTOMER_SEARCH,
    Activity.CUSTOMER_VIEW,
    Activity.SCREEN_POP,
    Activity.CONTACT_REGISTER,
    Activity.CONSENT_RECORD,
)

ROLE_ACTIVITIES: dict[str, tuple[Activity, ...]] = {
    FRONT_OFFICE: _SERVE,
    SPECIALIST: (*_SERVE, Activity.EMERGENCY_ACCESS),
    TEAM_LEAD: _SERVE,
    FUNCTIONAL_ADMIN: (Activity.DATA_IMPORT, Activity.DATA_CORRECTION),
    PRIVACY_OFFICER: (Activity.REGISTER_MANAGE, Activity.LOG_AUDIT, Activity.SUBJECT_REQUEST),
    # another system of the organisation (a case system, a portal) through the API; its token
    # carries read or write scope on top of these activities
    # A source system keeps its copy in step: it corrects and removes what it registered
    # (the Klantinteracties API's PUT, PATCH and DELETE).
    API_CLIENT: (
        Activity.CUSTOMER_SEARCH,
        Activity.CUSTOMER_VIEW,
        Activity.CONTACT_REGISTER,
        Activity.CONSENT_RECORD,
        Activity.DATA_IMPORT,
        Activity.DATA_CORRECTION,
    ),
}

# Roles that serve every customer of the organisation (CV-02). Others see the customers with a
# case of their team or owned by them, and the rest only through emergency access.
ROLES_SERVING_ALL_CUSTOMERS = (FRONT_OFFICE, TEAM_LEAD, API_CLIENT)
