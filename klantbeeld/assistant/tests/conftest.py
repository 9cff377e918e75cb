"""The demo municipality's assistant, set up the way the demo does it, for the tests."""

from __future__ import annotations

import pytest

from klantbeeld.assistant.knowledge import packaged_knowledge, packaged_knowledge_text
from klantbeeld.assistant.models import AssistantSettings, ChannelPolicy
from klantbeeld.assistant.versions import knowledge_publish
from klantbeeld.core.models import Topic
from klantbeeld.routing.models import Queue, SlaPolicy


@pytest.fixture
def gemeente_topics(provider):
    """The municipality's TAXONOMY topics (the provider fixture is 'gemeente')."""
    return {
        topic.id: Topic.objects.get_or_create(
            provider=provider, code=topic.id, defaults={"name": topic.name}
        )[0]
        for topic in packaged_knowledge("gemeente").topics
    }


@pytest.fixture
def assistant_on(provider, gemeente_topics):
    """The assistant active in web chat and WhatsApp, omnichannel, office open every day."""
    config = AssistantSettings.objects.create(
        provider=provider,
        channel_policy=ChannelPolicy.OMNICHANNEL,
        office_days=[0, 1, 2, 3, 4, 5, 6],
        office_opens="00:00",
        office_closes="23:59:59",
    )
    knowledge_publish(provider=provider, text=packaged_knowledge_text("gemeente"), user=None)
    queue = Queue.objects.create(provider=provider, name="Burgerzaken", is_default=True)
    queue.topics.set(gemeente_topics.values())
    SlaPolicy.objects.create(
        provider=provider, channel="whatsapp", first_response_minutes=60, resolution_minutes=2880
    )
    return config
