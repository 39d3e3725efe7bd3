"""The pure scorer: version stripping, title/artist/date evidence, ranking, and the case table."""

from __future__ import annotations

import random
import subprocess
import sys
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from score_cases import CASES, KIM_JONG_KOOK, ScoreCase, is_correct, track

from ost.match import score as scorer
from ost.match.normalize import FLAGS, artist_parts, renderings, strip_version
from ost.match.release import parse_release_date
from ost.match.score import (
    AUTO_THRESHOLD,
    REFUSAL_FACTOR,
    REVIEW_THRESHOLD,
    choose,
    score,
    title_similarity,
    wanted_flags,
)
from ost.match.types import Candidate, Verdict, Wanted
from ost.text import fold


# --- the case table ----------------------------------------------------------------------------------
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_case_table(case: ScoreCase) -> None:
    best, ranked = choose(case.wanted, case.candidates, case.rejected)
    by_uri = {v.candidate.uri: v for v in ranked}
    assert (best.candidate.uri if best else None) == case.winner, _explain(ranked)
    assert (best.status if best else "none") == case.status, _explain(ranked)
    for uri, status in case.statuses:
        assert by_uri[uri].status == status, _explain(ranked)
    for uri, words in case.reasons:
        assert words in by_uri[uri].reason
    assert is_correct(case, best, ranked)


def _explain(ranked: list[Verdict]) -> str:
    return "\n".join(f"{v.candidate.uri} {v.status} {v.score} {v.reason}" for v in ranked)


def test_case_ids_are_unique() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))


ALL_VERDICTS = [
    (case, verdict) for case in CASES for verdict in choose(case.wanted, case.candidates)[1]
]
VERDICT_IDS = [f"{case.id}:{v.candidate.uri.rsplit(':', 1)[-1]}" for case, v in ALL_VERDICTS]


@pytest.mark.parametrize(("case", "verdict"), ALL_VERDICTS, ids=VERDICT_IDS)
def test_every_verdict_is_consistent(case: ScoreCase, verdict: Verdict) -> None:
    assert verdict.status in ("auto", "review", "none")
    assert 0.0 <= verdict.score <= 1.0
    if verdict.status == "auto":
        assert verdict.score >= AUTO_THRESHOLD
    elif verdict.status == "review":
        assert verdict.score >= REVIEW_THRESHOLD
    else:
        assert verdict.score < REVIEW_THRESHOLD
    assert verdict.reason.endswith(".") and "\n" not in verdict.reason
    assert set(verdict.flags) <= set(FLAGS)
    if set(verdict.flags) != wanted_flags(case.wanted):
        assert verdict.status != "auto", "a variant is never auto unless catalogued as one"


# --- version markers ---------------------------------------------------------------------------------
STRIP_CASES = [
    ("inst-dot", "My Love (Inst.)", "My Love", {"instrumental"}),
    ("instrumental-bracket", "My Love [Instrumental]", "My Love", {"instrumental"}),
    ("instrumental-dash", "My Love - Instrumental", "My Love", {"instrumental"}),
    ("mr", "My Love (MR)", "My Love", {"instrumental"}),
    ("mr-bare-capitals", "My Love MR", "My Love", {"instrumental"}),
    ("mr-prefix", "[MR] My Love", "My Love", {"instrumental"}),
    ("inst-bare", "My Love Inst.", "My Love", {"instrumental"}),
    ("banju-ko", "마이 러브 (반주)", "마이 러브", {"instrumental"}),
    ("yeonjugok-ko", "마이 러브 (연주곡)", "마이 러브", {"instrumental"}),
    ("karaoke", "My Love (Karaoke Version)", "My Love", {"karaoke"}),
    (
        "originally-performed",
        "My Love (Originally Performed by Westlife) [Karaoke Version]",
        "My Love",
        {"karaoke"},
    ),
    ("in-the-style-of", "My Love (In the Style of Westlife)", "My Love", {"karaoke"}),
    ("in-the-style-of-dash", "My Love - In the Style of Westlife", "My Love", {"karaoke"}),
    ("noraebang-ko", "마이 러브 (노래방 버전)", "마이 러브", {"karaoke"}),
    ("cover", "My Love (Cover)", "My Love", {"cover"}),
    ("piano-cover", "My Love (Piano Cover)", "My Love", {"piano", "cover"}),
    ("cover-ko", "마이 러브 (커버)", "마이 러브", {"cover"}),
    ("live", "My Love (Live)", "My Love", {"live"}),
    ("live-at", "My Love - Live at Olympic Hall", "My Love", {"live"}),
    ("live-ko", "마이 러브 (라이브)", "마이 러브", {"live"}),
    ("remix", "My Love (Remix)", "My Love", {"remix"}),
    ("extended-mix", "My Love (Extended Mix)", "My Love", {"remix"}),
    ("remix-ko", "마이 러브 (리믹스)", "마이 러브", {"remix"}),
    ("acoustic-ver", "My Love (Acoustic Ver.)", "My Love", {"acoustic"}),
    ("acoustic-ko", "마이 러브 (어쿠스틱 버전)", "마이 러브", {"acoustic"}),
    ("piano-ver", "My Love (Piano Ver.)", "My Love", {"piano"}),
    ("piano-ko", "마이 러브 (피아노 Ver.)", "마이 러브", {"piano"}),
    ("sped-up", "My Love - Sped Up", "My Love", {"sped_up"}),
    ("sped-up-version", "My Love (Sped Up Version)", "My Love", {"sped_up"}),
    ("nightcore", "My Love (Nightcore)", "My Love", {"sped_up"}),
    ("slowed-reverb", "My Love (Slowed + Reverb)", "My Love", {"slowed"}),
    ("korean-ver", "My Love (Korean Ver.)", "My Love", {"version"}),
    ("english-version", "My Love - English Version", "My Love", {"version"}),
    ("beonjeon-ko", "마이 러브 (드라마 버전)", "마이 러브", {"version"}),
    ("two-markers", "My Love (Live) [Inst.]", "My Love", {"live", "instrumental"}),
    ("full-width-brackets", "My Love（Inst.）", "My Love", {"instrumental"}),
    ("lenticular-brackets", "마이 러브 【MR】", "마이 러브", {"instrumental"}),
    ("from-ost-neutral", "Love Beyond Words (From 'Soundtrack #1')", "Love Beyond Words", set()),
    ("ost-ko-neutral", "사랑은 말로 (사운드트랙 #1 OST)", "사랑은 말로", set()),
    ("ost-part-neutral", "My Love (Soundtrack #1 OST Part.4)", "My Love", set()),
    ("feat-neutral", "My Love (feat. Someone)", "My Love", set()),
    ("feat-bare-neutral", "My Love feat. Someone", "My Love", set()),
    ("with-neutral", "My Love (with Someone)", "My Love", set()),
    ("remaster-neutral", "Da Capo - Remastered 2011", "Da Capo", set()),
    ("feat-and-inst", "My Love (feat. Someone) (Inst.)", "My Love", {"instrumental"}),
    ("part-kept", "My Love (Part 2)", "My Love (Part 2)", set()),
    ("part-1-kept", "Part 1", "Part 1", set()),
    ("bilingual-kept", "My Love (마이 러브)", "My Love (마이 러브)", set()),
    ("mr-word-kept", "Mr. Blue", "Mr. Blue", set()),
    ("alive-kept", "Alive (Mix Tape)", "Alive (Mix Tape)", set()),
    ("marker-only-title-kept", "(Inst.)", "(Inst.)", set()),
    ("plain", "사랑은 말로 표현하는게 아니래요", "사랑은 말로 표현하는게 아니래요", set()),
    ("dash-in-title-kept", "Da Capo - Al Fine", "Da Capo - Al Fine", set()),
]


@pytest.mark.parametrize(
    ("title", "base", "flags"), [c[1:] for c in STRIP_CASES], ids=[c[0] for c in STRIP_CASES]
)
def test_strip_version(title: str, base: str, flags: set[str]) -> None:
    assert strip_version(title) == (base, frozenset(flags))


RENDERING_CASES = [
    ("latin-then-hangul", "My Love (마이 러브)", {"My Love", "마이 러브"}),
    (
        "hangul-then-latin",
        "사랑은 말로 표현하는게 아니래요 (Love Beyond Words)",
        {"사랑은 말로 표현하는게 아니래요", "Love Beyond Words"},
    ),
    ("slash", "아주 조금만 더 / A Little More", {"아주 조금만 더", "A Little More"}),
    ("same-script-not-split", "My Love (Part 2)", {"My Love (Part 2)"}),
    ("marker-stripped-first", "My Love (마이 러브) (Inst.)", {"My Love", "마이 러브"}),
]


@pytest.mark.parametrize(
    ("title", "parts"), [c[1:] for c in RENDERING_CASES], ids=[c[0] for c in RENDERING_CASES]
)
def test_renderings(title: str, parts: set[str]) -> None:
    assert parts <= set(renderings(title))


def test_artist_parts_split_credits_and_brackets() -> None:
    assert {"KYUHYUN", "규현"} <= set(artist_parts("KYUHYUN (규현)"))
    assert {"도영", "Someone"} <= set(artist_parts("도영 feat. Someone"))
    assert {"A", "B"} <= set(artist_parts("A & B"))


# --- titles --------------------------------------------------------------------------------------------
SIMILARITY_CASES = [
    ("spacing-ko", "사랑은 말로 표현하는게 아니래요", "사랑은 말로 표현하는 게 아니래요", 1.0, 1.0),
    ("case-and-punctuation", "Want to Be Happy", "WANT TO BE HAPPY!", 1.0, 1.0),
    ("contained-is-another-song", "My Love", "My Love Song", 0.0, 0.0),
    ("contained-ko", "마이 러브", "마이 러브 송", 0.0, 0.0),
    ("short-latin-needs-exact", "My Love", "My Lovr", 0.0, 0.0),
    ("short-hangul-needs-exact", "사랑해", "사랑해서", 0.0, 0.0),
    ("contraction-is-close", "나에게 말해요", "내게 말해요", 0.8, 0.9),
    ("one-syllable-off-is-not", "보고 싶어", "보고 싶다", 0.0, 0.79),
    ("other-script", "My Love", "마이 러브", 0.0, 0.0),
]


@pytest.mark.parametrize(
    ("one", "other", "low", "high"),
    [c[1:] for c in SIMILARITY_CASES],
    ids=[c[0] for c in SIMILARITY_CASES],
)
def test_title_similarity(one: str, other: str, low: float, high: float) -> None:
    assert low <= title_similarity(one, other) <= high
    assert title_similarity(one, other) == title_similarity(other, one)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("2022-01-27", (date(2022, 1, 27), date(2022, 1, 27))),
        ("2022-02", (date(2022, 2, 1), date(2022, 2, 28))),
        ("2022", (date(2022, 1, 1), date(2022, 12, 31))),
        ("2022-01-27T00:00:00Z", (date(2022, 1, 27), date(2022, 1, 27))),
        ("0000", None),
        ("2022-13", None),
        ("someday", None),
        ("", None),
        (None, None),
    ],
    ids=["day", "month", "year", "timestamp", "year-zero", "bad-month", "words", "empty", "none"],
)
def test_parse_release_date(text: str | None, span: tuple[date, date] | None) -> None:
    assert parse_release_date(text) == span


# --- single verdicts -------------------------------------------------------------------------------------
def test_reason_names_the_other_artist_and_the_catalogue_aliases() -> None:
    westlife = track("w", ("My Love",), ("Westlife",), "2022-01-27")
    verdict = score(KIM_JONG_KOOK, westlife)
    assert verdict.status == "none"
    assert verdict.reason == "Other artist: 'Westlife' is not 김종국 / Kim Jong Kook."


def test_refusal_keeps_score_below_review() -> None:
    assert REFUSAL_FACTOR < REVIEW_THRESHOLD < AUTO_THRESHOLD <= 1.0


def test_catalogue_variant_given_in_other_words() -> None:
    wanted = Wanted("x", ("My Love",), KIM_JONG_KOOK.artists, variant="Inst.")
    assert wanted_flags(wanted) == {"instrumental"}
    assert wanted_flags(Wanted("y", ("My Love",), (), variant="sped_up")) == {"sped_up"}
    assert wanted_flags(Wanted("z", ("My Love",), (), variant="TV size")) == {"version"}


def test_scorer_imports_no_network_or_database() -> None:
    code = (
        "import sys, ost.match.score, ost.match.normalize;"
        "print(sorted(m for m in ('spotipy', 'requests', 'sqlite3', 'sqlite_utils') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_constants_are_module_level() -> None:
    for name in ("TITLE_WEIGHT", "ARTIST_WEIGHT", "DATE_WEIGHT", "ALBUM_WEIGHT", "DURATION_WEIGHT"):
        assert getattr(scorer, name) > 0
    assert set(scorer.FLAG_PENALTIES) == set(FLAGS)


# --- properties ------------------------------------------------------------------------------------------
MARKERS = [
    "(Inst.)",
    "[MR]",
    " - Live",
    "(Piano Ver.)",
    "(반주)",
    "(From 'Soundtrack #1')",
    " - Sped Up",
]
TITLE_PIECES = [
    "My Love",
    "마이 러브",
    "사랑은 말로",
    "Da Capo",
    "(Part 2)",
    "(마이 러브)",
    " - ",
    "Inst.",
]
titles = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(TITLE_PIECES + MARKERS), max_size=5).map(" ".join),
    st.lists(st.sampled_from(TITLE_PIECES + MARKERS), max_size=5).map("".join),
)


@given(titles)
@settings(max_examples=400)
def test_strip_version_is_idempotent(title: str) -> None:
    base, _ = strip_version(title)
    assert strip_version(base) == (base, frozenset())


@given(st.text(max_size=40))
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(
    st.sampled_from(CASES).flatmap(
        lambda case: st.tuples(st.just(case), st.permutations(case.candidates))
    )
)
def test_choose_ignores_candidate_order_on_the_table(
    drawn: tuple[ScoreCase, list[Candidate]],
) -> None:
    case, shuffled = drawn
    assert choose(case.wanted, shuffled, case.rejected) == choose(
        case.wanted, case.candidates, case.rejected
    )


candidates = st.builds(
    Candidate,
    uri=st.sampled_from(["spotify:track:a", "spotify:track:b", "spotify:track:c"]),
    names=st.lists(
        st.sampled_from(["My Love", "마이 러브", "My Love (Inst.)", "My Love Song"]),
        min_size=1,
        max_size=2,
    ).map(tuple),
    artists=st.lists(st.sampled_from(["김종국", "Kim Jong Kook", "Westlife", "K"]), max_size=2).map(
        tuple
    ),
    album=st.sampled_from(["", "사운드트랙 #1 OST", "Old Album"]),
    album_type=st.sampled_from(["", "single", "album", "compilation"]),
    release_date=st.sampled_from(
        [None, "2012-05-01", "2022", "2022-01", "2022-01-27", "2022-04-13"]
    ),
    duration_ms=st.sampled_from([None, 200_000, 240_000]),
)


@given(st.lists(candidates, max_size=6), st.randoms(use_true_random=False))
def test_choose_ignores_candidate_order(pool: list[Candidate], rnd: random.Random) -> None:
    shuffled = list(pool)
    rnd.shuffle(shuffled)
    assert choose(KIM_JONG_KOOK, shuffled) == choose(KIM_JONG_KOOK, pool)


@given(candidates)
def test_score_is_deterministic_and_bounded(candidate: Candidate) -> None:
    first = score(KIM_JONG_KOOK, candidate)
    assert first == score(KIM_JONG_KOOK, candidate)
    assert 0.0 <= first.score <= 1.0
    if first.flags:
        assert first.status != "auto"


def test_every_verdict_keeps_its_parts_and_its_score_is_made_of_them() -> None:
    from score_cases import CASES

    from ost.match.score import PART_NAMES, REFUSAL_FACTOR, score

    for case in CASES:
        for candidate in case.candidates:
            verdict = score(case.wanted, candidate)
            assert tuple(p.name for p in verdict.parts) == PART_NAMES, case.id
            total = sum(p.weight for p in verdict.parts)
            mean = sum(p.value * p.weight for p in verdict.parts) / total if total else 0.0
            raw = round(min(1.0, max(0.0, mean - sum(p.penalty for p in verdict.parts))), 4)
            refused = any(p.refusal for p in verdict.parts)
            assert verdict.score == (round(raw * REFUSAL_FACTOR, 4) if refused else raw), case.id
            assert (verdict.status == "none") >= refused, case.id
