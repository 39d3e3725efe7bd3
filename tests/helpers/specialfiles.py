"""Special files made in a test's own folder (never the machine's /dev): a named pipe with a
reader, a character device that discards what it gets, a Unix socket."""

from __future__ import annotations

import contextlib
import os
import socket
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest


class PipeReader:
    """Reads a named pipe in a thread, as a player reading from it would."""

    def __init__(self, path: Path):
        self.path = path
        self.data = b""
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        with open(self.path, "rb") as f:  # waits for a writer
            self.data = f.read()

    def stop(self) -> None:
        """Wait for the reader; one that no writer ever opened is let go (an empty open and close)."""
        self._thread.join(timeout=10)
        if self._thread.is_alive():
            with contextlib.suppress(OSError):
                os.close(os.open(self.path, os.O_WRONLY | os.O_NONBLOCK))
            self._thread.join(timeout=10)


@contextlib.contextmanager
def fifo_with_reader(path: Path) -> Iterator[PipeReader]:
    os.mkfifo(path)
    reader = PipeReader(path)
    try:
        yield reader
    finally:
        reader.stop()


@contextlib.contextmanager
def unblocked_fifo(path: Path) -> Iterator[None]:
    """A named pipe whose readers never wait forever: a helper keeps opening and closing its
    writing end, so that code that wrongly reads it gets an end of file instead of hanging."""
    os.mkfifo(path)
    done = threading.Event()

    def knock() -> None:
        while not done.wait(0.02):
            with contextlib.suppress(OSError):  # ENXIO: nobody is reading
                os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))

    thread = threading.Thread(target=knock, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join(timeout=10)


def null_device(path: Path) -> Path:
    """A character device node at ``path`` that discards writes (major 1, minor 3, as the null
    device is on Linux), or a skip saying why one cannot be made or used here."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError) as e:
        pytest.skip(f"cannot make a character device as this user ({e.strerror})")
    try:
        os.close(os.open(path, os.O_WRONLY))
    except OSError as e:  # a folder on a filesystem mounted nodev
        path.unlink()
        pytest.skip(f"a device node in {path.parent} cannot be opened ({e.strerror})")
    return path


@contextlib.contextmanager
def unix_socket() -> Iterator[Path]:
    """A listening Unix socket in a short temporary folder (socket paths are limited to ~100
    bytes, more than pytest's folders may leave)."""
    with tempfile.TemporaryDirectory(prefix="ost-sock-") as folder:
        path = Path(folder) / "s.m3u8"
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            server.bind(str(path))
            server.listen(1)
            yield path
        finally:
            server.close()
