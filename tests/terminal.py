"""Reading what a program wrote to a pseudo-terminal, for the tests that run ost on one."""

from __future__ import annotations

import os


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
