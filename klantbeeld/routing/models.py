"""Queues, work items and their history: who handles which conversation, by when (issue 5).

A :class:`WorkItem` is one conversation waiting for the organisation; at most one is open per
conversation, so a customer who writes three times in three channels is one item, not three
(CH-05). Its events are the audit trail and feed the insights (transfers are where spirals
start, SIG-*).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from klantbeeld.contacts.models import Actor, ContactMoment, Conversation
from klantbeeld.core.constants import Channel
from klantbeeld.core.models import Provider, TimeStampedModel, Topic
from klantbeeld.parties.constants import AnswerStyle
from klantbeeld.routing.constants import OPEN_STATUSES, EventKind, WorkItemStatus


class Queue(TimeStampedModel):
    """A queue of work for a team, with the skill it asks for (issue 5, item 5)."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("naam"), max_length=100)
    team = models.ForeignKey(
        Actor, on_delete=models.SET_NULL, null=True, blank=True, related_name="queues"
    )
    skill = models.CharField(_("vaardigheid"), max_length=60, blank=True)
    channels = models.JSONField(
        _("kanalen"), default=list, blank=True, help_text=_("Leeg: alle kanalen.")
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="+", verbose_name=_("onderwerpen")
    )
    is_default = models.BooleanField(_("standaardwachtrij"), default=False)
    auto_assign = models.BooleanField(_("automatisch toewijzen"), default=False)

    class Meta:
        verbose_name = _("wachtrij")
        verbose_name_plural = _("wachtrijen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "name"], name="queue_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Agent(models.Model):
    """An employee as the inbox sees them: queues, skills, how much at once, present or not."""

    actor = models.OneToOneField(Actor, on_delete=models.CASCADE, related_name="agent")
    queues = models.ManyToManyField(Queue, blank=True, related_name="agents")
    skills = models.JSONField(_("vaardigheden"), default=list, blank=True)
    capacity = models.PositiveSmallIntegerField(_("maximaal tegelijk"), default=5)
    is_available = models.BooleanField(_("beschikbaar"), default=True)

    class Meta:
        verbose_name = _("medewerker in de inbox")
        verbose_name_plural = _("medewerkers in de inbox")

    def __str__(self) -> str:
        return str(self.actor)


class SlaPolicy(models.Model):
    """Per channel: within how many minutes a first answer and a resolution are due."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("kanaal"), max_length=50, choices=Channel.choices)
    first_response_minutes = models.PositiveIntegerField(_("eerste reactie binnen (minuten)"))
    resolution_minutes = models.PositiveIntegerField(_("afgehandeld binnen (minuten)"))
    warning_percent = models.PositiveSmallIntegerField(
        _("waarschuwen bij (% van de tijd)"), default=75
    )

    class Meta:
        verbose_name = _("servicenorm")
        verbose_name_plural = _("servicenormen")
        constraints = [
            models.UniqueConstraint(fields=["provider", "channel"], name="sla_one_per_channel")
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.first_response_minutes} min"


class WorkItem(TimeStampedModel):
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="work_items"
    )
    queue = models.ForeignKey(Queue, on_delete=models.PROTECT, related_name="items")
    status = models.CharField(
        _("status"), max_length=20, choices=WorkItemStatus.choices, default=WorkItemStatus.NEW
    )
    assigned_to = models.ForeignKey(
        Actor, on_delete=models.SET_NULL, null=True, blank=True, related_name="work_items"
    )
    # The channel the customer last wrote in: the default channel of the answer (CH-09).
    channel = models.CharField(_("kanaal"), max_length=50, choices=Channel.choices)
    last_inbound = models.ForeignKey(
        ContactMoment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    identity_pending = models.BooleanField(_("klant nog bevestigen"), default=False)
    candidates = models.JSONField(_("kandidaten"), default=list, blank=True)
    triage = models.JSONField(_("triage"), default=dict, blank=True)
    priority = models.PositiveSmallIntegerField(_("prioriteit"), default=3)
    received_at = models.DateTimeField(_("binnengekomen op"))
    last_inbound_at = models.DateTimeField(_("laatste bericht klant"))
    first_response_due = models.DateTimeField(_("eerste reactie uiterlijk"), null=True, blank=True)
    resolution_due = models.DateTimeField(_("afgehandeld uiterlijk"), null=True, blank=True)
    first_responded_at = models.DateTimeField(_("eerste reactie op"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)

    class Meta:
        verbose_name = _("werkitem")
        verbose_name_plural = _("werkitems")
        permissions = [("distribute_work", "Werk verdelen over collega's (teamleider)")]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="work_item_one_open_per_conversation",
            )
        ]
        indexes = [
            models.Index(fields=["queue", "status", "received_at"], name="work_item_queue"),
            models.Index(fields=["assigned_to", "status"], name="work_item_assignee"),
        ]

    def __str__(self) -> str:
        return f"{self.queue}: {self.conversation_id}"


class WorkItemEvent(models.Model):
    """What happened to a work item: the audit trail, notes and handover notes included."""

    item = models.ForeignKey(WorkItem, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("soort"), max_length=30, choices=EventKind.choices)
    at = models.DateTimeField(_("tijdstip"))
    actor = models.ForeignKey(
        Actor, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to_actor = models.ForeignKey(
        Actor, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_queue = models.ForeignKey(
        Queue, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to_queue = models.ForeignKey(
        Queue, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("notitie"), max_length=4000, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["item", "kind"], name="work_item_event_kind")]

    def __str__(self) -> str:
        return f"{self.kind} {self.item_id}"


class ReplyTemplate(TimeStampedModel):
    """A reusable answer, written per answer style so the reply fits the customer (TONE-03).

    ``{naam}`` in the text becomes the customer's name as they like to be addressed."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("titel"), max_length=100)
    topic = models.ForeignKey(
        Topic, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answer_style = models.CharField(
        _("antwoordstijl"), max_length=20, choices=AnswerStyle.choices, blank=True
    )
    body = models.TextField(_("tekst"), max_length=4000)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("antwoordsjabloon")
        verbose_name_plural = _("antwoordsjablonen")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title
