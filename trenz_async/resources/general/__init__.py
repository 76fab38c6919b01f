"""Trenz General: async tasks, presigned file uploads, and the key check."""

from trenz_async.resources.general.account import AccountResource
from trenz_async.resources.general.files import PLATFORM_SIZE_CAPS, FilesResource
from trenz_async.resources.general.tasks import TaskHandle, TasksResource, TaskSubmitter

__all__ = [
    "PLATFORM_SIZE_CAPS",
    "AccountResource",
    "FilesResource",
    "TaskHandle",
    "TaskSubmitter",
    "TasksResource",
]
