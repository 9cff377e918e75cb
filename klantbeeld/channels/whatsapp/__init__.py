"""WhatsApp through Meta's Cloud API: webhook intake, media, statuses and replies (issue 5; WA-01..WA-03).

``wire`` reads and verifies the webhook JSON, ``graph`` talks to the Graph API, ``window`` knows
the 24-hour customer service window, ``adapter`` is what the shared inbound/outbound path calls,
``views`` is the webhook endpoint. See docs/architecture/channels-whatsapp.md.
"""
