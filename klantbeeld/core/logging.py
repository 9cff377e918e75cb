"""Log hygiene: a request path or query may carry a BSN, a phone number, an e-mail address or
a name that a caller typed into a URL; Django's request log writes the path on every 4xx. This
filter masks such values before any handler sees them (STYLE.md: logs carry ids, never
personal data).

Every route of the product is lower-case words and uuids, so a path segment where an id
belongs (after an API resource) that is no uuid, or any segment with a capital letter, is
someone's input and is masked: ``/api/v1/partijen/Jansen`` → ``/api/v1/partijen/[…]``.
"""

from __future__ import annotations

import logging
import re

# Runs of 8 or more digits (BSN, KvK, phone numbers, IBAN digits) and e-mail addresses.
_NUMBERS = re.compile(r"\d{8,}")
_EMAIL = re.compile(r"[^\s/?&=@]+@[^\s/?&=@]+")
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
# After /api/v1/<resource>/ only a uuid belongs.
_API_ID = re.compile(rf"(/api/v1/[a-z-]+/)(?!{_UUID}(?:[/\s?]|$))([^/\s?]+)")
# A path segment with a capital letter: no route of ours has one.
_CAPITALISED = re.compile(r"(?<=/)[^/\s?]*[A-Z][^/\s?]*")


def mask(text: str) -> str:
    text = _NUMBERS.sub(lambda match: "#" * len(match.group()), text)
    text = _EMAIL.sub("[e-mail]", text)
    text = _API_ID.sub(lambda match: match.group(1) + "[…]", text)
    return _CAPITALISED.sub("[…]", text)


class MaskPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
