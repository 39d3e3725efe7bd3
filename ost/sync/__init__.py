"""`ost playlist sync`: ``run`` keeps one playlist per definition on a service (through the
service port), ``find`` says which playlist there is the definition's, ``memory`` keeps what ost
remembers of it (``remote_playlists``), ``plan`` works out the fewest requests (pure).

The names below are the package's public face for code that says ``from ost import sync``.
"""

from __future__ import annotations

from ost.sync.find import description, duplicates, has_marker, marker
from ost.sync.memory import remembered
from ost.sync.plan import Diff, Step, diff, moves, steps
from ost.sync.run import Options, SyncResult, sync, sync_all

__all__ = [
    "Diff",
    "Options",
    "Step",
    "SyncResult",
    "description",
    "diff",
    "duplicates",
    "has_marker",
    "marker",
    "moves",
    "remembered",
    "steps",
    "sync",
    "sync_all",
]
