"""Contact moments, conversations, cases and agreements: the customer's history (CV-04..CV-07).

``ContactMoment`` is the VNG Klantcontact, ``Participant`` the Betrokkene, ``InternalTask`` the
Interne taak, ``Actor`` the Actor; ``Conversation`` (one question across channels and time)
and ``Case`` (what the customer wants to achieve, with status history) are Klantbeeld's
extensions. A party's timeline is every contact moment it took part in, whatever the channel.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from klantbeeld.contacts.constants import (
    ActorKind,
    CaseStatus,
    ConversationStatus,
    Handling,
    Outcome,
    ParticipantRole,
    Sentiment,
    TaskKind,
    TaskStatus,
)
from klantbeeld.core.constants import Channel, Direction
from klantbeeld.core.models import Provider, TimeStampedModel, Topic
from klantbeeld.parties.constants import PostalAddressKind
from klantbeeld.parties.models import AddressFields, DigitalAddress, Party

# Dutch phone numbers as the VNG standard accepts them for actors.
PHONE_PATTERN = r"^(0[1-9][0-9]{8}|\+[0-9]{9,15}|00[0-9]{7,13})$"


class ObjectIdentifier(models.Model):
    """The identifier group VNG uses for objects held in another register."""

    object_id = models.CharField(_("object-id"), max_length=200, blank=True)
    object_type = models.CharField(_("objecttype"), max_length=200, blank=True)
    register = models.CharField(_("register"), max_length=200, blank=True)
    id_kind = models.CharField(_("soort object-id"), max_length=200, blank=True)

    class Meta:
        abstract = True


class Actor(TimeStampedModel, ObjectIdentifier):
    """An employee, a team, or an automated actor such as the digital assistant.

    The identifier group (object_id …) points to the actor in another register, e.g. the
    employee's number in the HR system (VNG actoridentificator)."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="actors")
    kind = models.CharField(_("soort"), max_length=30, choices=ActorKind.choices)
    name = models.CharField(_("naam"), max_length=200)
    identifier = models.CharField(_("code"), max_length=60, blank=True)
    is_active = models.BooleanField(_("actief"), default=True)
    function = models.CharField(_("functie"), max_length=40, blank=True)
    description = models.CharField(_("omschrijving"), max_length=200, blank=True)
    email = models.EmailField(_("e-mailadres"), max_length=254, blank=True)
    phone_number = models.CharField(
        _("telefoonnummer"), max_length=20, blank=True, validators=[RegexValidator(PHONE_PATTERN)]
    )
    fax_number = models.CharField(_("faxnummer"), max_length=20, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actor",
    )
    team = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        limit_choices_to={"kind": ActorKind.TEAM},
        verbose_name=_("team"),
    )

    class Meta:
        verbose_name = _("actor")
        verbose_name_plural = _("actoren")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Conversation(TimeStampedModel):
    """One question of one customer, across channels and time: the thread (CH-05, AR-02)."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, null=True, blank=True, related_name="conversations"
    )
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, null=True, blank=True)
    subject = models.CharField(_("onderwerp"), max_length=200)
    status = models.CharField(
        max_length=20, choices=ConversationStatus.choices, default=ConversationStatus.OPEN
    )
    opened_at = models.DateTimeField(_("geopend op"))
    last_activity_at = models.DateTimeField(_("laatste activiteit"))
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    transfer_count = models.PositiveIntegerField(_("aantal overdrachten"), default=0)

    class Meta:
        verbose_name = _("gesprek")
        verbose_name_plural = _("gesprekken")
        indexes = [
            models.Index(fields=["party", "status", "topic"], name="conversation_open_lookup")
        ]

    def __str__(self) -> str:
        return self.subject


class Case(TimeStampedModel):
    """What the customer wants to achieve, with status steps, owner and expected date (CV-07)."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(_("zaaknummer"), max_length=20)
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="cases")
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, null=True, blank=True)
    goal = models.CharField(_("doel van de klant"), max_length=200)
    status = models.CharField(
        _("status"), max_length=30, choices=CaseStatus.choices, default=CaseStatus.RECEIVED
    )
    next_step = models.CharField(_("volgende stap"), max_length=300, blank=True)
    expected_completion = models.DateField(_("verwacht klaar op"), null=True, blank=True)
    handling = models.CharField(
        _("behandeling"), max_length=20, choices=Handling.choices, default=Handling.STANDARD
    )
    owner = models.ForeignKey(
        Actor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_cases",
        verbose_name=_("vaste contactpersoon"),
    )
    team = models.ForeignKey(
        Actor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="team_cases",
        verbose_name=_("team"),
    )
    sentiment = models.CharField(
        _("gemoedstoestand"), max_length=20, choices=Sentiment.choices, blank=True
    )
    opened_at = models.DateTimeField(_("geopend op"))
    closed_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)

    class Meta:
        verbose_name = _("zaak")
        verbose_name_plural = _("zaken")
        constraints = [
            models.UniqueConstraint(fields=["provider", "reference"], name="case_unique_reference")
        ]
        indexes = [models.Index(fields=["party", "status"], name="case_party_status")]

    def __str__(self) -> str:
        return f"{self.reference} {self.goal}"


class CaseStatusChange(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=30, choices=CaseStatus.choices)
    note = models.CharField(_("toelichting"), max_length=500, blank=True)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(Actor, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.status}"


class ContactMoment(TimeStampedModel):
    """One interaction in one channel, in or out (VNG Klantcontact; CV-04, CH-09)."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("nummer"), max_length=10, blank=True)
    reference_number = models.CharField(_("referentienummer"), max_length=10, blank=True)
    channel = models.CharField(_("kanaal"), max_length=50, choices=Channel.choices)
    # The channel as another system named it, when it is none of ours (channel = "overig").
    channel_label = models.CharField(_("kanaal zoals opgegeven"), max_length=50, blank=True)
    # Blank when a source system did not say (the VNG standard has no direction).
    direction = models.CharField(
        _("richting"), max_length=10, choices=Direction.choices, blank=True
    )
    main_subject_type = models.URLField(_("hoofdonderwerptype"), max_length=200, blank=True)
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, null=True, blank=True)
    subject = models.CharField(_("onderwerp"), max_length=200)
    summary = models.TextField(_("samenvatting"), max_length=1000, blank=True)
    content = models.TextField(_("inhoud"), blank=True)
    response = models.TextField(_("reactie"), max_length=4000, blank=True)
    is_successful = models.BooleanField(_("contact gelukt"), null=True, blank=True)
    further_action_taken = models.BooleanField(_("vervolgactie"), default=False)
    language = models.CharField(_("taal"), max_length=3, default="nld")
    is_confidential = models.BooleanField(_("vertrouwelijk"), default=False)
    occurred_at = models.DateTimeField(_("plaatsgevonden op"))
    outcome = models.CharField(_("uitkomst"), max_length=30, choices=Outcome.choices, blank=True)
    sentiment = models.CharField(
        _("gemoedstoestand"), max_length=20, choices=Sentiment.choices, blank=True
    )
    conversation = models.ForeignKey(
        Conversation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_moments",
    )
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="contact_moments"
    )
    actors: "models.ManyToManyField[Actor, ActorContactMoment]" = models.ManyToManyField(
        Actor, through="ActorContactMoment", related_name="contact_moments"
    )
    metadata = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("klantcontact")
        verbose_name_plural = _("klantcontacten")
        indexes = [models.Index(fields=["provider", "occurred_at"], name="contact_provider_time")]

    def __str__(self) -> str:
        return f"{self.channel_name}: {self.subject}"

    @property
    def channel_name(self) -> str:
        """The channel as people read it; another system's own name when it is none of ours."""
        if self.channel == Channel.OTHER and self.channel_label:
            return self.channel_label
        return str(self.get_channel_display())


class ActorContactMoment(TimeStampedModel):
    """Which actor took part in a contact moment (VNG actorklantcontacten)."""

    actor = models.ForeignKey(Actor, on_delete=models.PROTECT)
    contact_moment = models.ForeignKey(ContactMoment, on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["actor", "contact_moment"], name="actor_contact_unique")
        ]

    def __str__(self) -> str:
        return f"{self.actor_id} in {self.contact_moment_id}"


class Participant(TimeStampedModel):
    """A party's role in a contact moment (VNG Betrokkene), with the name as given then."""

    contact_moment = models.ForeignKey(
        ContactMoment, on_delete=models.CASCADE, related_name="participants"
    )
    party = models.ForeignKey(
        Party, on_delete=models.SET_NULL, null=True, blank=True, related_name="participations"
    )
    role = models.CharField(
        max_length=20, choices=ParticipantRole.choices, default=ParticipantRole.CUSTOMER
    )
    is_initiator = models.BooleanField(default=True)
    initials = models.CharField(max_length=10, blank=True)
    given_name = models.CharField(max_length=200, blank=True)
    surname_prefix = models.CharField(max_length=10, blank=True)
    surname = models.CharField(max_length=200, blank=True)
    organisation_name = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("betrokkene")
        verbose_name_plural = _("betrokkenen")
        indexes = [models.Index(fields=["party", "contact_moment"], name="participant_timeline")]

    def __str__(self) -> str:
        return f"{self.role} in {self.contact_moment_id}"


class SubjectObject(TimeStampedModel, ObjectIdentifier):
    """What a contact was about in another system: an invoice, a meter, a zaak (Onderwerpobject)."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    contact_moment = models.ForeignKey(
        ContactMoment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subject_objects",
    )
    was_contact_moment = models.ForeignKey(
        ContactMoment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="was_subject_objects",
    )

    def __str__(self) -> str:
        return f"{self.object_type} {self.object_id}"


class Attachment(TimeStampedModel, ObjectIdentifier):
    """A file that came with a contact: a scanned letter, a photo of a meter (Bijlage)."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    contact_moment = models.ForeignKey(
        ContactMoment, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    file = models.FileField(upload_to="attachments/%Y/%m/", blank=True)
    name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size_bytes = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return self.name or self.object_id


class InternalTask(TimeStampedModel):
    """An agreement or follow-up: what was promised, by whom, to whom, by when (CV-06, PS-15)."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("nummer"), max_length=10, blank=True)
    reference_number = models.CharField(_("referentienummer"), max_length=10, blank=True)
    party = models.ForeignKey(
        Party,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("beloofd aan"),
    )
    contact_moment = models.ForeignKey(
        ContactMoment,
        on_delete=models.CASCADE,
        related_name="internal_tasks",
        verbose_name=_("aanleiding"),
    )
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks"
    )
    kind = models.CharField(
        _("soort"), max_length=30, choices=TaskKind.choices, default=TaskKind.OTHER
    )
    requested_action = models.CharField(_("wat is afgesproken"), max_length=200)
    explanation = models.TextField(_("toelichting"), max_length=1000, blank=True)
    # The first of assigned_actors, kept in step by the services (VNG toegewezenAanActor).
    assigned_to = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_tasks",
        verbose_name=_("uitvoerder"),
    )
    assigned_actors: "models.ManyToManyField[Actor, InternalTaskActor]" = models.ManyToManyField(
        Actor, through="InternalTaskActor", blank=True, related_name="tasks_assigned"
    )
    promised_by = models.ForeignKey(
        Actor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="promised_tasks",
        verbose_name=_("afgesproken door"),
    )
    status = models.CharField(max_length=20, choices=TaskStatus.choices, default=TaskStatus.TO_DO)
    assigned_at = models.DateTimeField(_("toegewezen op"))
    due_at = models.DateTimeField(_("uiterlijk"), null=True, blank=True)
    completed_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)

    class Meta:
        verbose_name = _("afspraak / interne taak")
        verbose_name_plural = _("afspraken / interne taken")
        indexes = [models.Index(fields=["party", "status"], name="task_party_status")]

    def __str__(self) -> str:
        return self.requested_action


class InternalTaskActor(models.Model):
    """The actors a task is assigned to, in order; position 0 is ``assigned_to``."""

    task = models.ForeignKey(InternalTask, on_delete=models.CASCADE)
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["task", "actor"], name="task_actor_unique")]

    def __str__(self) -> str:
        return f"{self.actor_id} on {self.task_id}"


class ParticipantAddress(TimeStampedModel, AddressFields):
    """An address a participant gave in a contact (VNG Betrokkene bezoek-/correspondentieadres)."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="addresses")
    kind = models.CharField(_("soort"), max_length=30, choices=PostalAddressKind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "kind"], name="participant_address_one_per_kind"
            )
        ]

    def __str__(self) -> str:
        return AddressFields.__str__(self)


class ParticipantDigitalAddress(models.Model):
    """A digital address given by a participant in a contact (VNG verstrektDoorBetrokkene).

    A link table here rather than a column on DigitalAddress, so that parties does not depend
    on contacts."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="digital_address_links"
    )
    digital_address = models.OneToOneField(
        DigitalAddress, on_delete=models.CASCADE, related_name="participant_link"
    )

    def __str__(self) -> str:
        return f"{self.digital_address_id} from {self.participant_id}"


class ImportKey(models.Model):
    """Which source record a contact moment was imported from: importing twice adds nothing."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(_("bronsysteem"), max_length=60)
    source_id = models.CharField(_("id in het bronsysteem"), max_length=100)
    contact_moment = models.OneToOneField(
        ContactMoment, on_delete=models.CASCADE, related_name="import_key"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "source", "source_id"], name="import_key_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.source_id}"
