"""The scorer's case table: catalogue tracks, what a source offered, and what `choose` must pick.

Plain records, importable without pytest (``bench/`` reports the scorer's accuracy on them):

    from score_cases import CASES, is_correct    # tests/ is on the path: pytest's, an editable install's
    right = sum(is_correct(case, *choose(case.wanted, case.candidates, case.rejected)) for case in CASES)

Titles, artists and dates of the catalogue tracks follow ``facts/soundtrack-1.md`` / ``-2.md``.
Candidates are made up to look like what Spotify (Korean- or English-localised) or a local file
would return; their uris are fake and readable. Where a fact is unknown (Standing Egg's Korean
title, 2012 album names, other artists' songs) the fixture says so or uses an obvious placeholder.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ost.match.types import Candidate, Verdict, Wanted

# Six months before the premiere to a year after the finale.
WINDOW_1 = (date(2021, 9, 23), date(2023, 4, 13))  # Soundtrack #1: 2022-03-23 .. 2022-04-13
WINDOW_2 = (date(2023, 6, 6), date(2024, 12, 20))  # Soundtrack #2: 2023-12-06 .. 2023-12-20


@dataclass(frozen=True)
class ScoreCase:
    id: str
    wanted: Wanted
    candidates: tuple[Candidate, ...]
    winner: str | None
    """The uri `choose` must return as best; None when it must return nothing."""
    status: str
    """The best verdict's status; "none" when there is no best."""
    statuses: tuple[tuple[str, str], ...] = ()
    """Other candidates' expected statuses: (uri, status)."""
    reasons: tuple[tuple[str, str], ...] = ()
    """Words a candidate's reason must contain: (uri, words)."""
    rejected: tuple[str, ...] = ()


def is_correct(case: ScoreCase, best: Verdict | None, ranked: list[Verdict]) -> bool:
    """Did `choose` pick the expected winner with the expected status (and judge the rest)?"""
    by_uri = {v.candidate.uri: v for v in ranked}
    if (best.candidate.uri if best else None) != case.winner:
        return False
    if (best.status if best else "none") != case.status:
        return False
    if any(by_uri[uri].status != status for uri, status in case.statuses):
        return False
    return all(words in by_uri[uri].reason for uri, words in case.reasons)


def track(
    short: str,
    names: tuple[str, ...],
    artists: tuple[str, ...],
    released: str | None = None,
    album: str = "",
    album_type: str = "single",
    duration_ms: int | None = None,
) -> Candidate:
    """A candidate; short uris become ``spotify:track:<uri>``, paths stay as they are."""
    return Candidate(uri(short), names, artists, album, album_type, released, duration_ms)


def uri(short: str) -> str:
    """``spotify:track:<short>``; a local path stays as it is."""
    return short if short.startswith("/") or ":" in short else f"spotify:track:{short}"


# --- the catalogue -----------------------------------------------------------------------------
KYUHYUN = Wanted(
    "st1-01",
    ("사랑은 말로 표현하는게 아니래요", "Love Beyond Words", "Love is not expressed in words"),
    (("규현", "KYUHYUN", "Kyuhyun", "Cho Kyu-hyun"),),
    date(2021, 12, 30),
    WINDOW_1,
)
PARK_BO_RAM = Wanted(
    "st1-02",
    ("행복해지고 싶어", "Want to Be Happy"),
    (("박보람", "Park Bo Ram"),),
    date(2022, 1, 6),
    WINDOW_1,
)
DAVICHI = Wanted(
    "st1-03",
    ("소녀 같은 맘을 가진 그댈 생각하면 아파요", "Your Tender Heart Hurts Me"),
    (("다비치", "DAVICHI"),),
    date(2022, 1, 20),
    WINDOW_1,
)
KIM_JONG_KOOK = Wanted(
    "st1-04",
    ("My Love", "마이 러브"),
    (("김종국", "Kim Jong Kook", "Kim Jong-kook"),),
    date(2022, 1, 27),
    WINDOW_1,
)
KIM_JAE_HWAN = Wanted(
    "st1-05",
    ("나에게 말해요", "Talk To Me"),
    (("김재환", "Kim Jae Hwan"),),
    date(2022, 2, 6),
    WINDOW_1,
)
STANDING_EGG = Wanted(  # Korean title and exact day unknown: judged by the window
    "st1-06", ("Prettiest One",), (("스탠딩 에그", "Standing Egg"),), None, WINDOW_1
)
DOYOUNG = Wanted(
    "st1-07",
    ("아주 조금만 더", "Just A Little Bit More", "A Little More"),
    (("도영", "DOYOUNG"),),
    date(2022, 2, 22),
    WINDOW_1,
)
DA_CAPO = Wanted(
    "st2-01",
    ("Da Capo",),
    (("손정혁", "K", "케이", "데미안", "DEMIAN", "Son Jung-hyuk", "Sohn Jeong-hyuck"),),
    None,
    WINDOW_2,
)
# Made-up variations for cases the real catalogue does not (yet) have.
KIM_JONG_KOOK_INST = Wanted(
    "st1-04i",
    ("My Love (Inst.)", "마이 러브 (Inst.)"),
    KIM_JONG_KOOK.artists,
    date(2022, 1, 27),
    WINDOW_1,
)
KIM_JONG_KOOK_INST_BY_FIELD = Wanted(
    "st1-04v",
    ("My Love",),
    KIM_JONG_KOOK.artists,
    date(2022, 1, 27),
    WINDOW_1,
    variant="instrumental",
)
KYUHYUN_LOCAL = Wanted(  # after a Spotify match: its length is known
    "st1-01", KYUHYUN.titles, KYUHYUN.artists, None, WINDOW_1, duration_ms=243_000
)
DUET = Wanted(  # a duet credit, invented to test partial artist matches
    "st1-x2",
    ("소녀 같은 맘을 가진 그댈 생각하면 아파요",),
    (("이해리", "Lee Hae-ri"), ("강민경", "Kang Min-kyung")),
    date(2022, 1, 20),
    WINDOW_1,
)
UNDATED = Wanted("st1-x3", ("My Love",), KIM_JONG_KOOK.artists)
WITH_ALBUM_HINTS = Wanted(
    "st1-04h",
    KIM_JONG_KOOK.titles,
    KIM_JONG_KOOK.artists,
    album_hints=("사운드트랙 #1", "Soundtrack #1"),
)

OST_KO = "사운드트랙 #1 OST"
OST_EN = "Soundtrack #1 (Original Soundtrack)"

# --- candidates used in several cases ------------------------------------------------------------
KY_KO = track("ky-single-ko", ("사랑은 말로 표현하는게 아니래요",), ("규현",), "2021-12-30", OST_KO)
KY_EN = track("ky-single-en", ("Love Beyond Words",), ("KYUHYUN",), "2021-12-30", OST_EN)
KY_COMPILATION = track(
    "ky-compilation", ("Love Beyond Words",), ("KYUHYUN",), "2022-04-13", OST_EN, "compilation"
)
KJK_EN = track("kjk-single-en", ("My Love",), ("Kim Jong Kook",), "2022-01-27", OST_EN)
KJK_KO = track("kjk-single-ko", ("My Love (마이 러브)",), ("김종국",), "2022-01-27", OST_KO)
KJK_2012_EN = track(
    "kjk-2012-en", ("My Love",), ("Kim Jong Kook",), "2012-05-01", "(an older album)", "album"
)
KJK_2012_KO = track("kjk-2012-ko", ("My Love",), ("김종국",), "2012-05-01", "(이전 앨범)", "album")
WESTLIFE = track("westlife", ("My Love",), ("Westlife",), "2000-11-06", "Coast To Coast", "album")
WESTLIFE_KO = track("westlife-ko", ("My Love",), ("웨스트라이프",), "2000-11-06", "Coast To Coast")
SE_EN = track("se-single", ("Prettiest One",), ("Standing Egg",), "2022-02-14", OST_EN)
DC_K = track("dc-k", ("Da Capo",), ("K",), "2023-12-06", "사운드트랙 #2 OST")
ORCHESTRA = track(
    "dc-orchestra", ("Da Capo",), ("Berliner Philharmoniker",), "2019-03-01", "Encores", "album"
)


def _variant_case(short: str, name: str, artist: str, status: str, word: str) -> ScoreCase:
    """A version of Kim Jong-kook's single offered before the original: the original wins."""
    variant = track(short, (name,), (artist,), "2022-01-27", OST_KO)
    return ScoreCase(
        f"kjk-variant-{short}",
        KIM_JONG_KOOK,
        (variant, KJK_KO if artist == "김종국" else KJK_EN),
        uri("kjk-single-ko" if artist == "김종국" else "kjk-single-en"),
        "auto",
        statuses=((uri(short), status),),
        reasons=((uri(short), word),),
    )


VARIANTS: tuple[tuple[str, str, str, str, str], ...] = (
    # short uri, title, artist, expected status of the variant, word in its reason
    ("inst-en", "My Love (Inst.)", "Kim Jong Kook", "none", "Instrumental version"),
    ("instrumental-en", "My Love (Instrumental)", "Kim Jong Kook", "none", "Instrumental"),
    ("dash-instrumental-en", "My Love - Instrumental", "Kim Jong Kook", "none", "Instrumental"),
    ("mr-en", "My Love (MR)", "Kim Jong Kook", "none", "Instrumental"),
    ("mr-bracket-prefix-ko", "[MR] 마이 러브", "김종국", "none", "Instrumental"),
    ("inst-ko", "마이 러브 (Inst.)", "김종국", "none", "Instrumental"),
    ("banju-ko", "마이 러브 (반주)", "김종국", "none", "Instrumental"),
    ("karaoke-en", "My Love (Karaoke Version)", "Kim Jong Kook", "none", "Karaoke"),
    ("karaoke-ko", "마이 러브 (노래방 버전)", "김종국", "none", "Karaoke"),
    (
        "originally-performed-en",
        "My Love (Originally Performed by Kim Jong Kook) [Karaoke Version]",
        "Sing2Piano",
        "none",
        "Other artist",
    ),
    (
        "in-the-style-of-en",
        "My Love (In the Style of Kim Jong Kook)",
        "Karaoke Hits",
        "none",
        "Other",
    ),
    ("cover-en", "My Love (Cover)", "Kim Jong Kook", "none", "Cover version"),
    ("cover-other-artist-ko", "마이 러브 (커버)", "다른 가수", "none", "Other artist"),
    ("live-en", "My Love (Live)", "Kim Jong Kook", "none", "Live version"),
    ("live-dash-en", "My Love - Live at Olympic Hall", "Kim Jong Kook", "none", "Live"),
    ("live-ko", "마이 러브 (라이브)", "김종국", "none", "Live version"),
    ("piano-en", "My Love (Piano Ver.)", "Kim Jong Kook", "none", "Piano version"),
    ("piano-ko", "마이 러브 (피아노 버전)", "김종국", "none", "Piano version"),
    ("acoustic-en", "My Love (Acoustic Ver.)", "Kim Jong Kook", "none", "Acoustic version"),
    ("acoustic-ko", "마이 러브 (어쿠스틱 Ver.)", "김종국", "none", "Acoustic version"),
    ("remix-en", "My Love (Remix)", "Kim Jong Kook", "none", "Remix version"),
    ("remix-ko", "마이 러브 (리믹스)", "김종국", "none", "Remix version"),
    ("sped-up-en", "My Love - Sped Up", "Kim Jong Kook", "none", "Sped-up version"),
    ("slowed-en", "My Love (Slowed + Reverb)", "Kim Jong Kook", "none", "Slowed version"),
    ("nightcore-en", "My Love (Nightcore)", "Kim Jong Kook", "none", "Sped-up"),
    ("korean-ver-en", "My Love (Korean Ver.)", "Kim Jong Kook", "review", "special version"),
    ("english-ver-ko", "마이 러브 (English Ver.)", "김종국", "review", "special version"),
    ("drama-ver-ko", "마이 러브 (드라마 버전)", "김종국", "review", "special version"),
)


def _alone(case_id: str, wanted: Wanted, cand: Candidate, status: str, words: str) -> ScoreCase:
    """A single candidate: `choose` returns it (auto / review) or nothing (none)."""
    winner = None if status == "none" else cand.uri
    return ScoreCase(
        case_id, wanted, (cand,), winner, status, reasons=((cand.uri, words),) if words else ()
    )


CASES: list[ScoreCase] = [
    # --- the right single, in either localisation -------------------------------------------------
    _alone("kyuhyun-single-ko", KYUHYUN, KY_KO, "auto", "as catalogued"),
    _alone("kyuhyun-single-en", KYUHYUN, KY_EN, "auto", "'Love Beyond Words'"),
    _alone(
        "kyuhyun-single-names-in-both-languages",
        KYUHYUN,
        track(
            "ky-both",
            ("사랑은 말로 표현하는게 아니래요", "Love Beyond Words"),
            ("규현", "KYUHYUN"),
            "2021-12-30",
        ),
        "auto",
        "",
    ),
    _alone(
        "kyuhyun-title-spacing-ko",
        KYUHYUN,
        track("ky-spacing", ("사랑은 말로 표현하는 게 아니래요",), ("규현",), "2021-12-30", OST_KO),
        "auto",
        "matches '사랑은 말로 표현하는게 아니래요'",
    ),
    _alone(
        "kyuhyun-bilingual-title",
        KYUHYUN,
        track(
            "ky-bilingual",
            ("사랑은 말로 표현하는게 아니래요 (Love Beyond Words)",),
            ("KYUHYUN (규현)",),
            "2021-12-30",
        ),
        "auto",
        "",
    ),
    _alone(
        "kyuhyun-ost-label-en",
        KYUHYUN,
        track("ky-from", ('Love Beyond Words (From "Soundtrack #1")',), ("Kyuhyun",), "2021-12-30"),
        "auto",
        "",
    ),
    _alone(
        "kyuhyun-ost-label-ko",
        KYUHYUN,
        track(
            "ky-ost",
            ("사랑은 말로 표현하는게 아니래요 (사운드트랙 #1 OST)",),
            ("규현",),
            "2021-12-31",
        ),
        "auto",
        "1 day from 2021-12-30",
    ),
    _alone(
        "park-bo-ram-ko",
        PARK_BO_RAM,
        track("pbr-ko", ("행복해지고 싶어",), ("박보람",), "2022-01-06"),
        "auto",
        "",
    ),
    _alone(
        "park-bo-ram-en-spelling",
        PARK_BO_RAM,
        track("pbr-en", ("Want To Be Happy",), ("Park Boram",), "2022-01-06"),
        "auto",
        "",
    ),
    _alone(
        "davichi-ko",
        DAVICHI,
        track("dv-ko", ("소녀 같은 맘을 가진 그댈 생각하면 아파요",), ("다비치",), "2022-01-20"),
        "auto",
        "",
    ),
    _alone(
        "davichi-en",
        DAVICHI,
        track("dv-en", ("Your Tender Heart Hurts Me",), ("DAVICHI",), "2022-01-20"),
        "auto",
        "",
    ),
    _alone("kjk-single-en", KIM_JONG_KOOK, KJK_EN, "auto", "김종국 as 'Kim Jong Kook'"),
    _alone("kjk-single-ko-bilingual-title", KIM_JONG_KOOK, KJK_KO, "auto", ""),
    _alone(
        "doyoung-alternative-title-en",
        DOYOUNG,
        track("dy-en", ("A Little More",), ("DOYOUNG",), "2022-02-22"),
        "auto",
        "",
    ),
    _alone(
        "doyoung-featured-artist-added-ko",
        DOYOUNG,
        track("dy-feat", ("아주 조금만 더",), ("도영", "객원 연주자"), "2022-02-22"),
        "auto",
        "",
    ),
    _alone(
        "kjk-year-only-release-date",
        KIM_JONG_KOOK,
        track("kjk-year", ("My Love",), ("김종국",), "2022"),
        "auto",
        "within the show's time",
    ),
    _alone(
        "kjk-album-hint-without-any-date",
        WITH_ALBUM_HINTS,
        track("kjk-hinted", ("My Love",), ("김종국",), None, "사운드트랙 #1 OST Part 4"),
        "auto",
        "on album",
    ),
    # --- versions never beat the original and are never auto ---------------------------------------
    *(_variant_case(*row) for row in VARIANTS),
    _alone(
        "kjk-inst-alone-en",
        KIM_JONG_KOOK,
        track("kjk-inst", ("My Love (Inst.)",), ("Kim Jong Kook",), "2022-01-27"),
        "none",
        "Instrumental version of the right song",
    ),
    _alone(
        "kjk-sped-up-alone-ko",
        KIM_JONG_KOOK,
        track("kjk-sped", ("마이 러브 (Sped Up)",), ("김종국",), "2022-01-27"),
        "none",
        "Sped-up",
    ),
    _alone(
        "kjk-korean-ver-alone-is-review",
        KIM_JONG_KOOK,
        track("kjk-kover", ("My Love (Korean Ver.)",), ("Kim Jong Kook",), "2022-01-27"),
        "review",
        "special version",
    ),
    _alone(
        "kyuhyun-inst-alone-ko",
        KYUHYUN,
        track("ky-inst", ("사랑은 말로 표현하는게 아니래요 (Inst.)",), ("규현",), "2021-12-30"),
        "none",
        "Instrumental",
    ),
    ScoreCase(
        "kyuhyun-inst-offered-first-en",
        KYUHYUN,
        (
            track("ky-inst-en", ("Love Beyond Words (Instrumental)",), ("KYUHYUN",), "2021-12-30"),
            KY_EN,
        ),
        uri("ky-single-en"),
        "auto",
        statuses=((uri("ky-inst-en"), "none"),),
    ),
    # --- a catalogue track that is itself the instrumental -------------------------------------------
    ScoreCase(
        "catalogued-inst-picks-inst-en",
        KIM_JONG_KOOK_INST,
        (KJK_EN, track("kjk-inst", ("My Love (Inst.)",), ("Kim Jong Kook",), "2022-01-27")),
        uri("kjk-inst"),
        "auto",
        statuses=((uri("kjk-single-en"), "none"),),
        reasons=((uri("kjk-single-en"), "instrumental version the catalogue lists"),),
    ),
    ScoreCase(
        "catalogued-inst-picks-mr-ko",
        KIM_JONG_KOOK_INST,
        (KJK_KO, track("kjk-mr", ("마이 러브 (MR)",), ("김종국",), "2022-01-27")),
        uri("kjk-mr"),
        "auto",
        statuses=((uri("kjk-single-ko"), "none"),),
    ),
    ScoreCase(
        "catalogued-inst-by-variant-field",
        KIM_JONG_KOOK_INST_BY_FIELD,
        (KJK_EN, track("kjk-inst", ("My Love - Instrumental",), ("Kim Jong Kook",), "2022-01-27")),
        uri("kjk-inst"),
        "auto",
    ),
    _alone(
        "catalogued-inst-refuses-the-vocal-original",
        KIM_JONG_KOOK_INST,
        KJK_EN,
        "none",
        "instrumental version the catalogue lists",
    ),
    # --- same title, other artist: refused whatever the title or date -------------------------------
    _alone(
        "my-love-westlife-en",
        KIM_JONG_KOOK,
        WESTLIFE,
        "none",
        "Other artist: 'Westlife' is not 김종국",
    ),
    _alone("my-love-westlife-ko", KIM_JONG_KOOK, WESTLIFE_KO, "none", "'웨스트라이프'"),
    _alone(
        "my-love-other-artist-inside-window-ko",
        KIM_JONG_KOOK,
        track("other-2022", ("마이 러브",), ("다른 가수",), "2022-01-27", OST_KO),
        "none",
        "Other artist",
    ),
    ScoreCase(
        "my-love-westlife-offered-first",
        KIM_JONG_KOOK,
        (WESTLIFE, KJK_EN),
        uri("kjk-single-en"),
        "auto",
        statuses=((uri("westlife"), "none"),),
    ),
    # --- titles that merely contain the wanted one are other songs -----------------------------------
    _alone(
        "my-love-song-en",
        KIM_JONG_KOOK,
        track("kjk-song", ("My Love Song",), ("Kim Jong Kook",), "2022-01-27"),
        "none",
        "Different title",
    ),
    _alone(
        "my-love-song-ko",
        KIM_JONG_KOOK,
        track("kjk-song-ko", ("마이 러브 송",), ("김종국",), "2022-01-27"),
        "none",
        "Different title",
    ),
    _alone(
        "part-2-is-not-stripped",
        KIM_JONG_KOOK,
        track("kjk-part2", ("My Love (Part 2)",), ("Kim Jong Kook",), "2022-01-27"),
        "none",
        "Different title",
    ),
    _alone(
        "kim-jae-hwan-fuzzy-title-ko",
        KIM_JAE_HWAN,
        track("kjh-fuzzy", ("내게 말해요",), ("김재환",), "2022-02-06"),
        "review",
        "only close",
    ),
    _alone(
        "kim-jae-hwan-exact-title-en",
        KIM_JAE_HWAN,
        track("kjh-en", ("Talk To Me",), ("Kim Jae Hwan",), "2022-02-06"),
        "auto",
        "",
    ),
    # --- the older same-titled song by the same artist ----------------------------------------------
    _alone("kjk-2012-alone-en", KIM_JONG_KOOK, KJK_2012_EN, "none", "released 2012-05-01, outside"),
    _alone("kjk-2012-alone-ko", KIM_JONG_KOOK, KJK_2012_KO, "none", "2021-09-23 to 2023-04-13"),
    ScoreCase(
        "kjk-2022-single-beats-2012-en",
        KIM_JONG_KOOK,
        (KJK_2012_EN, KJK_EN),
        uri("kjk-single-en"),
        "auto",
        statuses=((uri("kjk-2012-en"), "none"),),
    ),
    ScoreCase(
        "kjk-2022-single-beats-2012-ko",
        KIM_JONG_KOOK,
        (KJK_2012_KO, KJK_KO),
        uri("kjk-single-ko"),
        "auto",
        statuses=((uri("kjk-2012-ko"), "none"),),
    ),
    _alone(
        "kjk-same-song-months-early-is-review",
        KIM_JONG_KOOK,
        track("kjk-early", ("My Love",), ("김종국",), "2021-10-15"),
        "review",
        "days before the catalogue date",
    ),
    # --- the same recording on the single and on a later OST album -----------------------------------
    ScoreCase(
        "compilation-and-single-single-preferred",
        KYUHYUN,
        (KY_COMPILATION, KY_EN),
        uri("ky-single-en"),
        "auto",
        statuses=((uri("ky-compilation"), "auto"),),
    ),
    _alone(
        "compilation-alone-is-accepted", KYUHYUN, KY_COMPILATION, "auto", "within the show's time"
    ),
    ScoreCase(
        "full-album-and-single-ko",
        KYUHYUN,
        (track("ky-album", KY_KO.names, ("규현",), "2022-03-23", OST_KO, "album"), KY_KO),
        uri("ky-single-ko"),
        "auto",
        statuses=((uri("ky-album"), "auto"),),
    ),
    ScoreCase(
        "equal-evidence-tie-broken-by-uri",
        KIM_JONG_KOOK,
        (
            track("kjk-b", ("My Love",), ("김종국",), "2022-01-27", OST_KO),
            track("kjk-a", ("My Love",), ("김종국",), "2022-01-27", OST_KO),
        ),
        uri("kjk-a"),
        "auto",
        statuses=((uri("kjk-b"), "auto"),),
    ),
    # --- no catalogue date: judged by the show's window -----------------------------------------------
    _alone("prettiest-one-en", STANDING_EGG, SE_EN, "auto", "within the show's time"),
    _alone(
        "prettiest-one-ko-artist",
        STANDING_EGG,
        track("se-ko", ("Prettiest One",), ("스탠딩 에그",), "2022-02-15", OST_KO),
        "auto",
        "",
    ),
    _alone(
        "prettiest-one-with-unknown-korean-name",
        STANDING_EGG,
        # the Korean name is a placeholder: the real one is not known
        track("se-both", ("(모르는 한국어 제목)", "Prettiest One"), ("스탠딩 에그",), "2022-02-15"),
        "auto",
        "",
    ),
    _alone(
        "prettiest-one-only-unknown-korean-name",
        STANDING_EGG,
        track("se-ko-only", ("모르는 한국어 제목",), ("스탠딩 에그",), "2022-02-15"),
        "none",
        "Different title",
    ),
    _alone(
        "prettiest-one-older-than-window",
        STANDING_EGG,
        track(
            "se-2015", ("Prettiest One",), ("Standing Egg",), "2015-05-05", "(older album)", "album"
        ),
        "none",
        "outside the show's time",
    ),
    _alone(
        "prettiest-one-after-window-is-review",
        STANDING_EGG,
        track("se-2025", ("Prettiest One",), ("Standing Egg",), "2025-06-01", "(best of)", "album"),
        "review",
        "after the show's time",
    ),
    _alone(
        "prettiest-one-without-candidate-date-is-review",
        STANDING_EGG,
        track("se-nodate", ("Prettiest One",), ("Standing Egg",)),
        "review",
        "no release date",
    ),
    _alone(
        "no-catalogue-date-and-no-window-is-review",
        UNDATED,
        KJK_EN,
        "review",
        "no date or show window",
    ),
    # --- "Da Capo": a classical term, an orchestra, and K ---------------------------------------------
    _alone(
        "da-capo-orchestra-en",
        DA_CAPO,
        ORCHESTRA,
        "none",
        "'Berliner Philharmoniker' is not 손정혁",
    ),
    _alone(
        "da-capo-orchestra-ko",
        DA_CAPO,
        track("dc-orchestra-ko", ("다 카포", "Da Capo"), ("베를린 필하모닉",), "2019-03-01"),
        "none",
        "Other artist: '베를린 필하모닉'",
    ),
    _alone(
        "da-capo-orchestra-inside-window",
        DA_CAPO,
        track("dc-orchestra-2024", ("Da Capo",), ("Seoul Philharmonic Orchestra",), "2024-01-10"),
        "none",
        "Other artist",
    ),
    ScoreCase(
        "da-capo-k-beats-orchestra",
        DA_CAPO,
        (ORCHESTRA, DC_K),
        uri("dc-k"),
        "auto",
        statuses=((uri("dc-orchestra"), "none"),),
        reasons=((uri("dc-k"), "손정혁 as 'K'"),),
    ),
    _alone(
        "da-capo-demian-ko",
        DA_CAPO,
        track("dc-demian", ("Da Capo",), ("데미안",), "2023-12-06"),
        "auto",
        "손정혁 as '데미안'",
    ),
    _alone(
        "da-capo-son-jung-hyuk-en",
        DA_CAPO,
        track("dc-son", ("Da Capo",), ("Son Jung-hyuk",), "2023-12-13"),
        "auto",
        "",
    ),
    # --- partial credits ------------------------------------------------------------------------------
    _alone(
        "duet-one-artist-missing-is-review",
        DUET,
        track("duet-half", DUET.titles, ("이해리",), "2022-01-20"),
        "review",
        "강민경 / Kang Min-kyung is not credited",
    ),
    _alone(
        "duet-both-artists-found",
        DUET,
        track("duet-full", DUET.titles, ("Kang Min-kyung", "이해리"), "2022-01-20"),
        "auto",
        "",
    ),
    # --- lengths (local files, after a Spotify match) ---------------------------------------------------
    _alone(
        "local-file-length-matches",
        KYUHYUN_LOCAL,
        track(
            "/music/규현/love.flac",
            ("사랑은 말로 표현하는게 아니래요",),
            ("규현",),
            duration_ms=242_400,
        ),
        "auto",
        "length 4:02 against 4:03",
    ),
    _alone(
        "local-file-length-mismatch",
        KYUHYUN_LOCAL,
        track(
            "/music/규현/love-tv.flac",
            ("Love Beyond Words",),
            ("KYUHYUN",),
            "2021",
            duration_ms=90_000,
        ),
        "review",
        "length is 1:30 against 4:03",
    ),
    _alone(
        "local-file-no-date-no-length-is-review",
        KYUHYUN_LOCAL,
        track("/music/규현/untagged.mp3", ("Love Beyond Words",), ("KYUHYUN",)),
        "review",
        "",
    ),
    # --- rejected uris ----------------------------------------------------------------------------------
    ScoreCase(
        "rejected-single-falls-back-to-compilation",
        KYUHYUN,
        (KY_EN, KY_COMPILATION),
        uri("ky-compilation"),
        "auto",
        statuses=((uri("ky-single-en"), "none"),),
        reasons=((uri("ky-single-en"), "Rejected before"),),
        rejected=(uri("ky-single-en"),),
    ),
    ScoreCase(
        "rejected-only-candidate-gives-nothing",
        KIM_JONG_KOOK,
        (KJK_EN,),
        None,
        "none",
        rejected=(uri("kjk-single-en"),),
    ),
    ScoreCase("no-candidates", KIM_JONG_KOOK, (), None, "none"),
]
