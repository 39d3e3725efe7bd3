"""Playlist commands: `playlist list|show`, `export m3u|xspf|json`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ost import catalogue
from ost.cli.output import cell, emit, output_options
from ost.errors import OstError

SPOTIFY_TRACK_URL = "https://open.spotify.com/track/"


def selection_options(func: Any) -> Any:
    """NAME (a definition) or --season N (repeatable); neither means every season's playlist."""
    func = click.option(
        "--season", "seasons", type=int, multiple=True, help="That season's playlist (repeatable)."
    )(func)
    return click.argument("name", required=False)(func)


@click.group()
def playlist() -> None:
    """Playlist definitions, what they resolve to, and Spotify sync."""


@playlist.command("list")
@output_options
def list_(fmt: str) -> None:
    """The playlist definitions: the bundled one per season, and yours in $OST_HOME/playlists.

    Example: ost playlist list
    """
    from ost import playlists

    rows = [
        {
            "key": d.key,
            "name": d.name,
            "seasons": list(d.seasons),
            "statuses": list(d.statuses),
            "artists": list(d.artists),
            "tracks": list(d.tracks),
            "order": d.order,
            "description": d.description,
            "file": str(d.path),
        }
        for d in playlists.load_definitions()
    ]
    emit(rows, fmt, ("key", "name", "seasons", "order", "file"))


@playlist.command("show")
@selection_options
@output_options
def show(name: str | None, seasons: tuple[int, ...], fmt: str) -> None:
    """The generated playlist, offline: order, titles, artists, and what each entry resolves to.

    --json prints an array of {key, name, entries}; --nl one such object a line; --csv one line
    per entry, with the playlist's key first.

    Example: ost playlist show --season 1
    """
    from ost import playlists

    db = catalogue.open_catalogue()
    definitions = playlists.chosen(name, seasons)
    if fmt in ("json", "nl"):
        emit((_whole(_shown(db, d)) for d in definitions), fmt, ())
        return
    if fmt == "csv":
        rows = ({"playlist": d.key, **row} for d in definitions for row in _shown(db, d)["entries"])
        emit(rows, fmt, ("playlist",) + PLAYLIST_ENTRY_COLUMNS)
        return
    for definition in definitions:
        shown = list(_shown(db, definition)["entries"])
        click.echo(f"{definition.name}  ({definition.key}, {plural(len(shown), 'track')})")
        emit(shown, "table", ("#", "id", "title", "artists", "resolves_to", "location"))
        click.echo("")


PLAYLIST_ENTRY_COLUMNS = (
    "#",
    "id",
    "title",
    "title_en",
    "artists",
    "match_status",
    "resolves_to",
    "location",
    "spotify_uri",
    "local_path",
    "duration_ms",
)


def _whole(shown: dict[str, Any]) -> dict[str, Any]:
    return {**shown, "entries": list(shown["entries"])}


def _shown(db: Any, definition: Any) -> dict[str, Any]:
    """{key, name, entries}: the entries made as they are read."""
    from ost import playlists

    entries = playlists.with_local_files(db, playlists.iter_plan(db, definition))
    rows = (_show_row(i, e) for i, e in enumerate(entries, 1))
    return {"key": definition.key, "name": definition.name, "entries": rows}


def _show_row(position: int, e: Any) -> dict[str, Any]:
    return {
        "#": position,
        "id": e.track_id,
        "title": e.title,
        "title_en": e.title_en,
        "artists": e.artists,
        "match_status": e.match_status,
        "resolves_to": e.resolved_to,
        "location": e.local_path or e.spotify_uri or _why_unresolved(e.match_status),
        "spotify_uri": e.spotify_uri,
        "local_path": e.local_path,
        "duration_ms": e.duration_ms,
    }


def _why_unresolved(match_status: str | None) -> str:
    return {
        None: "not matched yet: run `ost match`",
        "review": "match waiting for review: `ost review`",
        "rejected": "match rejected: run `ost match` to look further",
        "none": "not found on Spotify; pin one with `ost pin`",
    }.get(match_status, "unresolved")


# --- export --------------------------------------------------------------------------------------


@click.group()
def export() -> None:
    """Write a playlist file: m3u (UTF-8 .m3u8), xspf or json."""


def _export_command(fmt: str, summary: str, example: str) -> click.Command:
    @click.command(fmt, help=f"{summary}\n\nExample: {example}")
    @selection_options
    @click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write to this file (atomically) instead of standard output.",
    )
    @click.option(
        "--relative", is_flag=True, help="Write local paths relative to the output file's folder."
    )
    def command(
        name: str | None, seasons: tuple[int, ...], output: Path | None, relative: bool
    ) -> None:
        from ost import playlists, writers

        db = catalogue.open_catalogue()
        plans = [playlists.iter_plan(db, d) for d in playlists.chosen(name, seasons)]
        tally = _Tally()
        entries = tally.count(
            _entry(e) for plan in plans for e in playlists.with_local_files(db, plan)
        )
        base = (output.resolve().parent if output else Path.cwd()) if relative else None
        chunks = {
            "m3u": lambda: writers.m3u_lines(entries, relative_to=base),
            "xspf": lambda: writers.xspf_chunks(entries, relative_to=base),
            "json": lambda: writers.json_chunks(entries),
        }[fmt]()
        if output:
            try:
                writers.write_atomic(output, chunks)
            except OSError as e:
                raise OstError(
                    f"{output}: cannot write ({e.strerror}); the old file, if any, is unchanged"
                ) from None
        else:
            for chunk in chunks:
                click.echo(chunk, nl=False)
        _report_export(tally, output, fmt)

    return command


def _entry(e: Any) -> Any:
    from ost.writers import Entry

    if e.local_path:
        location: str | None = e.local_path
    elif e.spotify_uri:
        location = SPOTIFY_TRACK_URL + e.spotify_uri.rsplit(":", 1)[1]
    else:
        location = None
    seconds = round(e.duration_ms / 1000) if e.duration_ms else None
    return Entry(
        track_id=e.track_id,
        title=e.title,
        artists=tuple(e.artists),
        duration_s=seconds,
        location=location,
        album=e.album,
        note="" if location else _why_unresolved(e.match_status),
    )


UNRESOLVED_AS = {
    "m3u": "written as comments",
    "xspf": "listed in the playlist's annotation",
    "json": 'marked "resolved": false',
}
LIST_AT_MOST = 10


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


class _Tally:
    """Counts the entries as they stream past on their way to the writer."""

    def __init__(self) -> None:
        self.total = self.local = 0
        self.unresolved: list[Any] = []
        self.unresolved_count = 0

    def count(self, entries: Any) -> Any:
        from ost import writers

        for e in entries:
            self.total += 1
            if not writers.is_resolved(e):
                self.unresolved_count += 1
                if len(self.unresolved) < LIST_AT_MOST:
                    self.unresolved.append(e)
            elif not e.location.startswith("https://"):
                self.local += 1
            yield e


def _report_export(tally: _Tally, output: Path | None, fmt: str) -> None:
    resolved = tally.total - tally.unresolved_count
    where = f" to {output}" if output else ""
    click.echo(
        f"Wrote {resolved} of {plural(tally.total, 'track')}{where} "
        f"({plural(tally.local, 'local file')}, {plural(resolved - tally.local, 'Spotify link')}).",
        err=True,
    )
    if tally.unresolved_count:
        names = "; ".join(f"{e.track_id} {cell(e.title)}" for e in tally.unresolved)
        more = tally.unresolved_count - len(tally.unresolved)
        click.echo(
            f"{tally.unresolved_count} unresolved ({UNRESOLVED_AS[fmt]}): {names}"
            + (f"; and {more} more" if more else ""),
            err=True,
        )


export.add_command(
    _export_command(
        "m3u",
        "Extended M3U in UTF-8 (.m3u8): local files where the library has them, else Spotify links.",
        "ost export m3u --season 1 -o soundtrack-1.m3u8",
    )
)
export.add_command(
    _export_command(
        "xspf",
        "XSPF (XML) playlist with the same entries as the m3u.",
        "ost export xspf --season 2 -o soundtrack-2.xspf",
    )
)
export.add_command(
    _export_command(
        "json", "The same entries as JSON, for scripts.", "ost export json soundtrack-1"
    )
)


COMMANDS = [playlist, export]
