"""`ost playlist sync`: one Spotify playlist per definition, its contents exactly the plan's
accepted matches in order, written only where they differ.

- **Which playlist.** The one remembered in ``remote_playlists`` if it is still among the user's
  playlists (owned by them); else one whose description carries this definition's marker
  (``[ost:soundtrack-1]``), which is how a playlist whose create response was lost is adopted
  rather than made twice; else a new one. A playlist without the marker that ost did not
  remember is never touched, whatever its name. A deleted (unfollowed) playlist stays readable
  by id but leaves the user's list: it is left alone and a new one is made.
- **What to write.** ost remembers the snapshot id it left the playlist at and the URIs it held
  then. When the playlist's snapshot id is still that one, those URIs are its contents and no
  item is read; otherwise (changed elsewhere, or nothing remembered) the contents are read back.
  From the contents, ``steps`` picks the fewest requests: nothing; remove strays and/or append
  (when the rest is already in order); or replace the first 100 and append the rest, 100 at a
  time.
- **Lost responses.** Adding is not safe to repeat: a dropped connection after an add
  (``ConnectionLost``) is followed by reading the playlist back and planning again from what
  Spotify really holds, so nothing is added twice. A lost create is followed by looking for the
  marker. Replace, remove and detail changes are safe to repeat and the API layer retries them.
- **Snapshot.** Remembered only after a sync completed, and cleared before writing starts: a
  snapshot that differs on the next run means someone changed the playlist elsewhere.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

import sqlite_utils

from ost import playlists
from ost.errors import ConnectionLost, InputError, ServiceError
from ost.playlists import Definition, PlanEntry

CHUNK = 100  # URIs per add / replace / remove request (the service's limit)
MAX_ROUNDS = 3  # read-back-and-continue rounds after lost add responses
DESCRIPTION_MAX = 300  # Spotify's limit on a playlist description
OPEN_URL = "https://open.spotify.com/playlist/"
IN_SYNC = "Kept in sync with its catalogue by ost."

Notify = Callable[[str], None]


class SpotifyPlaylists(Protocol):
    """What sync needs of ``ost.spotify.api.Api`` (so this module does not import spotipy)."""

    def me(self) -> dict[str, Any]: ...
    def my_playlists(self) -> Iterator[dict[str, Any]]: ...
    def playlist(self, playlist_id: str) -> dict[str, Any]: ...
    def playlist_uris(self, playlist_id: str) -> list[str]: ...
    def create_playlist(self, name: str, *, public: bool, description: str) -> dict[str, Any]: ...
    def change_details(self, playlist_id: str, **details: Any) -> None: ...
    def add_items(self, playlist_id: str, uris: list[str], position: int | None = None) -> str: ...
    def replace_items(self, playlist_id: str, uris: list[str]) -> str: ...
    def remove_items(self, playlist_id: str, uris: list[str]) -> str: ...
    def unfollow_playlist(self, playlist_id: str) -> None: ...


def marker(key: str) -> str:
    return f"[ost:{key}]"


def description(definition: Definition) -> str:
    """The show, that ost keeps it in sync, and the marker; within Spotify's 300 characters."""
    about = definition.description.strip() or f"{definition.name}: the Disney+ series Soundtrack."
    tail = f" {IN_SYNC} {marker(definition.key)}"
    room = DESCRIPTION_MAX - len(tail)
    if len(about) > room:
        about = about[: room - 1].rstrip() + "…"
    return " ".join(about.split()) + tail


def has_marker(playlist: dict[str, Any], key: str) -> bool:
    # Spotify returns descriptions HTML-escaped
    return marker(key) in html.unescape(playlist.get("description") or "")


def url(playlist_id: str) -> str:
    return OPEN_URL + playlist_id


# --- pure: what differs, and the requests that fix it ---------------------------------------------


@dataclass(frozen=True)
class Diff:
    added: list[str]  # URIs (with multiplicity) the playlist lacks
    removed: list[str]  # URIs it holds beyond the selection
    reordered: bool  # the tracks both have are in another order

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.reordered)


def _common(uris: list[str], budget: Counter[str]) -> list[str]:
    left = Counter(budget)
    out = []
    for u in uris:
        if left[u] > 0:
            left[u] -= 1
            out.append(u)
    return out


def diff(current: list[str], desired: list[str]) -> Diff:
    have, want = Counter(current), Counter(desired)
    both = have & want
    return Diff(
        added=list((want - have).elements()),
        removed=list((have - want).elements()),
        reordered=_common(current, both) != _common(desired, both),
    )


@dataclass(frozen=True)
class Step:
    kind: str  # "add" (append), "replace", "remove" (every occurrence)
    uris: list[str]


def _chunks(uris: list[str]) -> list[list[str]]:
    return [uris[i : i + CHUNK] for i in range(0, len(uris), CHUNK)]


def steps(current: list[str], desired: list[str]) -> list[Step]:
    """The fewest requests that turn ``current`` into ``desired`` (never an add of nothing)."""
    if current == desired:
        return []
    replace = [Step("replace", desired[:CHUNK])] + [
        Step("add", c) for c in _chunks(desired[CHUNK:])
    ]
    wanted = set(desired)
    kept = [u for u in current if u in wanted]
    if desired[: len(kept)] != kept:
        return replace
    strays = list(dict.fromkeys(u for u in current if u not in wanted))
    if any(not u.startswith("spotify:track:") for u in strays):
        return replace  # a local file or an episode someone added: only a replace drops it
    incremental = [Step("remove", c) for c in _chunks(strays)]
    incremental += [Step("add", c) for c in _chunks(desired[len(kept) :])]
    return incremental if len(incremental) <= len(replace) else replace


# --- fetch: the playlist this definition owns on Spotify -------------------------------------------


def fetch(
    api: SpotifyPlaylists, user_id: str, key: str, remembered_id: str | None
) -> tuple[dict[str, Any] | None, str]:
    """(playlist, how): the remembered one if still among the user's own playlists
    ("remembered"), else the newest carrying the marker ("adopted"), else (None, "")."""
    adoptable = None
    for p in api.my_playlists():
        if not isinstance(p, dict) or (p.get("owner") or {}).get("id") != user_id:
            continue
        if remembered_id and p.get("id") == remembered_id:
            return p, "remembered"
        if adoptable is None and has_marker(p, key):
            adoptable = p  # /me/playlists lists newest first
            if not remembered_id:
                break
    return (adoptable, "adopted") if adoptable else (None, "")


def remembered(db: sqlite_utils.Database, key: str) -> dict[str, Any] | None:
    rows = list(db.query("select * from remote_playlists where name = ?", [key]))
    return rows[0] if rows else None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _remember(
    db: sqlite_utils.Database,
    key: str,
    playlist: dict[str, Any],
    snapshot: str | None,
    uris: list[str] | None = None,
) -> None:
    """Remember the playlist; ``uris`` are its contents at ``snapshot`` (both known or unknown)."""
    old = remembered(db, key)
    same = old is not None and old["spotify_id"] == playlist["id"]
    row = {
        "name": key,
        "spotify_id": playlist["id"],
        "snapshot_id": snapshot,
        "uris": json.dumps(uris) if snapshot and uris is not None else None,
        "title": playlist.get("name"),
        "public": None if playlist.get("public") is None else int(bool(playlist["public"])),
        "created_at": old["created_at"] if same and old else _now(),
        "synced_at": _now(),
    }
    with db.atomic():
        db.table("remote_playlists").upsert(row, pk="name")


# --- the sync ------------------------------------------------------------------------------------


@dataclass
class SyncResult:
    key: str
    title: str
    total: int  # tracks the playlist holds (or would) after the sync
    entries: list[PlanEntry] = field(default_factory=list)
    unresolved: list[PlanEntry] = field(default_factory=list)
    playlist_id: str | None = None
    created: bool = False
    adopted: bool = False
    replaced_gone: bool = False  # the remembered playlist was deleted / unfollowed
    changed_elsewhere: bool = False
    nothing_to_sync: bool = False  # no accepted match at all: nothing created or changed
    details: dict[str, Any] = field(default_factory=dict)  # name / public changed
    diff: Diff = field(default_factory=lambda: Diff([], [], False))
    writes: int = 0
    dry_run: bool = False
    duplicates: list[str] = field(default_factory=list)  # other playlists with the marker
    pruned: bool = False  # ... and they were removed

    @property
    def url(self) -> str | None:
        return url(self.playlist_id) if self.playlist_id else None

    @property
    def unchanged(self) -> bool:
        return not (self.created or self.adopted or self.details or not self.diff.empty)


@dataclass(frozen=True)
class Options:
    name: str | None = None  # rename to this (or create under it)
    public: bool | None = None  # change visibility to this (or create so); None: leave
    dry_run: bool = False
    prune_duplicates: bool = False  # remove other playlists carrying this definition's marker


def sync_all(
    db: sqlite_utils.Database,
    make_api: Callable[[], SpotifyPlaylists],
    definitions: list[Definition],
    options: Options = Options(),
    notify: Notify = lambda message: None,
) -> Iterator[SyncResult]:
    """Sync each definition in turn; the API (which needs a login) only once one needs it."""
    if options.name is not None and len(definitions) != 1:
        raise InputError("--name renames one playlist: give its NAME or a single --season")
    if options.name is not None and not options.name.strip():
        raise InputError("--name must not be empty")
    api: SpotifyPlaylists | None = None
    user_id = ""
    for definition in definitions:
        entries = playlists.plan(db, definition)
        if not any(e.spotify_uri for e in entries):
            yield _nothing_to_sync(db, definition, entries, options)
            continue
        if api is None:
            api = make_api()
            user_id = _id(api.me(), "your profile")
        yield sync(db, api, user_id, definition, entries, options, notify)


def _id(obj: Any, what: str) -> str:
    if not isinstance(obj, dict) or not obj.get("id"):
        raise ServiceError(f"Spotify sent {what} without an id; nothing more was changed")
    return str(obj["id"])


def _nothing_to_sync(
    db: sqlite_utils.Database, definition: Definition, entries: list[PlanEntry], options: Options
) -> SyncResult:
    row = remembered(db, definition.key)
    return SyncResult(
        definition.key,
        (row or {}).get("title") or definition.name,
        0,
        entries=entries,
        unresolved=entries,
        playlist_id=(row or {}).get("spotify_id"),
        nothing_to_sync=True,
        dry_run=options.dry_run,
    )


@dataclass
class Run:
    """One definition's sync: what every step of it needs, and the result it fills in."""

    db: sqlite_utils.Database
    api: SpotifyPlaylists
    user_id: str
    definition: Definition
    options: Options
    result: SyncResult
    notify: Notify

    @property
    def key(self) -> str:
        return self.definition.key

    def remember(
        self, playlist: dict[str, Any], snapshot: str | None, uris: list[str] | None = None
    ) -> None:
        _remember(self.db, self.key, playlist, snapshot, uris)


def sync(
    db: sqlite_utils.Database,
    api: SpotifyPlaylists,
    user_id: str,
    definition: Definition,
    entries: list[PlanEntry],
    options: Options,
    notify: Notify,
) -> SyncResult:
    desired = [e.spotify_uri for e in entries if e.spotify_uri]
    result = SyncResult(
        definition.key,
        options.name or definition.name,
        len(desired),
        entries=entries,
        unresolved=[e for e in entries if not e.spotify_uri],
        dry_run=options.dry_run,
    )
    run = Run(db, api, user_id, definition, options, result, notify)
    playlist, current = _find_or_create(run)
    if playlist is None:  # dry run, nothing there yet
        result.diff = diff([], desired)
        return result
    result.playlist_id = playlist["id"]
    result.title = playlist.get("name") or result.title
    if result.adopted or options.prune_duplicates:
        _duplicates(run, playlist["id"])
    snapshot = _change_details(api, playlist, options, result)
    if current is None:
        current = api.playlist_uris(playlist["id"])
    result.diff = diff(current, desired)
    if options.dry_run:
        return result
    todo = steps(current, desired)
    if todo:
        run.remember(playlist, None)  # unknown until the writes are done
        snapshot = _apply(run, playlist["id"], current, desired, todo)
    if snapshot is None:
        snapshot = str(api.playlist(playlist["id"]).get("snapshot_id") or "") or None
    run.remember(playlist, snapshot, desired)
    return result


def _find_or_create(run: Run) -> tuple[dict[str, Any] | None, list[str] | None]:
    """The playlist and, when known without a read (just created: empty; or the snapshot ost
    left it at), its contents."""
    result, notify = run.result, run.notify
    row = remembered(run.db, run.key)
    playlist, how = fetch(run.api, run.user_id, run.key, row["spotify_id"] if row else None)
    if row and how != "remembered":
        result.replaced_gone = True
        notify(
            f"{result.title}: the playlist ost made ({url(row['spotify_id'])}) is no longer "
            "among your playlists (deleted or unfollowed); it is left alone"
        )
    if playlist is not None and how == "adopted":
        result.adopted = True
        notify(f"{result.title}: found the playlist ost made earlier ({url(playlist['id'])})")
        if not run.options.dry_run:
            run.remember(playlist, None)
        return playlist, None
    if playlist is not None:
        known = row["snapshot_id"] if row else None
        if known and playlist.get("snapshot_id") != known:
            result.changed_elsewhere = True
            notify(f"{result.title}: changed on Spotify since the last sync; reading it back")
        return playlist, _contents_at(row, playlist)
    result.created = True
    if run.options.dry_run:
        return None, None
    return _create(run)


def _contents_at(row: dict[str, Any] | None, playlist: dict[str, Any]) -> list[str] | None:
    """The URIs ost left the playlist with, if its snapshot is still the one ost left it at."""
    if not row or not row.get("uris") or not row["snapshot_id"]:
        return None
    if playlist.get("snapshot_id") != row["snapshot_id"] or playlist["id"] != row["spotify_id"]:
        return None
    return list(json.loads(row["uris"]))


def _create(run: Run) -> tuple[dict[str, Any], list[str] | None]:
    result, options, definition = run.result, run.options, run.definition
    public = options.public if options.public is not None else bool(definition.public)
    result.writes += 1
    try:
        playlist = run.api.create_playlist(
            result.title, public=public, description=description(definition)
        )
        _id(playlist, "the new playlist")
        current: list[str] | None = []
    except ConnectionLost as e:
        run.notify(f"{e}; looking for it among your playlists")
        found, _ = fetch(run.api, run.user_id, run.key, None)
        if found is None:
            raise ServiceError(
                f"{e}, and it is not among your playlists. Run `ost playlist sync` again: a "
                "playlist created meanwhile carries ost's marker and is adopted, not made twice"
            ) from None
        playlist, current = found, None
    run.remember(playlist, None)  # before anything else can fail
    return playlist, current


def _change_details(
    api: SpotifyPlaylists, playlist: dict[str, Any], options: Options, result: SyncResult
) -> str | None:
    """Rename / change visibility only when asked and different; returns a known snapshot."""
    if result.created:
        return str(playlist.get("snapshot_id") or "") or None
    if options.name and options.name != playlist.get("name"):
        result.details["name"] = options.name
    if options.public is not None and options.public != playlist.get("public"):
        result.details["public"] = options.public
    if result.details and not options.dry_run:
        api.change_details(playlist["id"], **result.details)
        result.writes += 1
        playlist.update(result.details)
        result.title = playlist["name"]
        return None  # the change made a new snapshot, which the answer does not carry
    return str(playlist.get("snapshot_id") or "") or None


def _apply(
    run: Run, playlist_id: str, current: list[str], desired: list[str], todo: list[Step]
) -> str | None:
    """Run the steps; after a lost add, read back and plan again. Returns the last snapshot."""
    api, result, notify = run.api, run.result, run.notify
    for _ in range(MAX_ROUNDS):
        snapshot = None
        try:
            for step in todo:
                result.writes += 1
                snapshot = _run(api, playlist_id, step)
            return snapshot
        except ConnectionLost as e:
            notify(f"{e}; reading the playlist back to continue from what Spotify holds")
            current = api.playlist_uris(playlist_id)
            todo = steps(current, desired)
            if not todo:
                return None
    raise ServiceError(
        "the connection to Spotify kept dropping while writing the playlist; run "
        "`ost playlist sync` again: it continues from what was applied, without duplicates"
    )


def _run(api: SpotifyPlaylists, playlist_id: str, step: Step) -> str:
    if step.kind == "add":
        return api.add_items(playlist_id, step.uris)
    if step.kind == "replace":
        return api.replace_items(playlist_id, step.uris)
    return api.remove_items(playlist_id, step.uris)


# --- duplicates: more than one playlist carrying the same marker ----------------------------------


def duplicates(api: SpotifyPlaylists, user_id: str, key: str, keep_id: str) -> list[dict[str, Any]]:
    """The user's other playlists carrying this definition's marker (left by two runs at once
    in an older ost, or by a create whose answer was lost). Reads the whole list."""
    return [
        p
        for p in api.my_playlists()
        if isinstance(p, dict)
        and (p.get("owner") or {}).get("id") == user_id
        and p.get("id") != keep_id
        and has_marker(p, key)
    ]


def _duplicates(run: Run, keep_id: str) -> None:
    """Report duplicates (when ost had to look for its playlist, or was asked to prune); with
    --prune-duplicates, remove them, keeping the one this sync writes to."""
    result, options = run.result, run.options
    found = duplicates(run.api, run.user_id, run.definition.key, keep_id)
    result.duplicates = [str(p.get("id")) for p in found]
    if not found:
        return
    links = ", ".join(url(str(p.get("id"))) for p in found)
    if not options.prune_duplicates:
        run.notify(
            f"{result.title}: {len(found)} other playlist(s) carry ost's marker ({links}); "
            "`ost playlist sync --prune-duplicates` removes them"
        )
        return
    if options.dry_run:
        run.notify(f"{result.title}: would remove {len(found)} duplicate playlist(s): {links}")
        return
    for p in found:
        run.api.unfollow_playlist(str(p.get("id")))
        result.writes += 1
    result.pruned = True
    run.notify(f"{result.title}: removed {len(found)} duplicate playlist(s): {links}")
