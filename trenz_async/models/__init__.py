"""Typed records for every API response, and the converter that builds them."""

from trenz_async.models._base import (
    EMPTY_EXTRAS,
    Extras,
    Image,
    JsonText,
    MillisTimestamp,
    Model,
    Money,
    Number,
    UnixSeconds,
    ms_to_datetime,
)
from trenz_async.models._converter import make_converter
from trenz_async.models.common import (
    AccountInfo,
    PresignedUpload,
    Task,
    TaskStatus,
    UploadedObject,
    Usage,
)

__all__ = [
    "EMPTY_EXTRAS",
    "AccountInfo",
    "PresignedUpload",
    "Task",
    "UploadedObject",
    "Extras",
    "Image",
    "JsonText",
    "MillisTimestamp",
    "Model",
    "Money",
    "Number",
    "TaskStatus",
    "UnixSeconds",
    "Usage",
    "make_converter",
    "ms_to_datetime",
]
