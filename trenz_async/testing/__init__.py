"""A faithful simulator of the Trenz Open Platform gateway over loopback HTTP.

>>> async with Simulator(seed=7) as sim:          # doctest: +SKIP
...     key = sim.create_api_key()
...     # point the client at sim.url
"""

from trenz_async.testing.clock import SimClock
from trenz_async.testing.faults import FaultRule
from trenz_async.testing.journal import JournalEntry
from trenz_async.testing.server import Simulator, run_forever, serve
from trenz_async.testing.trenz.keys import KeyState

__all__ = [
    "FaultRule",
    "JournalEntry",
    "KeyState",
    "SimClock",
    "Simulator",
    "run_forever",
    "serve",
]
