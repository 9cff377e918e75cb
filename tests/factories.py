"""Test data builders: Faker nl_NL, BSNs that pass the 11-test, never real personal data.

Rows are written straight through the ORM: they are the 'given' state of a test, not the
behaviour under test, so they write no processing-log records of their own.
"""

from __future__ import annotations

from datetime import timedelta

import factory
from django.contrib.auth.models import Group
from faker import Faker

from klantbeeld.contacts.constants import ActorKind, CaseStatus, ParticipantRole
from klantbeeld.contacts.models import Actor, Case, ContactMoment, InternalTask, Participant
from klantbeeld.core import clock
from klantbeeld.core.constants import Channel, Direction, ProviderKind
from klantbeeld.core.models import Provider, Topic, User
from klantbeeld.parties.constants import DigitalAddressKind, IdentifierKind, ObjectType, PartyKind
from klantbeeld.parties.models import DigitalAddress, Party, PartyIdentifier, PostalAddress
from klantbeeld.parties.validation import name_key, surname_key
from klantbeeld.privacy.services import processing_register_install, roles_install

fake = Faker("nl_NL")
PASSWORD = "test-wachtwoord-123"


class ProviderFactory(factory.django.DjangoModelFactory[Provider]):
    class Meta:
        model = Provider
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"org{n}")
    name = factory.Sequence(lambda n: f"Gemeente Test {n}")
    kind = ProviderKind.MUNICIPALITY

    @factory.post_generation
    def register(obj, create, extracted, **kwargs):
        if create:
            processing_register_install(provider=obj)


class TopicFactory(factory.django.DjangoModelFactory[Topic]):
    class Meta:
        model = Topic
        django_get_or_create = ("provider", "code")

    provider = factory.SubFactory(ProviderFactory)
    code = "verhuizing"
    name = "Verhuizing"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"medewerker{n}")
    first_name = factory.LazyFunction(fake.first_name)
    last_name = factory.LazyFunction(fake.last_name)
    provider = factory.SubFactory(ProviderFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if create and extracted:
            # transactional tests flush the groups the roles migration made; put them back
            if not Group.objects.filter(name=extracted).exists():
                roles_install()
            obj.groups.add(Group.objects.get(name=extracted))
        if create:
            obj.save()


class ActorFactory(factory.django.DjangoModelFactory[Actor]):
    class Meta:
        model = Actor

    provider = factory.SubFactory(ProviderFactory)
    kind = ActorKind.EMPLOYEE
    name = factory.LazyFunction(fake.name)


class PartyFactory(factory.django.DjangoModelFactory[Party]):
    class Meta:
        model = Party

    provider = factory.SubFactory(ProviderFactory)
    number = factory.Sequence(lambda n: f"{n + 1:07d}")
    kind = PartyKind.PERSON
    given_names = factory.LazyFunction(fake.first_name)
    surname = factory.LazyFunction(fake.last_name)
    date_of_birth = factory.LazyFunction(lambda: fake.date_of_birth(minimum_age=18, maximum_age=90))
    surname_key = factory.LazyAttribute(lambda o: surname_key(o.surname))
    name_key = factory.LazyAttribute(lambda o: name_key(o.surname, o.given_names))


def bsn_for(party: Party, value: str | None = None) -> PartyIdentifier:
    return PartyIdentifier.objects.create(
        provider=party.provider,
        party=party,
        kind=IdentifierKind.BSN,
        object_type=ObjectType.NATURAL_PERSON,
        register="brp",
        value=value or fake.ssn(),
    )


def phone_for(party: Party, number: str, *, verified: bool = True) -> DigitalAddress:
    return DigitalAddress.objects.create(
        provider=party.provider,
        party=party,
        kind=DigitalAddressKind.PHONE,
        value=number,
        verified_at=clock.now() if verified else None,
    )


def address_for(party: Party, postcode: str = "3511 AB", number: int = 12) -> PostalAddress:
    return PostalAddress.objects.create(
        party=party,
        kind="bezoekadres",
        street=fake.street_name(),
        house_number=number,
        postcode=postcode,
        city=fake.city(),
    )


# Our own channels; "overig" is only for other systems' channel names.
OWN_CHANNELS = [channel for channel in Channel.values if channel != Channel.OTHER]


def contact_moments_for(
    party: Party, count: int, *, actor: Actor, topic: Topic | None = None
) -> list[ContactMoment]:
    moments = []
    for index in range(count):
        moment = ContactMoment.objects.create(
            provider=party.provider,
            channel=OWN_CHANNELS[index % len(OWN_CHANNELS)],
            direction=Direction.INBOUND,
            subject=f"Vraag {index + 1}",
            topic=topic,
            summary=fake.sentence(),
            occurred_at=clock.now() - timedelta(hours=index + 1),
        )
        moment.actors.add(actor)
        Participant.objects.create(
            contact_moment=moment, party=party, role=ParticipantRole.CUSTOMER
        )
        InternalTask.objects.create(
            provider=party.provider,
            party=party,
            contact_moment=moment,
            requested_action="Terugbellen",
            assigned_to=actor,
            assigned_at=moment.occurred_at,
            due_at=clock.now() + timedelta(days=1),
        )
        moments.append(moment)
    return moments


def case_for(
    party: Party, *, goal: str = "Paspoort verlengen", status: str = CaseStatus.IN_PROGRESS
) -> Case:
    return Case.objects.create(
        provider=party.provider,
        reference=f"Z-{fake.unique.random_int(1, 10**6)}",
        party=party,
        goal=goal,
        status=status,
        opened_at=clock.now() - timedelta(days=3),
    )
