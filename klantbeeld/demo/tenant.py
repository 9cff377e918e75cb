"""Set up one demo organisation: the provider with its processing register, topics, teams,
employee logins with their roles, and the automated actors (PRIV-01, PRIV-04, EMP-02).

Personal data of customers is not written here; employees' accounts are the organisation's
own configuration. All demo passwords are :data:`organisations.DEMO_PASSWORD`, hashed once per
run because hashing is deliberately slow.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from klantbeeld.api.services import token_exists, token_issue
from klantbeeld.contacts.services import automated_actor_create, employee_actor_create, team_create
from klantbeeld.core.models import Provider, Topic, User
from klantbeeld.demo.organisations import (
    ADMIN_USERNAME,
    DEMO_PASSWORD,
    EmployeeSpec,
    OrganisationSpec,
)
from klantbeeld.privacy.services import processing_register_install

if TYPE_CHECKING:
    from klantbeeld.contacts.models import Actor

ASSISTANT_NAME = "Digitale assistent"
MESSENGER_NAME = "Berichtenservice"


class PasswordHash:
    """One hash of the demo password per run, shared by every demo login."""

    def __init__(self) -> None:
        self._value = ""

    def __str__(self) -> str:
        if not self._value:
            self._value = make_password(DEMO_PASSWORD)
        return self._value


def provider_create(spec: OrganisationSpec) -> Provider:
    provider = Provider(
        code=spec.code, name=spec.name, kind=spec.kind.value, phone_number=spec.phone_number
    )
    provider.full_clean()
    provider.save()
    processing_register_install(provider=provider)
    return provider


def topics_create(provider: Provider, spec: OrganisationSpec) -> dict[str, Topic]:
    """The topics with the exact ids of TAXONOMY.md."""
    topics = {}
    for code, name in spec.topics:
        topic = Topic(provider=provider, code=code, name=name)
        topic.full_clean()
        topic.save()
        topics[code] = topic
    return topics


def teams_create(provider: Provider, spec: OrganisationSpec) -> dict[str, Actor]:
    return {name: team_create(provider=provider, name=name) for name in spec.teams}


def staff_create(
    provider: Provider,
    spec: OrganisationSpec,
    teams: dict[str, Actor],
    password: PasswordHash,
) -> dict[str, Actor]:
    """Every employee gets an account and an actor in a team; colleagues cannot log in."""
    groups = {group.name: group for group in Group.objects.all()}
    staff = {}
    for employee in spec.employees:
        user = _user_create(provider, spec, employee, password)
        user.groups.add(groups[employee.group])
        staff[employee.key] = employee_actor_create(user=user, team=teams[employee.team])
    return staff


def _user_create(
    provider: Provider, spec: OrganisationSpec, employee: EmployeeSpec, password: PasswordHash
) -> User:
    user = User(
        username=employee.username(spec.code),
        first_name=employee.first_name,
        last_name=employee.last_name,
        email=f"{employee.username(spec.code)}@{spec.code}.example.com",
        provider=provider,
    )
    if employee.has_login:
        user.password = str(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


def automated_actors_create(provider: Provider) -> tuple[Actor, Actor]:
    """The digital assistant (CB-*) and the service that sends automatic messages."""
    assistant = automated_actor_create(
        provider=provider, name=ASSISTANT_NAME, identifier="digitale-assistent"
    )
    messenger = automated_actor_create(
        provider=provider, name=MESSENGER_NAME, identifier="berichtenservice"
    )
    return assistant, messenger


def admin_ensure(password: PasswordHash) -> bool:
    """The platform superuser, who belongs to no organisation. True when newly created."""
    if User.objects.filter(username=ADMIN_USERNAME).exists():
        return False
    admin = User(
        username=ADMIN_USERNAME,
        first_name="Platform",
        last_name="Beheerder",
        email="admin@klantbeeld.example.com",
        is_staff=True,
        is_superuser=True,
        password=str(password),
    )
    admin.full_clean()
    admin.save()
    return True


DEMO_API_APPLICATION = "Demo-koppeling (zaaksysteem)"


def demo_api_key(code: str) -> str:
    """The demo's API token of one organisation: derived from its code, so ``make demo`` can
    print it every time. Only the demo does this; real tokens are random (api.services)."""
    return "demo" + hashlib.sha256(f"klantbeeld-demo-api-{code}".encode()).hexdigest()[:36]


def demo_api_token_ensure(provider: Provider, code: str) -> str:
    key = demo_api_key(code)
    if not token_exists(key):
        token_issue(
            provider=provider,
            application_name=DEMO_API_APPLICATION,
            scopes={"lezen", "schrijven"},
            key=key,
        )
    return key
