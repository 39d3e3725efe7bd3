"""Reading what a user hands ost (playlist definitions, the bundled data files, an import, standard
input) so that nothing can crash it, hang it or fill its memory: only a regular file is opened (a
FIFO, a device such as a link to /dev/zero, a folder or a socket is refused without being read),
nothing is read past its size limit, and a TOML mistake or a value nested past what the parser can
follow is one line naming the file."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import IO, Any

from ost.errors import InputError

CHUNK = 1 << 16
NESTED = "nested too deep (arrays or tables inside each other, hundreds of levels)"


_KINDS = {
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFDIR: "a folder",
    stat.S_IFSOCK: "a socket",
}


def not_regular(mode: int) -> str | None:
    """What a file that is not a regular one is, in words ("a FIFO (named pipe)"); None for a
    regular file."""
    if stat.S_ISREG(mode):
        return None
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def refusal(name: Path | str, mode: int) -> InputError | None:
    kind = not_regular(mode)
    return (
        InputError(f"{name}: {kind}, not a regular file; ost reads only regular files")
        if kind
        else None
    )


def open_regular(path: Path, limit: int, name: Path | str | None = None) -> tuple[IO[bytes], int]:
    """The open file and its size, when ``path`` (through any link) is a regular file of at most
    ``limit`` bytes; else an InputError naming it (``name``, or the path). Nothing else is opened:
    opening a FIFO would wait for a writer, and a device never ends."""
    name = path if name is None else name
    try:
        problem = refusal(name, os.stat(path).st_mode)
        if problem:
            raise problem
        # O_NONBLOCK: should a FIFO take the file's place since, the open does not wait for it
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        raise InputError(f"{name}: cannot read ({e.strerror})") from None
    f = os.fdopen(fd, "rb")
    info = os.fstat(fd)
    problem = refusal(name, info.st_mode)
    if problem is None and info.st_size > limit:
        problem = InputError(f"{name}: {info.st_size} bytes is over the {limit} byte limit")
    if problem:
        f.close()
        raise problem
    return f, info.st_size


def read_bytes(path: Path, limit: int) -> bytes:
    """A regular file's bytes (see ``open_regular``); never more than ``limit``, even from a file
    that grows while it is read."""
    f, _ = open_regular(path, limit)
    with f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"{path}: over the {limit} byte limit (it grew while read)")
    return data


def decode(data: bytes, name: Path | str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputError(f"{name}:{line}: not valid UTF-8 (byte {data[e.start]:#04x})") from None


def read_toml(path: Path, limit: int) -> dict[str, Any]:
    """A TOML file that is a regular file of at most ``limit`` bytes, parsed; any fault is one
    InputError naming the file."""
    return parse_toml(decode(read_bytes(path, limit), path), path)


def parse_toml(text: str, path: Path | str) -> dict[str, Any]:
    """The TOML document, or an InputError naming ``path``."""
    import tomllib  # here, not at the top: a listing opens the catalogue but parses no TOML

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"{path}: {e}") from None
    except RecursionError:  # tomllib follows each nested array or inline table with a call
        raise InputError(f"{path}: {NESTED}") from None


def copy_bounded(source: IO[bytes], dest: IO[bytes], limit: int, name: str) -> int:
    """Copy ``source`` into ``dest`` up to ``limit`` bytes; a stream that goes on past the limit
    (``yes | ost import -``) is refused as soon as it does, without reading it to its end."""
    copied = 0
    while chunk := source.read(min(CHUNK, limit + 1 - copied)):
        copied += len(chunk)
        if copied > limit:
            raise InputError(f"{name}: over the {limit} byte limit; ost stopped reading there")
        dest.write(chunk)
    return copied
