"""Run ost by hand against the test services, as the tests do: the fake Spotify of
tests/fakespotify on 127.0.0.1 and the YouTube Music stand-in of tests/fakeytmusic, both seeded
with Soundtrack #1 and Starlight Laundry (the made-up show a user adds), and a scratch OST_HOME.

    python bench/serve.py [--home DIR] [--login]

It prints the `export` lines to paste into another shell (they point ost at the two services and
at the scratch home, and unset the variables the tests clear), then waits until Ctrl-C. With
--home DIR the home is DIR and is kept; without, a temporary folder removed at the end. With
--login both logins are stored at once; without, `ost login` works against the fake Spotify (its
consent page agrees at once) and `ost login --service ytmusic --headers HOME/headers.txt` reads the
headers written there. Nothing reaches the internet.
"""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from _common import environment
from fakespotify import FakeSpotify, seed_soundtrack
from fakespotify.shows import seed_shows
from fakeytmusic import FACTORY, STATE_ENV, FakeYTMusicService, raw_headers

from ost.ytmusic.client import FACTORY_ENV

TESTS = Path(__file__).resolve().parent.parent / "tests"


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--home", type=Path, help="OST_HOME to use and keep (default: temporary)")
    parser.add_argument("--login", action="store_true", help="store both logins in the home")
    return parser.parse_args()


@contextmanager
def home_folder(given: Path | None) -> Iterator[Path]:
    if given is not None:
        given.mkdir(parents=True, exist_ok=True)
        yield given.resolve()
        return
    with tempfile.TemporaryDirectory(prefix="ost-serve-") as tmp:
        yield Path(tmp)


def variables(home: Path, spotify: FakeSpotify, state: Path) -> dict[str, str]:
    """What a shell needs to run ost against the services: the fake Spotify's URLs and app, the
    stand-in's state and the factory that makes it (importable from tests/), the home."""
    path = os.pathsep.join([str(TESTS), *filter(None, [os.environ.get("PYTHONPATH")])])
    return {
        "OST_HOME": str(home),
        **spotify.environment(),
        STATE_ENV: str(state),
        FACTORY_ENV: FACTORY,
        "PYTHONPATH": path,
        "NO_PROXY": "127.0.0.1",
        "no_proxy": "127.0.0.1",
    }


LEFT_ALONE = {*environment.TERMINAL, *environment.COMPLETION, *environment.PROXIES}
"""The shell's own (its terminal, its proxies): kept; ``NO_PROXY`` keeps the loopback direct."""


def exports(values: dict[str, str]) -> list[str]:
    """``unset`` for ost's variables (as the tests clear them) that this does not set, then one
    ``export`` each."""
    cleared = [n for n in environment.CLEARED if n not in values and n not in LEFT_ALONE]
    return [f"unset {' '.join(cleared)}"] + [
        f"export {name}={shlex.quote(value)}" for name, value in values.items()
    ]


def store_logins(values: dict[str, str], spotify: FakeSpotify, yt: FakeYTMusicService) -> None:
    """Both logins, as `ost login` would leave them (the Spotify token lasts an hour); never
    printed."""
    from ost.spotify.auth import TokenFile
    from ost.ytmusic.auth import HeadersFile

    os.environ.update(values)  # the login files live under this OST_HOME
    TokenFile().save(spotify.stored_login())
    HeadersFile().save(yt.auth())


def main() -> int:
    args = arguments()
    environment.clear(os.environ)
    # `kill` ends it as Ctrl-C does: the services stop and a temporary home is removed
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with home_folder(args.home) as home, FakeSpotify() as spotify:
        seed_soundtrack(spotify)
        seed_shows(spotify)
        state = home / "fakeytmusic.json"
        os.environ[STATE_ENV] = str(state)
        yt = FakeYTMusicService(state)
        yt.seed()
        yt.stock_laundry()
        (home / "headers.txt").write_text(raw_headers(), encoding="utf-8")
        values = variables(home, spotify, state)
        if args.login:
            store_logins(values, spotify, yt)
        print("# Paste into another shell; this one serves until Ctrl-C:")
        print("\n".join(exports(values)))
        headers = shlex.quote(str(home / "headers.txt"))
        print("# Try: ost status; ost match; ost match --service ytmusic; ost discover")
        if args.login:
            print("# Logins: stored for both services (ost playlist sync works at once)")
        else:
            print(f"# Logins: ost login; ost login --service ytmusic --headers {headers}")
        sys.stdout.flush()
        try:
            threading.Event().wait()  # the fake Spotify answers from its own thread
        except KeyboardInterrupt:
            print("\nstopped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
