"""Run the command-line interface: `python -m framing`."""

from .cli import main

raise SystemExit(main())
