"""The one place that decides where ost keeps its files.

Everything ost writes lives under ``$OST_HOME`` (default: the platform's user data folder for
"ost"). Tests point ``OST_HOME`` at a temporary folder.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def home() -> Path:
    """The folder holding the database, the token and user playlists; created on demand."""
    env = os.environ.get("OST_HOME")
    if env:
        path = Path(env).expanduser()
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir("ost", appauthor=False))
    if path.exists() and not path.is_dir():
        from ost.errors import OstError

        raise OstError(f"OST_HOME {path} is not a folder")
    path.mkdir(mode=0o700, parents=True, exist_ok=True)  # it holds the login: yours alone
    return path


def db_path() -> Path:
    return home() / "ost.db"


def token_path() -> Path:
    return home() / "spotify-token.json"


def ytmusic_login_path() -> Path:
    return home() / "ytmusic-headers.json"


def user_playlists_dir() -> Path:
    return home() / "playlists"


def shows_dir() -> Path:
    """The show files of the shows a user added (``KEY.toml``, docs/shows-format.md)."""
    return home() / "shows"


def _bundled(name: str) -> Path:
    """A folder shipped with ost: inside the installed wheel, or at the top of a source checkout."""
    installed = _PACKAGE_DIR / "_bundled" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name


def bundled_data_dir() -> Path:
    return _bundled("data")


def bundled_playlists_dir() -> Path:
    return _bundled("playlists")
