"""The counter: appointments without DigiD, walk-ins, visits as contact moments (issue 5; BAL-*)."""
