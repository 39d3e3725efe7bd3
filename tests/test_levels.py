"""The scorer's levels: one ordered enum (beets' ``Recommendation`` is the model) whose members
compare by level, never alphabetically, and are stored and printed as their words."""

from __future__ import annotations

import json
import operator

import pytest

from ost.match.types import Level

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
