"""The plain data the scorer works on. Sources of candidates (Spotify, local files) build these."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ost.match.levels import Level


@dataclass(frozen=True)
class Wanted:
    """A catalogue track as the matcher sees it."""

    track_id: str
    titles: tuple[str, ...]
    """Every rendering of the title: original (Korean where one exists), English, aliases."""
    artists: tuple[tuple[str, ...], ...]
    """One tuple per credited artist: every name and alias known for that artist."""
    release_date: date | None = None
    window: tuple[date, date] | None = None
    """The show's time: six months before the premiere to a year after the finale."""
    duration_ms: int | None = None
    """Known once a recording was accepted (used for local files)."""
    variant: str | None = None
    """Set when the catalogue track itself is a variant (e.g. "instrumental")."""
    album_hints: tuple[str, ...] = ()
    """Names the OST release may carry in an album title ("사운드트랙 #1", "Soundtrack #1")."""


@dataclass(frozen=True)
class Candidate:
    """A recording offered by a source: a Spotify track, a YouTube Music video, or a local file's tags."""

    uri: str
    """``spotify:track:<id>``, a YouTube Music video id, or a file path for local files."""
    names: tuple[str, ...]
    """The title as returned (one per language the source answered in)."""
    artists: tuple[str, ...]
    """Artist names as returned, every language merged."""
    album: str = ""
    album_type: str = ""
    """Spotify's ``single`` / ``album`` / ``compilation``; empty when unknown."""
    release_date: str | None = None
    """As the source gives it: ``2022``, ``2022-01`` or ``2022-01-27``."""
    duration_ms: int | None = None
    isrc: str | None = None
    kind: str = ""
    """What the source says the recording is, where it mixes videos with songs (YouTube Music):
    ``audio`` (an artist's audio track), ``video`` (an official music video), ``upload``
    (anyone's upload) or ``other``. Empty where every candidate is a recording (Spotify, files)."""


@dataclass(frozen=True)
class Evidence:
    """What one kind of evidence (title, artist, date, version, album, length) says about a
    candidate: a value in 0..1 with its weight in the mean (beets' ``Distance`` is the model),
    and the words a reason is rendered from."""

    value: float
    weight: float
    note: str = ""
    """Why it fits."""
    support: bool = False
    """Independent support (date, album, length) beyond title and artist."""
    doubt: str = ""
    """Why it is not ``auto``."""
    refusal: str = ""
    """Why it is ``none``."""
    penalty: float = 0.0
    """Subtracted from the weighted mean (unwanted version flags)."""
    lack: str = ""
    """What is missing, said when no part supports the match."""
    name: str = ""
    """``title``, ``artist``, ``date``, ``version``, ``album`` or ``duration``; ``kind`` too for a
    candidate whose ``kind`` is known."""

    def as_dict(self) -> dict[str, object]:
        """The part as ``--json`` carries it."""
        return {
            "name": self.name,
            "value": round(self.value, 4),
            "weight": self.weight,
            "penalty": round(self.penalty, 4),
            "note": self.note or None,
            "doubt": self.doubt or None,
            "refusal": self.refusal or None,
        }


@dataclass(frozen=True)
class Verdict:
    """The scorer's judgement of one candidate for one wanted track."""

    candidate: Candidate
    score: float
    """0.0 (nothing alike) to 1.0 (certain)."""
    status: Level
    """``auto`` (accept), ``review`` (plausible, ask the user) or ``none`` (refuse)."""
    reason: str
    """One sentence a person can read: why this status."""
    flags: tuple[str, ...] = field(default=())
    """Version markers found in the candidate (``instrumental``, ``karaoke``, ``live`` ...)."""
    parts: tuple[Evidence, ...] = field(default=())
    """The evidence the score and the reason were made from, one part per kind."""
