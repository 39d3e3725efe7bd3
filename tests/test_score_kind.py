"""The scorer and what a recording is (``Candidate.kind``): a service that mixes music videos and
uploads with songs (YouTube Music) says which each candidate is, and an artist's audio track is
taken over its music video or anyone's upload of the same song. Sources that only hold
recordings (Spotify, local files) leave ``kind`` empty and are judged exactly as before.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from score_cases import CASES, KIM_JONG_KOOK, KYUHYUN, ScoreCase, is_correct

from ost.match.score import (
    AUTO_THRESHOLD,
    KIND_PART,
    PART_NAMES,
    REVIEW_THRESHOLD,
    choose,
    score,
)
from ost.match.types import Candidate

KYU_TITLE = "사랑은 말로 표현하는게 아니래요"
OST_ALBUM = "사운드트랙 #1 Part 1"


def video(
    vid: str,
    title: str,
    artist: str,
    kind: str,
    album: str = "",
    year: str | None = None,
    seconds: int | None = None,
) -> Candidate:
    """A candidate as a YouTube Music answer gives it: the video id, one name, no ISRC."""
    return Candidate(
        uri=vid,
        names=(title,),
        artists=(artist,),
        album=album,
        release_date=year,
        duration_ms=seconds * 1000 if seconds else None,
        kind=kind,
    )


KYU_AUDIO = video("fakeKyu0001", KYU_TITLE, "KYUHYUN", "audio", OST_ALBUM, "2021", 236)
# This id sorts after the videos' ids on purpose: a tie would otherwise go to the audio track.
KYU_AUDIO_NO_HINT = video("fakeKyuTP01", KYU_TITLE, "KYUHYUN", "audio", "Love Beyond Words")
KYU_VIDEO = video("fakeKyuMV01", KYU_TITLE, "KYUHYUN", "video", seconds=262)
KYU_LYRICS = video(
    "fakeKyuLY01",
    f"KYUHYUN (규현) - {KYU_TITLE} (Love Beyond Words) [가사/Lyrics]",
    "Lyric Lounge",
    "upload",
    seconds=240,
)
KYU_REUPLOAD = video("fakeKyuRU01", KYU_TITLE, "KYUHYUN", "upload", seconds=236)
KYU_INST = video("fakeKyu0002", f"{KYU_TITLE} (Inst.)", "KYUHYUN", "audio", OST_ALBUM, "2021")
MY_LOVE_VIDEO = video("fakeKjkMV01", "My Love", "김종국", "video", seconds=270)
MY_LOVE_AUDIO = video("fakeKjk0001", "My Love", "김종국", "audio", "사운드트랙 #1 Part 4", "2022")

KIND_CASES = (
    ScoreCase(
        "audio track on the OST album over its music video and a lyric upload",
        KYUHYUN,
        (KYU_VIDEO, KYU_LYRICS, KYU_AUDIO),
        winner=KYU_AUDIO.uri,
        status="auto",
        statuses=((KYU_VIDEO.uri, "review"), (KYU_LYRICS.uri, "none")),
        reasons=((KYU_VIDEO.uri, "music video"), (KYU_LYRICS.uri, "Other artist")),
    ),
    ScoreCase(
        "audio track with nothing to confirm it still outranks an equal music video",
        KYUHYUN,
        (KYU_VIDEO, KYU_AUDIO_NO_HINT),
        winner=KYU_AUDIO_NO_HINT.uri,
        status="review",
        statuses=((KYU_VIDEO.uri, "review"),),
    ),
    ScoreCase(
        "audio track over a re-upload credited to the artist",
        KYUHYUN,
        (KYU_REUPLOAD, KYU_AUDIO_NO_HINT),
        winner=KYU_AUDIO_NO_HINT.uri,
        status="review",
        statuses=((KYU_REUPLOAD.uri, "review"),),
        reasons=((KYU_REUPLOAD.uri, "an upload by anyone"),),
    ),
    ScoreCase(
        "the music video alone is offered for review, never taken",
        KYUHYUN,
        (KYU_VIDEO, KYU_INST),
        winner=KYU_VIDEO.uri,
        status="review",
        statuses=((KYU_INST.uri, "none"),),
        reasons=((KYU_VIDEO.uri, "it is a music video, not the artist's audio track"),),
    ),
    ScoreCase(
        "an unknown kind is doubted like an upload",
        KIM_JONG_KOOK,
        (replace(MY_LOVE_VIDEO, uri="fakeKjkPC01", kind="MUSIC_VIDEO_TYPE_PODCAST_EPISODE"),),
        winner="fakeKjkPC01",
        status="review",
        reasons=(("fakeKjkPC01", "it is not an audio track"),),
    ),
    ScoreCase(
        "My Love: the OST audio track over the music video",
        KIM_JONG_KOOK,
        (MY_LOVE_VIDEO, MY_LOVE_AUDIO),
        winner=MY_LOVE_AUDIO.uri,
        status="auto",
        statuses=((MY_LOVE_VIDEO.uri, "review"),),
    ),
)


@pytest.mark.parametrize("case", KIND_CASES, ids=[case.id for case in KIND_CASES])
def test_kind_case_table(case: ScoreCase) -> None:
    best, ranked = choose(case.wanted, case.candidates, case.rejected)
    explained = "\n".join(f"{v.candidate.uri} {v.status} {v.score} {v.reason}" for v in ranked)
    assert is_correct(case, best, ranked), explained


@pytest.mark.parametrize("kind", ["video", "upload", "other", "something new"])
def test_a_non_audio_kind_is_never_auto_and_scores_below_the_same_audio_track(kind: str) -> None:
    audio = score(KYUHYUN, KYU_AUDIO)
    other = score(KYUHYUN, replace(KYU_AUDIO, uri="fakeKyuXX01", kind=kind))
    assert audio.status == "auto" and audio.score >= AUTO_THRESHOLD
    assert other.status == "review" and REVIEW_THRESHOLD <= other.score < audio.score
    part = other.parts[-1]
    assert part.name == KIND_PART and part.doubt and part.penalty > 0


def test_the_kind_part_is_only_there_when_the_source_names_a_kind() -> None:
    spotify_like = replace(KYU_AUDIO, uri="spotify:track:s1kyuhyun0000000000001", kind="")
    assert tuple(p.name for p in score(KYUHYUN, spotify_like).parts) == PART_NAMES
    parts = score(KYUHYUN, KYU_AUDIO).parts
    assert tuple(p.name for p in parts) == (*PART_NAMES, KIND_PART)
    assert parts[-1].as_dict()["doubt"] is None and parts[-1].weight == 0


ALL_CANDIDATES = [(case, c) for case in CASES for c in case.candidates]


@pytest.mark.parametrize(
    ("case", "candidate"),
    ALL_CANDIDATES,
    ids=[f"{case.id}:{c.uri.rsplit(':', 1)[-1]}" for case, c in ALL_CANDIDATES],
)
def test_an_audio_track_is_judged_as_a_recording_without_a_kind(
    case: ScoreCase, candidate: Candidate
) -> None:
    plain = score(case.wanted, candidate)
    audio = score(case.wanted, replace(candidate, kind="audio"))
    assert (audio.score, audio.status, audio.reason) == (plain.score, plain.status, plain.reason)
    assert audio.parts[: len(PART_NAMES)] == plain.parts
