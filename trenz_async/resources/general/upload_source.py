"""What ``files.upload`` can read from: a path, bytes, a binary file or an async byte stream.

Each becomes an :class:`UploadSource`: its size (sent as ``Content-Length``, which presigned
PUTs require) and a factory that opens a fresh chunked stream per attempt, so the file is never
held in memory and a retried PUT sends the same bytes again. A stream that can be read only
once (an async iterator, an unseekable file) is not retried.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterable, AsyncIterator, Callable
from pathlib import Path
from typing import Any, BinaryIO

import anyio.to_thread
import attrs

from trenz_async.errors import TransportError, ValidationError

__all__ = [
    "CHUNK_SIZE",
    "INLINE_READ",
    "Body",
    "Progress",
    "Source",
    "UploadSource",
    "upload_source",
]

CHUNK_SIZE = 1024 * 1024
"""Bytes read and sent at a time."""
INLINE_READ = 64 * 1024
"""A file this small is read in the event loop: a thread hop costs more than the read."""

Source = str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryIO | AsyncIterable[bytes]
Body = bytes | AsyncIterator[bytes]
"""One attempt's body: a small source whole, else its chunks."""
Progress = Callable[[int, int], object]
"""``on_progress(sent, total)``: bytes handed to the connection so far, and the size."""


@attrs.frozen
class UploadSource:
    """A sized body that can be opened once per attempt (``replayable``) or only once."""

    size: int
    name: str | None
    opener: Callable[[], AsyncIterator[bytes]]
    replayable: bool
    whole: Callable[[], bytes] | None = None
    """Reads a small source at once (in the loop): sent as one body with the headers."""

    def stream(self, on_progress: Progress | None) -> Callable[[], Body]:
        """A body factory for the transport: each call opens the source again."""
        opened = 0

        def open_stream() -> Body:
            nonlocal opened
            opened += 1
            if opened > 1 and not self.replayable:
                raise TransportError(
                    "the upload failed and cannot be sent again: its source can be read only "
                    "once (pass a path, bytes or a seekable file to have it retried)"
                )
            if self.whole is not None and on_progress is None:
                return self.whole()
            return _counted(self.opener(), self.size, on_progress)

        return open_stream


def _grew(total: int) -> TransportError:
    return TransportError(f"the source grew past its declared size ({total} bytes)")


def _cut_short(sent: int, total: int) -> TransportError:
    return TransportError(f"the source ended after {sent} of its {total} bytes")


def _sized(data: bytes, total: int) -> bytes:
    """``data`` if it is ``total`` bytes long, else the error a chunked read raises."""
    if len(data) > total:
        raise _grew(total)
    if len(data) < total:
        raise _cut_short(len(data), total)
    return data


async def _counted(
    chunks: AsyncIterator[bytes], total: int, on_progress: Progress | None
) -> AsyncIterator[bytes]:
    sent = 0
    if on_progress is not None:
        on_progress(0, total)
    async for chunk in chunks:
        sent += len(chunk)
        if sent > total:
            raise _grew(total)
        yield chunk
        if on_progress is not None:
            on_progress(sent, total)
    if sent != total:
        raise _cut_short(sent, total)


def _wanted(left: int) -> tuple[int, bool]:
    """How much to read with ``left`` bytes to go, and whether that is the last read (it
    asks for one byte more, so a file that grew is noticed without another read)."""
    last = left <= CHUNK_SIZE
    return (left + 1 if last else CHUNK_SIZE), last


async def _sized_chunks(
    size: int, first: Callable[[int], Any], more: Callable[[int], Any]
) -> AsyncIterator[bytes]:
    """The chunks of a file of ``size`` bytes, each read in a thread: ``first(n)`` opens or
    positions it and reads, ``more(n)`` reads on.

    Reads stop at the size, with no read for the end of the file: the storage host answers
    once it has Content-Length bytes, and aiohttp closes (never reuses) a connection whose
    body writer is still busy then. A file of at most :data:`INLINE_READ` bytes is read in
    the loop, like the ``stat`` that sized it.
    """
    wanted, last = _wanted(size)
    if size <= INLINE_READ:
        chunk = first(wanted)
    else:
        chunk = await anyio.to_thread.run_sync(first, wanted)
    left = size
    while chunk:
        if not isinstance(chunk, (bytes, bytearray)):
            raise ValidationError("source", "must be opened in binary mode ('rb')")
        yield bytes(chunk)
        left -= len(chunk)
        if last:
            return
        wanted, last = _wanted(left)
        chunk = await anyio.to_thread.run_sync(more, wanted)


def _from_path(path: Path) -> UploadSource:
    if not path.is_file():
        raise ValidationError("source", "must be an existing file", str(path))
    reader = _PathReader(path, path.stat().st_size)
    small = reader.whole if reader.size <= INLINE_READ else None
    return UploadSource(reader.size, path.name, reader.read, replayable=True, whole=small)


class _PathReader:
    """The reads of one file of ``size`` bytes: an object, not closures (a bulk job holds one
    per flow in flight, and two closures with their cells weigh twice as much)."""

    __slots__ = ("path", "size")

    def __init__(self, path: Path, size: int) -> None:
        self.path = path
        self.size = size

    async def read(self) -> AsyncIterator[bytes]:
        """The file's chunks, from a handle opened (in a thread, unless small) for this read."""
        opened: list[BinaryIO] = []
        path = self.path

        def first(wanted: int) -> bytes:
            opened.append(path.open("rb"))
            return opened[0].read(wanted)

        try:
            async for chunk in _sized_chunks(self.size, first, lambda n: opened[0].read(n)):
                yield chunk
        finally:
            for handle in opened:
                handle.close()

    def whole(self) -> bytes:
        """The file at once (a small one, read in the loop)."""
        with self.path.open("rb") as handle:
            return _sized(handle.read(self.size + 1), self.size)


def _from_bytes(data: bytes | bytearray | memoryview) -> UploadSource:
    view = memoryview(data).cast("B")

    async def read() -> AsyncIterator[bytes]:
        for start in range(0, len(view), CHUNK_SIZE):
            yield bytes(view[start : start + CHUNK_SIZE])

    def whole() -> bytes:
        return bytes(view)

    small = whole if len(view) <= INLINE_READ else None
    return UploadSource(len(view), None, read, replayable=True, whole=small)


def _from_file(handle: Any, size: int | None) -> UploadSource:
    name = getattr(handle, "name", None)
    name = Path(name).name if isinstance(name, str) else None
    seekable = bool(getattr(handle, "seekable", lambda: False)())
    if seekable:
        start = handle.tell()
        end = handle.seek(0, os.SEEK_END)
        handle.seek(start)
        size = end - start if size is None else size
    elif size is None:
        raise ValidationError("size", "is required for an unseekable file (Content-Length)")

    def seek_and_read(wanted: int) -> Any:
        if seekable:
            handle.seek(start)
        return handle.read(wanted)

    def read() -> AsyncIterator[bytes]:
        return _sized_chunks(size, seek_and_read, handle.read)

    return UploadSource(size, name, read, replayable=seekable)


def _from_stream(stream: AsyncIterable[bytes], size: int | None) -> UploadSource:
    if size is None:
        raise ValidationError("size", "is required for an async byte stream (Content-Length)")

    async def read() -> AsyncIterator[bytes]:
        async for chunk in stream:
            yield bytes(chunk)

    return UploadSource(size, None, read, replayable=False)


def upload_source(source: Source, size: int | None = None) -> UploadSource:
    """Wrap ``source`` for upload; ``size`` is needed only for streams of unknown length."""
    if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size < 0):
        raise ValidationError("size", "must be a whole number of bytes >= 0", size)
    if isinstance(source, (str, os.PathLike)):
        return _from_path(source if isinstance(source, Path) else Path(source))
    if isinstance(source, (bytes, bytearray, memoryview)):
        return _from_bytes(source)
    if hasattr(source, "read"):
        return _from_file(source, size)
    if hasattr(source, "__aiter__"):
        return _from_stream(source, size)
    raise ValidationError(
        "source", "must be a path, bytes, a binary file or an async byte iterator", source
    )
