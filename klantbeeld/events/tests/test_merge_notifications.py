"""A merge of two parties, and its undo, are published on the *partijen* channel for both
parties (issue 5: subscribers must learn that a customer's contacts moved)."""

from __future__ import annotations

import pytest

from klantbeeld.events.constants import Action, Kanaal
from klantbeeld.events.models import Notification
from klantbeeld.parties.merging import party_merge, party_unmerge
from klantbeeld.privacy import roles
from klantbeeld.privacy.selectors import accessor_for_user
from tests.factories import PartyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_accessor(provider):
    return accessor_for_user(UserFactory(provider=provider, role=roles.FUNCTIONAL_ADMIN))


def _published_for(*parties) -> list[tuple[str, str]]:
    uuids = {party.uuid: party.surname for party in parties}
    return [
        (uuids[row.resource_uuid], row.action)
        for row in Notification.objects.filter(kanaal=Kanaal.PARTIJEN).order_by("id")
        if row.resource_uuid in uuids
    ]


def test_a_merge_and_its_undo_are_published_for_both_parties(provider, subscribe, admin_accessor):
    survivor = PartyFactory(provider=provider, given_names="Anna", surname="Jansen")
    duplicate = PartyFactory(provider=provider, given_names="Anna", surname="Janssen")
    subscribe(provider, "http://127.0.0.1:9/callback", kanalen=[Kanaal.PARTIJEN])

    merge = party_merge(
        accessor=admin_accessor, survivor=survivor, merged=duplicate, reason="Dubbel ingeschreven"
    )
    assert _published_for(survivor, duplicate) == [
        ("Janssen", Action.UPDATE),
        ("Jansen", Action.UPDATE),
    ]

    party_unmerge(accessor=admin_accessor, merge=merge, reason="Toch twee verschillende mensen")
    assert len(_published_for(survivor, duplicate)) == 4
