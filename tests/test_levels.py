"""The scorer's levels: one ordered enum (beets' ``Recommendation`` is the model) whose members
compare by level, never alphabetically, and are stored and printed as their words."""

from __future__ import annotations

import json
import operator
from enum import StrEnum

import pytest

from ost.decisions import FOUND_BY_MATCH, Status
from ost.library.files import FileState
from ost.match.levels import Level

# (lower, higher): alphabetically "auto" < "none" < "review", so each pair below would compare
# the other way round, or not at all, as plain strings.
ORDERED = [
    ("none<review", Level.NONE, Level.REVIEW),
    ("review<auto", Level.REVIEW, Level.AUTO),
    ("none<auto", Level.NONE, Level.AUTO),
    ("word-none<review", "none", Level.REVIEW),
    ("none<word-auto", Level.NONE, "auto"),
    ("word-review<auto", "review", Level.AUTO),
]


@pytest.mark.parametrize(("lower", "higher"), [c[1:] for c in ORDERED], ids=[c[0] for c in ORDERED])
def test_levels_compare_by_level(lower: Level | str, higher: Level | str) -> None:
    assert lower < higher and lower <= higher
    assert higher > lower and higher >= lower
    assert not higher < lower and not lower > higher and not higher <= lower


@pytest.mark.parametrize("level", list(Level), ids=str)
def test_a_level_equals_its_word_and_itself(level: Level) -> None:
    word = level.value
    assert level == word and hash(level) == hash(word) and {word: 1}[level] == 1
    assert level <= level and level >= level and not level < level
    assert level <= word and level >= word
    assert str(level) == f"{level}" == word and json.dumps(level) == f'"{word}"'
    assert Level(word) is level


def test_levels_sort_lowest_first_and_rank_by_definition() -> None:
    assert sorted([Level.AUTO, Level.NONE, Level.REVIEW]) == [Level.NONE, Level.REVIEW, Level.AUTO]
    assert max(["review", Level.AUTO, Level.NONE]) is Level.AUTO
    assert [level.rank for level in Level] == [0, 1, 2]
    assert [level.value for level in sorted(Level, reverse=True)] == ["auto", "review", "none"]


@pytest.mark.parametrize("other", ["accepted", "", "AUTO", 1, None], ids=repr)
def test_a_level_refuses_to_order_against_what_is_no_level(other: object) -> None:
    with pytest.raises(TypeError):
        operator.lt(Level.REVIEW, other)
    with pytest.raises(TypeError):
        operator.ge(other, Level.REVIEW)


# --- the words built on the levels ------------------------------------------------------------
BUILT_ON_LEVELS = [
    ("match-status", Status),
    ("file-state", FileState),
]


@pytest.mark.parametrize(
    "words", [c[1] for c in BUILT_ON_LEVELS], ids=[c[0] for c in BUILT_ON_LEVELS]
)
@pytest.mark.parametrize("level", list(Level), ids=str)
def test_each_level_is_a_status_of_matches_and_files(words: type[StrEnum], level: Level) -> None:
    member = words(level)
    assert member.name == level.name and member == level and Level(member) is level


def test_what_match_finds_is_the_levels_best_first() -> None:
    assert FOUND_BY_MATCH == (Status.AUTO, Status.REVIEW, Status.NONE)
    assert [Level(s) for s in FOUND_BY_MATCH] == sorted(Level, reverse=True)


def test_a_file_decision_is_said_in_the_words_of_a_match_decision() -> None:
    decided = {Status(state) for state in FileState if state not in list(Level)}
    assert decided == {Status.ACCEPTED, Status.PINNED}
