"""What `ost match` costs against a Spotify that answers in ~50 ms, and how right the scorer is.

Starts the fake Spotify Web API of the tests (tests/fakespotify/) on 127.0.0.1, seeded with the
Soundtrack #1 OST and its decoys, with a latency on every request; points ost at it through the
environment (a temporary OST_HOME, app credentials), and runs `ost match` in-process twice: cold
(empty search cache) and warm. For each it prints the requests that reached the server (search /
token / other, from the server's own log), the wall time and the searches per track. Then the
scorer's accuracy on the case table of tests/score_cases.py.

    python bench/match.py [--latency 0.05] [--with-da-capo]
"""

from __future__ import annotations

import argparse
import json
import time

from _common import invoke, served
from fakespotify import FakeSpotify, add_demian_da_capo
from score_cases import CASES, is_correct


def run_match(fake: FakeSpotify, label: str) -> None:
    fake.reset_log()
    start = time.perf_counter()
    result = invoke("match", "--json")
    wall = time.perf_counter() - start
    outcomes = json.loads(result.stdout)
    search = sum(1 for e in fake.log if e.path == "/v1/search")
    token = sum(1 for e in fake.log if e.path == "/api/token")
    other = len(fake.log) - search - token
    statuses = {s: sum(o["status"] == s for o in outcomes) for s in ("auto", "review", "none")}
    per_track = f"{search / len(outcomes):.2f}" if outcomes else "-"
    print(
        f"{label:<5} requests: {search:>3} search, {token} token, {other} other | "
        f"wall {wall:6.3f} s | tracks judged {len(outcomes)} "
        f"({statuses['auto']} auto, {statuses['review']} review, {statuses['none']} none) | "
        f"searches per track {per_track}"
    )


def scorer_accuracy() -> None:
    from ost.match.score import choose

    start = time.perf_counter()
    wrong = [
        case.id
        for case in CASES
        if not is_correct(case, *choose(case.wanted, case.candidates, case.rejected))
    ]
    elapsed = time.perf_counter() - start
    right = len(CASES) - len(wrong)
    print(
        f"scorer: {right}/{len(CASES)} cases right ({100 * right / len(CASES):.1f} %), "
        f"{1000 * elapsed / len(CASES):.2f} ms a case"
        + (f"; wrong: {', '.join(wrong)}" if wrong else "")
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency", type=float, default=0.05, help="seconds added per request")
    parser.add_argument(
        "--with-da-capo",
        action="store_true",
        help="also release Soundtrack #2's Da Capo (as DEMIAN), found only by a later round",
    )
    args = parser.parse_args()
    with served() as fake:
        if args.with_da_capo:
            add_demian_da_capo(fake)
        fake.latency = args.latency
        invoke("seasons")  # load the bundled catalogue first: not part of matching
        print(f"fake Spotify at {fake.api_url}, {1000 * args.latency:g} ms a request")
        run_match(fake, "cold")
        run_match(fake, "warm")
    scorer_accuracy()


if __name__ == "__main__":
    main()
