"""Which models are published, under which kanaal, with which URL and kenmerken (issue 4).

The paths are the VNG Klantinteracties API's; ``KLANTBEELD_PUBLIC_URL`` makes them absolute.
The API app may register its own builder (``register_url_builder``) when it knows better,
e.g. behind a path prefix; until then the fixed templates below are used.

Privacy by design (PRIV-13, PRIV-14): ``kenmerken`` are chosen so that a receiver can filter
without learning anything about a person — a kind, a channel, a status; never a name, a BSN,
a subject line or a date of birth. The receiver fetches details through the API, where the
purpose gate and the processing log apply.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db.models import Model

from klantbeeld.events.constants import Kanaal

UrlBuilder = Callable[[UUID], str]


@dataclass(frozen=True)
class Resource:
    model_label: str
    kanaal: Kanaal
    name: str
    path: str
    kenmerken: Callable[[Any], dict[str, str]]


RESOURCES: dict[str, Resource] = {
    resource.model_label: resource
    for resource in (
        Resource(
            model_label="parties.Party",
            kanaal=Kanaal.PARTIJEN,
            name="partij",
            path="/klantinteracties/api/v1/partijen/{uuid}",
            kenmerken=lambda party: {"soortPartij": party.kind},
        ),
        Resource(
            model_label="contacts.ContactMoment",
            kanaal=Kanaal.KLANTCONTACTEN,
            name="klantcontact",
            path="/klantinteracties/api/v1/klantcontacten/{uuid}",
            kenmerken=lambda moment: {"kanaal": moment.channel},
        ),
        Resource(
            model_label="contacts.InternalTask",
            kanaal=Kanaal.INTERNETAKEN,
            name="internetaak",
            path="/klantinteracties/api/v1/internetaken/{uuid}",
            kenmerken=lambda task: {"status": task.status},
        ),
    )
}
_BY_NAME = {resource.name: resource for resource in RESOURCES.values()}
_url_builders: dict[str, UrlBuilder] = {}


def resource_for(instance: Model) -> Resource:
    return RESOURCES[instance._meta.label]


def register_url_builder(resource: str, builder: UrlBuilder) -> None:
    """Let the API decide the absolute URL of ``resource`` (``partij``, ``klantcontact``, …)."""
    if resource not in _BY_NAME:
        raise ValueError(f"Unknown resource {resource!r}; known: {sorted(_BY_NAME)}")
    _url_builders[resource] = builder


def resource_url(resource: str, uuid: UUID) -> str:
    builder = _url_builders.get(resource)
    if builder is not None:
        return builder(uuid)
    path = _BY_NAME[resource].path.format(uuid=uuid)
    return settings.KLANTBEELD_PUBLIC_URL.rstrip("/") + path


def api_root() -> str:
    """The CloudEvents ``source``: the API that owns the resources."""
    return settings.KLANTBEELD_PUBLIC_URL.rstrip("/") + "/klantinteracties/api/v1"
