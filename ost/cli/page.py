"""`ost page`: the companion site, written as static files."""

from __future__ import annotations

import time
from pathlib import Path

import click

from ost import catalogue
from ost.cli.seasons import season_option, show_option
from ost.text import plural


@click.command()
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("ost-page"),
    show_default=True,
    help="Folder to write index.html and its assets into (created if needed).",
)
@show_option("Only this show (its key, as `ost shows` lists it, or a name); default: every show.")
@season_option()
@click.option("--open", "open_browser", is_flag=True, help="Open the page in your browser.")
def page(out_dir: Path, show: str | None, seasons: tuple[int, ...], open_browser: bool) -> None:
    """Write the companion page: one static site about the OST.

    Seasons, cast, songs in release order, a timeline against the air dates, where to listen:
    index.html plus assets, loading nothing from the network, working from file://. No account
    needed.

    Example: ost page -o ost-page --season 1 --open
    """
    from ost.page import build

    started = time.perf_counter()
    db = catalogue.open_catalogue()
    built = build(db, out_dir, seasons, show)
    took = time.perf_counter() - started
    click.echo(
        f"Wrote {built.index} ({plural(built.songs, 'song')}, {plural(built.seasons, 'season')}, "
        f"{built.bytes / 1024:.0f} KiB with assets, {took:.2f} s)."
    )
    url = built.index.resolve().as_uri()
    if open_browser:
        import webbrowser

        if not webbrowser.open(url):
            click.echo(f"No browser could be started; open {url}", err=True)
    else:
        click.echo(f"Open it: {url}")


COMMANDS = [page]
