"""One writer at a time: commands that write to Spotify or the database hold a lock file under
``$OST_HOME``. A second such command waits a bounded time (``OST_LOCK_WAIT`` seconds, default
30) and then stops, naming the command that holds the lock. Reading commands never wait.

The lock is an ``flock`` on ``$OST_HOME/ost.lock``: the system releases it when its holder ends,
even by ``kill -9``, so a stale file never blocks anyone. The file's text says who holds it.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from ost import dates, diskfull, paths
from ost.errors import OstError, bad_environment
from ost.reading import not_regular

DEFAULT_WAIT = 30.0
_POLL = 0.1
_held = 0  # nesting depth in this process: an inner holder reuses the outer lock


class Busy(OstError):
    """Another ost kept the lock longer than the wait."""


def wait_seconds() -> float:
    text = os.environ.get("OST_LOCK_WAIT", "")
    if not text.strip():
        return DEFAULT_WAIT
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 <= value < float("inf"):
        raise bad_environment("OST_LOCK_WAIT", f"{text!r} is not a number of seconds (0 or more)")
    return value


@contextlib.contextmanager
def holding(
    command: str, wait: float | None = None, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the lock while the block runs; raise Busy if another ost keeps it longer than
    ``wait`` seconds. ``on_wait`` is told who holds it (once) when the lock is not free at once."""
    global _held
    if _held:
        _held += 1
        try:
            yield
        finally:
            _held -= 1
        return
    path = paths.home() / "ost.lock"
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as e:
        raise _cannot_lock(path, e) from None
    kind = not_regular(os.fstat(fd).st_mode)
    if kind:  # ost writes who holds the lock into it: never into a FIFO or a device
        os.close(fd)
        raise OstError(f"{path}: {kind}, not the lock file ost makes; move it away")
    try:
        try:
            _acquire(fd, path, command, wait_seconds() if wait is None else wait, on_wait)
        except OSError as e:  # writing who holds it: the disk may be full
            raise _cannot_lock(path, e) from None
        _held = 1
        try:
            yield
        finally:
            _held = 0
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # closing releases the flock


def _cannot_lock(path: Path, error: OSError) -> OstError:
    if diskfull.is_full(error):
        return OstError(diskfull.message(path, error.strerror or "no space left"))
    return OstError(f"{path}: cannot take the lock ({error.strerror}); is OST_HOME read-only?")


def _acquire(
    fd: int,
    path: os.PathLike[str],
    command: str,
    wait: float,
    on_wait: Callable[[str], None] | None = None,
) -> None:
    deadline = time.monotonic() + wait
    told = on_wait is None
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if not told and on_wait is not None and wait > 0:
                on_wait(holder(fd))
                told = True
            if time.monotonic() >= deadline:
                raise Busy(
                    f"another ost is writing: {holder(fd)}; waited {wait:g} s. Try again when "
                    f"it has ended (OST_LOCK_WAIT sets the wait; lock: {path})"
                ) from None
            time.sleep(_POLL)
    note = {"pid": os.getpid(), "command": command, "since": dates.now()}
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps(note).encode(), 0)


def holder(fd: int) -> str:
    """Who holds the lock, as its file says."""
    try:
        note = json.loads(os.pread(fd, 4096, 0) or b"{}")
        return f"`{note['command']}` (pid {int(note['pid'])}, since {note['since']})"
    except (ValueError, KeyError, TypeError):
        return "a command that has not said which"
