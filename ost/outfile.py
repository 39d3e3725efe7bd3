"""Writing a file ost makes (an export, the page) so that its readers see the old file or the new
one, never half of either, and so that whatever the path names survives being written to.

A regular file, or a path that names nothing yet, gets a temporary file beside it that is renamed
over it. Nothing else is ever renamed over: a named pipe or a character device (a player reading
a FIFO, ``-o /dev/stdout``, the null device) is written through, as a shell's ``>`` would, and the
rest (a folder, a socket, a block device) is refused.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path

from ost.errors import OstError

COPY_CHUNK = 1 << 16


def write_text(path: Path, text: str | Iterable[str]) -> None:
    """UTF-8 text, one string or chunks as they come (see the module's note)."""
    chunks = [text] if isinstance(text, str) else text
    write_bytes(path, (chunk.encode("utf-8") for chunk in chunks))


def copy(src: Path, dest: Path) -> None:
    with src.open("rb") as f:
        write_bytes(dest, iter(lambda: f.read(COPY_CHUNK), b""))


def write_bytes(path: Path, chunks: Iterable[bytes]) -> None:
    """As ``write_text``; an OSError names ``path`` (not a temporary file, nor nothing at all
    as a failed write on a full disk would)."""
    try:
        _write(path, chunks)
    except OSError as e:
        if e.errno is None or e.filename == str(path):
            raise
        raise OSError(e.errno, e.strerror, str(path)) from None  # errno keeps its subclass


def _write(path: Path, chunks: Iterable[bytes]) -> None:
    try:
        found = os.stat(path)  # through a symlink: what the link names is what gets written
    except FileNotFoundError:
        _replace(path, chunks)
        return
    if stat.S_ISREG(found.st_mode):
        _replace(path, chunks)
    elif stat.S_ISFIFO(found.st_mode) or stat.S_ISCHR(found.st_mode):
        _write_through(path, chunks)
    else:
        raise OstError(
            f"{path}: is {_kind(found.st_mode)}, not a file ost can write to; nothing was written"
        )


def is_special(path: Path) -> bool:
    """Whether ``path`` names something other than a regular file or nothing at all."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return False


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "a special file"


def _write_through(path: Path, chunks: Iterable[bytes]) -> None:
    """Straight into the pipe or device: it has no old content to keep, and renaming over it
    would replace the node itself (as root, even the machine's /dev/null)."""
    fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC)  # a pipe waits for its reader
    with os.fdopen(fd, "wb") as handle:
        for chunk in chunks:
            handle.write(chunk)


def _replace(path: Path, chunks: Iterable[bytes]) -> None:
    """Temporary file in the same folder, fsynced, renamed over ``path`` (over a symlink's
    target: the link stays a link). A new file gets the mode the user's umask allows, an existing
    one keeps its own. On any error the old file is untouched and the temporary file removed."""
    path = Path(os.path.realpath(path))
    kept = stat.S_IMODE(path.stat().st_mode) if path.exists() else None
    fd, tmp = _new_beside(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            if kept is not None:
                os.fchmod(handle.fileno(), kept)
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _new_beside(path: Path) -> tuple[int, Path]:
    """A new, empty file in ``path``'s folder, made with mode 0666 so that the kernel applies
    the umask (and a folder's default ACL) as it does for any program's new file; mkstemp's
    fixed 0600 would ignore both."""
    for _ in range(100):
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(path.parent))
