"""`ost page`: what the page's data carries, the air dates it may draw, escaping, and the command."""

from __future__ import annotations

import json
import re
import stat
from datetime import date
from pathlib import Path

import pytest
from helpers.catalogue import SPOTIFY_ID, add_recordings
from helpers.specialfiles import unblocked_fifo

from ost import catalogue
from ost.page import build, data, timeline


def gather(tmp_path: Path, seasons: tuple[int, ...] = ()) -> data.PageData:
    return data.gather(catalogue.open_catalogue(), tmp_path / "page", seasons)


def songs_by_id(page: data.PageData) -> dict[str, data.Song]:
    return {s.id: s for season in page.seasons for s in season.songs}


# --- the page's data ---------------------------------------------------------------------------


def test_seasons_carry_their_facts_cast_and_sources(tmp_path: Path) -> None:
    page = gather(tmp_path)
    s1, s2 = page.seasons
    assert (s1.title.ko, s1.title.en) == ("사운드트랙 #1", "Soundtrack #1")
    facts = {f.key: f for f in s1.facts}
    assert [f.key for f in s1.facts][:4] == ["platform", "premiere", "finale", "episodes"]
    assert facts["premiere"].value == "2022-03-23" and facts["episodes"].value == "4"
    assert facts["directors"].value == "김희원 (Kim Hee-won)"
    assert facts["writers"].note and facts["writers"].sources[0].linkable
    s2_facts = {f.key: f for f in s2.facts}
    assert s2_facts["directors"].value == "김희원 (Kim Hee-won), 최정규 (Choi Jung-gyu)"
    assert s2_facts["ost_production"].uncertain
    assert any(c.actor.en == "Kim Joo-heon" and c.uncertain for c in s1.cast)
    assert s1.sources and all(src.linkable for src in s1.sources)


def test_k_is_son_jung_hyuk_who_sings_his_songs(tmp_path: Path) -> None:
    s2 = gather(tmp_path).seasons[1]
    k = next(c for c in s2.cast if c.character.en == "K")
    assert (k.actor.ko, k.actor.en, k.character.ko) == ("손정혁", "Son Jung-hyuk", "케이")
    assert [s.id for s in k.sings] == ["s2-01"]
    assert all(not c.sings for c in s2.cast if c is not k)


def test_songs_in_release_order_with_statuses_and_uncertain_fields(tmp_path: Path) -> None:
    page = gather(tmp_path)
    assert [s.id for s in page.seasons[0].songs] == [f"s1-0{i}" for i in range(1, 8)] + [
        "s1-u1",
        "s1-u2",
    ]
    assert page.song_count == 10
    songs = songs_by_id(page)
    talk = songs["s1-05"]
    assert (talk.title.ko, talk.title.en) == ("나에게 말해요", "Talk To Me")
    assert [(a.ko, a.en) for a in talk.artists] == [("김재환", "Kim Jae Hwan")]
    assert [c["name"] for c in talk.credits] == ["바크", "정규창", "로지케이"]
    assert talk.release_date == "2022-02-06" and talk.is_uncertain("release_date")
    assert talk.air_relation == "45 days before the premiere"
    assert talk.status == "confirmed" and talk.status_note
    assert talk.uncertain[0][:2] == ("release_date", "Release date")
    assert "2022-02-04" in talk.uncertain[0][2]
    assert songs["s1-u1"].status == "unverified" and "single" in songs["s1-u1"].status_note
    assert songs["s2-01"].is_uncertain("artists") and songs["s2-01"].release_date is None
    assert all(src.linkable for s in songs.values() for src in s.sources)
    assert {status for status, _ in page.statuses} == {"confirmed", "unverified"}


def test_search_text_holds_both_languages_and_aliases(tmp_path: Path) -> None:
    songs = songs_by_id(gather(tmp_path))
    assert {"loveisnotexpressedinwords", "규현", "kyuhyun"} <= set(songs["s1-01"].search.split("|"))
    assert "demian" in songs["s2-01"].search.split("|")  # an alias of the artist


def test_recordings_link_spotify_and_the_local_file_relatively(tmp_path: Path) -> None:
    db = catalogue.open_catalogue()
    wav = add_recordings(db, tmp_path / "Music")
    out = tmp_path / "site" / "page"
    songs = songs_by_id(data.gather(db, out))
    assert songs["s1-03"].spotify_url == f"https://open.spotify.com/track/{SPOTIFY_ID}"
    assert songs["s1-01"].spotify_url is None
    href = songs["s1-01"].local_href
    assert (
        href
        == "../../Music/%EA%B7%9C%ED%98%84%20-%20%EC%82%AC%EB%9E%91%EC%9D%80%20%EB%A7%90%EB%A1%9C.wav"
    )
    assert songs["s1-01"].local_type == "audio/wav" and songs["s1-01"].local_name == wav.name
    assert songs["s1-03"].local_href is None


@pytest.mark.parametrize(
    ("path", "out", "href"),
    [
        ("/m/a b/x.flac", "/m/page", "../a%20b/x.flac"),
        ("/m/x.mp3", "/m", "x.mp3"),
        ("/m/노래#1?.mp3", "/p", "../m/%EB%85%B8%EB%9E%98%231%3F.mp3"),
    ],
    ids=["sibling", "inside", "hangul-and-url-characters"],
)
def test_local_links_are_relative_and_quoted(path: str, out: str, href: str) -> None:
    assert data.relative_href(path, Path(out)) == href


def test_a_review_match_gives_no_spotify_link(tmp_path: Path) -> None:
    db = catalogue.open_catalogue()
    db.table("matches").insert(
        {"track_id": "s2-01", "status": "review", "uri": f"spotify:track:{SPOTIFY_ID}"},
        pk="track_id",
    )
    assert songs_by_id(data.gather(db, tmp_path))["s2-01"].spotify_url is None


def test_any_status_is_shown_as_it_is(tmp_path: Path) -> None:
    db = catalogue.open_catalogue()
    db.execute("update tracks set status = 'discovered' where id = 's1-02'")
    db.execute("update tracks set status = 'rumoured by fans' where id = 's1-04'")
    page = data.gather(db, tmp_path)
    songs = songs_by_id(page)
    assert songs["s1-02"].status == "discovered" and "Spotify" in songs["s1-02"].status_note
    assert songs["s1-04"].status == "rumoured by fans" and songs["s1-04"].status_note == ""
    assert dict(page.seasons[0].status_counts) == {
        "confirmed": 5,
        "discovered": 1,
        "rumoured by fans": 1,
        "unverified": 2,
    }
    html = _render(db, tmp_path / "out")
    assert "status-rumoured-by-fans" in html and "A status ost does not describe yet." in html


def test_one_season_only(tmp_path: Path) -> None:
    page = gather(tmp_path, (2,))
    assert [s.number for s in page.seasons] == [2] and page.song_count == 1


@pytest.mark.parametrize(
    ("url", "linkable", "label"),
    [
        ("https://www.xportsnews.com/article/1801599", True, "xportsnews.com"),
        ("http://m.stoo.com/article_amp.php?aid=1", True, "stoo.com"),
        ("javascript:alert(1)", False, "javascript:alert(1)"),
        ("data:text/html,<script>x</script>", False, "data:text/html,<script>x</script>"),
        ("a fan's blog", False, "a fan's blog"),
    ],
    ids=["https", "http", "javascript", "data", "text"],
)
def test_only_http_sources_become_links(url: str, linkable: bool, label: str) -> None:
    src = data.source(url)
    assert (src.linkable, src.label) == (linkable, label)


def test_a_site_named_twice_is_numbered() -> None:
    urls = ["https://xportsnews.com/article/1", "https://www.xportsnews.com/article/2", "x", "x"]
    assert [s.label for s in data.sources(urls)] == [
        "xportsnews.com",
        "xportsnews.com (2)",
        "x",
        "x",
    ]


# --- air dates and the timeline -------------------------------------------------------------------


def _facts(**values) -> dict:
    return {k: (v if isinstance(v, dict) else {"value": v}) for k, v in values.items()}


def _two_a_week_from_2023_12_06(finale: str) -> dict:
    """Six episodes from 2023-12-06, two every seven days (so they end on 2023-12-20)."""
    schedule = {"value": "2 a week", "episodes_per_release": 2, "days_between_releases": 7}
    return _facts(premiere="2023-12-06", finale=finale, episodes=6, schedule=schedule)


def test_season_2_air_dates_follow_the_stated_schedule_and_say_so(tmp_path: Path) -> None:
    tl = gather(tmp_path).seasons[1].timeline
    marks = [(a.mark.day.isoformat(), a.mark.episodes, a.mark.derived) for a in tl.air]
    assert marks == [
        ("2023-12-06", [1, 2], False),
        ("2023-12-13", [3, 4], True),
        ("2023-12-20", [5, 6], False),
    ]
    assert any("Derived from the stated schedule" in n and "2023-12-13" in n for n in tl.notes)
    assert [r.anchor for r in tl.undated] == ["song-s2-01"] and not tl.marks


def test_season_1_draws_only_the_premiere_and_finale(tmp_path: Path) -> None:
    tl = gather(tmp_path).seasons[0].timeline
    assert [(a.mark.day, a.mark.episodes, a.mark.kind, a.mark.derived) for a in tl.air] == [
        (date(2022, 3, 23), [1], "premiere", False),
        (date(2022, 4, 13), [4], "finale", False),
    ]
    assert tl.notes == ["The sources give no air date for episodes 2–3."]
    assert len(tl.marks) == 6 and tl.band and tl.band[0] < tl.band[1]
    assert {r.anchor for r in tl.undated} == {"song-s1-06", "song-s1-u1", "song-s1-u2"}
    uncertain = [m.release.anchor for m in tl.marks if m.release.uncertain]
    assert uncertain == ["song-s1-05"]
    xs = [m.x for m in tl.marks]
    assert xs == sorted(xs) and all(0 < x < tl.width for x in xs)
    assert all(tl.band[0] > x for x in xs)  # every release came before the premiere


def test_a_schedule_that_misses_the_finale_is_not_used() -> None:
    air = timeline.air_dates(_two_a_week_from_2023_12_06(finale="2023-12-27"))
    assert [(m.day.isoformat(), m.kind, m.derived) for m in air.marks] == [
        ("2023-12-06", "premiere", False),
        ("2023-12-27", "finale", False),
    ]
    assert "would end on 2023-12-20" in air.notes[0]


@pytest.mark.parametrize(
    ("facts", "marks"),
    [
        ({}, []),
        (_facts(finale="2022-04-13"), []),
        (_facts(premiere="not a date", finale="2022-04-13"), []),
        (_facts(premiere="2022-03-23"), [("2022-03-23", [1])]),
        (_facts(premiere="2022-03-23", episodes=8), [("2022-03-23", [1])]),
        (
            _facts(premiere="2022-03-23", finale="2022-03-23", episodes=3),
            [("2022-03-23", [1, 2, 3])],
        ),
        (
            _facts(premiere="2022-03-23", finale="2022-03-30", episodes=2),
            [("2022-03-23", [1]), ("2022-03-30", [2])],
        ),
    ],
    ids=["nothing", "finale-only", "bad-date", "premiere-only", "no-finale", "all-at-once", "two"],
)
def test_air_dates_are_only_what_the_facts_state(facts: dict, marks: list) -> None:
    got = timeline.air_dates(facts).marks
    assert [(m.day.isoformat(), m.episodes) for m in got] == marks
    assert not any(m.derived for m in got)


def test_close_releases_stack_instead_of_overlapping() -> None:
    releases = [timeline.Release(f"a{i}", f"t{i}", None, "2022-01-01") for i in range(3)]
    releases.append(timeline.Release("b", "later", None, "2022-06-01"))
    tl = timeline.layout(releases, timeline.AirDates())
    ys = [m.y for m in tl.marks]
    assert len(set(ys[:3])) == 3 and ys[3] == max(ys)
    assert tl.ticks and all(label.startswith("2022-") for _, label in tl.ticks)


def test_air_date_labels_that_would_collide_take_other_rows() -> None:
    facts = _two_a_week_from_2023_12_06(finale="2023-12-20")
    wide = [timeline.Release("a", "t", None, "2023-01-01")]  # a long span: air dates crowd
    tl = timeline.layout(wide, timeline.air_dates(facts))
    rows = [a.label_y for a in tl.air]
    assert len(set(rows)) == 3
    assert [a.text for a in tl.air][1] == "Ep 3–4*"
    assert tl.top == 3 * timeline.LABEL_ROW_HEIGHT + 6
    near = timeline.layout([], timeline.air_dates(facts))  # only the air dates: room enough
    assert len({a.label_y for a in near.air}) == 1
    assert [a.text for a in near.air] == ["Ep 1–2 · premiere", "Ep 3–4*", "Ep 5–6 · finale"]


def test_nothing_dated_draws_nothing() -> None:
    tl = timeline.layout([timeline.Release("a", "t", None, None)], timeline.AirDates())
    assert not tl.drawn and [r.anchor for r in tl.undated] == ["a"]


# --- escaping ----------------------------------------------------------------------------------


def _render(db, out: Path) -> str:
    build(db, out)
    return (out / "index.html").read_text(encoding="utf-8")


def test_every_text_is_escaped(tmp_path: Path, run) -> None:
    rows = [
        {
            "season": 1,
            "title": "<script>alert(1)</script>",
            "title_en": '"><img src=x onerror=alert(2)>',
            "artist": "<b>Bold & Co</b>",
            "release_date": "2022-01-10",
            "source": ["javascript:alert(3)", "https://example.org/?a=1&b=<2>"],
        }
    ]
    (tmp_path / "evil.json").write_text(json.dumps(rows), encoding="utf-8")
    assert run("import", str(tmp_path / "evil.json")).exit_code == 0
    html = _render(catalogue.open_catalogue(), tmp_path / "out")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&#34;&gt;&lt;img src=x onerror=alert(2)&gt;" in html
    assert "<b>Bold" not in html and "&lt;b&gt;Bold &amp; Co&lt;/b&gt;" in html
    assert 'href="javascript:' not in html and "javascript:alert(3)" in html
    assert 'href="https://example.org/?a=1&amp;b=&lt;2&gt;"' in html
    # the only scripts are the page's own file
    assert re.findall(r"<script[^>]*>", html) == ['<script src="assets/ost-page.js">']


# --- the command -------------------------------------------------------------------------------


def test_ost_page_writes_a_self_contained_site(tmp_path: Path, run, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("page")
    assert result.exit_code == 0, result.output
    out = tmp_path / "ost-page"
    assert {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} == {
        "index.html",
        "assets/ost-page.css",
        "assets/ost-page.js",
    }
    assert (
        "10 songs, 2 seasons" in result.output
        and out.joinpath("index.html").as_uri() in result.output
    )
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "사랑은 말로 표현하는게 아니래요" in html and "Da Capo" in html
    # nothing in the page or its assets points outside but links a person follows
    for path in out.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"(src|@import|url\()\s*=?\s*[\"']?(https?:)?//", text), path
    assert "default-src 'none'" in html


def test_ost_page_season_and_output(tmp_path: Path, run) -> None:
    result = run("page", "-o", str(tmp_path / "one"), "--season", "2")
    assert result.exit_code == 0 and "(1 song, 1 season," in result.output
    html = (tmp_path / "one" / "index.html").read_text(encoding="utf-8")
    assert "Da Capo" in html and "사랑은 말로" not in html


def test_ost_page_files_follow_the_umask_and_keep_their_mode(tmp_path: Path, run, umask) -> None:
    out = tmp_path / "p"
    umask(0o077)
    assert run("page", "-o", str(out)).exit_code == 0
    written = [
        out / "index.html",
        *(out / "assets" / name for name in ("ost-page.css", "ost-page.js")),
    ]
    assert [stat.S_IMODE(p.stat().st_mode) for p in written] == [0o600] * 3
    written[0].chmod(0o644)  # made readable to share: a rerun keeps that
    assert run("page", "-o", str(out)).exit_code == 0
    assert [stat.S_IMODE(p.stat().st_mode) for p in written] == [0o644, 0o600, 0o600]


def test_ost_page_rerun_replaces_its_files_and_keeps_others(tmp_path: Path, run) -> None:
    out = tmp_path / "p"
    assert run("page", "-o", str(out)).exit_code == 0
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    assert run("page", "-o", str(out), "--season", "2").exit_code == 0
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    html = (out / "index.html").read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "사랑은 말로" not in html
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_ost_page_never_replaces_an_index_it_did_not_write(tmp_path: Path, run) -> None:
    out = tmp_path / "my-site"
    out.mkdir()
    (out / "index.html").write_text("<h1>my own page</h1>", encoding="utf-8")
    result = run("page", "-o", str(out))
    assert result.exit_code == 1 and "was not written by ost page" in result.output
    assert (out / "index.html").read_text(encoding="utf-8") == "<h1>my own page</h1>"
    assert not (out / "assets").exists()


@pytest.mark.parametrize("where", ["index.html", "assets/ost-page.css"])
def test_ost_page_never_reads_or_replaces_a_named_pipe(tmp_path: Path, run, where: str) -> None:
    out = tmp_path / "site"
    (out / "assets").mkdir(parents=True)
    pipe = out / where
    with unblocked_fifo(pipe):  # ost must not read it; if it did, it gets an end, not a hang
        result = run("page", "-o", str(out))
    assert result.exit_code == 1 and stat.S_ISFIFO(pipe.lstat().st_mode)
    assert f"{pipe}: exists and is not a regular file" in result.output
    assert len(result.output.splitlines()) == 1
    assert sorted(p.name for p in out.rglob("*")) == sorted(["assets", pipe.name])


def test_ost_page_errors_are_one_line(tmp_path: Path, run) -> None:
    unknown = run("page", "-o", str(tmp_path / "x"), "--season", "3")
    assert unknown.exit_code == 2 and "season 3 is not in the catalogue" in unknown.output
    a_file = tmp_path / "file"
    a_file.write_text("", encoding="utf-8")
    result = run("page", "-o", str(a_file))
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert str(a_file) in result.output


def test_ost_page_open_starts_the_browser(tmp_path: Path, run, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url) or True)
    result = run("page", "-o", str(tmp_path / "p"), "--open")
    assert result.exit_code == 0
    assert opened == [(tmp_path / "p" / "index.html").as_uri()]


@pytest.mark.parametrize(
    "episodes, derived, tooltip",
    [([], False, "finale"), ([16], False, "Ep 16 (finale)"), ([3, 4], True, "Ep 3–4* (finale)")],
)
def test_an_air_dates_tooltip_names_its_kind_once(episodes, derived, tooltip) -> None:
    mark = timeline.AirMark(date(2024, 4, 21), episodes, "finale", derived)
    assert mark.tooltip == tooltip
