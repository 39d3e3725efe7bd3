"""Catalogue commands: tracks, seasons, show, import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ost import catalogue
from ost.catalogue import Origin, TrackStatus
from ost.catalogue.store import Kind
from ost.cli.locking import exclusive
from ost.cli.output import cell, emit, emit_object, json_option, output_options
from ost.cli.seasons import season_option, show_groups, show_option
from ost.cli.services import label as label_of
from ost.cli.services import service_option
from ost.cli.tables import (
    UNCERTAIN,
    in_language,
    names_option,
    paint,
    view_options,
    wide_option,
)
from ost.decisions import UNMATCHED, Status
from ost.service import ServiceName
from ost.text import display_width, harmless, plural

TRACK_COLUMNS = (
    "id",
    "season",
    "order",
    "title",
    "title_en",
    "artists",
    "artists_en",
    "release_date",
    "episodes",
    "status",
    "match_status",
    "spotify_uri",
    "show",
    "kind",
)
TABLE_COLUMNS = ("id", "season", "order", "title", "title_en", "artists", "release_date", "status")
TABLE_COLUMNS_EN = ("id", "season", "order", "title", "artists", "release_date", "status")
SEASON_COLUMNS = (
    "season",
    "title",
    "title_en",
    "premiere",
    "finale",
    "episodes",
    "platform",
    *sorted(TrackStatus),  # a count of the tracks of each status
    "with_recording",
)


@click.command()
@show_option()
@season_option()
@click.option("--episode", type=int, help="Only tracks placed in this episode.")
@click.option(
    "--artist",
    help="Only tracks by the artist with this name or alias (else: whose names contain it).",
)
@click.option("--all", "include_all", is_flag=True, help="Include unverified tracks.")
@service_option("Whose match status the table shows (--json and --csv carry every service's).")
@output_options
@view_options
def tracks(
    show: str | None,
    seasons: tuple[int, ...],
    episode: int | None,
    artist: str | None,
    include_all: bool,
    service: ServiceName,
    fmt: str,
    names: str,
) -> None:
    """List OST tracks per show and season, in release order.

    Example: ost tracks --season 1 --json
    """
    db = catalogue.open_catalogue()
    if episode is not None:
        check_episode(db, seasons, episode, show)
    rows = catalogue.iter_tracks(
        db,
        show=show,
        seasons=seasons,
        episode=episode,
        artist=artist,
        include_unverified=include_all,
    )
    if fmt == "csv":
        from ost.catalogue.queries import SERVICE_COLUMNS, flat_services

        emit(map(flat_services, rows), fmt, TRACK_COLUMNS + SERVICE_COLUMNS)
        return
    if fmt != "table":
        emit(rows, fmt, TRACK_COLUMNS)
        return
    shown, columns = table_view(list(rows), names, service)
    _grouped(db, shown, columns)
    if not shown:
        from ost.overview import empty_show_hint

        click.echo("No tracks match." + empty_show_hint(db, show), err=True)
    elif any(cell(r.get(c)).endswith(UNCERTAIN.strip()) for r in shown for c in columns):
        click.echo("(?) uncertain: `ost show ID` says why.", err=True)


def _grouped(db: Any, rows: list[dict[str, Any]], columns: tuple[str, ...]) -> None:
    """A table per show (with its heading) when the rows are of several."""
    groups = show_groups(db, rows)
    for n, (heading, group) in enumerate(groups):
        if heading:
            click.echo(("\n" if n else "") + heading)
        emit(group, "table", columns)


def table_view(
    rows: list[dict[str, Any]], names: str, service: ServiceName = ServiceName.SPOTIFY
) -> tuple[list[dict[str, Any]], tuple[str, ...]]:
    """The rows and columns `ost tracks` shows as a table, in the language asked for, with the
    service's match status."""
    columns: tuple[str, ...] = TABLE_COLUMNS if names == "ko" else TABLE_COLUMNS_EN
    if service != ServiceName.SPOTIFY:
        rows = [{**r, "match_status": r["services"][service.value]["status"]} for r in rows]
    if rows and any(r["match_status"] for r in rows):
        columns += ("match_status",)
    if any(r["kind"] == Kind.SCORE for r in rows):  # a score's pieces marked, its songs left blank
        after = columns.index("status") + 1
        columns = (*columns[:after], "kind", *columns[after:])
        rows = [{**r, "kind": r["kind"] if r["kind"] == Kind.SCORE else ""} for r in rows]
    if names == "en":
        rows = [{**r, "uncertain": _uncertain_en(r["uncertain"])} for r in rows]
    return [in_language(mark_uncertain(r), names) for r in rows], columns


def _uncertain_en(uncertain: dict[str, str]) -> dict[str, str]:
    """In English, a doubt about either title is a doubt about the title shown."""
    out = dict(uncertain)
    if "title" in out or "title_en" in out:
        out["title_en"] = out.get("title_en") or out["title"]
    if "artists" in out:
        out["artists_en"] = out["artists"]
    return out


def check_episode(db: Any, seasons: tuple[int, ...], episode: int, show: str | None = None) -> None:
    """An episode the seasons do not have is a usage mistake; a note when no source places songs."""
    from ost import overview

    counts: dict[int, int] = {}  # each season's episodes (of every show's, the most)
    for r in catalogue.season_rows(db, show):
        if (not seasons or r["season"] in seasons) and isinstance(r.get("episodes"), int):
            counts[r["season"]] = max(counts.get(r["season"], 0), r["episodes"])
    if counts and not 1 <= episode <= max(counts.values()):
        have = "; ".join(f"season {s}: 1-{n}" for s, n in counts.items())
        raise click.BadParameter(
            f"episode {episode} does not exist ({have})", param_hint="--episode"
        )
    if not overview.tracks_placed_in_episodes(db):
        click.echo(
            "note: no source places songs in episodes yet, so --episode finds none.", err=True
        )


def mark_uncertain(row: dict[str, Any]) -> dict[str, Any]:
    """For the table: a value the sources leave uncertain is shown with "(?)" after it."""
    marked = dict(row)
    for key in row["uncertain"]:
        if key in marked:
            marked[key] = f"{cell(marked[key])} (?)".strip()
    return marked


@click.command()
@show_option()
@output_options
@wide_option
def seasons(show: str | None, fmt: str) -> None:
    """Each season's facts and track counts, show by show.

    Example: ost seasons --json
    """
    db = catalogue.open_catalogue()
    rows = catalogue.season_rows(db, show)
    if fmt != "table":
        emit(rows, fmt, SEASON_COLUMNS)
        return
    _grouped(db, rows, SEASON_COLUMNS)


@click.command()
@click.argument("track", nargs=-1, required=True, metavar="TRACK")
@show_option(
    "The show TRACK is of (its key or a name): `s1-01` is then that show's; "
    "without it a bare id is the bundled show's."
)
@json_option("Output a JSON object.")
@names_option
def show(track: tuple[str, ...], show: str | None, as_json: bool, names: str) -> None:
    """All that is known of one track, sources included. TRACK: an id or any title, or part;
    several words are one name (quotes optional).

    Example: ost show s1-03
    """
    from ost.library import files
    from ost.resolve import resolve_track_id

    db = catalogue.open_catalogue()
    detail = catalogue.track_detail(db, resolve_track_id(db, " ".join(track), show))
    local = files.for_show(db, detail["id"])
    if local is not None:
        detail["file"] = local
    if as_json:
        emit_object(detail)
        return

    for line in describe(detail, names):
        click.echo(harmless(line))  # a title's escape sequence is shown, never obeyed


def describe(d: dict[str, Any], names: str = "ko") -> list[str]:
    first, second = (d["title_en"], d["title"]) if names == "en" else (d["title"], d["title_en"])
    first = first or second
    lines = [
        f"{d['id']}  {cell(first)}" + (f"  ({cell(second)})" if second and second != first else "")
    ]
    fields = [
        ("season", d["season"]),
        ("order", d["order"]),
        ("status", d["status"]),
        ("artists", [_artist_line(a) for a in d["artist_details"]]),
        ("aliases", d["aliases"]),
        ("release date", d["release_date"]),
        ("episodes", d["episodes"] or "not known"),
        ("credits", [_credit_line(c) for c in d["credits"]]),
        ("note", d["note"]),
        ("added by", "you (import)" if d["origin"] == Origin.USER else None),
        ("you set", d["user_fields"]),
    ]
    lines += [f"  {k:<13} {cell(v)}" for k, v in fields if v not in (None, [], "")]
    for a in d["artist_details"]:
        if a["note"]:
            lines.append(f"  {'artist note':<13} {cell(a['note'])}")
    for k, why in d["uncertain"].items():
        lines.append(f"  {'uncertain':<13} {k}: {cell(why)}")
    if "match" in d:
        lines += _match_lines(d["match"])
    for service, m in d["matches"].items():
        if m and service != ServiceName.SPOTIFY:
            lines += _match_lines(m, service)
    if "file" in d:
        f = d["file"]
        lines.append(f"  {'local file':<13} {cell(f['path'])} [{f['state']}]: {cell(f['why'])}")
    lines += ["  sources:"] + [f"    {s}" for s in d["sources"]]
    return lines


def _artist_line(a: dict[str, Any]) -> str:
    names = [a["name"]] + ([a["name_en"]] if a["name_en"] else [])
    return " / ".join(names) + (f" (also {', '.join(a['aliases'])})" if a["aliases"] else "")


def _credit_line(c: dict[str, Any]) -> str:
    return f"{c.get('role', '?')}: {c.get('name', '?')}" + (
        f" ({c['note']})" if c.get("note") else ""
    )


def _match_lines(m: dict[str, Any], service: str = ServiceName.SPOTIFY) -> list[str]:
    """A match's lines; another service's than Spotify's are labelled with its name."""
    label = "match" if service == ServiceName.SPOTIFY else f"{service} match"
    out = [f"  {label:<13} {paint(m['status'])}" + (f"  {m['uri']}" if m["uri"] else "")]
    if m.get("name_ko") or m.get("name_en"):
        # a service may know no album or no date (YouTube Music often gives no date): leave it out
        album = f" — {cell(m['album'])}" if m.get("album") else ""
        date = f" ({cell(m['release_date'])})" if m.get("release_date") else ""
        out.append(f"  {'on ' + service:<13} {_recording(m)}{album}{date}")
    if m.get("reason"):
        out.append(f"  {'why':<13} {cell(m['reason'])}")
    for c in m.get("closest") or []:  # a track rated none: what `ost accept ID URI` may take
        out.append(f"  {'closest':<13} {c['uri']}  {_recording(c)} ({c['score'] or 0:.2f})")
    return out


def _recording(r: dict[str, Any]) -> str:
    """A recording's names and, if known, its artists ("사랑 / Love by 가수 / Singer")."""
    names = _both(r.get("name_ko"), r.get("name_en"))
    artists = _both(*(", ".join(r.get(k) or []) for k in ("artists_ko", "artists_en")))
    return cell(names) + (f" by {cell(artists)}" if artists else "")


def _both(korean: str | None, english: str | None) -> str:
    """A name as the service gives it in Korean and in English, once when they are the same."""
    return " / ".join(dict.fromkeys(n for n in (korean, english) if n))


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path, allow_dash=True))
@click.option(
    "--dry-run", is_flag=True, help="Report what would be added or changed; write nothing."
)
@click.option("-v", "--verbose", is_flag=True, help="List every row added or changed.")
@exclusive
def import_(file: Path, dry_run: bool, verbose: bool) -> None:
    """Add or update tracks from a CSV, tab-separated or JSON file (all or nothing).

    FILE may be - for standard input, as in `ost tracks --csv | ost import -`.

    Example: ost import my-tracks.csv --dry-run
    """
    from ost import importer
    from ost.cli.inputs import stdin_copy

    db = catalogue.open_catalogue()
    describe = None if verbose else importer.MAX_PROBLEMS if dry_run else 0
    with stdin_copy(file) as (path, name):
        plan = importer.run_import(db, path, dry_run=dry_run, describe=describe, name=name)
    for line in plan.describe():
        click.echo(harmless(line))
    _new_artists(plan, verbose)
    if dry_run:
        click.echo(f"Dry run, nothing written: {plan.summary()}.")
        return
    click.echo(f"Imported {harmless(plan.name)}: {plan.summary()}.")


def _new_artists(plan: Any, verbose: bool) -> None:

    shown = plan.new_artists if verbose else plan.new_artists[:20]
    for name, line in shown:
        click.echo(f"new artist: {harmless(name)} ({harmless(plan.name)}:{line})")
    if len(plan.new_artists) > len(shown):
        click.echo(f"… and {len(plan.new_artists) - len(shown)} more new artists (-v lists all)")


@click.command()
@show_option()
@service_option(
    "Only this service's counts, dates and next steps (default: every one).", every=True
)
@json_option("Output a JSON object.")
def status(show: str | None, service: ServiceName | None, as_json: bool) -> None:
    """Where things stand: the database, counts per season and status on each service, logins,
    what to do next.

    Example: ost status --service ytmusic
    """
    from ost import overview

    s = overview.status(catalogue.open_catalogue(), show, service)
    if as_json:
        emit_object(s)
        return
    for line in describe_status(s):
        click.echo(line)


STATES_SHOWN = (
    Status.AUTO,
    Status.ACCEPTED,
    Status.PINNED,
    Status.REVIEW,
    Status.NONE,
    Status.REJECTED,
    UNMATCHED,
)


def _login_line(login: dict[str, Any], none: str = "no login (`ost login`)") -> str:
    """A service's login, each service's worded alike; ``none``: what its lack means."""
    if login["problem"]:
        return f"login unusable: {login['problem']}"
    if login["stored"]:
        return "login stored" + (f" for {cell(login['user'])}" if login["user"] else "")
    return none


def _ytmusic_line(yt: dict[str, Any]) -> str:
    return _login_line(
        yt["login"],
        "no login: matching needs none; `ost login --service ytmusic --headers FILE` to keep "
        "playlists there",
    )


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(paint(k, f"{counts[k]} {k}") for k in STATES_SHOWN if counts.get(k))


Row = tuple[str, str] | str
"""A line of `ost status`: (label, value), its label in the column, or a line as it is."""
LABEL_WIDTH = 12  # the labels' column, widened for a longer label ("starlight-laundry season 1")


def _season_lines(s: dict[str, Any]) -> list[Row]:
    """A line per season; with two services to speak of, a line under it for each one's."""
    shown = s["services_shown"]
    apart = len(shown) > 1 or (shown != [ServiceName.SPOTIFY] and not s["service"])
    # a show with no tracks yet has a line below: "season 1" alone would seem to be its
    named = {season["show"] for season in s["seasons"]} | {e["show"] for e in s["empty_shows"]}
    several = len(named) > 1
    lines: list[Row] = []
    for season in s["seasons"]:
        n = season["season"]
        name = f"{season['show']} season {n}" if several else f"season {n}"
        head = plural(season["tracks"], "track")
        if not apart:
            lines.append((name, f"{head}: {_counts(season['services'][shown[0]])}"))
            continue
        lines.append((name, head))
        # labelled rows, so that their counts stand in the one column of values
        lines += [(f"  {each}", _counts(season["services"][each])) for each in shown]
    return lines


def _dates(s: dict[str, Any], key: str) -> list[Row]:
    """``last match`` or ``last sync`` on each service status speaks of: Spotify's always
    unless another was asked for, another's once it has one; each named when both are there."""
    label = f"last {key}"
    dated = [
        name
        for name in ServiceName
        if s["service"] in (None, name)
        and (
            name == ServiceName.SPOTIFY
            or s["services"][name]["last_" + key]
            or name in s["services_shown"]
        )
    ]
    return [
        (
            label,
            f"{s['services'][name]['last_' + key] or 'never'}"
            + (f" ({label_of(name)})" if len(dated) > 1 or name != ServiceName.SPOTIFY else ""),
        )
        for name in dated
    ]


def describe_status(s: dict[str, Any]) -> list[str]:
    only = ServiceName(s["service"]) if s["service"] else None
    rows: list[Row] = [("database", s["database"])]
    if only:
        rows.append(("service", f"{label_of(only)} only"))
    rows += _season_lines(s)
    for empty in s["empty_shows"]:
        rows.append((empty["show"], "no tracks yet" + ("" if empty["dated"] else ", no air dates")))
    for broken in s["show_problems"]:
        rows.append((broken["show"], f"show file unusable: {harmless(broken['problem'])}"))
    if s["unverified_tracks"]:
        rows.append(
            ("unverified", f"{plural(s['unverified_tracks'], 'track')} (`ost tracks --all`)")
        )
    for name in s["services_shown"]:
        misses = s["services"][name]["near_misses"]
        if misses:
            review = f"ost review{ServiceName(name).option}"
            rows.append(("near misses", f"{misses} `none` with candidates (in `{review}`)"))
    if only in (None, ServiceName.SPOTIFY):
        rows.append(("spotify", _login_line(s["login"])))
        app = "client id set" if s["client_id_set"] else "SPOTIPY_CLIENT_ID not set"
        rows.append(("spotify app", app + (", secret set" if s["client_secret_set"] else "")))
    if only in (None, ServiceName.YTMUSIC):
        rows.append(("ytmusic", _ytmusic_line(s["ytmusic"])))
    rows += _dates(s, "match") + _dates(s, "sync")
    if s["library_files"]:
        rows.append(("library", f"{plural(s['library_files'], 'file')} matched to tracks"))
    rows += ["next:"] + [f"  {harmless(step)}" for step in s["next"] or ["nothing to do"]]
    return _aligned(rows)


def _aligned(rows: list[Row]) -> list[str]:
    """The rows with their values in one column, after the widest label (as wide as it shows:
    a Hangul character takes two columns)."""
    width = max([LABEL_WIDTH] + [display_width(r[0]) for r in rows if isinstance(r, tuple)])
    return [
        r if isinstance(r, str) else f"{r[0]}{' ' * (width - display_width(r[0]))} {r[1]}"
        for r in rows
    ]


COMMANDS = [status, tracks, seasons, show, import_]
