"""The letter channel: scanned post in through OCR, replies out as a PDF (issue 5 "Letter")."""
