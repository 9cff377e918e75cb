"""Web chat: the embeddable widget, its WebSocket and the adapter (issue 5, "Web chat").

See docs/architecture/channels-webchat.md for the protocol, sessions and channel layers."""
