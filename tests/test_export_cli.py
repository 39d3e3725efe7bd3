"""The playlist the user came for, end to end and offline: scan a music folder, pin or match,
show the plan, export m3u8 / xspf / json, and read the file back with a real parser."""

from __future__ import annotations

import json
import os
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

import m3u8
import pytest
from helpers.audio import make_audio, mpv, needs_mpv
from helpers.results import refused
from helpers.specialfiles import fifo_with_reader, null_device, unix_socket

from ost import catalogue

PINS = {  # recordings the user pinned (ids as the fake service seeds them)
    "s1-02": "spotify:track:s1parkboram00000000001",
    "s1-04": "spotify:track:s1kimjongkook000000001",
}


@pytest.fixture
def music(tmp_path: Path) -> Path:
    root = tmp_path / "Music" / "사운드트랙"
    make_audio(
        root / "01 사랑은 말로.flac",
        title="사랑은 말로 표현하는게 아니래요",
        artist="KYUHYUN",
        album="사운드트랙 #1 Part 1",
        date="2021-12-30",
    )
    make_audio(
        root / "01 사랑은 말로.mp3",
        title="사랑은 말로 표현하는게 아니래요",
        artist="규현",
        date="2021-12-30",
    )
    make_audio(
        root / "my love cover.mp3", title="My Love", artist="Someone Else", date="2022-05-20"
    )
    (root / "cover.jpg").write_bytes(b"\xff\xd8\xff")
    return tmp_path / "Music"


@pytest.fixture
def pinned(run) -> None:
    for track, uri in PINS.items():
        assert run("pin", track, uri).exit_code == 0


def test_library_scan_reports_matches_and_prefers_lossless(run, music: Path) -> None:
    result = run("library", "scan", str(music))
    assert result.exit_code == 0, result.output
    assert "matched    s1-01" in result.stdout
    assert "my love cover.mp3" not in result.stdout and "1 unmatched" in result.stderr
    verbose = run("library", "scan", "-v", str(music))
    assert "unmatched" in verbose.stdout and "my love cover.mp3" in verbose.stdout
    assert "lossless" in result.stdout  # the flac was chosen over the mp3, and it says why
    again = json.loads(run("library", "scan", str(music), "--json").stdout)
    assert again["reused"] == 3 and again["preferred"]["s1-01"]["path"].endswith(".flac")


def test_library_scan_of_a_missing_folder_is_one_line(run, tmp_path: Path) -> None:
    result = run("library", "scan", str(tmp_path / "nope"))
    assert result.exit_code != 0 and "Traceback" not in result.output


def test_playlist_show_says_what_each_entry_resolves_to(run, music: Path, pinned) -> None:
    run("library", "scan", str(music))
    shown = json.loads(run("playlist", "show", "--season", "1", "--json").stdout)
    entries = {e["id"]: e for e in shown[0]["entries"]}
    assert shown[0]["name"] == "Soundtrack #1 OST"
    assert [e["id"] for e in shown[0]["entries"]][:2] == ["s1-01", "s1-02"]
    assert entries["s1-01"]["resolves_to"] == "local file"
    assert entries["s1-02"]["resolves_to"] == "spotify"
    assert entries["s1-03"]["resolves_to"] == "unresolved"
    table = run("playlist", "show", "soundtrack-1").stdout
    assert "not matched yet: run `ost match`" in table


def test_export_m3u_reads_back_with_a_real_parser(run, music: Path, pinned, tmp_path: Path) -> None:
    run("library", "scan", str(music))
    out = tmp_path / "out" / "soundtrack-1.m3u8"
    out.parent.mkdir()
    result = run("export", "m3u", "--season", "1", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "4 unresolved" in result.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"#EXTM3U\n") and not raw.startswith(b"\xef\xbb\xbf")
    playlist = m3u8.load(str(out))
    uris = [s.uri for s in playlist.segments]
    assert uris[0].endswith("01 사랑은 말로.flac") and os.path.isabs(uris[0])
    assert uris[1] == "https://open.spotify.com/track/s1parkboram00000000001"
    assert playlist.segments[0].title == "규현 - 사랑은 말로 표현하는게 아니래요"
    assert len(uris) == 3  # 1 local + 2 pinned; the rest are comment lines
    assert raw.decode("utf-8").count("\n# unresolved: ") == 4


def test_export_relative_paths(run, music: Path, tmp_path: Path) -> None:
    run("library", "scan", str(music))
    out = music / "lists" / "ost.m3u8"
    out.parent.mkdir()
    run("export", "m3u", "soundtrack-1", "-o", str(out), "--relative")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert "../사운드트랙/01 사랑은 말로.flac" in lines


def test_several_seasons_make_one_file_and_stdout_works(run, pinned) -> None:
    result = run("export", "m3u", "--season", "1", "--season", "2")
    assert result.stdout.count("#EXTM3U") == 1
    assert "Da Capo" in result.stdout and "My Love" in result.stdout


def test_export_xspf_and_json_carry_the_same_entries(run, pinned) -> None:
    data = json.loads(run("export", "json", "--season", "1").stdout)
    resolved = [e for e in data["entries"] if e["resolved"]]
    assert [e["track_id"] for e in resolved] == ["s1-02", "s1-04"]
    root = ET.fromstring(run("export", "xspf", "--season", "1").stdout)
    ns = {"x": "http://xspf.org/ns/0/"}
    locations = [t.findtext("x:location", namespaces=ns) for t in root.iterfind(".//x:track", ns)]
    assert locations == [e["location"] for e in resolved]


def test_failed_write_leaves_the_old_file(run, pinned, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "keep.m3u8"
    out.write_text("#EXTM3U\nold\n", encoding="utf-8")

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    result = run("export", "m3u", "--season", "1", "-o", str(out))
    assert result.exit_code != 0
    assert out.read_text(encoding="utf-8") == "#EXTM3U\nold\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["keep.m3u8"]


def test_export_into_a_named_pipe_writes_through_it(run, pinned, tmp_path: Path) -> None:
    pipe = tmp_path / "out" / "player.m3u8"
    pipe.parent.mkdir()
    with fifo_with_reader(pipe) as reader:
        result = run("export", "m3u", "--season", "1", "-o", str(pipe))
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(pipe.lstat().st_mode) and os.listdir(pipe.parent) == [pipe.name]
    assert reader.data.startswith(b"#EXTM3U\n") and b"s1parkboram" in reader.data


def test_export_into_a_device_keeps_the_device(run, pinned, tmp_path: Path) -> None:
    (tmp_path / "dev").mkdir()
    device = null_device(tmp_path / "dev" / "null")
    result = run("export", "json", "--season", "1", "-o", str(device))
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(device.lstat().st_mode) and os.listdir(device.parent) == ["null"]


def test_export_onto_a_socket_is_refused_in_one_line(run, pinned) -> None:
    with unix_socket() as sock:
        result = run("export", "m3u", "--season", "1", "-o", str(sock))
        assert result.exit_code == 1 and stat.S_ISSOCK(sock.lstat().st_mode)
    assert f"{sock}: is a socket" in result.output and len(result.output.splitlines()) == 1


def test_export_file_follows_the_umask(run, pinned, tmp_path: Path, umask) -> None:
    umask(0o027)
    out = tmp_path / "private.m3u8"
    assert run("export", "--season", "1", "-o", str(out)).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_user_definition_across_seasons(run, ost_home: Path) -> None:
    folder = ost_home / "playlists"
    folder.mkdir(parents=True)
    (folder / "k-songs.toml").write_text(
        'name = "K\'s songs"\n[select]\nartists = ["DEMIAN", "다비치"]\norder = "release_date"\n',
        encoding="utf-8",
    )
    listed = json.loads(run("playlist", "list", "--json").stdout)
    assert {d["key"] for d in listed} == {"soundtrack-1", "soundtrack-2", "k-songs"}
    shown = json.loads(run("playlist", "show", "K's songs", "--json").stdout)
    assert [e["id"] for e in shown[0]["entries"]] == ["s1-03", "s2-01"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name = 3\n", r"bad\.toml: 'name' must be a non-empty string"),
        (
            'name = "x"\n[select]\nseasons = "1"\n',
            r"bad\.toml: 'select\.seasons' must be a list of numbers",
        ),
        ('name = "x"\n[select]\norder = "random"\n', r"bad\.toml: 'select\.order' must be one of"),
        (
            'name = "x"\n[select]\nsesons = [1]\n',
            r"bad\.toml: 'select\.sesons' is not a selection key",
        ),
        ('name = "x"\ncolour = "red"\n', r"bad\.toml: 'colour' is not a definition key"),
        ('name = "x\n', r"bad\.toml: .*line 1"),
        (
            'name = "x"\n[select]\ntracks = ["s9-99"]\n',
            r"bad\.toml: 'select\.tracks' names unknown track: s9-99",
        ),
    ],
    ids=[
        "name-type",
        "seasons-type",
        "order-value",
        "unknown-select-key",
        "unknown-key",
        "toml-syntax",
        "unknown-track",
    ],
)
def test_bad_definition_names_file_and_key(run, ost_home: Path, content: str, message: str) -> None:
    import re

    folder = ost_home / "playlists"
    folder.mkdir(parents=True)
    (folder / "bad.toml").write_text(content, encoding="utf-8")
    result = run("playlist", "show", "bad")
    assert result.exit_code == 1
    assert re.search(message, result.output), result.output
    assert "Traceback" not in result.output


def test_unknown_playlist_name(run) -> None:
    result = run("export", "m3u", "nope")
    assert result.exit_code == 1
    assert "no playlist definition 'nope'" in result.output


def scan_two_songs(run, music: Path) -> None:
    """s1-01 (WAV) and s1-04 (FLAC) as files of the user's, tagged, and scanned."""
    make_audio(
        music / "a.wav", title="사랑은 말로 표현하는게 아니래요", artist="규현", date="2021-12-30"
    )
    make_audio(music / "b.flac", title="My Love", artist="김종국", date="2022-01-27")
    run("library", "scan", str(music))


@needs_mpv
def test_mpv_plays_the_exported_local_files(run, tmp_path: Path) -> None:
    scan_two_songs(run, tmp_path / "m")
    out = tmp_path / "p.m3u8"
    run("export", "m3u", "--season", "1", "-o", str(out))
    played = mpv(out)
    assert played.count("Playing:") == 2
    assert "Failed to" not in played


def test_json_export_carries_the_album_of_spotify_and_local_entries(run, music: Path, fake) -> None:
    assert run("match", "--season", "1").exit_code == 0
    run("library", "scan", str(music))
    entries = {
        e["track_id"]: e
        for e in json.loads(run("export", "json", "--season", "1").stdout)["entries"]
    }
    assert entries["s1-01"]["album"] == "사운드트랙 #1 Part 1"  # the local file's album tag
    assert entries["s1-04"]["album"]  # the matched Spotify release's album
    assert (
        entries["s1-04"]["album"]
        == json.loads(run("show", "s1-04", "--json").stdout)["match"]["album"]
    )


# --- issue 11: flags, format from the extension, titles, one language ---------------------------


def test_the_format_follows_the_output_extension(run, pinned, tmp_path: Path) -> None:
    xspf = tmp_path / "s1.xspf"
    result = run("export", "--season", "1", "-o", str(xspf))
    assert result.exit_code == 0, result.output
    root = ET.parse(xspf).getroot()
    ns = {"x": "http://xspf.org/ns/0/"}
    assert root.find("x:title", ns).text == "Soundtrack #1 OST"
    assert len(root.findall("x:trackList/x:track", ns)) == 2
    m3u = tmp_path / "s1.M3U8"
    assert run("export", "soundtrack-1", "-o", str(m3u)).exit_code == 0
    assert m3u.read_text(encoding="utf-8").startswith("#EXTM3U\n#PLAYLIST:Soundtrack #1 OST\n")
    assert m3u8.load(str(m3u)).segments[0].uri.startswith("https://open.spotify.com/track/")
    as_json = tmp_path / "s1.json"
    assert run("export", "--season", "1", "-o", str(as_json)).exit_code == 0
    assert len(json.loads(as_json.read_text(encoding="utf-8"))["entries"]) == 7
    named = run("export", "xspf", "--season", "1", "-o", str(tmp_path / "s1.playlist"))
    assert named.exit_code == 0  # a format given by name, in a file whose extension names none
    assert (tmp_path / "s1.playlist").read_text(encoding="utf-8").startswith("<?xml")


@pytest.mark.parametrize(
    ("fmt", "name", "named"),
    [("m3u", "x.xspf", "xspf"), ("xspf", "x.M3U8", "m3u"), ("json", "x.m3u", "m3u")],
)
def test_a_format_the_output_extension_contradicts_is_a_usage_mistake(
    run, pinned, tmp_path: Path, fmt: str, name: str, named: str
) -> None:
    result = run("export", fmt, "--season", "1", "-o", str(tmp_path / name))
    line = refused(result)
    assert f"names the {named} format, but the format given is {fmt}" in line
    assert not (tmp_path / name).exists()  # never M3U text in a .xspf file


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("xpsf", "--season", "1"), "unknown format 'xpsf' (formats: m3u, xspf, json). "
         "Did you mean 'xspf'?"),
        (("xpsf", "-o", "a.xspf"), "unknown format 'xpsf' (formats: m3u, xspf, json). "
         "Did you mean 'xspf'?"),
        (("jsno", "soundtrack-1"), "unknown format 'jsno' (formats: m3u, xspf, json). "
         "Did you mean 'json'?"),
        (("wav", "--season", "1"), "unknown format 'wav' (formats: m3u, xspf, json)."),
    ],
    ids=["misspelt", "misspelt-with-output", "misspelt-before-a-name", "nothing-like-one"],
)  # fmt: skip
def test_an_unknown_format_is_named_with_the_closest(
    run, pinned, tmp_path: Path, monkeypatch, args: tuple[str, ...], said: str
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    result = run("export", *args)
    assert refused(result) == f"Error: {said}"
    assert "Usage: ost export [m3u|xspf|json] [OPTIONS]" in result.output
    assert not list(work.iterdir())


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("soundtrack-1", "m3u"), "the format comes first: `ost export m3u soundtrack-1`"),
        (("soundtrack-1", "XSPF", "-o", "a.xspf"),
         "the format comes first: `ost export xspf soundtrack-1 -o a.xspf`"),
        (("--season", "1", "json"), "the format comes first: `ost export json [OPTIONS] [NAME]`"),
    ],
    ids=["name-format", "name-format-output", "option-format"],
)  # fmt: skip
def test_a_format_after_the_playlist_is_said_to_come_first(
    run, pinned, tmp_path: Path, monkeypatch, args: tuple[str, ...], said: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("export", *args)
    assert refused(result) == f"Error: {said}"
    assert not (tmp_path / "a.xspf").exists()


def test_a_format_is_named_case_aside(run, pinned) -> None:
    upper = run("export", "M3U", "--season", "1")
    assert upper.exit_code == 0, upper.output
    assert upper.stdout == run("export", "m3u", "--season", "1").stdout
    assert run("export", "Xspf", "soundtrack-1").stdout.startswith("<?xml")


def test_a_playlist_named_like_a_format_is_still_the_playlist(
    run, ost_home: Path, tmp_path
) -> None:
    mine = ost_home / "playlists"
    mine.mkdir(parents=True)
    (mine / "xpsf.toml").write_text('name = "Mine"\n[select]\nseasons = [1]\n', encoding="utf-8")
    out = tmp_path / "a.xspf"
    result = run("export", "xpsf", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "<title>Mine</title>" in out.read_text(encoding="utf-8")


def test_an_extension_that_names_no_format_is_a_usage_mistake(run, pinned, tmp_path: Path) -> None:
    result = run("export", "--season", "1", "-o", str(tmp_path / "s1.txt"))
    assert result.exit_code == 2
    assert "cannot tell the format from" in result.output and ".xspf" in result.output
    assert list(tmp_path.glob("s1*")) == []
    assert run("export", "--season", "1").exit_code == 2  # neither a format nor -o


def test_several_playlists_make_one_titled_file(run, pinned) -> None:
    out = run("export", "m3u", "--season", "1", "--season", "2").stdout
    assert "#PLAYLIST:Soundtrack #1 OST + Soundtrack #2 OST\n" in out


def test_local_only_and_links_only(run, music: Path, pinned) -> None:
    run("library", "scan", str(music))
    both = m3u8.loads(run("export", "m3u", "--season", "1").stdout)
    assert len(both.segments) == 3  # s1-01's file, s1-02's and s1-04's links
    local = run("export", "m3u", "--season", "1", "--local-only")
    assert local.exit_code == 0
    local_uris = [s.uri for s in m3u8.loads(local.stdout).segments]
    assert len(local_uris) == 1 and local_uris[0].endswith("01 사랑은 말로.flac")
    assert "# unresolved: 박보람 - 행복해지고 싶어 (--local-only: no file of yours)" in local.stdout
    assert "https://" not in local.stdout
    assert "Wrote 1 of 7 tracks (1 local file)." in local.stderr  # no service's links asked for
    links = run("export", "m3u", "--season", "1", "--links-only")
    link_uris = [s.uri for s in m3u8.loads(links.stdout).segments]
    assert len(link_uris) == 2 and all(u.startswith("https://open.spotify.com/") for u in link_uris)
    assert "(--links-only: no Spotify match)" in links.stdout  # s1-01 has only a file
    both_flags = run("export", "m3u", "--local-only", "--links-only")
    assert both_flags.exit_code == 2 and not both_flags.stdout  # they exclude each other


def test_names_en_writes_titles_artists_and_albums_in_english(run, fake) -> None:
    assert run("match", "--season", "1").exit_code == 0
    default = {
        e["track_id"]: e
        for e in json.loads(run("export", "json", "--season", "1").stdout)["entries"]
    }
    english = {
        e["track_id"]: e
        for e in json.loads(run("export", "json", "--season", "1", "--names", "en").stdout)[
            "entries"
        ]
    }
    assert default["s1-01"]["title"] == "사랑은 말로 표현하는게 아니래요"
    assert english["s1-01"]["title"] == "Love Beyond Words"
    assert english["s1-01"]["artists"] == ["KYUHYUN"]
    for track in english:  # every album in English: no Hangul left
        album = english[track]["album"]
        assert album and not any("\uac00" <= ch <= "\ud7a3" for ch in album), album
        assert any("\uac00" <= ch <= "\ud7a3" for ch in default[track]["album"])
    m3u_en = run("export", "m3u", "--season", "1", "--names", "en").stdout
    assert "#EXTINF:" in m3u_en and ",KYUHYUN - Love Beyond Words\n" in m3u_en


@needs_mpv
def test_mpv_plays_the_local_only_playlist(run, pinned, tmp_path: Path) -> None:
    scan_two_songs(run, tmp_path / "m")
    out = tmp_path / "local.m3u8"
    assert run("export", "--season", "1", "--local-only", "-o", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "https://" not in text  # s1-02's Spotify link is left out: a player gets files only
    played = mpv(out)
    assert played.count("Playing:") == 2
    assert "a.wav" in played and "b.flac" in played
    assert "Failed to" not in played and "open.spotify.com" not in played


def test_the_extension_error_shows_the_export_usage(run, tmp_path: Path) -> None:
    result = run("export", "-o", str(tmp_path / "x.txt"))
    assert result.exit_code == 2
    assert (
        "Usage: ost export [m3u|xspf|json] [OPTIONS]" in result.output
        and "by-extension" not in result.output
    )


@pytest.mark.parametrize(
    "args",
    [("--season", "1", "-o", "-"), ("--season", "1"), ("-o", "-")],
    ids=["stdout-without-format", "no-output", "only-stdout"],
)
def test_no_format_is_a_clear_usage_mistake(run, args: tuple[str, ...]) -> None:
    result = run("export", *args)
    assert result.exit_code == 2
    assert "m3u|xspf|json" in result.output and ".xspf" in result.output
    assert "None" not in result.output and "by-extension" not in result.output
    assert "Usage: ost export [m3u|xspf|json] [OPTIONS]" in result.output


def test_export_help_lists_the_options_that_work_without_a_format(run) -> None:
    out = run("export", "-h").output
    assert "by-extension" not in out
    for option in ("--season", "-o, --output", "--local-only", "--relative"):
        assert option in out


def test_local_only_with_links_only_is_a_usage_mistake(run, tmp_path: Path) -> None:
    result = run("export", "m3u", "--local-only", "--links-only", "-o", str(tmp_path / "x.m3u8"))
    assert result.exit_code == 2
    assert "--local-only and --links-only" in result.output
    assert not (tmp_path / "x.m3u8").exists()


def test_a_link_carries_the_recordings_length_and_a_file_its_own(run, tmp_path: Path, fake) -> None:
    """The trial's `#EXTINF:2` beside an open.spotify.com link: a link's entry is the service's
    recording, so it carries that recording's length and album, never the local file's."""
    rip = make_audio(
        tmp_path / "Music" / "rip.flac",
        title="사랑은 말로 표현하는게 아니래요",
        artist="KYUHYUN",
        album="My own rip",
    )
    assert run("match", "--season", "1").exit_code == 0
    run("library", "scan", str(rip.parent))
    flac = str(rip.resolve())
    assert run("pin", "s1-01", flac).exit_code == 0  # the file is s1-01's, whatever its length
    match = json.loads(run("show", "s1-01", "--json").stdout)["match"]
    link = "https://open.spotify.com/track/" + match["uri"].rsplit(":", 1)[1]
    name = "규현 - 사랑은 말로 표현하는게 아니래요"
    recording_s = round(match["duration_ms"] / 1000)
    file_ms = (
        catalogue.open_catalogue()
        .execute("select duration_ms from library_files where path = ?", [flac])
        .fetchone()[0]
    )
    file_s = round(file_ms / 1000)
    assert recording_s != file_s and match["album"] != "My own rip"  # the test can tell them apart
    links = run("export", "m3u", "--season", "1", "--links-only").stdout
    assert f"\n#EXTINF:{recording_s},{name}\n{link}\n" in links
    both = run("export", "m3u", "--season", "1").stdout
    assert f"\n#EXTINF:{file_s},{name}\n{flac}\n" in both

    def xspf_entry(location: str, album: str, seconds: int) -> str:
        return (
            f"      <location>{location}</location>\n"
            "      <title>사랑은 말로 표현하는게 아니래요</title>\n"
            "      <creator>규현</creator>\n"
            f"      <album>{album}</album>\n"
            f"      <duration>{seconds * 1000}</duration>\n"
        )

    xspf = run("export", "xspf", "--season", "1", "--links-only").stdout
    assert xspf_entry(link, match["album"], recording_s) in xspf
    xspf = run("export", "xspf", "--season", "1").stdout
    assert xspf_entry(Path(flac).as_uri(), "My own rip", file_s) in xspf
    shown = json.loads(run("playlist", "show", "--season", "1", "--json").stdout)[0]["entries"]
    assert shown[0]["duration_ms"] == file_ms  # it resolves to the file: the file's length
