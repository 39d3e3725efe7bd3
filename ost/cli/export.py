"""Export commands: `export m3u|xspf|json`, or the format an `-o` file's extension names."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import click

from ost import catalogue
from ost.cli import SuggestingGroup
from ost.cli.playlists import LISTED, listed_tracks, reasons, selection_options, why_unresolved
from ost.cli.seasons import scope_options
from ost.cli.services import defaulted, service_option
from ost.cli.tables import names_option
from ost.errors import OstError
from ost.service import LINKS, ServiceName
from ost.text import close_to, did_you_mean, fold, plural

EXTENSIONS = {".m3u": "m3u", ".m3u8": "m3u", ".xspf": "xspf", ".json": "json"}
FORMATS = ("m3u", "xspf", "json")


FORMAT_NEEDED = (
    "name the format (ost export m3u|xspf|json ...), or give -o FILE ending in "
    + ", ".join(EXTENSIONS)
    + " to pick it"
)


class ExportGroup(SuggestingGroup):
    """`ost export [NAME] -o FILE` without a format takes the format from FILE's extension.

    The command that does so (``by-extension``) is hidden: its usage mistakes are reported with
    `ost export`'s usage, and `ost export -h` lists its options."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        help_asked = args[:1] in (["-h"], ["--help"])
        if args and args[0].lower() in FORMATS:
            args = [args[0].lower(), *args[1:]]  # `ost export M3U`: a format, case aside
        elif args[1:2] and args[1].lower() in FORMATS:  # `ost export soundtrack-1 m3u`
            line = " ".join(["ost export", args[1].lower(), args[0], *args[2:]])
            raise click.UsageError(f"the format comes first: `{line}`", ctx)
        elif args[1:2] and args[0][:1] != "-" and args[1][:1] != "-":
            raise unknown_format(args[0], ctx)  # FORMAT NAME, the format misspelt
        elif args and not help_asked and args[0] not in self.commands:
            args = ["by-extension", *args]
        return super().parse_args(ctx, args)

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        """The format first, as each format's own usage line has it (`ost export m3u [OPTIONS]
        [NAME]`): one order for the group and its commands."""
        return ["[m3u|xspf|json]", *super().collect_usage_pieces(ctx)]

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


@click.group(cls=ExportGroup, subcommand_metavar="[NAME]")
def export() -> None:
    """Write a playlist file: m3u (UTF-8 .m3u8), xspf or json (or as -o FILE's extension says).

    Example: ost export soundtrack-1 -o soundtrack-1.xspf
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
        help="Only the service's links (open.spotify.com, music.youtube.com), even where you "
        "have a file.",
    )
    @service_option("Link each track on this service (after your own files).")
    @names_option
    def command(
        name: str | None,
        show: str | None,
        seasons: tuple[int, ...],
        output: Path | None,
        relative: bool,
        local_only: bool,
        links_only: bool,
        service: ServiceName,
        names: str,
    ) -> None:
        if local_only and links_only:
            raise click.UsageError("--local-only and --links-only exclude each other: give one")
        only = "local" if local_only else "links" if links_only else None
        fmt_ = _format_named(fmt, output) if fmt else _format_of(output, name)
        if output is not None and str(output) == "-":
            output = None  # standard output
        _export(fmt_, (name, show, seasons), output, relative, only, names, service)

    return command


def _format_named(fmt: str, output: Path | None) -> str:
    """A format given by name, which an -o FILE's extension must not contradict (M3U text in a
    .xspf file would mislead every player); an extension ost does not know is the user's."""
    named = EXTENSIONS.get(output.suffix.lower()) if output else None
    if named is not None and named != fmt:
        raise click.UsageError(
            f"-o {output} names the {named} format, but the format given is {fmt}: give a file "
            f"ending in {_extensions_of(fmt)}, or `ost export {named}`"
        )
    return fmt


def _extensions_of(fmt: str) -> str:
    return " or ".join(e for e, f in EXTENSIONS.items() if f == fmt)


def _format_of(output: Path | None, name: str | None) -> str:
    """The format -o FILE's extension names. A NAME that is no playlist but looks like a
    format (`ost export xpsf`), or stands where only a format can (no -o to name one), is an
    unknown format, said as such."""
    parent = click.get_current_context().parent  # the usage of `ost export`, not the helper's
    fmt = EXTENSIONS.get(output.suffix.lower()) if output else None
    format_expected = fmt is None or close_to(name.lower(), FORMATS) if name else False
    if name is not None and name.lower() in FORMATS and not _is_playlist(name):
        # `ost export --season 1 m3u`
        line = f"ost export {name.lower()} [OPTIONS] [NAME]"
        raise click.UsageError(f"the format comes first: `{line}`", ctx=parent)
    if name is not None and format_expected and not _is_playlist(name):
        raise unknown_format(name, parent)
    if fmt is None:
        if output is None or str(output) == "-":
            raise click.UsageError(f"no format given: {FORMAT_NEEDED}", ctx=parent)
        raise click.UsageError(
            f"cannot tell the format from '{output}': {FORMAT_NEEDED}", ctx=parent
        )
    return fmt


def unknown_format(name: str, ctx: click.Context | None) -> click.UsageError:
    hint = did_you_mean(name.lower(), FORMATS)
    return click.UsageError(f"unknown format '{name}' (formats: {', '.join(FORMATS)}).{hint}", ctx)


def _is_playlist(name: str) -> bool:
    """Whether NAME names a playlist definition (a broken one too: its error is the one to see)."""
    from ost import playlists

    definitions, broken = playlists.load_all(catalogue.open_catalogue())
    key = fold(name)
    return any(key in (fold(d.key), fold(d.name)) for d in definitions) or any(
        key == fold(stem) for stem in broken
    )


def _export(
    fmt: str,
    chosen: tuple[str | None, str | None, tuple[int, ...]],
    output: Path | None,
    relative: bool,
    only: str | None,
    names: str,
    service: ServiceName = ServiceName.SPOTIFY,
) -> None:
    """Entries stream from the plan through the writer to the file (or stdout), counted on
    their way for the report."""
    from ost import overview, playlists, writers

    db = catalogue.open_catalogue()
    name, show, seasons = chosen
    definitions = playlists.chosen(name, seasons, show, db)
    plans = [playlists.iter_plan(db, d, service) for d in definitions]  # a bad one fails here
    title = " + ".join(d.name for d in _holding(definitions, plans) or definitions)
    tally = _Tally()
    instead = overview.advised_service(db, service, defaulted())
    entries = tally.count(
        _entry(e, only, names, instead)
        for plan in plans
        for e in playlists.with_local_files(db, plan)
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
            from ost import diskfull

            failed = "the disk is full" if diskfull.is_full(e) else "cannot write"
            raise OstError(
                f"{output}: {failed} ({e.strerror}); the old file, if any, is unchanged"
            ) from None
    else:
        for chunk in chunks:
            click.echo(chunk, nl=False)
    named = f" {name}" if name else ""  # a definition's name, else the show it was scoped to
    shown = named + scope_options(None if name else show, seasons) + ServiceName(service).option
    _report_export(tally, output, fmt, service, f"ost playlist show{shown}", only)


def _holding(definitions: list[Any], plans: list[Any]) -> list[Any]:
    """The definitions whose plan has an entry: a show without tracks in the seasons chosen
    adds nothing to the title. Each plan's first entry is read ahead and put back in place."""
    held = []
    for i, (d, plan) in enumerate(zip(definitions, plans, strict=True)):
        first = next(plan, None)
        if first is not None:
            plans[i] = itertools.chain([first], plan)
            held.append(d)
    return held


def _entry(
    e: Any, only: str | None = None, names: str = "ko", instead: ServiceName | None = None
) -> Any:
    from ost.writers import Entry

    link = e.link
    local = e.local_path if only != "links" else None
    location: str | None = local or (link if only != "local" else None)
    if location:
        note = ""
    elif only == "local":
        note = "--local-only: no file of yours"  # whatever any service holds
    elif only == "links" and e.local_path:
        note = f"--links-only: no {LINKS[e.service].label} match"
    else:
        note = why_unresolved(e.match_status, e.service, instead=instead)
    # A link's entry carries the recording's length and album, a file's the file's own.
    duration_ms, album = e.length_ms(local is not None), e.album_of(local is not None)
    seconds = round(duration_ms / 1000) if duration_ms else None
    english = names == "en"
    return Entry(
        track_id=e.track_id,
        title=(e.title_en or e.title) if english else e.title,
        artists=tuple((e.artists_en or e.artists) if english else e.artists),
        duration_s=seconds,
        location=location,
        album=(e.album_en or album) if english else album,
        note=note,
    )


UNRESOLVED_AS = {
    "m3u": "written as comments",
    "xspf": "listed in the playlist's annotation",
    "json": 'marked "resolved": false',
}


class _Tally:
    """Counts the entries as they stream past on their way to the writer."""

    def __init__(self) -> None:
        self.total = self.local = 0
        self.unresolved: list[Any] = []
        self.unresolved_count = 0
        self.why: dict[str, int] = {}  # each unresolved entry's note, counted

    def count(self, entries: Any) -> Any:
        from ost import writers

        for e in entries:
            self.total += 1
            if not writers.is_resolved(e):
                self.unresolved_count += 1
                self.why[e.note] = self.why.get(e.note, 0) + 1
                if len(self.unresolved) < LISTED:
                    self.unresolved.append(e)
            elif not e.location.startswith("https://"):
                self.local += 1
            yield e


def _report_export(
    tally: _Tally,
    output: Path | None,
    fmt: str,
    service: ServiceName = ServiceName.SPOTIFY,
    lister: str = "ost playlist show",
    only: str | None = None,
) -> None:
    resolved = tally.total - tally.unresolved_count
    where = f" to {output}" if output else ""
    links = plural(resolved - tally.local, f"{LINKS[service].label} link")
    held = plural(tally.local, "local file") + ("" if only == "local" else f", {links}")
    click.echo(f"Wrote {resolved} of {plural(tally.total, 'track')}{where} ({held}).", err=True)
    if tally.unresolved_count:
        listed = listed_tracks(tally.unresolved, tally.unresolved_count, lister)
        click.echo(
            f"{tally.unresolved_count} unresolved ({UNRESOLVED_AS[fmt]}): {listed} — "
            + reasons(tally.why),
            err=True,
        )


export.add_command(
    _export_command(
        "m3u",
        "Extended M3U in UTF-8 (.m3u8): local files where the library has them, else links "
        "(Spotify's, or YouTube Music's with --service ytmusic).",
        "ost export m3u soundtrack-1 -o soundtrack-1.m3u8",
    )
)
export.add_command(
    _export_command(
        "xspf",
        "XSPF (XML) playlist with the same entries as the m3u.",
        "ost export xspf --show soundtrack --season 2 -o soundtrack-2.xspf",
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
        "ost export soundtrack-1 -o soundtrack-1.xspf",
    )
)


COMMANDS = [export]
