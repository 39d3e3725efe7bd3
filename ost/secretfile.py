"""A login kept on disk as ssh keeps a key: a regular file of the user's own, open to no one else,
never reached through a symbolic link, written atomically and created 0600 from the start.

Each service's stored login is one (``ost.spotify.auth.TokenFile``: Spotify's token;
``ost.ytmusic.auth.HeadersFile``: YouTube Music's browser headers). Anything else at the path is
an ``AuthError`` naming what is wrong and how to put it right (never a traceback, never used
anyway). The file's text is never put in a message.
"""

from __future__ import annotations

import enum
import json
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ost.errors import AuthError

MAX_BYTES = 64 * 1024  # a stored login is a few KB: anything larger is not one


class Removed(enum.Enum):
    """What `ost logout` removed."""

    NOTHING = "nothing"
    FILE = "file"
    LINK = "link"  # the link only: the file it points to is not ost's to delete


class PrivateFile:
    """``what`` names the login in messages ("Spotify login"); ``login`` is the command that
    makes a new one (``ost login``)."""

    def __init__(self, path: Path, what: str, login: str):
        self.path = path
        self.what = what
        self.login = login

    def present(self) -> bool:
        """Whether anything is at the path (a dangling link too: it must be reported)."""
        return os.path.lexists(self.path)

    def link_target(self) -> str | None:
        """Where the path points when it is a symbolic link (relative to its folder)."""
        try:
            return os.path.join(self.path.parent, os.readlink(self.path))
        except OSError:
            return None

    def unusable(self, why: str, fix: str | None = None) -> AuthError:
        return AuthError(
            f"{self.path}: the stored {self.what} {why}; {fix or f'run `{self.login}` again'}"
        )

    def read(self) -> tuple[str, os.stat_result] | None:
        """The file's text and status, read only from a regular file reached without a link
        (at most MAX_BYTES of it); None when there is no file. Whether it is private is
        ``check_private``'s to say, once the caller knows the text is a login at all."""
        target = self.link_target()
        if target is not None:
            raise self.unusable(
                f"is a symbolic link (to {target}), and ost keeps a login only in a file of "
                "its own",
                f"remove the link, then run `{self.login}`",
            )
        try:  # no link followed; a FIFO must not block the open
            fd = os.open(self.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except FileNotFoundError:
            return None
        except OSError as e:
            raise self.unusable(f"cannot be read ({e.strerror})") from None
        try:
            info = os.fstat(fd)
            self._check_kind(info)  # before reading: a folder or a FIFO is no login
            data = os.read(fd, MAX_BYTES + 1)  # never more: a huge file is no login
        finally:
            os.close(fd)
        if len(data) > MAX_BYTES:
            raise self.unusable(f"is over {MAX_BYTES // 1024} KB, too large to be a login")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise self.unusable("is unreadable (not text)") from None
        return text, info

    def read_json(self, problem: Callable[[Any], str | None]) -> tuple[Any, str] | None:
        """(the JSON value, its text) of a stored login that ``problem`` finds nothing wrong
        with (its one-line reason otherwise), and private; None when there is none."""
        read = self.read()
        if read is None:
            return None
        text, info = read
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):  # RecursionError: JSON nested past reading
            raise self.unusable("is unreadable") from None
        why = problem(data)
        if why:
            raise self.unusable(why)
        self.check_private(info)  # last: a damaged file needs a new login whatever its mode
        return data, text

    def problem(self) -> str | None:
        """Why the stored login cannot be used, in one line (None: it can, or there is none)."""
        try:
            self.load()
        except AuthError as e:
            return str(e)
        return None

    def load(self) -> Any:
        raise NotImplementedError

    def _remove_it(self) -> str:
        return f"remove it, then run `{self.login}`"

    def _check_kind(self, info: os.stat_result) -> None:
        if stat.S_ISDIR(info.st_mode):
            raise self.unusable("is a folder, not a file", self._remove_it())
        if not stat.S_ISREG(info.st_mode):
            raise self.unusable("is not a regular file", self._remove_it())

    def check_private(self, info: os.stat_result) -> None:
        """ssh's rule for a key: the user's own, and no one else may read or change it."""
        if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
            raise self.unusable(f"belongs to another user (uid {info.st_uid})", self._remove_it())
        if info.st_mode & 0o077:
            shown = f"{stat.S_IMODE(info.st_mode):04o}"
            raise self.unusable(
                f"is open to others (mode {shown}) and ost uses a login only when it is yours "
                "alone",
                f"`chmod 600 {self.path}` if no one else can have read it, else run "
                f"`{self.login}` again (it replaces the file)",
            )

    def save(self, text: str) -> None:
        """Atomically, created 0600 from the start (never readable by others, even briefly).
        A symbolic link at the path is replaced by the file, never written through."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".login-", suffix=".tmp")
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            os.replace(tmp, self.path)
        except BaseException as e:
            Path(tmp).unlink(missing_ok=True)
            if isinstance(e, OSError) and e.errno is not None and e.filename is None:
                raise OSError(e.errno, e.strerror, str(self.path)) from None  # a full disk
            raise

    def delete(self) -> Removed:
        """Remove the stored login: the file, or a link at its place (never what the link points
        to: that file is not ost's). A folder there is an AuthError, left as it is."""
        if self.path.is_dir() and not self.path.is_symlink():
            raise AuthError(f"{self.path} is a folder, not a stored login: ost leaves it alone")
        kind = Removed.LINK if self.path.is_symlink() else Removed.FILE
        try:
            self.path.unlink()
        except FileNotFoundError:
            return Removed.NOTHING
        return kind

    def forget(self) -> tuple[Removed, str | None]:
        """``delete``, and the file a removed link pointed to (None when it led nowhere)."""
        link = self.link_target() if self.path.exists() else None
        return self.delete(), link
