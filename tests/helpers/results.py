"""What a command's result says, read the same way by every test module that runs ost end to end
(the ``run`` fixture of conftest gives the results)."""

from __future__ import annotations

import json
from typing import Any


def ok(result: Any) -> Any:
    """The result of a command that must have succeeded, with no traceback in its output."""
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result


def refused(result: Any) -> str:
    """The last line of a command refused as a usage mistake (exit 2, no traceback): its error."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    last: str = result.output.strip().splitlines()[-1]
    return last


def as_json(result: Any) -> Any:
    """A successful command's standard output, read as JSON."""
    return json.loads(ok(result).stdout)


def tracks(run: Any, *args: str) -> list[dict[str, Any]]:
    """`ost tracks --all --json` (with these options), in catalogue order."""
    rows: list[dict[str, Any]] = as_json(run("tracks", "--all", "--json", *args))
    return rows
