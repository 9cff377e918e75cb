"""The phone channel: CTI webhook, screen-pop, call notes, callbacks (issue 5; TEL-01..TEL-10)."""
