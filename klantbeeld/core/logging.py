"""Log hygiene: a request path or query may carry a BSN, a phone number or an e-mail address
that a caller typed into a URL; Django's request log writes the path on every 4xx. This filter
masks such values before any handler sees them (STYLE.md: logs carry ids, never personal data).
"""

from __future__ import annotations

import logging
import re

# Runs of 8 or more digits (BSN, KvK, phone numbers, IBAN digits) and e-mail addresses.
_NUMBERS = re.compile(r"\d{8,}")
_EMAIL = re.compile(r"[^\s/?&=@]+@[^\s/?&=@]+")


def mask(text: str) -> str:
    return _EMAIL.sub("[e-mail]", _NUMBERS.sub(lambda match: "#" * len(match.group()), text))


class MaskPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
