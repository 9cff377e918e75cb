"""Registering contacts, agreements and cases (CV-04..CV-07, CH-05, CH-09, PS-15)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from klantbeeld.contacts import services
from klantbeeld.contacts.constants import CaseStatus, TaskStatus
from klantbeeld.contacts.models import CaseStatusChange, ContactMoment, Conversation, InternalTask
from klantbeeld.contacts.selectors import actor_for_user
from klantbeeld.core import clock
from klantbeeld.core.constants import Channel, Direction
from klantbeeld.core.errors import NotAccessible, PermissionMissing
from klantbeeld.privacy.models import ProcessingLog
from klantbeeld.privacy.selectors import accessor_for_user
from tests.factories import ActorFactory, PartyFactory, TopicFactory, case_for


def _moment(**overrides):
    values = {
        "channel": Channel.PHONE,
        "direction": Direction.INBOUND,
        "subject": "Verhuizing doorgeven",
        "occurred_at": clock.now() - timedelta(minutes=10),
        "summary": "Mevrouw verhuist per 1 december naar Kerkplein 9.",
    }
    return services.ContactMomentInput(**{**values, **overrides})


@pytest.fixture
def employee(front_office):
    return actor_for_user(front_office)


def test_a_phone_call_is_registered_with_its_agreement_and_logged_once(
    accessor, party, employee, topic
):
    # given
    due = clock.now() + timedelta(days=1)
    agreement = services.AgreementInput(
        requested_action="Terugbellen over de datum", assigned_to=employee, due_at=due
    )

    # when
    moment = services.contact_moment_register(
        accessor=accessor,
        party=party,
        moment=_moment(topic=topic),
        actor=employee,
        agreements=[agreement],
    )

    # then
    assert moment.number == "0000001"
    assert list(moment.actors.all()) == [employee]
    assert moment.participants.get().party == party
    task = InternalTask.objects.get()
    assert (task.party, task.promised_by, task.status, task.due_at) == (
        party,
        employee,
        TaskStatus.TO_DO,
        due,
    )
    assert moment.further_action_taken
    assert ProcessingLog.objects.filter(data_subject=party.uuid, operation="create").count() == 1


def test_a_follow_up_in_another_channel_continues_the_same_conversation(
    accessor, party, employee, topic
):
    # given: the question started on WhatsApp
    first = services.contact_moment_register(
        accessor=accessor,
        party=party,
        actor=employee,
        moment=_moment(
            channel=Channel.WHATSAPP, topic=topic, occurred_at=clock.now() - timedelta(days=1)
        ),
    )

    # when: the customer phones about it the next day
    second = services.contact_moment_register(
        accessor=accessor, party=party, moment=_moment(topic=topic), actor=employee
    )

    # then: one thread, whatever the channel (CH-05, AR-02)
    assert second.conversation_id == first.conversation_id
    assert Conversation.objects.count() == 1


def test_another_topic_starts_a_new_conversation(accessor, party, employee, topic):
    # given
    other_topic = TopicFactory(provider=party.provider, code="afval", name="Afval")
    services.contact_moment_register(
        accessor=accessor, party=party, moment=_moment(topic=topic), actor=employee
    )

    # when
    second = services.contact_moment_register(
        accessor=accessor, party=party, moment=_moment(topic=other_topic), actor=employee
    )

    # then
    assert Conversation.objects.count() == 2
    assert second.conversation.topic == other_topic


def test_a_contact_in_the_future_is_refused_and_nothing_is_saved(accessor, party, employee):
    # when / then
    with pytest.raises(ValidationError) as error:
        services.contact_moment_register(
            accessor=accessor,
            party=party,
            moment=_moment(occurred_at=clock.now() + timedelta(hours=2)),
            actor=employee,
        )
    assert "toekomst" in str(error.value)
    assert ContactMoment.objects.count() == 0
    assert ProcessingLog.objects.count() == 0


def test_a_bad_agreement_rolls_back_the_whole_contact(accessor, party, employee):
    # given: the second agreement is already overdue before the contact took place
    agreements = [
        services.AgreementInput(requested_action="Folder sturen", assigned_to=employee),
        services.AgreementInput(
            requested_action="Terugbellen",
            assigned_to=employee,
            due_at=clock.now() - timedelta(days=3),
        ),
    ]

    # when / then
    with pytest.raises(ValidationError):
        services.contact_moment_register(
            accessor=accessor, party=party, moment=_moment(), actor=employee, agreements=agreements
        )
    assert ContactMoment.objects.count() == 0
    assert InternalTask.objects.count() == 0
    assert Conversation.objects.count() == 0


def test_objects_of_another_organisation_cannot_be_linked(
    accessor, party, employee, other_provider
):
    # given
    foreign_topic = TopicFactory(provider=other_provider, code="meterstand", name="Meterstand")
    foreign_actor = ActorFactory(provider=other_provider)

    # when / then
    with pytest.raises(ValidationError):
        services.contact_moment_register(
            accessor=accessor, party=party, moment=_moment(topic=foreign_topic), actor=employee
        )
    with pytest.raises(ValidationError):
        services.contact_moment_register(
            accessor=accessor,
            party=party,
            moment=_moment(),
            actor=employee,
            agreements=[
                services.AgreementInput(requested_action="Bellen", assigned_to=foreign_actor)
            ],
        )
    with pytest.raises(NotAccessible):
        services.contact_moment_register(
            accessor=accessor,
            party=PartyFactory(provider=other_provider),
            moment=_moment(),
            actor=employee,
        )
    assert ContactMoment.objects.count() == 0


def test_a_case_of_another_customer_cannot_be_linked(accessor, party, employee):
    # given
    someone_else = PartyFactory(provider=party.provider)
    their_case = case_for(someone_else)

    # when / then
    with pytest.raises(ValidationError):
        services.contact_moment_register(
            accessor=accessor, party=party, moment=_moment(case=their_case), actor=employee
        )


def test_an_employee_without_the_permission_cannot_register(privacy_officer, party):
    # given
    actor = ActorFactory(provider=party.provider)

    # when / then
    with pytest.raises(PermissionMissing):
        services.contact_moment_register(
            accessor=accessor_for_user(privacy_officer), party=party, moment=_moment(), actor=actor
        )
    assert ContactMoment.objects.count() == 0


def test_the_sentiment_of_a_contact_is_kept_on_its_case(accessor, party, employee):
    # given
    case = case_for(party)

    # when
    services.contact_moment_register(
        accessor=accessor, party=party, moment=_moment(case=case, sentiment="boos"), actor=employee
    )

    # then: the next colleague can respond to the feeling, not only the facts (CV-08)
    case.refresh_from_db()
    assert case.sentiment == "boos"


def test_a_case_keeps_its_status_history(accessor, party, employee, topic):
    # given
    case = services.case_open(
        accessor=accessor,
        party=party,
        actor=employee,
        case=services.CaseInput(
            goal="Paspoort verlengen", opened_at=clock.now() - timedelta(days=2), topic=topic
        ),
    )

    # when
    services.case_status_change(
        accessor=accessor,
        case=case,
        status=CaseStatus.IN_PROGRESS,
        at=clock.now() - timedelta(days=1),
        actor=employee,
        next_step="Afspraak aan de balie op donderdagavond",
    )
    case = services.case_status_change(
        accessor=accessor, case=case, status=CaseStatus.CLOSED, at=clock.now(), actor=employee
    )

    # then
    statuses = list(CaseStatusChange.objects.filter(case=case).values_list("status", flat=True))
    assert statuses == [CaseStatus.RECEIVED, CaseStatus.IN_PROGRESS, CaseStatus.CLOSED]
    assert case.reference.startswith("Z-")
    assert case.closed_at is not None
    with pytest.raises(ValidationError):
        services.case_status_change(
            accessor=accessor,
            case=case,
            status=CaseStatus.IN_PROGRESS,
            at=clock.now(),
            actor=employee,
        )


def test_an_agreement_is_completed_once(accessor, party, employee):
    # given
    moment = services.contact_moment_register(
        accessor=accessor,
        party=party,
        moment=_moment(),
        actor=employee,
        agreements=[services.AgreementInput(requested_action="Terugbellen", assigned_to=employee)],
    )
    task = moment.internal_tasks.get()

    # when
    services.internal_task_complete(accessor=accessor, task=task, at=clock.now())

    # then
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert task.completed_at is not None
    with pytest.raises(ValidationError):
        services.internal_task_complete(accessor=accessor, task=task, at=clock.now())


def test_a_status_change_keeps_the_sentiment_a_contact_recorded(accessor, party, employee):
    # given: the case object in hand predates the contact that recorded anger
    case = case_for(party)
    services.contact_moment_register(
        accessor=accessor, party=party, moment=_moment(case=case, sentiment="boos"), actor=employee
    )

    # when
    services.case_status_change(
        accessor=accessor, case=case, status=CaseStatus.DECIDED, at=clock.now(), actor=employee
    )

    # then
    case.refresh_from_db()
    assert case.sentiment == "boos"


def test_a_step_before_the_previous_step_is_refused(accessor, party, employee):
    # given
    case = services.case_open(
        accessor=accessor,
        party=party,
        actor=employee,
        case=services.CaseInput(goal="Bezwaar", opened_at=clock.now() - timedelta(days=2)),
    )

    # when / then
    with pytest.raises(ValidationError):
        services.case_status_change(
            accessor=accessor,
            case=case,
            status=CaseStatus.IN_PROGRESS,
            at=clock.now() - timedelta(days=5),
            actor=employee,
        )


def test_a_transfer_needs_a_note_and_counts_on_the_conversation(accessor, party, employee, topic):
    # given
    case = case_for(party)
    moment = services.contact_moment_register(
        accessor=accessor, party=party, moment=_moment(case=case, topic=topic), actor=employee
    )
    btw_team = ActorFactory(
        provider=party.provider, kind="organisatorische_eenheid", name="BTW-team"
    )

    # when / then: no note, no transfer (AR-02)
    with pytest.raises(ValidationError):
        services.case_transfer(
            accessor=accessor, case=case, at=clock.now(), actor=employee, note=" ", team=btw_team
        )
    case = services.case_transfer(
        accessor=accessor,
        case=case,
        at=clock.now(),
        actor=employee,
        team=btw_team,
        note="Klant wacht op BTW-teruggave over Q2; aangifte is op tijd gedaan.",
    )

    # then
    assert case.team == btw_team
    moment.conversation.refresh_from_db()
    assert moment.conversation.transfer_count == 1
    assert "Overgedragen aan BTW-team" in case.status_changes.last().note


def test_personal_handling_names_one_employee(accessor, party, employee):
    # given
    case = case_for(party)
    team = ActorFactory(provider=party.provider, kind="organisatorische_eenheid", name="Team")

    # when / then
    with pytest.raises(ValidationError):
        services.case_personal_handling_set(
            accessor=accessor,
            case=case,
            owner=team,
            at=clock.now(),
            actor=employee,
            reason="spiraal",
        )
    case = services.case_personal_handling_set(
        accessor=accessor,
        case=case,
        owner=employee,
        at=clock.now(),
        actor=employee,
        reason="Zaak ging langs vier afdelingen",
    )
    assert case.handling == "persoonlijk"
    assert case.owner == employee


def test_an_agreement_cannot_be_done_before_it_was_made(accessor, party, employee):
    moment = services.contact_moment_register(
        accessor=accessor,
        party=party,
        moment=_moment(),
        actor=employee,
        agreements=[services.AgreementInput(requested_action="Bellen", assigned_to=employee)],
    )
    with pytest.raises(ValidationError):
        services.internal_task_complete(
            accessor=accessor, task=moment.internal_tasks.get(), at=clock.now() - timedelta(days=1)
        )


def test_a_conversation_cannot_close_in_the_future(accessor, party, employee):
    moment = services.contact_moment_register(
        accessor=accessor, party=party, moment=_moment(), actor=employee
    )
    with pytest.raises(ValidationError):
        services.conversation_close(
            accessor=accessor, conversation=moment.conversation, at=clock.now() + timedelta(days=1)
        )


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_a_photo_is_stored_with_the_type_its_content_proves(
    accessor, party, employee, settings, tmp_path
):
    # given
    settings.MEDIA_ROOT = tmp_path
    moment = services.contact_moment_register(
        accessor=accessor, party=party, moment=_moment(), actor=employee
    )

    # when
    attachment = services.attachment_add(
        accessor=accessor, contact_moment=moment, name="../../meter stand.jpg", content=PNG
    )

    # then
    assert attachment.content_type == "image/png"
    assert attachment.name == "meter_stand.jpg"
    assert attachment.file.read() == PNG
    assert str(tmp_path) in attachment.file.path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "leeg"),
        (b"MZ\x90\x00\x03\x00\x00\x00\xff\xff", "soort bestand"),
        (PNG * 2000, "groter dan"),
    ],
)
def test_a_bad_attachment_is_refused_and_nothing_is_stored(
    accessor, party, employee, settings, tmp_path, content, message
):
    # given
    settings.MEDIA_ROOT = tmp_path
    settings.KLANTBEELD_ATTACHMENT_MAX_BYTES = 50_000
    moment = services.contact_moment_register(
        accessor=accessor, party=party, moment=_moment(), actor=employee
    )

    # when / then
    with pytest.raises(ValidationError) as error:
        services.attachment_add(
            accessor=accessor, contact_moment=moment, name="x.exe", content=content
        )
    assert message in str(error.value)
    assert moment.attachments.count() == 0
    assert list(tmp_path.rglob("*.*")) == []
