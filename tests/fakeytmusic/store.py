"""The stand-in's state in one JSON file, so that separate ``ost`` processes of one test share it.

Every call of a ``FakeYTMusic`` takes an exclusive ``flock`` on a lock file beside the state,
reads the state, changes it (its call log at least) and writes it back through a temporary file
and ``os.replace``: a reader never sees half a file, and concurrent processes take turns.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

STATE_ENV = "FAKEYTMUSIC_STATE"
"""Names the state file; the ``fake_ytmusic`` fixture sets it, so child processes inherit it."""

State = dict[str, Any]


def blank_state() -> State:
    return {
        "videos": {},
        "albums": {},
        "playlists": {},
        "accounts": {},
        "session_ended": None,
        "faults": [],
        "limits": {"additions": 270, "window_s": 60.0, "playlist_items": 5000},
        "additions": [],
        "counterparts": {},
        "user_channels": [],
        "localized_filter_bug": True,
        "calls": [],
        "serial": 0,
    }


class Store:
    def __init__(self, path: Path | str | None = None):
        named = path or os.environ.get(STATE_ENV)
        if not named:
            raise RuntimeError(f"the YouTube Music stand-in needs {STATE_ENV} (a state file path)")
        self.path = Path(named)
        self.lock_path = self.path.with_name(self.path.name + ".lock")

    @contextmanager
    def transaction(self) -> Iterator[State]:
        """The state, locked against other processes; written back when the block ends without
        an exception (an exception leaves the file as it was)."""
        with open(self.lock_path, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                state = self._load()
                yield state
                self._save(state)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def read(self) -> State:
        with self.transaction() as state:
            return json.loads(json.dumps(state))

    def _load(self) -> State:
        if not self.path.exists():
            return blank_state()
        return json.loads(self.path.read_text(encoding="utf-8"))

    def _save(self, state: State) -> None:
        spare = self.path.with_name(self.path.name + f".{os.getpid()}.tmp")
        spare.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
        os.replace(spare, self.path)


def next_serial(state: State) -> int:
    state["serial"] += 1
    return int(state["serial"])


def new_playlist_id(state: State) -> str:
    """``PL`` and 32 characters, as YouTube's are: ``PLfake0000000000000000000000000007``."""
    return "PLfake" + str(next_serial(state)).rjust(28, "0")


def new_set_video_id(state: State) -> str:
    """16 characters, as YouTube's are: ``FAKE000000000008``."""
    return "FAKE" + f"{next_serial(state):012X}"
