"""Reading what a user hands ost (playlist definitions, the bundled data files, standard input)
so that nothing can crash it or keep it reading: a TOML mistake or a value nested past what the
parser can follow is one line naming the file, and no stream is read past its size limit."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import IO, Any

from ost.errors import InputError

CHUNK = 1 << 16
NESTED = "nested too deep (arrays or tables inside each other, hundreds of levels)"


def parse_toml(text: str, path: Path | str) -> dict[str, Any]:
    """The TOML document, or an InputError naming ``path``."""
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
