"""The variables of the user's shell that change what ost (or a library under it) does.

The tests test ost, not the shell they run in: the autouse fixture of ``conftest.py`` clears every
name here (``OST_HOME`` is the exception: each test gets its own), and ``bench/`` starts from the
same clean slate. ``test_environment.py`` checks that every variable ost's code reads is listed.

Left as they are, on purpose: ``LANG``/``LC_*`` (ost writes UTF-8 whatever the locale, and the
suite passes under ``LC_ALL=C``), ``TZ`` and ``TERM`` (it passes at both ends of the day and with
``TERM=dumb``), ``BROWSER`` (every test that opens a browser replaces ``webbrowser.open`` or sets
it), ``HOME`` and ``XDG_*`` (unread while ``OST_HOME`` is set).
"""

from __future__ import annotations

from collections.abc import MutableMapping

OST = (
    "OST_LOCK_WAIT",
    "OST_MARKET",
    "OST_MAX_WAIT",
    "OST_NAMES",
    "OST_SERVICE",
    "OST_SPOTIFY_ACCOUNTS_URL",
    "OST_SPOTIFY_API_URL",
    "OST_YTMUSIC_FACTORY",
    "OST_YTMUSIC_PACE",
)
SPOTIFY_APP = ("SPOTIPY_CLIENT_ID", "SPOTIPY_CLIENT_SECRET", "SPOTIPY_REDIRECT_URI")
# Tables fit COLUMNS and colour stops at NO_COLOR (ost); click's help text reads COLUMNS and LINES.
TERMINAL = ("COLUMNS", "LINES", "NO_COLOR")
# Set, click's completion protocol answers instead of running the command.
COMPLETION = ("_OST_COMPLETE",)
# requests (under spotipy) would send the requests for the loopback test service to a proxy.
PROXIES = tuple(
    name
    for scheme in ("http", "https", "all")
    for name in (f"{scheme}_proxy", f"{scheme.upper()}_PROXY")
)
# The stand-in YouTube Music's own: where its state file is.
STAND_INS = ("FAKEYTMUSIC_STATE",)

CLEARED = (*OST, *SPOTIFY_APP, *TERMINAL, *COMPLETION, *PROXIES, *STAND_INS)


def clear(environ: MutableMapping[str, str]) -> None:
    """Remove every variable of ``CLEARED`` from ``environ`` (e.g. ``os.environ``)."""
    for name in CLEARED:
        environ.pop(name, None)
