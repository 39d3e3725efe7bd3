"""Standard input as a file: `ost import -` reads what a pipe sends."""

from __future__ import annotations

import contextlib
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def stdin_copy(file: Path) -> Iterator[tuple[Path, str | None]]:
    """(path to read, name for messages): FILE itself, or for ``-`` a private copy of stdin
    (the importer checks the file's size and reads it twice: once to sniff, once to parse)."""
    if str(file) != "-":
        yield file, None
        return
    with tempfile.TemporaryDirectory(prefix="ost-stdin-") as tmp:
        path = Path(tmp) / "stdin"
        try:
            with path.open("wb") as out:
                shutil.copyfileobj(sys.stdin.buffer, out)
        except OSError as e:  # a full disk: say where the copy was going
            raise OSError(e.errno, e.strerror, str(path)) from None
        yield path, "<stdin>"
