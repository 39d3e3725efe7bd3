"""`ost review`: decide the waiting matches in one sitting on a terminal, or list them.

The loop only reads keys and prints; each decision is the core's (`ost.matching`), saved at once,
so quitting (or Ctrl-C) keeps every decision made so far. Each decision takes the writer lock
(`ost.lock`) for its own save only: a session left open at a prompt never blocks a timed sync,
and a decision made while another ost writes waits for it (bounded, as every writer does).
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from typing import Any

import click

from ost import catalogue
from ost.cli.output import cell, emit, output_options
from ost.cli.seasons import show_option
from ost.cli.services import flag, match_command, recording_search, service_option
from ost.cli.tables import names_option, paint
from ost.decisions import Status
from ost.service import ServiceName
from ost.text import plural

REVIEW_COLUMNS = ("id", "title", "uri", "score", "reason")
SKIPPED = "skipped"  # not a status: the track is left as it was
KEYS_HELP = "number: accept that one · r: reject · s: skip · o[N]: open the link · q: quit"


@click.command()
@show_option()
@click.option("--list", "as_list", is_flag=True, help="Print the list; do not ask.")
@service_option()
@output_options
@names_option
def review(show: str | None, as_list: bool, service: ServiceName, fmt: str, names: str) -> None:
    """Decide the matches waiting for you, doubtful first (on a terminal, one by one).

    Keys: a candidate's number accepts it, r rejects the proposal, s skips, o (or o2) opens the
    link in your browser, q quits keeping the decisions made. Not on a terminal, or with
    --list, the list is printed instead.

    Example: ost review
    """
    from ost import review as core

    db = catalogue.open_catalogue()
    rows = core.waiting(db, service, show=show)
    if fmt != "table":
        emit(rows, fmt, REVIEW_COLUMNS)
        return
    if not rows:
        click.echo("Nothing to review.")
        return
    if as_list or not (sys.stdin.isatty() and sys.stdout.isatty()):
        for row in rows:
            for line in describe(row, names, service) + [_hint(row, service), ""]:
                click.echo(line)
        click.echo(_waiting_line(rows))
        return
    Session(db, rows, names, service).run()


def _waiting_line(rows: list[dict[str, Any]]) -> str:
    near = sum(r["near_miss"] for r in rows)
    return f"{plural(len(rows), 'track')} waiting" + (
        f" ({near} near miss{'es' if near != 1 else ''} among them)" if near else ""
    )


def _hint(row: dict[str, Any], service: ServiceName) -> str:
    on = flag(service)
    if row["near_miss"]:
        return f"  accept: ost accept {row['id']} N{on}"
    return f"  accept: ost accept {row['id']} [N]{on}   reject: ost reject {row['id']}{on}"


def _length(ms: int | None) -> str:
    if not ms:
        return ""
    seconds = round(ms / 1000)
    return f"{seconds // 60}:{seconds % 60:02d}"


def _details(c: dict[str, Any]) -> str:
    """ "Album · 2023-03-01 · 3:45 · ": what the service said of a candidate, a piece it did not
    say left out (no " · ? · ")."""
    pieces = (cell(c.get("album")), c.get("release_date") or "", _length(c.get("duration_ms")))
    return "".join(f"{p} · " for p in pieces if p)


def describe(
    row: dict[str, Any], names: str = "ko", service: ServiceName = ServiceName.SPOTIFY
) -> list[str]:
    """A waiting track and its numbered candidates, as the list and the session show them."""
    from ost.review import link

    title = cell(row["title"])
    if row.get("title_en") and row["title_en"] != row["title"]:
        en = cell(row["title_en"])
        title = f"{en} ({title})" if names == "en" else f"{title} ({en})"
    if row["near_miss"]:
        state = paint(Status.NONE) + ", near miss: nothing was good enough to propose"
    else:
        state = paint(Status.REVIEW) + f", score {row['score']:.2f}"
    lines = [f"{row['id']}  {title}  [{state}]"]
    for i, c in enumerate(row["candidates"], 1):
        proposed = " (proposed)" if c["uri"] == row.get("uri") else ""
        lines += [
            f"  {i}. {_names(c, names)} — {_artists(c, names)}{proposed}",
            f"     {_details(c)}score {c['score']:.2f} " + paint(c["status"], c["status"]),
            f"     {link(c['uri'], service)}  {c['uri']}",
            f"     {cell(c['reason'])}",
        ]
    return lines


def _names(c: dict[str, Any], names: str) -> str:
    order = ("name_en", "name_ko") if names == "en" else ("name_ko", "name_en")
    return cell(" / ".join(dict.fromkeys(c[k] for k in order if c.get(k))))


def _artists(c: dict[str, Any], names: str) -> str:
    order = ("artists_en", "artists_ko") if names == "en" else ("artists_ko", "artists_en")
    found: list[str] = next((c[k] for k in order if c.get(k)), [])
    return cell(", ".join(found))


def _saved(save: Callable[[], object]) -> bool:
    """Run one decision's save under the writer lock; False (and why) when another ost kept the
    lock past the wait, so that the user can decide again, skip or quit."""
    from ost import lock

    def waiting(who: str) -> None:
        click.echo(f"  waiting (up to {lock.wait_seconds():g} s) for {who} to finish writing…")

    try:
        with lock.holding("ost review", on_wait=waiting):
            save()
    except lock.Busy as e:
        click.echo(f"  not saved: {e}")
        click.echo("  decide again, s to skip or q to quit")
        return False
    return True


class Session:
    """One sitting: each waiting track in turn, a key for each decision."""

    def __init__(
        self,
        db: Any,
        rows: list[dict[str, Any]],
        names: str,
        service: ServiceName = ServiceName.SPOTIFY,
    ):
        self.db, self.rows, self.names, self.service = db, rows, names, service
        self.done: Counter[str] = Counter()  # by decision: accepted, rejected, skipped

    def run(self) -> None:
        click.echo(f"{_waiting_line(self.rows)}, doubtful first. {KEYS_HELP}")
        for n, row in enumerate(self.rows, 1):
            click.echo("")
            described = describe(row, self.names, self.service)
            click.echo(f"[{n}/{len(self.rows)}] " + "\n".join(described))
            if not self.decide(row):
                break
        click.echo(self.summary())

    def summary(self) -> str:
        left = len(self.rows) - sum(self.done.values())
        return (
            f"{self.done[Status.ACCEPTED]} accepted, {self.done[Status.REJECTED]} rejected, "
            f"{self.done[SKIPPED]} skipped"
            + (f", {left} not reached" if left else "")
            + ". Decisions are saved as you make them."
        )

    def decide(self, row: dict[str, Any]) -> bool:
        """Ask until a decision; False when the user quits."""
        actions: dict[str, Callable[[dict[str, Any], str], bool | None]] = {
            "r": self.reject,
            "s": self.skip,
            "": self.skip,
            "o": self.open,
            "q": self.quit,
        }
        while True:
            try:
                answer = click.prompt("decision", default="s", show_default=True).strip().lower()
            except click.Abort:  # end of input (Ctrl-D)
                click.echo("")
                return False
            if answer.isdigit():
                if self.accept(row, int(answer)):
                    return True
                continue
            outcome = actions.get(answer[:1], self.unknown)(row, answer[1:])
            if outcome is not None:
                return outcome

    def accept(self, row: dict[str, Any], number: int) -> bool:
        from ost import matching

        if not 1 <= number <= len(row["candidates"]):
            click.echo(f"  give a number from 1 to {len(row['candidates'])}")
            return False
        uri = row["candidates"][number - 1]["uri"]
        service = recording_search(self.service, None)
        if not _saved(lambda: matching.accept(self.db, row["id"], uri, service)):
            return False
        click.echo(f"  {paint(Status.ACCEPTED)} {uri} for {row['id']}")
        self.done[Status.ACCEPTED] += 1
        return True

    def reject(self, row: dict[str, Any], _rest: str) -> bool | None:
        from ost import matching

        if row["near_miss"]:
            click.echo("  nothing is proposed to reject: accept a number, or s to skip")
            return None
        rejected: list[str] = []
        if not _saved(lambda: rejected.append(matching.reject(self.db, row["id"], self.service))):
            return None
        uri = rejected[0]
        click.echo(
            f"  {paint(Status.REJECTED)} {uri}; `{match_command(self.service)}` looks further"
        )
        self.done[Status.REJECTED] += 1
        return True

    def skip(self, _row: dict[str, Any], _rest: str) -> bool:
        self.done[SKIPPED] += 1
        return True

    def quit(self, _row: dict[str, Any], _rest: str) -> bool:
        return False

    def open(self, row: dict[str, Any], rest: str) -> None:
        import webbrowser

        from ost.review import link

        number = int(rest) if rest.strip().isdigit() else 1
        if not 1 <= number <= len(row["candidates"]):
            click.echo(f"  give a number from 1 to {len(row['candidates'])}")
            return
        url = link(row["candidates"][number - 1]["uri"], self.service)
        try:
            opened = webbrowser.open(url)
        except webbrowser.Error:
            opened = False
        click.echo(f"  {'opened' if opened else 'could not open a browser; the link is'} {url}")

    def unknown(self, _row: dict[str, Any], _rest: str) -> None:
        click.echo(f"  {KEYS_HELP}")


COMMANDS = [review]
