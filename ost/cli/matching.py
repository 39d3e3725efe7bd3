"""Matching commands: match, review, accept, reject, pin, unpin."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ost import catalogue
from ost.cli.environment import env_option
from ost.cli.locking import exclusive
from ost.cli.output import ProgressBar, cell, emit, json_option, max_wait_option
from ost.cli.seasons import scope_options, season_option, show_option
from ost.cli.services import label, match_command, on, recording_search, service_option
from ost.cli.tables import paint
from ost.decisions import FOUND_BY_MATCH
from ost.service import LINKS, ServiceName
from ost.text import harmless, plural


def _market(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A market is a country code (ISO 3166-1 alpha-2: two letters); empty means none."""
    if value is None or not value.strip():
        return None
    code = value.strip().upper()
    if len(code) != 2 or not ("A" <= code[0] <= "Z" and "A" <= code[1] <= "Z"):
        raise click.BadParameter(
            f"'{value}' is not a country code: give two letters (ISO 3166-1 alpha-2), e.g. KR",
            ctx=ctx,
            param=param,
        )
    return code


@click.command()
@show_option()
@season_option()
@service_option("Where to look: YouTube Music needs no account.")
@click.option("--all", "include_all", is_flag=True, help="Include unverified tracks.")
@click.option(
    "--refresh",
    is_flag=True,
    help="Search again past the cache and re-score (user decisions stay).",
)
@click.option(
    "--dry-run", is_flag=True, help="Show what would change; change nothing in the catalogue."
)
@env_option(
    "--market",
    envvar="OST_MARKET",
    callback=_market,
    help="Spotify market (country code, two letters), e.g. KR; YouTube Music has none. "
    "[env: OST_MARKET]",
)
@max_wait_option
@json_option("Output the outcomes as a JSON array.")
@exclusive
def match(
    show: str | None,
    seasons: tuple[int, ...],
    service: ServiceName,
    include_all: bool,
    refresh: bool,
    dry_run: bool,
    market: str | None,
    max_wait: float,
    as_json: bool,
) -> None:
    """Find each track's recording on Spotify or YouTube Music (Korean and English searches),
    with reasons.

    Example: ost match --season 1  (or: ost match --service ytmusic)
    """
    from ost import matching

    db = catalogue.open_catalogue()
    scope = matching.Scope(seasons=seasons, include_unverified=include_all, show=show)
    todo, _ = matching.tracks_to_match(db, scope, refresh, service)
    bar = ProgressBar("Matching", quiet=as_json)
    bar.start(len(todo))
    done: list[Any] = []  # the tracks finished (and saved) so far

    def step(outcome: Any) -> None:
        done.append(outcome)
        bar.advance(len(todo))

    try:
        outcomes, stats, left_alone = matching.run_match(
            db,
            recording_search(service, max_wait),
            scope,
            refresh=refresh,
            dry_run=dry_run,
            market=market if service == ServiceName.SPOTIFY else None,
            progress=step,
        )
    except KeyboardInterrupt:  # each finished track is saved: say which, then exit 130
        bar.close()
        _outcomes(done, as_json, dry_run)
        again = f"{match_command(service)}{' --refresh' * refresh}{' --all' * include_all}"
        click.echo(
            _interrupted(done, dry_run, again + scope_options(show, seasons), refresh), err=True
        )
        raise
    finally:
        bar.close()
    _outcomes(outcomes, as_json, dry_run)
    counts = _counts(outcomes)
    click.echo(
        f"{'Would look' if dry_run else 'Looked'} for {plural(len(outcomes), 'track')}: "
        f"{counts}; {left_alone} already decided or matched. "
        f"{label(service)} requests: {stats.requests}, answered from cache: {stats.cached}."
        + (" Dry run: nothing saved." if dry_run else ""),
        err=True,
    )


def _outcomes(outcomes: list[Any], as_json: bool, dry_run: bool) -> None:
    from ost import matching

    if as_json:
        emit((matching.outcome_json(o) for o in outcomes), "json", ())
    else:
        _report(outcomes, dry_run)


def _counts(outcomes: list[Any]) -> str:
    counts = {s.value: sum(o.status == s for o in outcomes) for s in FOUND_BY_MATCH}
    return f"{counts['auto']} auto, {counts['review']} review, {counts['none']} none"


def _interrupted(done: list[Any], dry_run: bool, again: str, refresh: bool = False) -> str:
    """What an interrupted match had finished (each finished track is saved whole), and the run
    to go on with: the same options, so that a refresh goes on refreshing."""
    n = plural(len(done), "track")
    if dry_run:
        return f"{n} looked for before the interrupt ({_counts(done)}); nothing saved (dry run)."
    skipped = (
        "a refresh searches the saved tracks again too"
        if refresh
        else "saved tracks are not looked for again"
    )
    counts = _counts(done)
    return f"{n} saved before the interrupt ({counts}); run `{again}` again to go on ({skipped})."


ID_WIDTH = 9  # the bundled show's ids ("s1-03", "s2-d1") and a little more


def _report(outcomes: list[Any], dry_run: bool) -> None:
    """Two lines a track, in columns as wide as the run's longest id (another show's ids,
    ``queen-of-tears:s1-01``, are longer than the bundled show's)."""
    width = max((len(o.track_id) for o in outcomes), default=0)
    width = max(width, ID_WIDTH)
    for o in outcomes:
        mark = "would change" if dry_run and o.changed else ("" if o.changed else "unchanged")
        target = o.uri or "-"
        click.echo(
            f"{o.track_id:<{width}} {paint(o.status, f'{o.status:<7}')} {target}  "
            f"{cell(o.title)}" + (f"  ({mark})" if mark else "")
        )
        click.echo(f"{'':<{width}} {cell(o.reason)}")


def _track_id(db: Any, text: str, show: str | None) -> str:
    from ost.resolve import resolve_track_id

    return resolve_track_id(db, text, show)


def _quoted(text: str) -> str:
    """A word as a suggested command line gives it: in quotes when it holds a space."""
    return f'"{text}"' if any(c.isspace() for c in text) else text


def _is_recording_link(text: str) -> bool:
    """A Spotify URI or a link of a service (not a bare YouTube video id, which a one-word
    title of eleven letters could be)."""
    return text.strip().startswith(("spotify:", "http://", "https://")) or any(
        host in text for host in ("youtube.com/", "youtu.be/")
    )


def _checked_order(db: Any, command: str, track: str, second: str | None, shown: str) -> None:
    """A usage mistake for what a user commonly types wrong before TRACK is resolved: the
    recording first (`ost pin spotify:track:… s1-04`), or a title of several words unquoted
    (`ost accept my love 2` gives TRACK "my", "love" as the candidate and an extra "2").
    ``shown``: what the second argument stands for in a suggestion (N, URI)."""
    from ost.errors import UsageError

    ctx = click.get_current_context()
    words, extra = [track, *([second] if second is not None else []), *ctx.args], ctx.args
    if len(words) > 1 and _is_recording_link(words[0]) and not _is_recording_link(words[-1]):
        named = _quoted(" ".join(words[1:]))
        raise UsageError(f"the track comes first: `ost {command} {named} {track}{_given(ctx)}`")
    last = words[-1]
    is_target = last.strip().isdigit() or any(LINKS[s].parse(last) for s in ServiceName)
    if extra and is_target:  # `ost accept my love 2`: a title, then the candidate
        words, shown = words[:-1], last
    elif len(words) < 2 or is_target or _names_a_file(last):
        return
    title = " ".join(words)
    track_id = _title_of_one(db, title, ctx.params.get("show"))
    if track_id:
        raise UsageError(
            f"'{title}' is one track's title ({track_id}): quote it, "
            f"as in `ost {command} {_quoted(title)} {shown}{_given(ctx)}`"
        )
    if extra:
        several = "s" if len(extra) > 1 else ""  # click's own words for the same mistake
        raise UsageError(f"Got unexpected extra argument{several} ({' '.join(extra)})")


def _given(ctx: click.Context) -> str:
    """The options the user typed (` --show KEY --service ytmusic`), for a suggested line that
    must do what the user asked for."""
    from click.core import ParameterSource

    out = ""
    for param in ctx.command.params:
        name = param.name or ""
        if not isinstance(param, click.Option) or (
            ctx.get_parameter_source(name) is not ParameterSource.COMMANDLINE
        ):
            continue
        value = ctx.params.get(name)
        shown = "" if param.is_flag else f" {_quoted(str(getattr(value, 'value', value)))}"
        out += f" {param.opts[-1] if param.opts[-1].startswith('--') else param.opts[0]}{shown}"
    return out


def _title_of_one(db: Any, title: str, show: str | None) -> str | None:
    """The id of the one track ``title`` names, else None."""
    from ost.resolve import Unresolved

    try:
        return _track_id(db, title, show)
    except Unresolved:
        return None


def _named(db: Any, track_id: str) -> str:
    """The track in a confirmation: id, title, and its show when not the bundled one."""
    from ost.resolve import described

    return described(db, track_id)


TITLE_IN_WORDS = {"allow_extra_args": True}
"""accept and pin keep the words past their two arguments (``ctx.args``) to tell an unquoted
title (`ost accept my love 2`) from a mistake (``_checked_order``)."""
TRACK_SHOW = show_option(
    "The show TRACK is of (its key or a name): `s1-01` is then that show's; "
    "without it a bare id is the bundled show's."
)


def track_words(command: Callable[..., Any]) -> Callable[..., Any]:
    """TRACK as words (several words are one name, quotes optional), its show and the service:
    the arguments of the commands that take nothing but a track (reject, unpin)."""
    words = click.argument("track", nargs=-1, required=True, metavar="TRACK")
    return words(TRACK_SHOW(service_option()(command)))


@click.command(context_settings=TITLE_IN_WORDS)
@click.argument("track")
@click.argument("uri", required=False)
@TRACK_SHOW
@service_option()
@max_wait_option
@exclusive
def accept(
    track: str, uri: str | None, show: str | None, service: ServiceName, max_wait: float
) -> None:
    """Accept the proposed recording for TRACK, candidate number N (as `ost review` numbers
    them), or the recording URI or link you give.

    Example: ost accept s1-04 2
    """
    from ost import matching

    db = catalogue.open_catalogue()
    _checked_order(db, "accept", track, uri, "N")
    track_id = _track_id(db, track, show)
    if uri is not None and uri.strip().isdigit():  # a candidate's number, as `ost review` shows
        from ost.review import candidate_uri

        uri = candidate_uri(db, track_id, int(uri), service)
    row = matching.accept(db, track_id, uri, recording_search(service, max_wait))
    click.echo(f"Accepted {row['uri']} for {_named(db, track_id)}{on(service)}.")
    doubt = matching.second_opinion(db, row["track_id"], row)
    if doubt:
        click.echo(f"note: ost's scorer would not have chosen it: {doubt}", err=True)


@click.command()
@track_words
@exclusive
def reject(track: tuple[str, ...], show: str | None, service: ServiceName) -> None:
    """Reject TRACK's proposed recording: it is never proposed again; `ost match` looks further.
    Several words are one name (quotes optional).

    Example: ost reject s1-04
    """
    from ost import matching

    db = catalogue.open_catalogue()
    track_id = _track_id(db, " ".join(track), show)
    uri = matching.reject(db, track_id, service)
    click.echo(
        f"Rejected {uri} for {_named(db, track_id)}{on(service)}. "
        f"Run `{match_command(service)}` to look further."
    )


@click.command(context_settings=TITLE_IN_WORDS)
@click.argument("track")
@click.argument("target", metavar="URI|FILE")
@TRACK_SHOW
@service_option()
@exclusive
def pin(track: str, target: str, show: str | None, service: ServiceName) -> None:
    """Pin TRACK to a recording (a Spotify URI or link; with --service ytmusic a YouTube Music
    link or video id), or to an audio FILE of yours.

    No search or scan changes a pin.

    Example: ost pin s2-01 spotify:track:…  (or: ost pin s1-04 ~/Music/my-love.flac)
    """
    from ost import matching

    db = catalogue.open_catalogue()
    _checked_order(db, "pin", track, target, "URI")
    track_id = _track_id(db, track, show)
    if not any(LINKS[s].parse(target) for s in ServiceName) and _names_a_file(target):
        from ost.library.files import pin_file

        row = pin_file(db, track_id, Path(target))
        click.echo(f"Pinned {harmless(row['path'])} for {_named(db, track_id)}.")
        return
    row = matching.pin(db, track_id, target, service)
    click.echo(f"Pinned {row['uri']} for {_named(db, track_id)}{on(service)}.")
    doubt = matching.second_opinion(db, track_id, row)
    if doubt:
        click.echo(f"note: ost's scorer would not have chosen it: {doubt}", err=True)
    elif not (row.get("name_ko") or row.get("name_en")):
        _say_unchecked(track_id, row["uri"], service)


def _say_unchecked(track_id: str, uri: str, service: ServiceName) -> None:
    """A pin is made offline: a recording ost has never seen (no name kept with the pin) may
    not exist, and the user should know that nothing looked."""
    click.echo(
        f"note: {uri} was not checked on {label(service)} (a pin is made offline, and no "
        f"search of ost's has met it); `ost accept {track_id} {uri}{ServiceName(service).option}`"
        " looks it up",
        err=True,
    )


def _names_a_file(text: str) -> bool:
    """A path (existing, or written as one) rather than a recording's URI or link."""
    path = Path(text).expanduser()
    return path.exists() or (
        not text.startswith(("spotify:", "http"))
        and (
            os.sep in text
            or path.suffix.lower() in (".mp3", ".flac", ".m4a", ".ogg", ".opus", ".wav")
        )
    )


@click.command()
@track_words
@exclusive
def unpin(track: tuple[str, ...], show: str | None, service: ServiceName) -> None:
    """Remove TRACK's pin, to a recording on the service (the next `ost match` searches again)
    or to a file of yours (the next `ost library scan` matches it again), saying which it undid.
    Several words are one name (quotes optional).

    Example: ost unpin s2-01
    """
    from ost import matching

    db = catalogue.open_catalogue()
    track_id = _track_id(db, " ".join(track), show)
    uri, files = matching.unpin(db, track_id, service)
    if uri:
        click.echo(
            f"Unpinned {uri} for {_named(db, track_id)}{on(service)}; "
            f"`{match_command(service)}` searches for it again."
        )
    for path in files:
        click.echo(
            f"Unpinned the file {cell(path)} for {_named(db, track_id)}; "
            "`ost library scan` matches it again."
        )


COMMANDS = [match, accept, reject, pin, unpin]
