"""One running job per journal: an exclusive lock on a file beside it, ``<journal>.lock``.

Two runs on one journal would each find the same writes not done and each send them: a
video posted twice (a cron job overlapping a manual rerun is enough). So a journal opened
to run flows holds an advisory lock on ``<journal>.lock`` until it is closed. The operating
system lets go of it when the process ends, however it ends (``kill -9`` included), so a
rerun after a crash is never refused. The file keeps the holder's process id for the
message a second run gets; it is left in place (its content is not the lock).
:func:`connect_for_run` and :func:`close_for_run` open and close a journal's connection
with its lock.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import sys
import time
from typing import Final

from trenz_async.workflows._journal_sqlite import JournalError, check_folder, connect

__all__ = ["JournalInUseError", "RunLock", "close_for_run", "connect_for_run"]

LOCK_SUFFIX: Final = ".lock"
_HELD: Final = frozenset({errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK, errno.EDEADLK})


class JournalInUseError(JournalError):
    """Another running job holds the journal (``pid``: its process id, when known)."""

    def __init__(self, message: str, *, pid: int | None = None) -> None:
        super().__init__(message)
        self.pid = pid


class RunLock:
    """The lock of one journal, held from :meth:`take` until :meth:`release`."""

    __slots__ = ("_fd", "path")

    def __init__(self, fd: int, path: str) -> None:
        self._fd = fd
        self.path = path

    @classmethod
    def take(cls, journal: str) -> RunLock:
        """Lock ``journal`` (a path) for this run, without waiting.

        Raises :class:`JournalInUseError` naming the holder when another open journal (in
        this process or another) holds it, :class:`JournalError` when the lock file cannot
        be written.
        """
        path = os.path.realpath(journal) + LOCK_SUFFIX
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise JournalError(f"cannot lock the journal {journal}: {error}") from None
        try:
            _take(fd)
        except OSError as error:
            holder = _holder(fd)
            os.close(fd)
            if error.errno not in _HELD:
                raise JournalError(f"cannot lock the journal {journal}: {error}") from None
            by = f"another run (pid {holder})" if holder else "another run"
            raise JournalInUseError(
                f"the journal {journal} is in use by {by}: two runs on one journal would send"
                " the same writes twice; wait for that run to end (or stop it), then run this"
                " again",
                pid=holder,
            ) from None
        with contextlib.suppress(OSError):  # the pid is for messages only
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, f"{os.getpid()}\n".encode())
        return cls(fd, path)

    @staticmethod
    def holder(journal: str) -> tuple[bool, int | None]:
        """Whether a run holds ``journal`` now, and its process id when known; takes
        nothing a run could trip over (a shared probe, let go at once)."""
        path = os.path.realpath(journal) + LOCK_SUFFIX
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:  # no lock file: no run ever held it
            return False, None
        try:
            _probe(fd)
        except OSError as error:
            if error.errno not in _HELD:
                raise JournalError(f"cannot read the lock of {journal}: {error}") from None
            return True, _holder(fd)
        finally:
            os.close(fd)
        return False, None

    def release(self) -> None:
        """Let go of the lock (closing its file does). Releasing twice is harmless."""
        fd, self._fd = self._fd, -1
        if fd >= 0:
            os.close(fd)


if sys.platform == "win32":  # pragma: no cover - not run in CI
    import msvcrt

    def _lock(fd: int) -> None:
        """Lock one byte far past the pid, or raise ``OSError`` (EACCES)."""
        os.lseek(fd, 1 << 20, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _probe(fd: int) -> None:
        """Raise ``OSError`` (EACCES) when the lock is held; else take and drop it."""
        _lock(fd)
        os.lseek(fd, 1 << 20, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        """Lock ``fd``'s file exclusively, or raise ``OSError`` (EWOULDBLOCK)."""
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _probe(fd: int) -> None:
        """Raise ``OSError`` (EWOULDBLOCK) when a run holds the lock (a shared lock is
        refused then; otherwise it is taken, and let go when ``fd`` is closed)."""
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)


def _take(fd: int, patience: float = 0.5) -> None:
    """:func:`_lock`, tried again for up to ``patience`` seconds: a ``jobs show`` probing the
    lock holds it for an instant, a run for as long as it runs."""
    deadline = time.monotonic() + patience
    while True:
        try:
            _lock(fd)
            return
        except OSError as error:
            if error.errno not in _HELD or time.monotonic() >= deadline:
                raise
        time.sleep(0.02)


def _holder(fd: int) -> int | None:
    """The process id the holder wrote, when readable."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 32).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def connect_for_run(
    path: str, synchronous: str, shared: bool
) -> tuple[RunLock | None, sqlite3.Connection]:
    """The run's lock on ``path`` (none when ``shared``), then its connection (in the
    journal's thread); raises :class:`JournalInUseError` or :class:`JournalError`."""
    check_folder(path)
    lock = None if shared else RunLock.take(path)
    try:
        return lock, connect(path, synchronous, shared=shared)
    except BaseException:
        if lock is not None:
            lock.release()
        raise


def close_for_run(connection: sqlite3.Connection, lock: RunLock | None) -> None:
    """Close the connection, then let go of the run's lock."""
    try:
        connection.close()
    finally:
        if lock is not None:
            lock.release()
