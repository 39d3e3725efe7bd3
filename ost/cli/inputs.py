"""Standard input: as a file (`ost import -` reads what a pipe sends), or a line answering a
prompt; neither is read past its limit."""

from __future__ import annotations

import contextlib
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import click

MAX_ANSWER_CHARS = 8192
"""A prompt's answer (an address with a login code is under 1,000 characters)."""


@contextlib.contextmanager
def stdin_copy(file: Path) -> Iterator[tuple[Path, str | None]]:
    """(path to read, name for messages): FILE itself, or for ``-`` a private copy of stdin
    (the importer checks the file's size and reads it twice: once to sniff, once to parse),
    stopped at the importer's size limit."""
    from ost.importer import MAX_FILE_BYTES, STDIN_NAME
    from ost.reading import copy_bounded

    if str(file) != "-":
        yield file, None
        return
    with tempfile.TemporaryDirectory(prefix="ost-stdin-") as tmp:
        path = Path(tmp) / "stdin"
        try:
            with path.open("wb") as out:
                copy_bounded(sys.stdin.buffer, out, MAX_FILE_BYTES, STDIN_NAME)
        except OSError as e:  # a full disk: say where the copy was going
            raise OSError(e.errno, e.strerror, str(path)) from None
        yield path, STDIN_NAME


def read_small(file: str, limit: int) -> tuple[bytes, str]:
    """(bytes, name for messages) of a small input: FILE (a regular file, ``ost.reading``'s
    rules) or, for ``-``, standard input; never more than ``limit`` bytes of either."""
    import io

    from ost.reading import copy_bounded, read_bytes

    if file != "-":
        return read_bytes(Path(file), limit), file
    out = io.BytesIO()
    copy_bounded(sys.stdin.buffer, out, limit, "standard input")
    return out.getvalue(), "standard input"


def prompt_line(text: str) -> str:
    """``click.prompt`` on a terminal; from a pipe, one line read up to ``MAX_ANSWER_CHARS``, so
    that a stream without line breaks (``< /dev/zero``) is refused rather than read forever."""
    if sys.stdin.isatty():
        return str(click.prompt(text, err=True))
    click.echo(f"{text}: ", err=True, nl=False)
    line = sys.stdin.readline(MAX_ANSWER_CHARS + 1)
    if not line:
        raise click.Abort()  # as click.prompt does at the end of input
    if len(line.rstrip("\r\n")) > MAX_ANSWER_CHARS:
        raise click.UsageError(
            f"an answer longer than {MAX_ANSWER_CHARS} characters on standard input"
        )
    return line.strip()
