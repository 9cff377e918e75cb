"""The unified inbox pages: authorisation matrix, warm transfer, the composer, SLA badges
(issue 5; CH-05, CH-07, CH-09, TONE-03)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import URLPattern, reverse

from klantbeeld.channels.models import ChannelAccount, OutboundMessage
from klantbeeld.contacts.constants import ActorKind
from klantbeeld.core import clock
from klantbeeld.core.constants import Channel
from klantbeeld.parties.constants import AnswerStyle, DigitalAddressKind
from klantbeeld.parties.models import DigitalAddress, Preference
from klantbeeld.privacy import roles
from klantbeeld.privacy.models import ProcessingLog
from klantbeeld.routing.constants import EventKind, WorkItemStatus
from klantbeeld.routing.models import ReplyTemplate, SlaPolicy, WorkItem
from klantbeeld.routing.tests.builders import agent_for, message_arrives, queue_for_test
from klantbeeld.workspace import inbox_urls
from tests.factories import ActorFactory, PartyFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


@pytest.fixture
def queues(provider):
    return {
        "kcc": queue_for_test(provider, "KCC", is_default=True),
        "belastingen": queue_for_test(provider, "Belastingen", channels=[Channel.EMAIL]),
    }


@pytest.fixture
def front_office_in_kcc(front_office, queues):
    agent_for(front_office.actor, queues["kcc"])
    return front_office


@pytest.fixture
def team_lead(provider):
    user = UserFactory(provider=provider, role=roles.TEAM_LEAD, username="teamleider")
    ActorFactory(provider=provider, user=user, name="Tessa Teamleider")
    return user


@pytest.fixture
def colleague(provider, queues):
    user = UserFactory(provider=provider, role=roles.FRONT_OFFICE, username="collega")
    actor = ActorFactory(provider=provider, user=user, kind=ActorKind.EMPLOYEE, name="Cor Collega")
    agent_for(actor, queues["belastingen"])
    return user


@pytest.fixture
def anna(provider):
    anna = PartyFactory(provider=provider, given_names="Anna", surname="Jansen")
    for kind, value in (
        (DigitalAddressKind.WHATSAPP, "+31612345678"),
        (DigitalAddressKind.EMAIL, "anna.jansen@example.nl"),
    ):
        DigitalAddress.objects.create(
            provider=provider, party=anna, kind=kind, value=value, verified_at=clock.now()
        )
    return anna


@pytest.fixture
def kcc_item(provider, queues, anna):
    """A WhatsApp message of a known customer in the KCC queue."""
    return message_arrives(provider, party=anna, text="Mijn container is niet geleegd")


@pytest.fixture
def tax_item(provider, queues):
    return message_arrives(
        provider, channel=Channel.EMAIL, text="Vraag over mijn aanslag", sender_name="Piet Pieters"
    )


def _item_url(item, action=""):
    name = f"workspace:inbox_{action}" if action else "workspace:inbox_item"
    return reverse(name, args=[item.uuid])


# --- authorisation matrix --------------------------------------------------------------------


def test_every_inbox_url_declares_its_activity():
    for pattern in inbox_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        assert pattern.name.startswith("inbox_")
        assert hasattr(pattern.callback, "required_activity"), pattern.name


@pytest.mark.parametrize("action", ["", "claim"])
def test_anonymous_visitors_are_sent_to_login(client, kcc_item, action):
    # when
    call = client.post if action else client.get
    response = call(_item_url(kcc_item, action))

    # then
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    kcc_item.refresh_from_db()
    assert kcc_item.assigned_to is None


def test_the_privacy_officer_cannot_open_the_inbox_or_an_item(client, privacy_officer, kcc_item):
    # given
    client.force_login(privacy_officer)
    logged_before = ProcessingLog.objects.count()

    # when
    pages = [client.get(reverse("workspace:inbox_home")), client.get(_item_url(kcc_item))]
    claim = client.post(_item_url(kcc_item, "claim"))

    # then
    assert [page.status_code for page in pages] == [403, 403]
    assert claim.status_code == 403
    assert "Anna" not in pages[1].content.decode()
    kcc_item.refresh_from_db()
    assert kcc_item.assigned_to is None
    assert ProcessingLog.objects.count() == logged_before


def test_an_employee_sees_only_the_work_of_their_own_queues(
    client, front_office_in_kcc, kcc_item, tax_item
):
    # given
    client.force_login(front_office_in_kcc)

    # when
    page = client.get(reverse("workspace:inbox_home")).content.decode()
    foreign = client.get(_item_url(tax_item))

    # then
    assert "Mijn container is niet geleegd" in page
    assert "Vraag over mijn aanslag" not in page
    assert "Belastingen" not in page  # not even the queue's name
    assert foreign.status_code == 404


def test_an_employee_cannot_claim_in_a_queue_they_are_not_in(client, front_office_in_kcc, tax_item):
    # given
    client.force_login(front_office_in_kcc)

    # when
    response = client.post(_item_url(tax_item, "claim"))

    # then
    assert response.status_code == 404
    tax_item.refresh_from_db()
    assert tax_item.assigned_to is None
    assert not tax_item.events.filter(kind=EventKind.CLAIMED).exists()


def test_an_employee_claims_in_their_own_queue(client, front_office_in_kcc, kcc_item):
    # given
    client.force_login(front_office_in_kcc)

    # when
    response = client.post(_item_url(kcc_item, "claim"), follow=True)

    # then
    assert "U heeft dit werk opgepakt." in response.content.decode()
    kcc_item.refresh_from_db()
    assert kcc_item.assigned_to == front_office_in_kcc.actor
    assert kcc_item.status == WorkItemStatus.IN_PROGRESS


def test_an_employee_cannot_assign_work_to_others(client, front_office_in_kcc, colleague, kcc_item):
    # given
    client.force_login(front_office_in_kcc)

    # when
    response = client.post(_item_url(kcc_item, "assign"), {"toewijzen-to": colleague.actor.pk})

    # then
    assert response.status_code == 403
    kcc_item.refresh_from_db()
    assert kcc_item.assigned_to is None


def test_a_team_lead_sees_all_queues_and_assigns_to_a_colleague(
    client, team_lead, colleague, kcc_item, tax_item
):
    # given
    client.force_login(team_lead)

    # when
    page = client.get(reverse("workspace:inbox_home")).content.decode()
    response = client.post(_item_url(kcc_item, "assign"), {"toewijzen-to": colleague.actor.pk})

    # then
    assert "Mijn container is niet geleegd" in page
    assert "Vraag over mijn aanslag" in page
    assert response.status_code == 302
    kcc_item.refresh_from_db()
    assert kcc_item.assigned_to == colleague.actor
    assert kcc_item.events.filter(kind=EventKind.ASSIGNED, actor=team_lead.actor).exists()


def test_another_organisations_item_is_404_even_for_a_team_lead(client, team_lead, other_provider):
    # given
    queue_for_test(other_provider, "Algemeen", is_default=True)
    stranger = message_arrives(other_provider, text="Geheim van het waterbedrijf")
    client.force_login(team_lead)

    # when
    page = client.get(_item_url(stranger))
    claim = client.post(_item_url(stranger, "claim"))

    # then
    assert (page.status_code, claim.status_code) == (404, 404)
    stranger.refresh_from_db()
    assert stranger.assigned_to is None


def test_an_account_without_an_employee_record_gets_403(client, provider, kcc_item):
    # given
    user = UserFactory(provider=provider, role=roles.FRONT_OFFICE, username="zonder-actor")
    client.force_login(user)

    # when
    response = client.get(reverse("workspace:inbox_home"))

    # then
    assert response.status_code == 403


# --- the item page -----------------------------------------------------------------------------


def test_opening_an_item_shows_the_conversation_and_the_customer_and_logs_one_read(
    client, front_office_in_kcc, kcc_item, anna
):
    # given
    client.force_login(front_office_in_kcc)

    # when
    response = client.get(_item_url(kcc_item))

    # then
    page = response.content.decode()
    assert response.status_code == 200
    assert "Mijn container is niet geleegd" in page
    assert "Volledig klantbeeld van Anna Jansen" in page
    assert "E-mail – naar anna.jansen@example.nl" in page  # where a reply would go
    logs = ProcessingLog.objects.filter(activity__code="customer_view")
    assert list(logs.values_list("data_subject", flat=True)) == [anna.uuid]


def test_a_transfer_without_a_note_shows_a_dutch_error_and_changes_nothing(
    client, front_office_in_kcc, queues, kcc_item
):
    # given
    client.force_login(front_office_in_kcc)

    # when
    response = client.post(
        _item_url(kcc_item, "transfer"),
        {"overdracht-to_queue": queues["belastingen"].pk, "overdracht-note": ""},
    )

    # then
    assert response.status_code == 400
    assert "Schrijf een overdrachtsnotitie" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    kcc_item.refresh_from_db()
    assert kcc_item.queue == queues["kcc"]
    assert kcc_item.conversation.transfer_count == 0


def test_a_warm_transfer_counts_and_the_receiver_reads_the_note_first(
    client, front_office_in_kcc, colleague, queues, kcc_item
):
    # given
    client.force_login(front_office_in_kcc)
    note = "Mevrouw wacht al twee weken; container staat op de stoep."

    # when
    response = client.post(
        _item_url(kcc_item, "transfer"),
        {
            "overdracht-to_queue": queues["belastingen"].pk,
            "overdracht-to_actor": colleague.actor.pk,
            "overdracht-note": note,
        },
    )

    # then
    assert response.status_code == 302
    kcc_item.refresh_from_db()
    assert kcc_item.conversation.transfer_count == 1
    assert kcc_item.assigned_to == colleague.actor
    client.force_login(colleague)
    page = client.get(_item_url(kcc_item)).content.decode()
    heading = f"Overdrachtsnotitie van {front_office_in_kcc.actor.name}"
    assert heading in page
    assert page.index(heading) < page.index("<h1") < page.index("Gesprek in alle kanalen")
    assert "1× overgedragen" in client.get(reverse("workspace:inbox_home")).content.decode()


def test_an_employee_answers_a_whatsapp_message_by_email(
    client, provider, front_office_in_kcc, kcc_item
):
    # given
    ChannelAccount.objects.create(
        provider=provider, channel=Channel.EMAIL, name="Klantcontact", address="kcc@dommelstad.nl"
    )
    client.force_login(front_office_in_kcc)

    # when
    response = client.post(
        _item_url(kcc_item, "reply"),
        {
            "antwoord-channel": Channel.EMAIL,
            "antwoord-subject": "Uw container",
            "antwoord-body": "Beste mevrouw Jansen, we legen de container morgen.",
            "antwoord-waiting": "on",
        },
        follow=True,
    )

    # then
    assert "Uw antwoord gaat via e-mail naar anna.jansen@example.nl." in response.content.decode()
    outbound = OutboundMessage.objects.get()
    assert (outbound.channel, outbound.to_address) == (Channel.EMAIL, "anna.jansen@example.nl")
    assert outbound.conversation == kcc_item.conversation
    kcc_item.refresh_from_db()
    assert kcc_item.status == WorkItemStatus.WAITING
    assert kcc_item.first_responded_at is not None
    assert kcc_item.assigned_to == front_office_in_kcc.actor


def test_a_reply_without_text_is_refused_in_dutch_and_nothing_is_sent(
    client, front_office_in_kcc, kcc_item
):
    # given
    client.force_login(front_office_in_kcc)

    # when
    response = client.post(
        _item_url(kcc_item, "reply"), {"antwoord-channel": Channel.WHATSAPP, "antwoord-body": " "}
    )

    # then
    assert response.status_code == 400
    assert "Schrijf eerst uw antwoord." in response.content.decode()
    assert OutboundMessage.objects.count() == 0


def test_templates_in_the_customers_answer_style_come_first_with_the_name_filled_in(
    client, provider, front_office_in_kcc, kcc_item, anna
):
    # given
    Preference.objects.create(party=anna, answer_style=AnswerStyle.REASSURING)
    short = ReplyTemplate.objects.create(
        provider=provider, title="A kort", answer_style=AnswerStyle.SHORT, body="Dag {naam}."
    )
    calm = ReplyTemplate.objects.create(
        provider=provider,
        title="Z rustig",
        answer_style=AnswerStyle.REASSURING,
        body="Beste {naam}, maakt u zich geen zorgen.",
    )
    client.force_login(front_office_in_kcc)

    # when: the template picker without JavaScript
    page = client.get(_item_url(kcc_item), {"sjabloon": str(calm.uuid)}).content.decode()

    # then
    assert page.index("Z rustig (past bij de klant)") < page.index(short.title)
    assert "Beste Anna Jansen, maakt u zich geen zorgen.</textarea>" in page


def test_an_unconfirmed_sender_is_confirmed_from_the_candidates(
    client, provider, front_office_in_kcc, anna
):
    # given
    item = message_arrives(
        provider,
        candidates=[
            {
                "party_id": anna.pk,
                "party_uuid": str(anna.uuid),
                "name": "Anna Jansen",
                "score": 0.8,
                "reasons": ["zelfde telefoonnummer"],
            }
        ],
    )
    client.force_login(front_office_in_kcc)
    page = client.get(_item_url(item)).content.decode()
    assert "klant nog bevestigen" in page
    assert "zelfde telefoonnummer" in page

    # when
    response = client.post(_item_url(item, "identify"), {"party": str(anna.uuid)})

    # then
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.identity_pending is False
    assert item.conversation.party == anna


def test_resolving_an_unconfirmed_item_is_refused_in_dutch(client, provider, front_office_in_kcc):
    # given
    item = message_arrives(provider)
    client.force_login(front_office_in_kcc)

    # when
    response = client.post(_item_url(item, "resolve"), {"afhandelen-note": ""})

    # then
    assert response.status_code == 400
    assert "Bevestig eerst wie de klant is" in response.content.decode()
    item.refresh_from_db()
    assert item.status == WorkItemStatus.NEW


# --- SLA badges with a frozen clock --------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes_later", "badge"),
    [(5, "Op tijd"), (50, "Bijna te laat"), (75, "Te laat")],
)
def test_the_sla_badge_says_in_words_how_late_an_item_is(
    client, monkeypatch, provider, front_office_in_kcc, anna, minutes_later, badge
):
    # given: a one-hour first-response norm and a message at 9:00
    SlaPolicy.objects.create(
        provider=provider,
        channel=Channel.WHATSAPP,
        first_response_minutes=60,
        resolution_minutes=600,
    )
    message_arrives(provider, party=anna, at=NOW)
    monkeypatch.setattr(clock, "now", lambda: NOW + timedelta(minutes=minutes_later))
    client.force_login(front_office_in_kcc)

    # when
    page = client.get(reverse("workspace:inbox_home"), HTTP_HX_REQUEST="true").content.decode()

    # then: the fragment the page polls carries the level as text
    assert f">{badge}</span>" in page
    assert "<html" not in page
    others = {"Op tijd", "Bijna te laat", "Te laat"} - {badge}
    assert not any(f">{other}</span>" in page for other in others)


def test_the_work_list_filters_on_mine_and_status(client, front_office_in_kcc, provider, anna):
    # given
    mine = message_arrives(provider, party=anna, text="Van mij")
    open_one = message_arrives(provider, text="Nog van niemand", sender_name="Piet Pieters")
    WorkItem.objects.filter(pk=mine.pk).update(
        assigned_to=front_office_in_kcc.actor, status=WorkItemStatus.IN_PROGRESS
    )
    client.force_login(front_office_in_kcc)

    # when
    own = client.get(reverse("workspace:inbox_home"), {"weergave": "mijn"}).content.decode()
    new = client.get(reverse("workspace:inbox_home"), {"status": "nieuw"}).content.decode()

    # then
    assert mine.conversation.subject in own
    assert open_one.conversation.subject not in own
    assert open_one.conversation.subject in new
    assert mine.conversation.subject not in new
