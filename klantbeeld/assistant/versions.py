"""The assistant's knowledge base as published versions, and the triage model of the newest
one (issue 6, item 1).

A version is the whole document; publishing checks it against the organisation's topics and
adds the next number, never changing an old one (ADR 0009). The model of a version is
trained once per process and cached by the content's digest, so equal content is never
trained twice; :func:`triage_models_warm_in_background` trains at server start.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from dataclasses import dataclass
from typing import Any

from django.db import connections, transaction
from django.db.models import Max

from klantbeeld.assistant.classifier import TriageModel, triage_model_for
from klantbeeld.assistant.knowledge import (
    KnowledgeBase,
    knowledge_document,
    knowledge_parse,
    knowledge_yaml,
    knowledge_yaml_parse,
)
from klantbeeld.assistant.models import AssistantSettings, KnowledgeVersion
from klantbeeld.core.memo import memoized
from klantbeeld.core.models import Provider, Topic, User

logger = logging.getLogger(__name__)


def _topic_ids(provider: Provider) -> tuple[str, ...]:
    return tuple(Topic.objects.filter(provider=provider).values_list("code", flat=True))


def knowledge_publish(
    *,
    provider: Provider,
    text: str,
    user: User | None,
    note: str = "",
    version: KnowledgeVersion | None = None,
) -> KnowledgeVersion:
    """Check a knowledge base (YAML) against the organisation's topics and publish it as the
    next version (into ``version`` when the admin hands one over). A document that does not
    fit is refused whole (:class:`KnowledgeError`); an old version is never changed."""
    document = knowledge_check(provider=provider, text=text)
    version = version or KnowledgeVersion()
    with transaction.atomic():
        last = (
            KnowledgeVersion.objects.select_for_update()
            .filter(provider=provider)
            .aggregate(number=Max("number"))["number"]
        )
        version.provider = provider
        version.number = (last or 0) + 1
        version.document = document
        version.note = note.strip()[:300]
        version.created_by = user
        version.save()
    return version


def knowledge_check(*, provider: Provider, text: str) -> dict[str, Any]:
    """The document of a YAML knowledge base, checked for this organisation."""
    kb = knowledge_yaml_parse(text, topic_ids=_topic_ids(provider), organisation=provider.code)
    return knowledge_document(kb)


def knowledge_republish(*, version: KnowledgeVersion, user: User | None) -> KnowledgeVersion:
    """Publish an earlier version again as the newest (undo a bad edit; history stays)."""
    return knowledge_publish(
        provider=version.provider,
        text=knowledge_yaml(knowledge_parse(version.document)),
        user=user,
        note=f"Versie {version.number} opnieuw gepubliceerd",
    )


def knowledge_version_yaml(version: KnowledgeVersion) -> str:
    return knowledge_yaml(knowledge_parse(version.document))


@dataclass(frozen=True)
class CurrentKnowledge:
    knowledge: KnowledgeBase
    number: int
    digest: str  # of the content: the trained model is reused for equal content


_PARSED: dict[tuple[int, int], CurrentKnowledge] = {}


def knowledge_current(provider: Provider) -> CurrentKnowledge | None:
    """The organisation's newest knowledge base; None when it has none."""
    number = memoized(
        ("assistant.knowledge", provider.pk),
        lambda: (
            KnowledgeVersion.objects.filter(provider=provider)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
        ),
    )
    if number is None:
        return None
    key = (provider.pk, number)
    if key not in _PARSED:
        document = KnowledgeVersion.objects.get(provider=provider, number=number).document
        digest = hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()
        _PARSED[key] = CurrentKnowledge(knowledge_parse(document), number, digest)
    return _PARSED[key]


def triage_model(provider: Provider) -> tuple[TriageModel, KnowledgeBase] | None:
    current = knowledge_current(provider)
    if current is None:
        return None
    model = triage_model_for(provider.code, current.knowledge, current.digest)
    return model, current.knowledge


def triage_models_warm() -> int:
    """Train the models of every organisation with a knowledge base now (at server start),
    not inside the first citizen's message; returns how many are ready."""
    ready = 0
    for provider in Provider.objects.filter(knowledge_versions__isnull=False).distinct():
        if triage_model(provider) is not None:
            ready += 1
    return ready


def triage_models_warm_in_background() -> None:
    def warm() -> None:
        try:
            count = triage_models_warm()
            logger.info("assistant triage models ready", extra={"count": count})
        except Exception:
            logger.exception("warming the assistant's triage models failed")
        finally:
            connections.close_all()

    threading.Thread(target=warm, name="assistant-warm-up", daemon=True).start()


def assistant_settings(provider: Provider) -> AssistantSettings | None:
    return memoized(
        ("assistant.settings", provider.pk),
        lambda: AssistantSettings.objects.filter(provider=provider).first(),
    )
