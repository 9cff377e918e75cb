"""The demo organisations' digital assistant: its settings and the packaged knowledge base
published as version 1 (issue 6).

Installed after the channels' waiting messages, so the inbox the demo opens with is the one
issue 5 describes; every chat and WhatsApp message from then on meets the assistant first.
The municipality and the transport company let the citizen choose (omnichannel); the water
company and the tax and benefits agency work *digitaal, tenzij*.
"""

from __future__ import annotations

from klantbeeld.assistant.knowledge import packaged_knowledge_text
from klantbeeld.assistant.models import AssistantSettings, ChannelPolicy
from klantbeeld.assistant.versions import knowledge_publish
from klantbeeld.demo.context import DemoContext

POLICIES = {
    "gemeente": ChannelPolicy.OMNICHANNEL,
    "vervoer": ChannelPolicy.OMNICHANNEL,
    "water": ChannelPolicy.DIGITAL_UNLESS,
    "uitvoering": ChannelPolicy.DIGITAL_UNLESS,
}


def assistant_install(ctx: DemoContext) -> None:
    code = ctx.provider.code
    AssistantSettings.objects.create(
        provider=ctx.provider, channel_policy=POLICIES.get(code, ChannelPolicy.OMNICHANNEL)
    )
    knowledge_publish(
        provider=ctx.provider,
        text=packaged_knowledge_text(code),
        user=None,
        note="Meegeleverde kennisbank (TAXONOMY.md)",
    )
    ctx.written["knowledge_versions"] += 1
