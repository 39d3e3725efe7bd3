"""`ost playlist sync`: one playlist per definition on a service, its contents exactly the plan's
accepted matches in order, written only where they differ. Sync speaks only to the service port
(``ost.service.protocols.PlaylistWriter``) and plans with what the service can do
(``ost.service.playlists.Edits``). Which playlist is the definition's is ``find``'s to say, what
ost remembers of it ``memory``'s; this module runs a sync and applies its steps.

- **What to write.** ost remembers the snapshot id it left the playlist at and the ids it held
  then. When the playlist's snapshot id is still that one, those ids are its contents and no
  item is read; otherwise (changed elsewhere, nothing remembered, or a service without snapshot
  ids) the contents are read back. From the contents, ``plan.steps`` picks the fewest requests.
- **Lost responses.** Adding is not safe to repeat: a dropped connection after an add
  (``ConnectionLost``) is followed by reading the playlist back and planning again from what
  the service really holds, so nothing is added twice. A lost create is followed by looking for
  the marker. Replace, remove and detail changes are safe to repeat and the adapter retries them.
- **Snapshot.** Remembered only after a sync completed, and cleared before writing starts: a
  snapshot that differs on the next run means someone changed the playlist elsewhere.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import sqlite_utils

from ost import playlists
from ost.errors import ConnectionLost, InputError, ServiceError
from ost.playlists import Definition, PlanEntry
from ost.service import LINKS, Links, ServiceName
from ost.service.playlists import Playlist, PlaylistItem
from ost.service.protocols import PlaylistWriter
from ost.sync import find, memory
from ost.sync.plan import Diff, Step, diff, steps

MAX_ROUNDS = 3  # read-back-and-continue rounds (after lost add responses, or to move items)

Notify = Callable[[str], None]


@dataclass
class SyncResult:
    key: str
    title: str
    total: int  # tracks the playlist holds (or would) after the sync
    entries: list[PlanEntry] = field(default_factory=list)
    unresolved: list[PlanEntry] = field(default_factory=list)
    playlist_id: str | None = None
    url: str | None = None
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
    stand_ins: dict[str, str] = field(default_factory=dict)  # put by the service in this run

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
    service: PlaylistWriter,
    definitions: list[Definition],
    options: Options = Options(),
    notify: Notify = lambda message: None,
) -> Iterator[SyncResult]:
    """Sync each definition in turn. The service (which needs a login) is first asked only once
    a definition has something to sync."""
    if options.name is not None and len(definitions) != 1:
        raise InputError("--name renames one playlist: give its NAME or a single --season")
    if options.name is not None and not options.name.strip():
        raise InputError("--name must not be empty")
    user_id = ""
    for definition in definitions:
        entries = playlists.plan(db, definition, service.name)
        if not any(e.uri for e in entries):
            yield _nothing_to_sync(db, definition, entries, options, service.name)
            continue
        if not user_id:
            user_id = service.whoami().id
            if not user_id:
                raise ServiceError(
                    f"{LINKS[service.name].label} sent your profile without an id; "
                    "nothing more was changed"
                )
        yield sync(db, service, definition, entries, options, notify)


def _nothing_to_sync(
    db: sqlite_utils.Database,
    definition: Definition,
    entries: list[PlanEntry],
    options: Options,
    service: ServiceName,
) -> SyncResult:
    links = LINKS[service]
    row = memory.load(db, service, definition.key)
    return SyncResult(
        definition.key,
        (row.title if row else None) or definition.name,
        0,
        entries=entries,
        unresolved=entries,
        playlist_id=row.id if row else None,
        url=links.playlist(row.id) if row else None,
        nothing_to_sync=True,
        dry_run=options.dry_run,
    )


@dataclass
class Run:
    """One definition's sync: what every step of it needs, and the result it fills in."""

    db: sqlite_utils.Database
    service: PlaylistWriter
    definition: Definition
    options: Options
    result: SyncResult
    notify: Notify
    stand_ins: dict[str, str] = field(default_factory=dict)
    """What the service put in place of recordings asked for (asked -> put), remembered with
    the playlist: the playlist is right when it holds the stand-in."""

    @property
    def key(self) -> str:
        return self.definition.key

    @property
    def links(self) -> Links:
        return LINKS[self.service.name]

    def remember(
        self, playlist: Playlist, snapshot: str | None, ids: list[str] | None = None
    ) -> None:
        memory.remember(
            self.db, self.service.name, self.key, playlist, snapshot, ids, dict(self.stand_ins)
        )

    def desired(self, wanted: list[str]) -> list[str]:
        return [self.stand_ins.get(u, u) for u in wanted]

    def learn_stand_ins(self) -> None:
        """Take up what the service substituted during this run, and say so."""
        for asked, put in self.service.stand_ins.items():
            if self.stand_ins.get(asked) == put:
                continue
            self.stand_ins[asked] = put
            self.result.stand_ins[asked] = put
            self.notify(
                f"{self.result.title}: {self.links.label} put {put} in the playlist when asked "
                f"for {asked} (without Premium it may add a song's music video instead); it is "
                "kept, and later syncs leave it there"
            )


def sync(
    db: sqlite_utils.Database,
    service: PlaylistWriter,
    definition: Definition,
    entries: list[PlanEntry],
    options: Options,
    notify: Notify,
) -> SyncResult:
    wanted = [e.uri for e in entries if e.uri]
    result = SyncResult(
        definition.key,
        options.name or definition.name,
        len(wanted),
        entries=entries,
        unresolved=[e for e in entries if not e.uri],
        dry_run=options.dry_run,
    )
    run = Run(db, service, definition, options, result, notify)
    playlist, current = _find_or_create(run)
    if playlist is None:  # dry run, nothing there yet
        result.diff = diff([], wanted)
        return result
    result.playlist_id, result.url = playlist.id, run.links.playlist(playlist.id)
    result.title = playlist.name or result.title
    if result.adopted or options.prune_duplicates:
        _duplicates(run, playlist.id)
    playlist, snapshot = _change_details(run, playlist)
    if current is None:
        current = service.playlist_items(playlist.id)
    desired = run.desired(wanted)
    result.diff = diff([i.id for i in current], desired)
    if options.dry_run:
        return result
    todo = steps(current, desired, service.edits)
    if todo:
        run.remember(playlist, None)  # unknown until the writes are done
        snapshot = _apply(run, playlist.id, wanted, todo)
    if snapshot is None and playlist.snapshot is not None:  # a service with snapshot ids
        snapshot = service.playlist(playlist.id).snapshot
    run.remember(playlist, snapshot, run.desired(wanted))
    return result


def _find_or_create(run: Run) -> tuple[Playlist | None, list[PlaylistItem] | None]:
    """The playlist and, when known without a read (just created: empty; or the snapshot ost
    left it at), its contents."""
    result, notify = run.result, run.notify
    row = memory.load(run.db, run.service.name, run.key)
    playlist, how = find.fetch(run.service, run.key, row.id if row else None)
    if row and playlist is not None and row.id == playlist.id:
        run.stand_ins = dict(row.stand_ins)  # those of the playlist ost remembers, kept
    if row and how != "remembered":
        result.replaced_gone = True
        notify(
            f"{result.title}: the playlist ost made ({run.links.playlist(row.id)}) is no longer "
            "among your playlists (deleted or unfollowed); it is left alone"
        )
    if playlist is not None and how == "adopted":
        result.adopted = True
        notify(
            f"{result.title}: found the playlist ost made earlier ({run.links.playlist(playlist.id)})"
        )
        if not run.options.dry_run:
            run.remember(playlist, None)
        return playlist, None
    if playlist is not None:
        known = row.snapshot if row else None
        if known and playlist.snapshot != known:
            result.changed_elsewhere = True
            notify(
                f"{result.title}: changed on {run.links.label} since the last sync; reading it back"
            )
        return playlist, _contents_at(row, playlist)
    result.created = True
    if run.options.dry_run:
        return None, None
    return _create(run)


def _contents_at(row: memory.Remembered | None, playlist: Playlist) -> list[PlaylistItem] | None:
    """The items ost left the playlist with, if its snapshot is still the one ost left it at."""
    if not row or row.ids is None or not row.snapshot:
        return None
    if playlist.snapshot != row.snapshot or playlist.id != row.id:
        return None
    return [PlaylistItem(i) for i in row.ids]


def _create(run: Run) -> tuple[Playlist, list[PlaylistItem] | None]:
    result, options, definition, service = run.result, run.options, run.definition, run.service
    public = options.public if options.public is not None else bool(definition.public)
    result.writes += 1
    try:
        playlist = service.create_playlist(
            result.title,
            public=public,
            description=find.description(definition, service.edits.description_max),
        )
        if not playlist.id:
            raise ServiceError(
                f"{run.links.label} sent the new playlist without an id; nothing more was changed"
            )
        current: list[PlaylistItem] | None = []
    except ConnectionLost as e:
        run.notify(f"{e}; looking for it among your playlists")
        found, _ = find.fetch(service, run.key, None)
        if found is None:
            raise ServiceError(
                f"{e}, and it is not among your playlists. Run `ost playlist sync"
                f"{service.name.option}` again: a "
                "playlist created meanwhile carries ost's marker and is adopted, not made twice"
            ) from None
        playlist, current = found, None
    run.remember(playlist, None)  # before anything else can fail
    return playlist, current


def _change_details(run: Run, playlist: Playlist) -> tuple[Playlist, str | None]:
    """Rename / change visibility only when asked and different: the playlist as it is then,
    and its snapshot when known."""
    options, result = run.options, run.result
    if result.created:
        return playlist, playlist.snapshot
    if options.name and options.name != playlist.name:
        result.details["name"] = options.name
    if options.public is not None and options.public != playlist.public:
        result.details["public"] = options.public
    if result.details and not options.dry_run:
        run.service.change_details(
            playlist.id, name=result.details.get("name"), public=result.details.get("public")
        )
        result.writes += 1
        playlist = replace(playlist, **result.details)
        result.title = playlist.name
        return playlist, None  # the change made a new snapshot, which the answer does not carry
    return playlist, playlist.snapshot


def _apply(run: Run, playlist_id: str, wanted: list[str], todo: list[Step]) -> str | None:
    """Run the steps; after a lost add (or where a plan needs the items' new handles), read
    back and plan again. Returns the last snapshot, when the service gave one. A refusal
    stops the sync with how far it got."""
    service, result, notify = run.service, run.result, run.notify
    done: Counter[str] = Counter()
    planned = sum(len(s.uris) for s in todo if s.kind == "add")
    for _ in range(MAX_ROUNDS):
        snapshot = None
        try:
            for step in todo:
                result.writes += 1
                snapshot = _run(service, playlist_id, step)
                done[step.kind] += len(step.uris)
            if service.edits.replace:  # such a plan ends at the desired contents
                return snapshot
        except ConnectionLost as e:
            notify(f"{e}; reading the playlist back to continue from what {run.links.label} holds")
        except ServiceError as e:
            if service.edits.replace:
                raise  # Spotify's refusals say what they need to as they are
            raise ServiceError(
                f"{result.title}: {e}; {_how_far(done, planned, service.name)}", e.status
            ) from None
        run.learn_stand_ins()
        current = service.playlist_items(playlist_id)
        todo = steps(current, run.desired(wanted), service.edits)
        if not todo:
            return None
    raise ServiceError(
        f"the connection to {run.links.label} kept dropping while writing the playlist; run "
        f"`ost playlist sync{service.name.option}` again: it continues from what was applied, "
        "without duplicates"
    )


def _how_far(done: Counter[str], planned: int, name: ServiceName) -> str:
    parts = [f"{done['add']} of {planned} songs added"] if planned else []
    parts += [
        f"{done[k]} {word}" for k, word in (("remove", "removed"), ("move", "moved")) if done[k]
    ]
    parts += ["nothing written"] if not parts else []
    return (
        f"the sync stopped there ({', '.join(parts)}); the next `ost playlist sync{name.option}` "
        "goes on "
        "from what the playlist then holds"
    )


def _run(service: PlaylistWriter, playlist_id: str, step: Step) -> str | None:
    if step.kind == "add":
        return service.add(playlist_id, step.uris)
    if step.kind == "replace":
        return service.replace(playlist_id, step.uris)
    if step.kind == "move":
        service.move(playlist_id, step.items[0], step.before)
        return None
    return service.remove(playlist_id, list(step.items))


def _duplicates(run: Run, keep_id: str) -> None:
    """Report duplicates (when ost had to look for its playlist, or was asked to prune); with
    --prune-duplicates, remove them, keeping the one this sync writes to."""
    result, options = run.result, run.options
    found = find.duplicates(run.service, run.definition.key, keep_id)
    result.duplicates = [p.id for p in found]
    if not found:
        return
    links = ", ".join(run.links.playlist(p.id) for p in found)
    if not options.prune_duplicates:
        run.notify(
            f"{result.title}: {len(found)} other playlist(s) carry ost's marker ({links}); "
            f"`ost playlist sync{run.service.name.option} --prune-duplicates` removes them"
        )
        return
    if options.dry_run:
        run.notify(f"{result.title}: would remove {len(found)} duplicate playlist(s): {links}")
        return
    for p in found:
        run.service.delete_playlist(p.id)
        result.writes += 1
    result.pruned = True
    run.notify(f"{result.title}: removed {len(found)} duplicate playlist(s): {links}")
