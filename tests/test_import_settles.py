"""An import settles: the same file twice changes nothing, and one id is one track."""

from __future__ import annotations

from pathlib import Path

from ost import catalogue


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _artists(track_id: str) -> list[str]:
    db = catalogue.open_catalogue()
    return [
        r[0]
        for r in db.execute(
            "select a.name from track_artists ta join artists a on a.id = ta.artist_id "
            "where ta.track_id = ? order by ta.position",
            [track_id],
        )
    ]


def test_two_names_of_one_artist_are_one_artist_and_a_reimport_changes_nothing(
    tmp_path: Path, run
) -> None:
    # K and 손정혁 are two names (name and alias) of one bundled artist
    path = _write(
        tmp_path,
        "k.csv",
        "id,season,title,artist\ns2-user9,2,너의 목소리,K;손정혁\n",
    )
    first = run("import", str(path))
    assert first.exit_code == 0 and "1 added" in first.output, first.output
    assert _artists("s2-user9") == ["손정혁"]
    for _ in range(2):
        again = run("import", "-v", str(path))
        assert again.exit_code == 0, again.output
        assert again.output.splitlines() == [f"Imported {path}: 0 added, 0 changed, 1 unchanged."]


def test_ids_differing_only_in_case_in_one_file_are_refused_with_both_lines(
    tmp_path: Path, run
) -> None:
    text = "id,season,title,artist\ns2-user9,2,First,K\ns2-USER9,2,Second,K\n"
    result = run("import", str(_write(tmp_path, "case.csv", text)))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "case.csv:3: the same track as line 2 (id s2-USER9 is s2-user9)" in result.output
    ids = [
        r["id"] for r in catalogue.iter_tracks(catalogue.open_catalogue(), include_unverified=True)
    ]
    assert not any(i.casefold() == "s2-user9" for i in ids)


def test_an_id_in_other_case_updates_the_stored_track(tmp_path: Path, run) -> None:
    run("import", str(_write(tmp_path, "a.csv", "id,season,title,artist\ns2-user9,2,First,K\n")))
    result = run(
        "import", str(_write(tmp_path, "b.csv", "id,season,title,artist\nS2-USER9,2,Second,K\n"))
    )
    assert result.exit_code == 0 and "0 added, 1 changed" in result.output, result.output
    ids = [
        r["id"] for r in catalogue.iter_tracks(catalogue.open_catalogue(), include_unverified=True)
    ]
    assert [i for i in ids if i.casefold() == "s2-user9"] == ["s2-user9"]


def test_a_plain_import_speaks_of_no_rows_it_did_not_show(tmp_path: Path, run) -> None:
    rows = "".join(f"1,song {i},artist {i}\n" for i in range(3))
    result = run("import", str(_write(tmp_path, "few.csv", "season,title,artist\n" + rows)))
    assert result.exit_code == 0 and "3 added" in result.output
    assert "more rows" not in result.output, result.output


def test_nothing_on_standard_input_says_so_not_that_a_file_is_empty(run) -> None:
    result = run("import", "-", input="")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "<stdin>: nothing came in on standard input" in result.output
    assert "the file is empty" not in result.output
