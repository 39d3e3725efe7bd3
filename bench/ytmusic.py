"""What YouTube Music costs ost, in calls to ytmusicapi, against the stand-in of the tests
(tests/fakeytmusic/, through ost's client seam ``OST_YTMUSIC_FACTORY``):

- `ost match --service ytmusic --season 1`: searches per track cold (goal: at most 2, Korean and English),
  the albums read to date the candidates (search rows name no year; goal: at most 2 a track, each
  album once) and calls on a warm run (goal: 0, every answer from the cache);
- `ost playlist sync --service ytmusic` of a season of 150 songs: writes for the new playlist
  (goal: a create and additions of 100 a request, none refused by the quick-additions limit)
  and for a warm sync with nothing changed (goal: 0);
- `ost discover --show starlight-laundry --add --service ytmusic` of a show just added (its whole
  OST stocked, with its confusers and sixty irrelevant albums): calls cold, by kind (searches,
  albums read, artist pages), and warm (goal: 0, every answer from the cache; nothing added).

Goals are printed beside the figures; the script exits non-zero when one is missed.

    python bench/ytmusic.py [--songs 150]
"""

from __future__ import annotations

import csv
import os
import sys
import time
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from _common import invoke, options, scratch_home
from fakeytmusic import FACTORY, STATE_ENV, FakeYTMusicService

SEASON_ONE = [f"s1-{n:02d}" for n in range(1, 8)]
WRITES = {
    "create_playlist",
    "add_playlist_items",
    "remove_playlist_items",
    "edit_playlist",
    "delete_playlist",
}
missed: list[str] = []


def goal(ok: bool, what: str) -> str:
    if not ok:
        missed.append(what)
    return "ok" if ok else f"MISSED ({what})"


def counted(fake: FakeYTMusicService) -> Counter[str]:
    """The stand-in's calls since it last forgot them, by method (the visitor id aside: the
    real client asks for it when it starts; no call of ost's)."""
    return Counter(c["method"] for c in fake.calls() if c["method"] != "get_visitor_id")


def listed(calls: Mapping[str, int]) -> str:
    return ", ".join(f"{n} {m}" for m, n in sorted(calls.items())) or "none"


def match_runs(fake: FakeYTMusicService) -> None:
    """`ost match --service ytmusic --season 1` cold (empty cache) and warm (what it re-runs:
    nothing, every track decided), then every track judged again through the search cache (what
    a warm run of an undecided track costs)."""
    for label in ("cold", "warm", "cache"):
        fake.forget_calls()
        started = time.perf_counter()
        if label == "cache":
            rejudge_all()
        else:
            invoke("match", "--service", "ytmusic", "--season", "1")
        elapsed = time.perf_counter() - started
        calls = counted(fake)
        per_track = calls["search"] / len(SEASON_ONE)
        albums = [c["args"]["browseId"] for c in fake.calls("get_album")]
        if label == "cold":
            once = len(set(albums)) == len(albums) <= 2 * len(SEASON_ONE)
            checks = [
                goal(per_track <= 2, "at most 2 searches a track"),
                goal(once, "at most 2 album reads a track, each album once"),
            ]
            check = " ".join(c for c in checks if c != "ok") or "ok"
        else:
            check = goal(sum(calls.values()) == 0, f"no call {label}")
        print(
            f"match {label:<5} {len(SEASON_ONE)} tracks: {calls['search']:>3} searches "
            f"({per_track:.1f} a track), {len(albums):>3} album reads "
            f"({len(albums) / len(SEASON_ONE):.1f} a track), {sum(calls.values()):>3} calls in all, "
            f"{elapsed * 1000:6.0f} ms  {check}"
        )


def discover_runs(fake: FakeYTMusicService) -> None:
    """A show a user added, discovered from YouTube Music alone, cold then warm."""
    import json

    from fakespotify.shows import LAUNDRY, LAUNDRY_AIRED, LAUNDRY_ALIAS, LAUNDRY_EN, LAUNDRY_KEY

    fake.stock_laundry_ost()
    invoke("shows", "add", LAUNDRY, "--name-en", LAUNDRY_EN, "--alias", LAUNDRY_ALIAS,
           "--aired", LAUNDRY_AIRED)  # fmt: skip
    for label in ("cold", "warm"):
        fake.forget_calls()
        started = time.perf_counter()
        out = invoke("discover", "--show", LAUNDRY_KEY, "--add", "--service", "ytmusic", "--json")
        elapsed = time.perf_counter() - started
        calls = counted(fake)
        [season] = json.loads(out.stdout)["seasons"]
        if label == "cold":
            check = goal(len(season["added"]) == 16, "the show's 12 songs and 4 score pieces")
        else:
            check = goal(sum(calls.values()) == 0 and not season["added"], "no call warm")
        kinds = listed(calls)
        print(
            f"discover {label:<5} {len(season['accepted'])} albums accepted, "
            f"{len(season['refused'])} refused, {len(season['added'])} added: "
            f"{sum(calls.values()):>3} calls ({kinds}), {elapsed * 1000:6.0f} ms  {check}"
        )


def rejudge_all() -> None:
    from ost import catalogue, matching
    from ost.ytmusic.service import YouTubeMusicService

    db = catalogue.open_catalogue()
    searcher = matching.Searcher(db, YouTubeMusicService(), None, refresh=False)
    for target in matching.targets(db, SEASON_ONE):
        matching.match_one(target, searcher)


def prepare_playlist(fake: FakeYTMusicService, home: Path, songs: int) -> None:
    """Season 1 grown to ``songs`` tracks, each accepted on YouTube Music; logged in."""
    from ost import catalogue, decisions
    from ost.importer.plan import apply, plan_import
    from ost.service import ServiceName
    from ost.ytmusic.auth import HeadersFile

    YT = ServiceName.YTMUSIC
    HeadersFile().save(fake.auth())
    extra = songs - len(SEASON_ONE)
    videos = fake.stock_plain_songs(extra)
    path = home / "extra.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "season", "title", "artist", "order"])
        for n in range(extra):
            w.writerow([f"s1-b{n:03d}", 1, f"Bench {n + 1}", "Bench", 100 + n])
    db = catalogue.open_catalogue()
    apply(db, plan_import(db, path))
    by_id = {s.track_id: min(s.right) for s in fake.songs}
    pins = [(t, by_id[t]) for t in SEASON_ONE] + [(f"s1-b{n:03d}", v) for n, v in enumerate(videos)]
    with db.atomic():
        for track_id, vid in pins:
            decisions.pin(
                db, decisions.pinned_row(track_id, vid, "pinned by the benchmark", service=YT)
            )


def timed_sync(fake: FakeYTMusicService, label: str, songs: int) -> None:
    fake.forget_calls()
    started = time.perf_counter()
    invoke("playlist", "sync", "--season", "1", "--service", "ytmusic")
    elapsed = time.perf_counter() - started
    calls = counted(fake)
    writes = {m: n for m, n in calls.items() if m in WRITES}
    refused = [c for c in fake.calls() if c["outcome"] != "ok"]
    total = sum(writes.values())
    if label == "cold":
        want = 1 + -(-songs // 100)
        check = goal(total <= want and not refused, f"at most {want} writes, none refused")
    else:
        check = goal(total == 0, "no write warm")
    shown = listed(writes)
    print(
        f"sync  {label:<5} {songs} songs: {total:>2} writes ({shown}), "
        f"{sum(calls.values()) - total} reads, {len(refused)} refused, {elapsed * 1000:6.0f} ms  "
        f"{check}"
    )


def main() -> None:
    args = options(__doc__ or "", songs=150)
    with scratch_home() as (home, env):
        fake = FakeYTMusicService(home / "fakeytmusic.json")
        os.environ.clear()
        os.environ.update({**env, STATE_ENV: str(fake.path), "OST_YTMUSIC_FACTORY": FACTORY})
        fake.seed()
        fake.limit_additions(270, 60.0)  # the quick-additions limit users report
        match_runs(fake)
        prepare_playlist(fake, home, args.songs)
        timed_sync(fake, "cold", args.songs)
        timed_sync(fake, "warm", args.songs)
        discover_runs(fake)  # after the syncs: the show's season 1 has a playlist of its own
    if missed:
        sys.exit(f"missed: {'; '.join(missed)}")


if __name__ == "__main__":
    main()
