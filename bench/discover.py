"""What `ost discover` finds and costs on the test service.

Starts the fake Spotify Web API of the tests (tests/fakespotify/) on 127.0.0.1, seeded with the
Soundtrack #1 OST and its decoys plus the discovery seed (tests/fakespotify/discovery.py): the
releases to find, and a crowd of 60 irrelevant albums answering the show's album searches (three
pages for most of them, as a real service answers; ``--quiet`` leaves the crowd out), with a
latency on every request; points ost at it through the environment (a temporary OST_HOME, app
credentials), runs `ost match`, then `ost discover --add` cold (nothing cached) and warm. Prints
the songs added, the albums refused with the first reason, and for each discovery the requests
that reached the server (from its own log, by endpoint) and the wall time. Then the cost of a
second `ost match` over a fresh catalogue once the albums are known (discovery first).

Then a show a user adds (tests/fakespotify/shows.py: "Starlight Laundry", twelve releases in the
naming forms of k-ost-naming.md, its confusers, and sixty irrelevant albums answering its
searches; ``--quiet`` leaves the sixty out): `ost shows add` by its names and air dates, then
`ost discover --show KEY --add` cold and warm, with the requests and wall time of each, and the
whole from adding to a filled catalogue.

    python bench/discover.py [--latency 0.05] [--quiet]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter

from _common import invoke, served
from fakespotify import FakeSpotify
from fakespotify.discovery import CROWD_ALBUMS, seed_discovery
from fakespotify.shows import (
    LAUNDRY,
    LAUNDRY_AIRED,
    LAUNDRY_ALIAS,
    LAUNDRY_EN,
    LAUNDRY_KEY,
    RELEASES,
    seed_shows,
)

SHOW_REFUSED = 6


def endpoint(path: str) -> str:
    parts = path.strip("/").split("/")
    if parts[:2] == ["v1", "albums"]:
        return "album tracks"
    if parts[:2] == ["v1", "artists"]:
        return "artist albums"
    return {"/v1/search": "search", "/api/token": "token"}.get(path, "track lookup")


def page(entry) -> str:
    """ " (page 2+)" for a request that followed a ``next`` link."""
    return " (page 2+)" if int(entry.query.get("offset", 0) or 0) > 0 else ""


def costed(fake: FakeSpotify, label: str, *args: str) -> str:
    fake.reset_log()
    start = time.perf_counter()
    out = invoke(*args).stdout
    wall = time.perf_counter() - start
    by_kind = Counter(endpoint(e.path) + page(e) for e in fake.log)
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(by_kind.items())) or "none"
    print(f"{label:<28} requests: {len(fake.log):>3} ({kinds}) | wall {wall:6.3f} s")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.05, help="seconds added per request")
    parser.add_argument("--quiet", action="store_true", help="no crowd of irrelevant albums")
    args = parser.parse_args()
    crowd = not args.quiet
    print(f"test service: the show's releases and {CROWD_ALBUMS if crowd else 0} irrelevant albums")
    with served() as fake:
        seed_discovery(fake, crowd=crowd)
        fake.latency = args.latency
        costed(fake, "ost match (before)", "match", "--json")
        cold = json.loads(costed(fake, "ost discover --add (cold)", "discover", "--add", "--json"))
        warm = json.loads(costed(fake, "ost discover --add (warm)", "discover", "--add", "--json"))
        for s in cold["seasons"]:
            print(f"season {s['season']}: {len(s['accepted'])} albums accepted, "
                  f"{len(s['refused'])} refused, {len(s['added'])} songs added, "
                  f"{len(s['confirmed'])} waiting match(es) confirmed")  # fmt: skip
            for a in s["added"]:
                print(f"  added   {a['id']:<6} {a['title']}")
            for r in s["refused"][:SHOW_REFUSED]:
                first = next(e["detail"] for e in r["evidence"] if not e["ok"])
                print(f"  refused {r['release_date']}  {r['name']}: {first}")
            if len(s["refused"]) > SHOW_REFUSED:
                print(f"  ... and {len(s['refused']) - SHOW_REFUSED} more refused")
        added_again = sum(len(s["added"]) for s in warm["seasons"])
        print(f"warm run added {added_again} song(s)")
    with served() as fake:
        seed_discovery(fake, crowd=crowd)
        fake.latency = args.latency
        costed(fake, "ost discover (no match yet)", "discover", "--json")
        costed(fake, "ost match (albums known)", "match", "--json")
    a_show_you_love(args.latency, crowd)


def a_show_you_love(latency: float, crowd: bool) -> None:
    print(
        f"\na show added by its names: {RELEASES} releases, its confusers and "
        f"{60 if crowd else 0} irrelevant albums"
    )
    with served() as fake:
        seed_shows(fake, crowd=crowd)
        fake.latency = latency
        start = time.perf_counter()
        add = ("shows", "add", LAUNDRY, "--name-en", LAUNDRY_EN, "--alias", LAUNDRY_ALIAS)
        costed(fake, "ost shows add", *add, "--aired", LAUNDRY_AIRED)
        found = ("discover", "--show", LAUNDRY_KEY, "--add", "--json")
        cold = json.loads(costed(fake, "ost discover --show (cold)", *found))
        whole = time.perf_counter() - start
        warm = json.loads(costed(fake, "ost discover --show (warm)", *found))
        [season] = cold["seasons"]
        kinds = Counter(a["kind"] for a in season["added"])
        print(f"{len(season['accepted'])} albums accepted, {len(season['refused'])} refused; "
              f"added {kinds['song']} songs and {kinds['score']} score pieces "
              f"(warm: {len(warm['seasons'][0]['added'])}); "
              f"from `ost shows add` to a filled catalogue: {whole:.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
