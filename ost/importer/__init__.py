"""`ost import`: tracks from a user's CSV or JSON file, all or nothing.

Two rooms: ``read`` (the file, streamed, into checked records; ``fields``: the columns, limits
and checks of one record) and ``plan`` (each batch placed against the catalogue, described, and
written through the catalogue's one writer in one transaction). Below, what the command
line uses: the run, and the limits its messages name.
"""

from __future__ import annotations

from ost.importer.fields import MAX_FILE_BYTES
from ost.importer.plan import run_import
from ost.importer.read import MAX_PROBLEMS, STDIN_NAME

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_PROBLEMS",
    "STDIN_NAME",
    "run_import",
]
