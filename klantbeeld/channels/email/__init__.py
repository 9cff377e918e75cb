"""The e-mail channel: IMAP polling, a raw RFC 5322 endpoint and SMTP replies (issue 5; CH-01,
MAIL-01, AR-18). See docs/architecture/channels-email.md."""
