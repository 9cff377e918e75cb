#!/usr/bin/env python
"""Django's command-line utility; the same as the ``klantbeeld`` command."""

from config.cli import main

if __name__ == "__main__":
    main()
