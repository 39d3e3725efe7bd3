"""Library commands: `library scan`, `library accept` (and `ost pin TRACK FILE`, with `pin`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ost import catalogue
from ost.cli import SuggestingGroup
from ost.cli.locking import exclusive
from ost.cli.output import ProgressBar, cell, emit_object, json_option
from ost.cli.seasons import show_option
from ost.text import plural


@click.group(cls=SuggestingGroup)
def library() -> None:
    """Your own audio files: scan a music folder and match files to catalogue tracks."""


@library.command("scan")
@click.argument("dirs", nargs=-1, type=click.Path(file_okay=False, path_type=Path))
@show_option(
    "Match files to this show's tracks only (its key, as `ost shows` lists it, or a name)."
)
@click.option(
    "--force", is_flag=True, help="Read and match every file again, not just new or changed ones."
)
@click.option(
    "--forget-missing",
    is_flag=True,
    help="A folder that is missing or holds no audio file now was emptied on purpose: forget "
    "its files (your decisions on them are still kept).",
)
@click.option("-v", "--verbose", is_flag=True, help="List the unmatched files too (else counted).")
@json_option("Output the report as JSON.")
@exclusive
def scan(
    dirs: tuple[Path, ...],
    show: str | None,
    force: bool,
    forget_missing: bool,
    verbose: bool,
    as_json: bool,
) -> None:
    """Read tags (mp3, flac, m4a, ogg/opus, wav) under DIRS and match files to tracks.

    Without DIRS, rescans the folders scanned before. A file named "Artist - Title" is matched
    by its name when its tags are missing. A folder that is missing or suddenly empty (an
    unmounted drive) is reported and its files kept for when it returns; your decisions on
    files that are gone are always kept.

    Example: ost library scan ~/Music
    """
    from ost.library.scan import scan

    db = catalogue.open_catalogue()
    bar = ProgressBar("Scanning", quiet=as_json)
    try:
        report = scan(
            db,
            list(dirs),
            force=force,
            progress=lambda _done, total: bar.advance(total),
            forget_absent=forget_missing,
            show=show,
        )
    finally:
        bar.close()
    if as_json:
        emit_object(_scan_json(report))
        return
    _scan_lines(report, verbose)


def _scan_lines(report: Any, verbose: bool) -> None:
    for track_id, path, reason in report.matched:
        click.echo(f"matched    {track_id:<9} {cell(path)}  ({cell(reason)})")
    for track_id, path, reason in report.review:
        click.echo(f"review     {track_id:<9} {cell(path)}  ({cell(reason)})")
    if verbose:
        for path, reason in report.unmatched:
            click.echo(f"unmatched  {cell(path)}  ({cell(reason)})")
    for path, why in report.skipped:
        click.echo(f"skipped    {cell(path)}  ({cell(why)})")
    for folder, why, kept in report.absent:
        click.echo(
            f"absent     {cell(folder)}  ({why}: its {plural(kept, 'file')} kept for when it "
            "returns; `--forget-missing` if they are gone for good)"
        )
    for track_id, path, state in report.kept:
        click.echo(
            f"kept       {track_id:<9} {cell(path)}  ({state} by you; the file is gone, "
            "your decision returns with it)"
        )
    for track_id, (path, why) in report.preferred.items():
        if "preferred" in why or "of " in why:
            click.echo(f"chosen     {track_id:<9} {cell(path)}  ({cell(why)})")
    folders = report.unreadable_folders  # not among the audio files: said apart
    click.echo(
        f"{plural(report.scanned, 'audio file')} in {plural(len(report.roots), 'folder')}: "
        f"{report.reused} unchanged since the last scan, {len(report.matched)} matched, "
        f"{len(report.review)} to review, {len(report.unmatched)} unmatched, "
        f"{len(report.skipped) - folders} skipped, {report.removed} gone"
        + "".join(f", {n}" for n in _kept_counts(report))
        + (f"; {plural(folders, 'folder')} could not be read." if folders else "."),
        err=True,
    )
    if report.review:
        click.echo(
            "A file to review is used once you accept it: `ost library accept FILE` "
            "(or assign any file: `ost pin TRACK FILE`).",
            err=True,
        )
    if report.unmatched and not verbose:
        click.echo("`ost library scan -v` lists the unmatched files.", err=True)


def _kept_counts(report: Any) -> list[str]:
    counts = []
    if report.absent:
        counts.append(f"{plural(len(report.absent), 'folder')} absent")
    if report.kept:
        counts.append(f"{plural(len(report.kept), 'decision')} kept on files that are gone")
    return counts


@library.command("accept")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@exclusive
def accept_file(files: tuple[Path, ...]) -> None:
    """Accept the scan's `review` match of each FILE: it is then played and exported.

    Example: ost library accept "~/Music/01 행복해지고 싶어.mp3"
    """
    from ost.library.files import accept_file
    from ost.resolve import described

    db = catalogue.open_catalogue()
    for file in files:
        row = accept_file(db, file)
        click.echo(f"Accepted {cell(row['path'])} for {described(db, row['track_id'])}.")


def _scan_json(report: Any) -> dict[str, Any]:
    return {
        "scanned": report.scanned,
        "reused": report.reused,
        "removed": report.removed,
        "roots": report.roots,
        "matched": [{"id": t, "path": p, "reason": r} for t, p, r in report.matched],
        "review": [{"id": t, "path": p, "reason": r} for t, p, r in report.review],
        "unmatched": [{"path": p, "reason": r} for p, r in report.unmatched],
        "skipped": [{"path": p, "why": w} for p, w in report.skipped],
        "unreadable_folders": report.unreadable_folders,
        "absent_folders": [{"path": p, "why": w, "kept": n} for p, w, n in report.absent],
        "kept_decisions": [{"id": t, "path": p, "state": s} for t, p, s in report.kept],
        "preferred": {t: {"path": p, "why": w} for t, (p, w) in report.preferred.items()},
    }


COMMANDS = [library]
