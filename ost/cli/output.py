"""One output path for every listing: an aligned table (wide characters counted), JSON or CSV."""

from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Callable, Sequence
from typing import Any

import click

from ost.text import display_width, harmless, single_line


def output_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Adds ``--json`` / ``--csv`` (default: a table), passed on as the ``fmt`` argument."""

    @functools.wraps(func)
    def wrapper(*args: Any, as_json: bool, as_csv: bool, **kwargs: Any) -> Any:
        if as_json and as_csv:
            raise click.UsageError("--json and --csv cannot be used together")
        return func(*args, fmt="json" if as_json else "csv" if as_csv else "table", **kwargs)

    wrapper = click.option("--csv", "as_csv", is_flag=True, help="Output CSV (header row, UTF-8).")(
        wrapper
    )
    return click.option("--json", "as_json", is_flag=True, help="Output a JSON array.")(wrapper)


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


max_wait_option = click.option(
    "--max-wait",
    type=Seconds(),
    envvar="OST_MAX_WAIT",
    default=60.0,
    show_default=True,
    help="Longest wait (s) a rate limit may impose before ost stops. [env: OST_MAX_WAIT]",
)


def emit(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str]) -> None:
    """Print rows. JSON carries every key; table and CSV the named columns."""
    if fmt == "json":
        click.echo(json.dumps(list(rows), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(to_csv(rows, columns), nl=False, color=True)  # color: never strip ESC
    else:
        click.echo(table(rows, columns), nl=False)


def cell(value: Any) -> str:
    """A value as one line of text: lists joined with "; ", None empty."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(cell(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(str(k) for k in value)
    return harmless(single_line(str(value)))


def csv_cell(value: Any) -> str:
    """A value for CSV: exactly as stored (lists joined with "; "), so that an import of the
    output reads back the same text; CSV quoting, not cleaning, keeps it one field."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(csv_cell(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(str(k) for k in value)
    return str(value)


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(row.get(c)) for c in columns])
    return buf.getvalue()


def pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    """An aligned table that fits the terminal; Korean (wide) characters take two columns."""
    from ost.cli.tables import render, table_width

    grid = [list(columns)] + [[cell(r.get(c)) for c in columns] for r in rows]
    return render(grid, columns, table_width())
