"""Catalogue commands: tracks, seasons, show, import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ost import catalogue
from ost.cli.output import cell, emit, emit_object, output_options

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
)
TABLE_COLUMNS = ("id", "season", "order", "title", "title_en", "artists", "release_date", "status")
SEASON_COLUMNS = (
    "season",
    "title",
    "title_en",
    "premiere",
    "finale",
    "episodes",
    "platform",
    "tracks",
    "unverified_tracks",
)


@click.command()
@click.option("--season", "seasons", type=int, multiple=True, help="Only this season (repeatable).")
@click.option("--episode", type=int, help="Only tracks placed in this episode.")
@click.option("--artist", help="Only tracks by an artist whose name or alias contains this.")
@click.option("--all", "include_all", is_flag=True, help="Include unverified tracks.")
@output_options
def tracks(
    seasons: tuple[int, ...], episode: int | None, artist: str | None, include_all: bool, fmt: str
) -> None:
    """List OST tracks per season, in release order.

    Example: ost tracks --season 1 --json
    """
    db = catalogue.open_catalogue()
    check_seasons(db, seasons)
    rows = catalogue.iter_tracks(
        db, seasons=seasons, episode=episode, artist=artist, include_unverified=include_all
    )
    if fmt != "table":
        emit(rows, fmt, TRACK_COLUMNS)
        return
    shown = list(rows)
    columns = TABLE_COLUMNS + (("match_status",) if any(r["match_status"] for r in shown) else ())
    emit([mark_uncertain(r) for r in shown], fmt, columns)
    if not shown:
        click.echo("No tracks match.", err=True)
    elif any(r["uncertain"] for r in shown):
        click.echo("(?) uncertain: `ost show ID` says why.", err=True)


def check_seasons(db: Any, seasons: tuple[int, ...]) -> None:
    known = set(catalogue.season_numbers(db))
    for s in seasons:
        if s not in known:
            raise click.BadParameter(
                f"season {s} is not in the catalogue (seasons: {', '.join(map(str, sorted(known)))})",
                param_hint="--season",
            )


def mark_uncertain(row: dict[str, Any]) -> dict[str, Any]:
    """For the table: a value the sources leave uncertain is shown with "(?)" after it."""
    marked = dict(row)
    for key in row["uncertain"]:
        if key in marked:
            marked[key] = f"{cell(marked[key])} (?)".strip()
    return marked


@click.command()
@output_options
def seasons(fmt: str) -> None:
    """Each season's facts and track counts.

    Example: ost seasons --json
    """
    rows = catalogue.season_rows(catalogue.open_catalogue())
    emit(rows, fmt, SEASON_COLUMNS)


@click.command()
@click.argument("track", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Output a JSON object.")
def show(track: tuple[str, ...], as_json: bool) -> None:
    """All that is known of one track (by id, or Korean or English title), sources included.

    Example: ost show s1-03
    """
    detail = catalogue.find_track(catalogue.open_catalogue(), " ".join(track))
    if as_json:
        emit_object(detail)
        return
    for line in describe(detail):
        click.echo(line)


def describe(d: dict[str, Any]) -> list[str]:
    lines = [
        f"{d['id']}  {cell(d['title'])}"
        + (f"  ({cell(d['title_en'])})" if d["title_en"] and d["title_en"] != d["title"] else "")
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
        ("added by", "you (import)" if d["origin"] == "user" else None),
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
    lines += ["  sources:"] + [f"    {s}" for s in d["sources"]]
    return lines


def _artist_line(a: dict[str, Any]) -> str:
    names = [a["name"]] + ([a["name_en"]] if a["name_en"] else [])
    return " / ".join(names) + (f" (also {', '.join(a['aliases'])})" if a["aliases"] else "")


def _credit_line(c: dict[str, Any]) -> str:
    return f"{c.get('role', '?')}: {c.get('name', '?')}" + (
        f" ({c['note']})" if c.get("note") else ""
    )


def _match_lines(m: dict[str, Any]) -> list[str]:
    out = [f"  {'match':<13} {m['status']}" + (f"  {m['uri']}" if m["uri"] else "")]
    if m.get("name_ko") or m.get("name_en"):
        names = " / ".join(n for n in (m.get("name_ko"), m.get("name_en")) if n)
        out.append(
            f"  {'on spotify':<13} {cell(names)} — {cell(m.get('album'))} ({m.get('release_date')})"
        )
    if m.get("reason"):
        out.append(f"  {'why':<13} {cell(m['reason'])}")
    return out


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--dry-run", is_flag=True, help="Report what would be added or changed; write nothing."
)
def import_(file: Path, dry_run: bool) -> None:
    """Add or update tracks from a CSV or JSON file (all or nothing).

    Example: ost import my-tracks.csv --dry-run
    """
    from ost import importer

    db = catalogue.open_catalogue()
    plan = importer.plan_import(db, file)
    for line in plan.describe():
        click.echo(line)
    if dry_run:
        click.echo(f"Dry run, nothing written: {plan.summary()}.")
        return
    importer.apply(db, plan)
    click.echo(f"Imported {file}: {plan.summary()}.")


COMMANDS = [tracks, seasons, show, import_]
