"""Workflows: multi-step flows on a durable journal, many at once under limits.

* :class:`Journal` records every flow and step (SQLite); a write records its intent first.
* :func:`run_flows` runs flows under :class:`Limits`, each resumable through its
  :class:`FlowContext` (``step`` / ``write_step``), and returns :class:`ItemReport` per item.
* :func:`publish_many` / :func:`publish_flow` publish videos exactly once.
"""

from trenz_async.workflows.journal import (
    FlowRecord,
    Journal,
    JournalError,
    JournalInUseError,
    JournalStats,
    StepRecord,
)
from trenz_async.workflows.publish import (
    PublishItem,
    PublishOptions,
    PublishTarget,
    publish_flow,
    publish_many,
)
from trenz_async.workflows.runner import (
    INCOMPLETE,
    FlowContext,
    FlowEvent,
    ItemReport,
    Limits,
    StepFailedError,
    StepPolicy,
    TargetReport,
    failure_kind,
    run_flows,
)

__all__ = [
    "INCOMPLETE",
    "FlowContext",
    "FlowEvent",
    "FlowRecord",
    "ItemReport",
    "Journal",
    "JournalError",
    "JournalInUseError",
    "JournalStats",
    "Limits",
    "PublishItem",
    "PublishOptions",
    "PublishTarget",
    "StepFailedError",
    "StepPolicy",
    "StepRecord",
    "TargetReport",
    "failure_kind",
    "publish_flow",
    "publish_many",
    "run_flows",
]

from trenz_async.workflows.drama import (
    DramaEpisode,
    DramaOptions,
    DramaRelease,
    DramaSubtitle,
    drama_flow,
    drama_many,
    release_details,
    release_from_dict,
)

__all__ += [
    "DramaEpisode",
    "DramaOptions",
    "DramaRelease",
    "DramaSubtitle",
    "drama_flow",
    "drama_many",
    "release_details",
    "release_from_dict",
]

from trenz_async.workflows.harvest import (  # noqa: E402 (appended after drama's block)
    HarvestPlan,
    HarvestUnit,
    Ranking,
    Research,
    Search,
    UnitReport,
    harvest,
    harvest_flow,
)
from trenz_async.workflows.sinks import (  # noqa: E402
    JsonlSink,
    Sink,
    SinkError,
    SqliteSink,
    open_sink,
)

__all__ += [
    "HarvestPlan",
    "HarvestUnit",
    "JsonlSink",
    "Ranking",
    "Research",
    "Search",
    "Sink",
    "SinkError",
    "SqliteSink",
    "UnitReport",
    "harvest",
    "harvest_flow",
    "open_sink",
]
