"""One output path for every listing: an aligned table (wide characters counted), JSON, JSON
lines or CSV, written row by row (memory stays flat in the number of rows, except for the table,
which must see every row to size its columns)."""

from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Callable, Iterable, Sequence
from json.encoder import encode_basestring as _quote  # type: ignore[attr-defined]
from typing import Any

import click

from ost.cli.environment import env_option
from ost.text import display_width, harmless, json_harmless, single_line

FORMATS = ("table", "json", "csv", "nl")
FLUSH_AT = 8192
"""Characters gathered before a write: rows still go out as they come, not one call each."""


class ProgressBar:
    """A progress bar on stderr when it is a terminal (silent otherwise), drawn from ``start``
    or the first ``advance``. While one is drawn, ``note`` writes below it, not onto it."""

    drawn: list[ProgressBar] = []

    def __init__(self, label: str, quiet: bool = False):
        import sys

        self.label = label
        self.on = not quiet and sys.stderr.isatty()
        self.bar: Any = None

    def start(self, total: int) -> None:
        if self.on and self.bar is None and total:
            import sys

            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
            ProgressBar.drawn.append(self)

    def advance(self, total: int) -> None:
        """One more item done, of ``total``."""
        self.start(total)
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            ProgressBar.drawn.remove(self)
            self.bar = None


def note(message: str) -> None:
    """``note: …`` on stderr, on a line of its own: a progress bar drawn there has no line break
    after it, so one is written first (the bar is drawn again below at its next step)."""
    click.echo(("\n" if ProgressBar.drawn else "") + f"note: {message}", err=True)


def json_option(help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--json`` (``as_json``) for a command that prints one object or report, not a listing
    (a listing takes ``output_options``)."""
    return click.option("--json", "as_json", is_flag=True, help=help)


def output_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Adds ``--json`` / ``--csv`` / ``--nl`` (default: a table), passed on as ``fmt``."""

    @functools.wraps(func)
    def wrapper(*args: Any, as_json: bool, as_csv: bool, as_nl: bool, **kwargs: Any) -> Any:
        chosen = [
            name for name, on in (("--json", as_json), ("--csv", as_csv), ("--nl", as_nl)) if on
        ]
        if len(chosen) > 1:
            raise click.UsageError(f"{' and '.join(chosen)} cannot be used together")
        fmt = "json" if as_json else "csv" if as_csv else "nl" if as_nl else "table"
        return func(*args, fmt=fmt, **kwargs)

    wrapper = click.option(
        "--nl", "as_nl", is_flag=True, help="Output one JSON object a line (JSON lines)."
    )(wrapper)
    wrapper = click.option("--csv", "as_csv", is_flag=True, help="Output CSV (header row, UTF-8).")(
        wrapper
    )
    return json_option("Output a JSON array.")(wrapper)


class Seconds(click.ParamType):
    """A duration in seconds: a finite number, 0 or more (``nan`` and ``inf`` are refused)."""

    name = "seconds"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if not 0 <= seconds < float("inf"):
            self.fail(f"{value!r} is not a number of seconds from 0 up", param, ctx)
        return seconds


max_wait_option = env_option(
    "--max-wait",
    type=Seconds(),
    envvar="OST_MAX_WAIT",
    default=60.0,
    show_default=True,
    help="Longest wait (s) a rate limit may impose before ost stops. [env: OST_MAX_WAIT]",
)


def emit(rows: Iterable[dict[str, Any]], fmt: str, columns: Sequence[str]) -> int:
    """Print rows as they come; returns how many. JSON carries every key; table and CSV the
    named columns; a table of no rows prints nothing (the command says why)."""
    if fmt == "json":
        return _write(map(json_harmless, json_array(rows))) - 1
    if fmt == "nl":
        return _write(json_harmless(json.dumps(row, ensure_ascii=False)) + "\n" for row in rows)
    if fmt == "csv":
        return _write(csv_lines(rows, columns)) - 1
    grid = list(rows)
    if grid:  # an empty listing says so in a note of its command's, under no empty header
        click.echo(table(grid, columns), nl=False)
    return len(grid)


def emit_object(obj: Any) -> None:
    """One JSON document (an object), indented as every ``--json`` is."""
    click.echo(json_harmless(json.dumps(obj, ensure_ascii=False, indent=2)))


def _write(chunks: Iterable[str]) -> int:
    """Write the chunks, a few rows' worth at a time; returns how many chunks there were."""
    count, pending, size = 0, [], 0
    for chunk in chunks:
        count += 1
        pending.append(chunk)
        size += len(chunk)
        if size >= FLUSH_AT:
            click.echo("".join(pending), nl=False, color=True)  # color: never strip ESC
            pending, size = [], 0
    if pending:
        click.echo("".join(pending), nl=False, color=True)
    return count


def json_array(rows: Iterable[dict[str, Any]]) -> Iterable[str]:
    """The text of ``json.dumps(list(rows), ensure_ascii=False, indent=2)``, one element at a
    time."""
    first = True
    for row in rows:
        yield ("[\n  " if first else ",\n  ") + indented(row, 1)
        first = False
    yield "[]\n" if first else "\n]\n"


_encode = json.JSONEncoder(ensure_ascii=False).encode


def _scalar(value: Any) -> str:
    """A scalar as ``json.dumps`` writes it; strings (most values) by json's C quoting."""
    kind = type(value)
    if kind is str:
        return _quote(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    return _encode(value)


def indented(value: Any, depth: int = 0) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)`` nested ``depth`` levels deep, with the
    scalars encoded by json's C code (an indent makes ``json.dumps`` encode all in Python,
    several times slower)."""
    if not value or not isinstance(value, dict | list | tuple):
        return _scalar(value)
    inner = "\n" + "  " * (depth + 1)
    if isinstance(value, dict):
        items = [
            f"{_quote(k) if type(k) is str else _quote(_scalar(k))}: {indented(v, depth + 1)}"
            for k, v in value.items()
        ]
        return "{" + inner + ("," + inner).join(items) + "\n" + "  " * depth + "}"
    items = [indented(v, depth + 1) for v in value]
    return "[" + inner + ("," + inner).join(items) + "\n" + "  " * depth + "]"


def cell(value: Any) -> str:
    """A value as one line of text: lists joined with "; ", None empty."""
    return _joined(value, lambda text: harmless(single_line(text)))


def csv_cell(value: Any) -> str:
    """A value for CSV: exactly as stored (lists joined with "; "), so that an import of the
    output reads back the same text; CSV quoting, not cleaning, keeps it one field."""
    return _joined(value, str)


def _joined(value: Any, text: Callable[[str], str]) -> str:
    """None empty, lists (and a dict's keys) joined with "; ", anything else through ``text``."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(_joined(v, text) for v in value)
    if isinstance(value, dict):
        return "; ".join(str(k) for k in value)
    return text(str(value))


def csv_lines(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> Iterable[str]:
    """The header line, then one CSV line per row."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for values in ([list(columns)], ([csv_cell(r.get(c)) for c in columns] for r in rows)):
        for line in values:
            writer.writerow(line)
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()


def pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    """An aligned table that fits the terminal; Korean (wide) characters take two columns."""
    from ost.cli.tables import render, table_width

    grid = [list(columns)] + [[cell(r.get(c)) for c in columns] for r in rows]
    return render(grid, columns, table_width())
