"""Run the command line: ``python -m trenz_async``."""

from trenz_async.cli import main

raise SystemExit(main())
