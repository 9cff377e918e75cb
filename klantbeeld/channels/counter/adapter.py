"""The counter on the channel registry (issue 5; BAL-*, CH-09).

The counter has no inbound wire: people walk in. Visits become contact moments through
``services.visit_complete`` rather than the inbound path, so the adapter only names the
channel (the registry then knows it has no statuses, events or sending of its own).
"""

from __future__ import annotations

from klantbeeld.channels.adapters import Adapter, adapter_register
from klantbeeld.core.constants import Channel

adapter_register(Adapter(channel=Channel.COUNTER))
