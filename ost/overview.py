"""What the catalogue holds at a glance: counts for `ost status`, facts for usage checks.

Each answer is one small aggregate query; nothing here loads the catalogue's rows.
"""

from __future__ import annotations

import os
from typing import Any

import sqlite_utils

from ost import catalogue, decisions, meta
from ost.catalogue.store import BUNDLED_SHOW, TrackStatus
from ost.decisions import COUNTS_AS_ACCEPTED, UNMATCHED, Status
from ost.library import files
from ost.service import ServiceName
from ost.text import plural


def tracks_placed_in_episodes(db: sqlite_utils.Database) -> int:
    """How many tracks some source places in an episode."""
    row = db.execute(
        "select count(*) from tracks where episodes is not null and episodes not in ('', '[]')"
    ).fetchone()
    return int(row[0])


def tracks_for_uris(
    db: sqlite_utils.Database, uris: list[str], service: ServiceName = ServiceName.SPOTIFY
) -> dict[str, tuple[str, str]]:
    """Recording id -> (track id, title) for the recordings of a service ost has matched,
    pinned or seen rejected (so that a sync can name a track it removes, not just its id)."""
    by_uri = decisions.track_ids_for_uris(db, uris, service)
    ids = sorted(set(by_uri.values()))
    titles: dict[str, str] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ", ".join("?" * len(chunk))
        titles.update(db.execute(f"select id, title from tracks where id in ({marks})", chunk))
    return {uri: (t, titles[t]) for uri, t in by_uri.items() if t in titles}


def status(
    db: sqlite_utils.Database, show: str | None = None, service: ServiceName | None = None
) -> dict[str, Any]:
    """Where things stand: counts per season (of every show, or one) and match status on each
    service, each service's last match and sync and stored login (whose, never its secrets), and
    what to do next (on ``service`` only when given). The keys from before there were two
    services (``seasons``' counts, ``login``, ``last_match``, ``last_sync``, ``near_misses``)
    stay Spotify's; ``services`` has each service's."""
    from ost import paths

    counts = {s: decisions.counts_by_season(db, s, show=show) for s in ServiceName}
    spotify = counts[ServiceName.SPOTIFY]
    first = sorted(spotify, key=lambda place: (place[0] != BUNDLED_SHOW, place))
    services = {s.value: _service(db, s, show) for s in ServiceName}
    out = {
        "database": str(paths.db_path()),
        "seasons": [
            {
                "show": key,
                "season": n,
                "tracks": sum(spotify[key, n].values()),
                **spotify[key, n],
                "services": {s.value: counts[s].get((key, n), {}) for s in ServiceName},
            }
            for key, n in first
        ],
        "unverified_tracks": _one(
            db,
            f"select count(*) from tracks where status = '{TrackStatus.UNVERIFIED}'"
            + (" and show = ?" if show else ""),
            [show] if show else [],
        ),
        "near_misses": services[ServiceName.SPOTIFY]["near_misses"],
        "library_files": files.count_used(db),
        "login": services[ServiceName.SPOTIFY]["login"],
        **_spotify_app(),
        "last_match": services[ServiceName.SPOTIFY]["last_match"],
        "last_sync": services[ServiceName.SPOTIFY]["last_sync"],
        "ytmusic": {
            "login": services[ServiceName.YTMUSIC]["login"],
            "matching_needs_login": False,
            "last_sync": services[ServiceName.YTMUSIC]["last_sync"],
        },
        "services": services,
        "show": show,
        "service": service.value if service else None,
        **_shows_to_fill(db, show),
    }
    out["services_shown"] = shown(out)
    out["next"] = next_steps(out)
    return out


def _shows_to_fill(db: sqlite_utils.Database, show: str | None) -> dict[str, Any]:
    """The shows a user added that have no tracks yet (``empty_shows``: each one's key, file
    and whether a season of it has air dates, without which discovery judges nothing), and the
    show files that cannot be read as they are (``show_problems``: key, file, problem)."""
    from ost.catalogue import shows
    from ost.errors import InputError

    empty = []
    for key, file in db.execute(
        "select key, file from shows where problem is null and not exists "
        "(select 1 from tracks where tracks.show = shows.key) order by key"
    ):
        if show not in (None, key):
            continue
        try:
            dated = any(s.premiere for s in shows.spec(db, key).seasons)
        except InputError:
            continue  # a text that no longer reads is a problem `ost shows` names
        empty.append({"show": key, "file": file, "dated": dated})
    broken = [
        {"show": p.key, "file": p.file, "problem": p.message}
        for p in [*shows.problems(db), *shows.unread(db)]
        if show in (None, p.key)
    ]
    return {"empty_shows": empty, "show_problems": broken}


def discovery_service(s: dict[str, Any]) -> ServiceName:
    """The service a suggested `ost discover` names: the one status was asked for, else Spotify
    where it can search, else YouTube Music (whose search needs no account)."""
    if s.get("service"):
        return ServiceName(s["service"])
    return ServiceName.SPOTIFY if spotify_can_search(s) else ServiceName.YTMUSIC


def empty_show_hint(db: sqlite_utils.Database, show: str | None) -> str:
    """For a listing of a show that has no tracks at all yet: the discovery that fills it, on
    the service a status would name; nothing when its tracks are only filtered out."""
    if show is None or next(
        iter(catalogue.iter_tracks(db, show=show, include_unverified=True)), None
    ):
        return ""
    option = discovery_service(can_search_now(db)).option
    return f" {show} has no tracks yet: `ost discover --show {show} --add{option}` finds its OST."


def can_search_now(db: sqlite_utils.Database) -> dict[str, Any]:
    """What `spotify_can_search` and `discovery_service` ask of a status, for a command that
    has no status at hand (`ost shows add`)."""
    from ost.spotify.auth import TokenFile

    login = _login(db, TokenFile(), meta.LOGIN_USER)
    return {"services": {ServiceName.SPOTIFY.value: {"login": login}}, **_spotify_app()}


def _service(db: sqlite_utils.Database, service: ServiceName, show: str | None) -> dict[str, Any]:
    """One service's side of `ost status`: its stored login, when a match of (the show's)
    tracks last changed there and when (the show's) playlists were last synced there."""
    from ost.spotify.auth import TokenFile
    from ost.ytmusic.auth import HeadersFile

    if service == ServiceName.YTMUSIC:
        login = _login(db, HeadersFile(), meta.YTMUSIC_LOGIN_USER)
    else:
        login = _login(db, TokenFile(), meta.LOGIN_USER)
    return {
        "login": login,
        "last_match": decisions.last_change(db, service, show=show),
        "last_sync": _last_sync(db, service, show),
        "near_misses": decisions.count_near_misses(db, service, show=show),
    }


def in_use(s: dict[str, Any], service: ServiceName) -> bool:
    """Whether the user has done anything on a service: a match (of the tracks shown), a login
    stored (usable or not), a playlist synced; for Spotify, its app's client id set."""
    mine = s["services"][service.value]
    return bool(
        mine["last_match"]
        or mine["login"]["stored"]
        or mine["login"]["problem"]
        or mine["last_sync"]
        or (service == ServiceName.SPOTIFY and s["client_id_set"])
    )


def shown(s: dict[str, Any]) -> list[str]:
    """The services `ost status` speaks of: the one asked for, else those in use, else Spotify
    (a new user's counts are the same on each service)."""
    if s["service"]:
        return [s["service"]]
    used = [name.value for name in ServiceName if in_use(s, name)]
    return used or [ServiceName.SPOTIFY.value]


def _login(db: sqlite_utils.Database, store: Any, user_key: str) -> dict[str, Any]:
    """Whether a usable login is stored, whose (a name), and why it cannot be used."""
    problem = store.problem() if store.present() else None  # a file there is read, not trusted
    stored = store.present() and problem is None
    user = meta.get(db, user_key)
    return {"stored": stored, "user": user if stored else None, "problem": problem}


def _last_sync(db: sqlite_utils.Database, service: ServiceName, show: str | None) -> Any:
    """When a playlist (of the show's seasons, when given) was last synced on the service."""
    names: list[str] = []
    if show:
        from ost import playlists

        names = [d.key for d in playlists.load_definitions(db) if d.show == show]
        if not names:
            return None
    of = f" and name in ({', '.join('?' * len(names))})" if names else ""
    row = db.execute(
        f"select max(synced_at) from remote_playlists where service = ?{of}",
        [ServiceName(service).value, *names],
    ).fetchone()
    return row[0] if row else None


def _one(db: sqlite_utils.Database, sql: str, params: list[Any] | None = None) -> Any:
    row = db.execute(sql, params or []).fetchone()
    return row[0] if row else None


def _count(s: dict[str, Any], state: str, service: ServiceName = ServiceName.SPOTIFY) -> int:
    return sum(season["services"][service.value].get(state, 0) for season in s["seasons"])


def _ost(words: str, service: ServiceName, show: str | None) -> str:
    """A command a step suggests, with the ``--service`` and ``--show`` status was asked with
    (none for Spotify, so its steps read as they always have)."""
    return f"`ost {words}{service.option}" + (f" --show {show}`" if show else "`")


def next_steps(s: dict[str, Any]) -> list[str]:
    """What a user would do next, most pressing first, on the services status speaks of: a user
    who only ever used YouTube Music is not sent to make a Spotify app first."""
    services = [ServiceName(name) for name in s["services_shown"]]
    steps = [
        _broken_login(service) for service in services if _mine(s, service)["login"]["problem"]
    ]
    steps += _fill_steps(s)
    # a match step only where `ost match` can run now; Spotify's waits for its credentials
    ready = [x for x in services if x != ServiceName.SPOTIFY or spotify_can_search(s)]
    for service in ready:
        n = _to_look_for(s, service)
        if n:
            steps.append(f"{_ost('match', service, s['show'])}: {plural(n, 'track')} to look for")
    if ServiceName.SPOTIFY in services:
        steps += _spotify_setup(s, services)
    for service in services:
        waiting = _count(s, Status.REVIEW, service) + _mine(s, service)["near_misses"]
        if waiting:
            steps.append(
                f"{_ost('review', service, s['show'])}: {waiting} waiting for your decision"
            )
    for service in services:
        steps += _sync_step(s, service)
    steps += _export_step(s, services)
    return steps


def _fill_steps(s: dict[str, Any]) -> list[str]:
    """A broken show file to mend, an undated show to date, a show with no tracks to discover."""
    steps = [f"mend the show file: {p['problem']}" for p in s["show_problems"]]
    option = discovery_service(s).option
    for empty in s["empty_shows"]:
        key = empty["show"]
        if empty["dated"]:
            steps.append(f"`ost discover --show {key} --add{option}`: {key} has no tracks yet")
        else:
            steps.append(
                f"date {key} in {empty['file']}: a `premiere` and `finale` in its [[seasons]] "
                "table (docs/shows-format.md); discovery finds nothing for it until then"
            )
    return steps


def _spotify_app() -> dict[str, bool]:
    """Whether the Spotify app's client id and secret are set (never their values)."""
    return {
        "client_id_set": bool(os.environ.get("SPOTIPY_CLIENT_ID", "").strip()),
        "client_secret_set": bool(os.environ.get("SPOTIPY_CLIENT_SECRET", "").strip()),
    }


def advised_service(
    db: sqlite_utils.Database, service: ServiceName, defaulted: bool
) -> ServiceName:
    """The service a hint names: ``service``, or YouTube Music where Spotify was taken by
    default, cannot search (as `ost status` decides: no app credentials, no login) and YouTube
    Music has matches, so that no hint sends a user to a command that fails at once."""
    if not defaulted or service != ServiceName.SPOTIFY:
        return service
    if not decisions.last_change(db, ServiceName.YTMUSIC):
        return service
    return service if spotify_can_search(can_search_now(db)) else ServiceName.YTMUSIC


def spotify_can_search(s: dict[str, Any]) -> bool:
    """Whether `ost match` on Spotify would find credentials: the app's id and secret, or a
    stored login (a broken one is a step of its own)."""
    login = _mine(s, ServiceName.SPOTIFY)["login"]
    return bool(login["stored"] or (s["client_id_set"] and s["client_secret_set"]))


def _to_look_for(s: dict[str, Any], service: ServiceName) -> int:
    return _count(s, UNMATCHED, service) + _count(s, Status.REJECTED, service)


def _spotify_setup(s: dict[str, Any], services: list[ServiceName]) -> list[str]:
    """What Spotify needs before ost can match there (with what a match would then look for),
    and, for a user of no other service yet, that YouTube Music needs no account at all."""
    steps = []
    n = _to_look_for(s, ServiceName.SPOTIFY)
    then = f"; then {_ost('match', ServiceName.SPOTIFY, s['show'])} has {plural(n, 'track')} to look for"
    if not s["client_id_set"]:
        steps.append(
            "set SPOTIPY_CLIENT_ID (your Spotify app's client id) to match and sync"
            + (then if n and not spotify_can_search(s) else "")
        )
    elif not spotify_can_search(s) and n:
        steps.append("set SPOTIPY_CLIENT_SECRET too, or run `ost login`" + then)
    if not s["client_id_set"] and not s["service"] and ServiceName.YTMUSIC not in services:
        steps.append(
            "no Spotify app? `ost match --service ytmusic` matches on YouTube Music with no "
            "account at all"
        )
    return steps


def _mine(s: dict[str, Any], service: ServiceName) -> dict[str, Any]:
    return s["services"][service.value]  # type: ignore[no-any-return]


def _accepted(s: dict[str, Any], service: ServiceName) -> int:
    return sum(_count(s, k, service) for k in COUNTS_AS_ACCEPTED)


def _accepted_in(season: dict[str, Any], service: ServiceName) -> int:
    return sum(season["services"][service.value].get(k, 0) for k in COUNTS_AS_ACCEPTED)


def _broken_login(service: ServiceName) -> str:
    if service == ServiceName.YTMUSIC:
        return (
            "the stored YouTube Music login cannot be used (`ytmusic` above says why and what "
            "to do)"
        )
    return "the stored Spotify login cannot be used (`spotify` above says why and what to do)"


def _sync_step(s: dict[str, Any], service: ServiceName) -> list[str]:
    """Log in, or sync: the service has accepted matches its playlists may lack."""
    mine, show = _mine(s, service), s["show"]
    if not _accepted(s, service) or mine["login"]["problem"]:
        return []
    if not mine["login"]["stored"]:
        if service == ServiceName.YTMUSIC:
            return [
                f"`ost login --service ytmusic --headers FILE`, then "
                f"{_ost('playlist sync', service, show)} to keep the playlists on YouTube Music"
            ]
        return [
            f"`ost login`, then {_ost('playlist sync', service, show)} to make the Spotify playlists"
        ]
    if not mine["last_sync"] or (mine["last_match"] or "") > mine["last_sync"]:
        return [f"{_ost('playlist sync', service, show)}: matches changed since the last sync"]
    return []


def _export_step(s: dict[str, Any], services: list[ServiceName]) -> list[str]:
    """An export for a music player, linking the service with accepted matches (Spotify's
    links first, as `ost export` takes them by default), of the first season that has some. It
    names its show when tracks of several shows are counted: without `--show`, `--season N`
    takes that season of every show."""
    linked = [service for service in services if _accepted(s, service)]
    if not linked and not s["library_files"]:
        return []
    service = linked[0] if linked else ServiceName(s["service"] or ServiceName.SPOTIFY)
    linking = [x for x in s["seasons"] if _accepted_in(x, service)]
    season = (linking or s["seasons"] or [{"show": BUNDLED_SHOW, "season": 1}])[0]
    key, n = season["show"], season["season"]
    several = len({x["show"] for x in s["seasons"]}) > 1
    show = f" --show {key}" if s["show"] or several or key != BUNDLED_SHOW else ""
    file = f"{'soundtrack' if key == BUNDLED_SHOW else key}-{n}.m3u8"
    return [f"`ost export m3u{show} --season {n}{service.option} -o {file}` for a music player"]
