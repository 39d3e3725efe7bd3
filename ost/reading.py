"""Reading the files a user hands ost (playlist definitions, the bundled data files) so that no
content can crash it: a TOML mistake or a value nested past what the parser can follow is one
line naming the file, never a traceback."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from ost.errors import InputError

NESTED = "nested too deep (arrays or tables inside each other, hundreds of levels)"


def parse_toml(text: str, path: Path | str) -> dict[str, Any]:
    """The TOML document, or an InputError naming ``path``."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"{path}: {e}") from None
    except RecursionError:  # tomllib follows each nested array or inline table with a call
        raise InputError(f"{path}: {NESTED}") from None
