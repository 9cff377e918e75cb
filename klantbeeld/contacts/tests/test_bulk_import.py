"""Bulk import of contact history from another system (issue 5): set-based, keyed on the
source id so a rerun adds nothing, logged per customer, refused whole on a bad row."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from klantbeeld.contacts.models import ContactMoment, ImportKey
from klantbeeld.contacts.services import automated_actor_get
from klantbeeld.contacts.services.bulk import ImportedContact, contact_moments_import
from klantbeeld.core import clock
from klantbeeld.core.constants import Channel, Direction
from klantbeeld.privacy.constants import Activity
from klantbeeld.privacy.models import ProcessingLog
from klantbeeld.privacy.selectors import system_accessor
from tests.factories import PartyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def importer(provider):
    accessor = system_accessor(
        provider=provider, task="contacten-import", activities=(Activity.DATA_IMPORT,)
    )
    actor = automated_actor_get(provider=provider, name="Import", identifier="contacten-import")
    return accessor, actor


def _rows(parties, count, *, prefix="crm"):
    at = clock.now() - timedelta(days=30)
    return [
        ImportedContact(
            source_id=f"{prefix}-{index}",
            party_number=parties[index % len(parties)].number,
            channel=Channel.PHONE if index % 2 else Channel.EMAIL,
            direction=Direction.INBOUND,
            occurred_at=at + timedelta(minutes=index),
            subject=f"Vraag {index} over de aanslag",
            content="Uit het oude systeem",
        )
        for index in range(count)
    ]


def test_an_import_lands_in_the_customers_timeline_and_a_rerun_adds_nothing(provider, importer):
    accessor, actor = importer
    parties = [PartyFactory(provider=provider) for _ in range(3)]
    rows = _rows(parties, 25)

    first = contact_moments_import(
        accessor=accessor, source="oud-crm", rows=rows, actor=actor, batch_size=10
    )
    again = contact_moments_import(accessor=accessor, source="oud-crm", rows=rows, actor=actor)

    assert (first.created, first.skipped, first.unknown_parties) == (25, 0, 0)
    assert (again.created, again.skipped) == (0, 25)
    assert ContactMoment.objects.count() == 25
    moment = ContactMoment.objects.get(import_key__source_id="crm-3")
    assert moment.participants.get().party == parties[0]
    assert moment.conversation.party == parties[0]
    assert moment.actors.get() == actor
    logged = ProcessingLog.objects.filter(activity__code=Activity.DATA_IMPORT)
    assert set(logged.values_list("data_subject", flat=True)) == {p.uuid for p in parties}


def test_rows_of_unknown_customers_are_counted_not_imported(provider, importer):
    accessor, actor = importer
    party = PartyFactory(provider=provider)
    rows = [*_rows([party], 2), *_rows([PartyFactory.build(number="9999999")], 1, prefix="x")]

    result = contact_moments_import(accessor=accessor, source="oud-crm", rows=rows, actor=actor)

    assert (result.created, result.unknown_parties) == (2, 1)


def test_a_bad_row_stops_its_batch_and_writes_nothing_of_it(provider, importer):
    accessor, actor = importer
    party = PartyFactory(provider=provider)
    good = _rows([party], 3)
    bad = ImportedContact(
        source_id="bad",
        party_number=party.number,
        channel="duif",
        direction=Direction.INBOUND,
        occurred_at=clock.now(),
        subject="Per postduif",
    )

    with pytest.raises(ValidationError, match="onbekend kanaal"):
        contact_moments_import(accessor=accessor, source="oud-crm", rows=[*good, bad], actor=actor)

    assert ContactMoment.objects.count() == 0
    assert ImportKey.objects.count() == 0


def test_the_command_imports_a_csv_and_explains_what_is_wrong(provider, importer, tmp_path):
    party = PartyFactory(provider=provider)
    good = tmp_path / "contacten.csv"
    good.write_text(
        "bron_id,klantnummer,kanaal,richting,tijdstip,onderwerp,inhoud\n"
        f"1,{party.number},telefoon,inkomend,2026-01-05T10:00:00+01:00,Vraag over afval,Belde\n",
        encoding="utf-8",
    )
    out = StringIO()
    call_command(
        "contacts",
        "import",
        str(good),
        "--organisation",
        provider.code,
        "--source",
        "crm",
        stdout=out,
    )
    assert "nieuw: 1" in out.getvalue()

    broken = tmp_path / "kapot.csv"
    broken.write_text("bron_id,klantnummer\n1,2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="kolommen ontbreken"):
        call_command(
            "contacts", "import", str(broken), "--organisation", provider.code, "--source", "crm"
        )
    with pytest.raises(CommandError, match="Onbekende organisatie"):
        call_command("contacts", "import", str(good), "--organisation", "nee", "--source", "crm")
