"""What the reference in docs/ promises, read from the files users read."""

from __future__ import annotations

import re
from pathlib import Path

FORMATS = Path(__file__).resolve().parents[2] / "docs" / "formats.md"
_KEY_ROW = re.compile(r"^\| `([a-z_]+)` \|")


def documented_keys(heading: str) -> set[str]:
    """The keys in the first table under ``## heading`` of docs/formats.md."""
    lines = FORMATS.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"## {heading}") + 1
    keys: set[str] = set()
    for line in lines[start:]:
        if line.startswith("## ") or (keys and not line.startswith("|")):
            break
        if m := _KEY_ROW.match(line):
            keys.add(m.group(1))
    assert keys, f"no key table under '## {heading}' in {FORMATS}"
    return keys
