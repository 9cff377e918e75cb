"""The triage hook: where the assistant's reading of a message enters routing (issue 5,
item 5; the assistant issue fills it in).

``KLANTBEELD_TRIAGE_HOOK`` names a function ``(message) -> Triage | None``. Until it is set,
routing works on channel and queue rules alone; a hook that fails never stops a message.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

from klantbeeld.core.models import Topic

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Triage:
    topic: Topic | None = None
    skill: str = ""
    priority: int = 3  # 1 most urgent … 5
    labels: dict[str, str] = field(default_factory=dict)  # intent, emotion, sensitivity …
    # The digital assistant takes the conversation first: its work item waits with the
    # assistant, outside the people's queue, until a handover (issue 6).
    assistant: bool = False
    explanation: str = ""

    def as_json(self) -> dict[str, object]:
        return {
            "topic": self.topic.code if self.topic else "",
            "skill": self.skill,
            "priority": self.priority,
            "labels": dict(self.labels),
            "assistant": self.assistant,
            "explanation": self.explanation,
        }


def triage_run(message: Any) -> Triage | None:
    path = settings.KLANTBEELD_TRIAGE_HOOK
    if not path:
        return None
    try:
        hook = import_string(path)
        return hook(message)
    except Exception:
        logger.exception("triage hook failed; routing without triage")
        return None
