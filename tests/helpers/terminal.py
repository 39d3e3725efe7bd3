"""Running ost on a pseudo-terminal, for the tests of what a terminal gets (colours, a fitted
table, a progress bar, the interactive review) and reading what it showed."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import termios

from .processes import OST


def drain(controller: int) -> bytes:
    """Everything the terminal's other side wrote until it closed; closes ``controller``."""
    seen = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # Linux reports the closed other side as EIO
            break
        if not chunk:
            break
        seen += chunk
    os.close(controller)
    return seen


def run_on_terminal(
    args: list[str],
    env: dict[str, str],
    streams: tuple[str, ...] = ("stdout",),
    columns: int | None = None,
) -> tuple[subprocess.CompletedProcess[bytes], str]:
    """`ost ARGS` to its end, with the named standard ``streams`` on a pseudo-terminal (``columns``
    wide, if given) and the others piped; ``env`` on top of this process's environment. Returns
    the finished process and what the terminal showed."""
    controller, terminal = pty.openpty()
    if columns:
        fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    stdout, stderr = (
        terminal if name in streams else subprocess.PIPE for name in ("stdout", "stderr")
    )
    proc = subprocess.run(
        [*OST, *args], env={**os.environ, **env}, stdout=stdout, stderr=stderr, timeout=60
    )
    os.close(terminal)
    return proc, drain(controller).decode("utf-8")


def spawn_on_terminal(args: list[str], env: dict[str, str]) -> tuple[int, subprocess.Popen[bytes]]:
    """`ost ARGS` started with its standard input, output and error on a pseudo-terminal (a
    session to type into); returns the terminal's other side and the process."""
    controller, terminal = pty.openpty()
    proc = subprocess.Popen(
        [*OST, *args], env={**os.environ, **env}, stdin=terminal, stdout=terminal, stderr=terminal
    )
    os.close(terminal)
    return controller, proc


def read_some(controller: int, proc: subprocess.Popen[bytes]) -> bytes | None:
    """What the terminal shows next, waiting up to half a second: ``None`` when nothing came yet,
    ``b""`` once nothing more will (the other side closed, or the process ended)."""
    ready, _, _ = select.select([controller], [], [], 0.5)
    if not ready:
        return b"" if proc.poll() is not None else None
    try:
        return os.read(controller, 65536)
    except OSError:  # Linux reports the closed other side as EIO
        return b""


def typed_session(
    args: list[str], answers: list[str], env: dict[str, str], timeout: float = 60
) -> str:
    """`ost ARGS` (an interactive command: `review`) with standard input and output on a
    pseudo-terminal, the answers typed one line each; it must succeed. Returns what the terminal
    showed, colours aside."""
    import re
    import time

    controller, proc = spawn_on_terminal(args, env)
    for line in answers:
        os.write(controller, (line + "\n").encode())
    seen = b""
    deadline = time.monotonic() + timeout  # a guard against a hang, not a timed assertion
    while time.monotonic() < deadline and (chunk := read_some(controller, proc)) != b"":
        seen += chunk or b""
    os.close(controller)
    assert proc.wait(timeout=10) == 0, seen.decode("utf-8", "replace")
    text = seen.decode("utf-8", "replace").replace("\r\n", "\n")
    return re.sub(r"\x1b\[[0-9;]*m", "", text)
