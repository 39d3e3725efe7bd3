"""Playlist commands: `playlist list|show|sync`, `export m3u|xspf|json`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ost import catalogue
from ost.cli.locking import exclusive
from ost.cli.output import cell, emit, max_wait_option, output_options
from ost.cli.tables import in_language, names_option, view_options, wide_option
from ost.decisions import Status
from ost.errors import InputError, OstError

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
@wide_option
def list_(fmt: str) -> None:
    """The playlist definitions: the bundled one per season, and yours in $OST_HOME/playlists.

    Example: ost playlist list
    """
    from ost import playlists

    db = catalogue.open_catalogue()
    valid, refused = [], list(playlists.broken_definitions())
    for d in playlists.load_definitions():
        try:
            playlists.check_seasons(db, d)  # a season the catalogue lacks: refused, as on use
        except InputError as e:
            refused.append(e)
        else:
            valid.append(d)
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
        for d in valid
    ]
    emit(rows, fmt, ("key", "name", "seasons", "order", "file"))
    for error in refused:
        click.echo(f"skipped (broken): {error}", err=True)


@playlist.command("show")
@selection_options
@output_options
@view_options
def show(name: str | None, seasons: tuple[int, ...], fmt: str, names: str) -> None:
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
        shown = [in_language(r, names) for r in _shown(db, definition)["entries"]]
        click.echo(f"{definition.name}  ({definition.key}, {plural(len(shown), 'track')})")
        emit(shown, "table", ("#", "id", "title", "artists", "resolves_to", "location"))
        click.echo("")


PLAYLIST_ENTRY_COLUMNS = (
    "#",
    "id",
    "title",
    "title_en",
    "artists",
    "artists_en",
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
        "artists_en": e.artists_en,
        "match_status": e.match_status,
        "resolves_to": e.resolved_to,
        "location": e.local_path or e.spotify_uri or _why_unresolved(e.match_status),
        "spotify_uri": e.spotify_uri,
        "local_path": e.local_path,
        "duration_ms": e.duration_ms,
    }


def _why_unresolved(match_status: str | None) -> str:
    why: dict[str | None, str] = {
        None: "not matched yet: run `ost match`",
        Status.REVIEW: "match waiting for review: `ost review`",
        Status.REJECTED: "match rejected: run `ost match` to look further",
        Status.NONE: "not found on Spotify; pin one with `ost pin`",
    }
    return why.get(match_status, "unresolved")


# --- export --------------------------------------------------------------------------------------


EXTENSIONS = {".m3u": "m3u", ".m3u8": "m3u", ".xspf": "xspf", ".json": "json"}


FORMAT_NEEDED = (
    "name the format (ost export m3u|xspf|json ...), or give -o FILE ending in "
    + ", ".join(EXTENSIONS)
    + " to pick it"
)


class ExportGroup(click.Group):
    """`ost export [NAME] -o FILE` without a format takes the format from FILE's extension.

    The command that does so (``by-extension``) is hidden: its usage mistakes are reported with
    `ost export`'s usage, and `ost export -h` lists its options."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        help_asked = args[:1] in (["-h"], ["--help"])
        if args and not help_asked and args[0] not in self.commands:
            args = ["by-extension", *args]
        return super().parse_args(ctx, args)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        helper = self.commands["by-extension"]
        rows = [
            r
            for p in helper.get_params(ctx)
            if isinstance(p, click.Option) and "--help" not in p.opts
            if (r := p.get_help_record(ctx)) is not None
        ]
        with formatter.section("Options without a format (-o FILE's extension picks it)"):
            formatter.write_dl(rows)


@click.group(cls=ExportGroup, subcommand_metavar="[m3u|xspf|json] [NAME]")
def export() -> None:
    """Write a playlist file: m3u (UTF-8 .m3u8), xspf or json (or as -o FILE's extension says).

    Example: ost export --season 1 -o soundtrack-1.xspf
    """


def _export_command(fmt: str | None, summary: str, example: str) -> click.Command:
    @click.command(fmt or "by-extension", help=f"{summary}\n\nExample: {example}", hidden=not fmt)
    @selection_options
    @click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path, allow_dash=True),
        help="Write to this file (atomically; through a symlink), or - for standard output."
        + ("" if fmt else " Its extension (.m3u8, .m3u, .xspf, .json) gives the format."),
    )
    @click.option(
        "--relative", is_flag=True, help="Write local paths relative to the output file's folder."
    )
    @click.option(
        "--local-only",
        is_flag=True,
        help="Only your own files (for a music player); other tracks are listed as unresolved.",
    )
    @click.option(
        "--links-only",
        is_flag=True,
        help="Only open.spotify.com links, even where you have a file.",
    )
    @names_option
    def command(
        name: str | None,
        seasons: tuple[int, ...],
        output: Path | None,
        relative: bool,
        local_only: bool,
        links_only: bool,
        names: str,
    ) -> None:
        if local_only and links_only:
            raise click.UsageError("--local-only and --links-only exclude each other: give one")
        only = "local" if local_only else "links" if links_only else None
        fmt_ = fmt or _format_of(output)
        if output is not None and str(output) == "-":
            output = None  # standard output
        _export(fmt_, name, seasons, output, relative, only, names)

    return command


def _format_of(output: Path | None) -> str:
    fmt = EXTENSIONS.get(output.suffix.lower()) if output else None
    if fmt is None:
        parent = click.get_current_context().parent  # the usage of `ost export`, not the helper's
        if output is None or str(output) == "-":
            raise click.UsageError(f"no format given: {FORMAT_NEEDED}", ctx=parent)
        raise click.UsageError(
            f"cannot tell the format from '{output}': {FORMAT_NEEDED}", ctx=parent
        )
    return fmt


def _export(
    fmt: str,
    name: str | None,
    seasons: tuple[int, ...],
    output: Path | None,
    relative: bool,
    only: str | None,
    names: str,
) -> None:
    """Entries stream from the plan through the writer to the file (or stdout), counted on
    their way for the report."""
    from ost import playlists, writers

    db = catalogue.open_catalogue()
    definitions = playlists.chosen(name, seasons)
    plans = [playlists.iter_plan(db, d) for d in definitions]  # a bad definition fails here
    title = " + ".join(d.name for d in definitions)
    tally = _Tally()
    entries = tally.count(
        _entry(e, only, names) for plan in plans for e in playlists.with_local_files(db, plan)
    )
    base = (output.resolve().parent if output else Path.cwd()) if relative else None
    chunks = {
        "m3u": lambda: writers.m3u_lines(entries, relative_to=base, title=title),
        "xspf": lambda: writers.xspf_chunks(entries, relative_to=base, title=title),
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


def _entry(e: Any, only: str | None = None, names: str = "ko") -> Any:
    from ost.writers import Entry

    link = SPOTIFY_TRACK_URL + e.spotify_uri.rsplit(":", 1)[1] if e.spotify_uri else None
    local = e.local_path if only != "links" else None
    location: str | None = local or (link if only != "local" else None)
    if location:
        note = ""
    elif only == "local" and link:
        note = "--local-only: no file of yours"
    elif only == "links" and e.local_path:
        note = "--links-only: no Spotify match"
    else:
        note = _why_unresolved(e.match_status)
    seconds = round(e.duration_ms / 1000) if e.duration_ms else None
    english = names == "en"
    return Entry(
        track_id=e.track_id,
        title=(e.title_en or e.title) if english else e.title,
        artists=tuple((e.artists_en or e.artists) if english else e.artists),
        duration_s=seconds,
        location=location,
        album=(e.album_en or e.album) if english else e.album,
        note=note,
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
export.add_command(
    _export_command(
        None,
        "The format -o FILE's extension names (.m3u8, .m3u, .xspf, .json).",
        "ost export --season 1 -o soundtrack-1.xspf",
    )
)


def _spotify_note(message: str) -> None:
    click.echo(f"note: {message}", err=True)


@playlist.command("sync")
@click.argument("name", required=False)
@click.option(
    "--season", "seasons", type=int, multiple=True, help="That season's playlist (repeatable)."
)
@click.option("--name", "title", help="Create under, or rename the playlist to, this title.")
@click.option(
    "--public/--private",
    default=None,
    help="Create as, or change to, public or private (default: private; later runs leave it).",
)
@click.option("--dry-run", is_flag=True, help="Print the difference; write nothing.")
@click.option(
    "--prune-duplicates",
    is_flag=True,
    help="Remove other playlists that carry this playlist's ost marker (kept: the one synced).",
)
@max_wait_option
@exclusive
def sync(
    name: str | None,
    seasons: tuple[int, ...],
    title: str | None,
    public: bool | None,
    dry_run: bool,
    max_wait: float,
    prune_duplicates: bool = False,
) -> None:
    """Create or update the Spotify playlist: exactly the accepted matches, in order.

    Writes only what differs; a run with nothing to change writes nothing. Needs `ost login`.

    Example: ost playlist sync --season 1
    """
    from ost import playlists
    from ost import sync as core
    from ost.spotify.api import Api

    apis: list[Api] = []

    def make_api() -> Api:
        apis.append(Api(user=True, max_wait=max_wait, notify=_spotify_note))
        return apis[-1]

    db = catalogue.open_catalogue()
    options = core.Options(
        name=title, public=public, dry_run=dry_run, prune_duplicates=prune_duplicates
    )
    definitions = playlists.chosen(name, seasons)
    if title is not None and len(definitions) != 1:
        raise click.UsageError("--name renames one playlist: give its NAME or a single --season")
    writes = 0
    for result in core.sync_all(db, make_api, definitions, options, _spotify_note):
        writes += result.writes
        _report(result, db)
    if apis:
        click.echo(
            f"Spotify requests: {apis[0].requests} ({writes} write{'' if writes == 1 else 's'})."
            + (" Dry run: nothing written." if dry_run else ""),
            err=True,
        )


def _report(r: Any, db: Any) -> None:
    click.echo(_summary(r))
    if r.dry_run:
        for line in _diff_lines(r, db):
            click.echo(line)
    if r.unresolved:
        n = len(r.unresolved)
        listed = "; ".join(f"{e.track_id} {cell(e.title)}" for e in r.unresolved)
        click.echo(
            f"{n} track{'s have' if n != 1 else ' has'} no accepted match: {listed} — "
            "run `ost match` / `ost review`"
        )


def _summary(r: Any) -> str:
    head = f"{r.title}{' (dry run)' if r.dry_run else ''}: "
    link = f" — {r.url}" if r.url else ""
    if r.nothing_to_sync:
        if r.playlist_id:
            return head + f"no track has an accepted match; the playlist is left as it is{link}"
        return head + "no track has an accepted match; nothing created or changed"
    would = "would be " if r.dry_run else ""
    parts = []
    if r.created:
        parts.append(f"{would}created")
    if r.adopted:
        parts.append(f"{would}adopted (ost made it earlier)")
    if "name" in r.details:
        parts.append(f"{would}renamed")
    if "public" in r.details:
        parts.append(f"{would}made {'public' if r.details['public'] else 'private'}")
    d = r.diff
    if d.added:
        parts.append(f"{plural(len(d.added), 'track')} {would}added")
    if d.removed:
        parts.append(f"{len(d.removed)} {would}removed")
    if d.reordered:
        parts.append(f"{would}reordered")
    if not parts:
        return head + f"unchanged ({plural(r.total, 'track')}){link}"
    total = "" if r.created else f" ({plural(r.total, 'track')})"
    return head + ", ".join(parts) + total + link


def _diff_lines(r: Any, db: Any) -> list[str]:
    from ost import overview

    by_uri = {e.spotify_uri: (e.track_id, e.title) for e in r.entries if e.spotify_uri}
    gone = [u for u in r.diff.removed if u not in by_uri]
    known = {**overview.tracks_for_uris(db, gone), **by_uri} if gone else by_uri

    def named(uri: str) -> str:
        track = known.get(uri)
        return f"{track[0]}  {cell(track[1])}  {uri}" if track else uri

    lines = [f"  + {named(u)}" for u in r.diff.added]
    wanted = set(by_uri)
    lines += [
        f"  - {named(u)}" + ("  (an extra copy)" if u in wanted else "") for u in r.diff.removed
    ]
    if r.diff.reordered:
        lines.append("  ~ the order changes")
    return lines


COMMANDS = [playlist, export]
