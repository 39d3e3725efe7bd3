"""Start-up cost of a listing, against the floor of importing its two main libraries.

Runs both commands alternately in one process tree (the machine is shared and noisy: compare the
ratio, not the seconds). Target: `ost tracks --season 1 --json` at most 1.2x the baseline.

The libraries were byte-compiled when pip installed them, and so is ost when installed with
`pip install .`; an editable checkout is compiled on every run where PYTHONDONTWRITEBYTECODE is
set. So ost's modules are compiled once here first, as an install would have them.

    python bench/startup.py [--runs 15]
"""

from __future__ import annotations

import compileall
import os
import statistics
import sys

from _common import OST, measure, options, scratch_home


def timed(cmd: list[str], env: dict[str, str]) -> float:
    return measure(cmd, env).seconds


def main() -> None:
    args = options(__doc__, runs=15)
    import ost

    compileall.compile_dir(os.path.dirname(ost.__file__), quiet=1)
    with scratch_home() as (_, env):
        ost = [*OST, "tracks", "--season", "1", "--json"]
        base = [sys.executable, "-c", "import sqlite_utils, click"]
        timed(ost, env)  # first use loads the catalogue
        t_ost, t_base = [], []
        for _ in range(args.runs):
            t_base.append(timed(base, env))
            t_ost.append(timed(ost, env))
    b, o = statistics.median(t_base), statistics.median(t_ost)
    print(
        f"baseline  python -c 'import sqlite_utils, click'   median {b * 1000:7.1f} ms  ({args.runs} runs)"
    )
    print(f"ost       ost tracks --season 1 --json             median {o * 1000:7.1f} ms")
    print(f"ratio     {o / b:.2f}x  (target <= 1.20x)  {'OK' if o / b <= 1.2 else 'OVER'}")


if __name__ == "__main__":
    main()
