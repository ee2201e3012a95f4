#!/usr/bin/env python
"""Django's administrative command line; ``jornada`` is the same once installed."""

from jornada.cli import main

if __name__ == "__main__":
    main()
