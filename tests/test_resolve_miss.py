"""The resolver's miss path in a large catalogue: candidates by index, never every title."""

from __future__ import annotations

import pytest
from helpers.catalogue import grow
from helpers.statements import cost

from ost import catalogue, resolve
from ost.resolve import Unresolved, resolve_track_id


def test_a_miss_in_a_large_catalogue_scores_index_candidates_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = catalogue.open_catalogue()
    grow(db, 3000)
    # as if 3,000 tracks were over the size up to which every title is scored
    monkeypatch.setattr(resolve, "SCORE_ALL_AT_MOST", 100, raising=False)
    caught: list[Unresolved] = []

    def miss() -> None:
        with pytest.raises(Unresolved) as e:
            resolve_track_id(db, "Lvoe Beyond Wrods")  # a typo in two words of three
        caught.append(e.value)

    _, scanned = cost(db, miss)
    # the one bounded read allowed: the size probe, at most SCORE_ALL_AT_MOST + 1 index entries
    probe = [s for s in scanned if "'offset'" in s]
    assert len(probe) <= 1 and [s for s in scanned if s not in probe] == []
    assert [n.id for n in caught[0].tracks][:1] == ["s1-01"]
    with pytest.raises(Unresolved) as close:
        resolve_track_id(db, "sonng 1234x")
    assert "s1-x1234" in [n.id for n in close.value.tracks]
