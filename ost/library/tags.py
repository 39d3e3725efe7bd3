"""Reading an audio file's tags with mutagen (mp3, flac, m4a, ogg vorbis, opus, wav): only what
the library scan needs, made single-line. A broken file gives a reason, never an exception."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mutagen
from mutagen.flac import FLAC
from mutagen.id3 import ID3
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4, MP4Tags
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis
from mutagen.wave import WAVE

from ost.text import single_line

KINDS: dict[type, tuple[str, bool]] = {
    MP3: ("mp3", False),
    FLAC: ("flac", True),
    MP4: ("m4a", False),  # lossless when the codec is ALAC, see _format
    OggVorbis: ("ogg", False),
    OggOpus: ("opus", False),
    WAVE: ("wav", True),
}
LOSSLESS_MP4_CODECS = frozenset({"alac"})

TAG_POINTS = {"title": 2, "artist": 2, "album": 1, "date": 1, "tracknumber": 1}
"""What ``tag_score`` adds up: a file with title and artist tags beats one without."""

ID3_FRAMES = {
    "title": "TIT2",
    "artist": "TPE1",
    "album": "TALB",
    "date": "TDRC",
    "tracknumber": "TRCK",
}
MP4_ATOMS = {
    "title": "©nam",
    "artist": "©ART",
    "album": "©alb",
    "date": "©day",
    "tracknumber": "trkn",
}


@dataclass(frozen=True)
class FileTags:
    path: str
    title: str | None
    artists: tuple[str, ...]
    album: str | None
    duration_ms: int | None
    format: str
    lossless: bool
    bitrate: int | None
    tag_score: int
    """How complete the tags are: the sum of ``TAG_POINTS`` for the fields present."""
    date: str | None = None
    """The date tag as written ("2022", "2022-03-25"); given to the scorer, not stored."""


MAX_TAG_CHARS = 500  # longer tag values are cut: no title is that long, and scoring stays fast


def _clean(values: Iterable[Any]) -> list[str]:
    return [
        text for text in (_cut(single_line(str(v)[: MAX_TAG_CHARS + 1])) for v in values) if text
    ]


def _cut(text: str) -> str:
    return text if len(text) <= MAX_TAG_CHARS else text[: MAX_TAG_CHARS - 1] + "…"


def _id3_values(tags: ID3, key: str) -> list[str]:
    frame = tags.get(ID3_FRAMES[key])
    return _clean(frame.text) if frame is not None else []


def _mp4_values(tags: MP4Tags, key: str) -> list[str]:
    values = tags.get(MP4_ATOMS[key], [])
    if key == "tracknumber":  # (number, total) pairs
        return _clean(v[0] for v in values if isinstance(v, tuple) and v[0])
    return _clean(values)


def _vorbis_values(tags: Any, key: str) -> list[str]:
    return _clean(tags.get(key, []))


def tag_fields(tags: Any) -> dict[str, list[str]]:
    """The fields of ``TAG_POINTS`` from a mutagen tag object (ID3, MP4 atoms or Vorbis comments);
    values made single-line, empty ones dropped."""
    if tags is None:
        return {key: [] for key in TAG_POINTS}
    if isinstance(tags, ID3):
        reader: Callable[[Any, str], list[str]] = _id3_values
    elif isinstance(tags, MP4Tags):
        reader = _mp4_values
    else:
        reader = _vorbis_values
    return {key: reader(tags, key) for key in TAG_POINTS}


def _format(audio: Any) -> tuple[str, bool]:
    name, lossless = KINDS.get(type(audio), (type(audio).__name__.lower(), False))
    if isinstance(audio, MP4):
        lossless = str(getattr(audio.info, "codec", "")).startswith(tuple(LOSSLESS_MP4_CODECS))
    return name, lossless


def _file_tags(path: Path, audio: Any) -> FileTags:
    fields = tag_fields(audio.tags)
    length = float(getattr(audio.info, "length", 0) or 0)
    bitrate = int(getattr(audio.info, "bitrate", 0) or 0)
    name, lossless = _format(audio)
    return FileTags(
        path=str(path),
        title=fields["title"][0] if fields["title"] else None,
        artists=tuple(fields["artist"]),
        album=fields["album"][0] if fields["album"] else None,
        duration_ms=round(length * 1000) if length > 0 else None,
        format=name,
        lossless=lossless,
        bitrate=bitrate or None,
        tag_score=sum(points for key, points in TAG_POINTS.items() if fields[key]),
        date=fields["date"][0] if fields["date"] else None,
    )


def probe(path: Path) -> FileTags | str:
    """The file's tags, or why they cannot be read. Never raises for a broken file."""
    try:
        audio = mutagen.File(path, options=list(KINDS))
    except Exception as exc:  # mutagen raises many kinds on damaged files; none may stop a scan
        return f"unreadable: {_why(exc)}"
    if audio is None:
        return "not an audio file mutagen recognises"
    return _file_tags(path, audio)


def _why(exc: Exception) -> str:
    """Why mutagen could not read a file, in words: its message (several of its exceptions
    are all called ``error``, so the class names nothing), an OS error's reason, or, when it
    says nothing, that the file is damaged."""
    cause = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else exc
    if isinstance(cause, OSError) and cause.strerror:
        return cause.strerror
    return single_line(str(exc)) or "the file is damaged or is not what its name says"


def read_tags(path: Path) -> FileTags | None:
    """The file's tags, or None for a non-audio, unreadable or broken file."""
    result = probe(path)
    return result if isinstance(result, FileTags) else None
