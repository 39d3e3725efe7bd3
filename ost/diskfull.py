"""A full disk, told as one: whatever ost was writing when the filesystem ran out of room (the
database, its lock, an export, the page), the message names the path and says the disk is full,
never that the file is damaged or read-only. SQLite reports a full disk as ``database or disk is
full``, but as a mere ``disk I/O error`` when its shared-memory file cannot grow (every command
opens one) and as ``unable to open database file`` when no new file can be made: for those two the
filesystem itself is asked."""

from __future__ import annotations

import errno
import os
from pathlib import Path

FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})
NEARLY_FULL = 1 << 20
"""Bytes free below which an I/O error is taken for a full disk (SQLite's shared memory alone
needs 32 KiB)."""


def is_full(error: OSError) -> bool:
    return error.errno in FULL_ERRNOS


def shortage(folder: Path) -> str | None:
    """What the filesystem holding ``folder`` has run out of, in words; None when it has room
    (or cannot be asked)."""
    try:
        fs = os.statvfs(folder)
    except OSError:
        return None
    if fs.f_files and not fs.f_favail:  # a filesystem without an inode limit says 0 of 0
        return f"no room for new files in {folder}"
    free = fs.f_bavail * fs.f_frsize
    if free < NEARLY_FULL:
        return f"{free // 1024} KiB free in {folder}"
    return None


def message(path: Path | str | None, why: str) -> str:
    where = f"{path}: the disk is full" if path else "The disk is full"
    return f"{where} ({why}); free some space on it, then run the command again"
