"""Small real audio files, generated in code (no fixtures, no network).

Every format is built here: WAV with the stdlib, FLAC frames (CONSTANT subframes of silence,
with their CRCs), MPEG-1 Layer III frames of silence, Ogg Opus (real silent packets) and Ogg
Vorbis (real headers; the setup header is a stub, so it is readable but not playable), and MP4
atoms for ALAC and AAC (no media data). mutagen reads and writes tags on all of them.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import wave
from pathlib import Path

import mutagen
import pytest
from mutagen.id3 import ID3, TALB, TDRC, TIT2, TPE1, TRCK
from mutagen.mp4 import MP4Tags
from mutagen.ogg import OggPage


def _crc(data: bytes, poly: int, bits: int) -> int:
    top, mask, crc = 1 << (bits - 1), (1 << bits) - 1, 0
    for byte in data:
        crc ^= byte << (bits - 8)
        for _ in range(8):
            crc = ((crc << 1) ^ poly) & mask if crc & top else (crc << 1) & mask
    return crc


FLAC_BLOCK = 4096


def flac_bytes(frames: int = 11, rate: int = 44100) -> bytes:
    """fLaC, STREAMINFO (mono, 16 bit), then frames of 4096 samples of silence."""
    info = struct.pack(">HH", FLAC_BLOCK, FLAC_BLOCK) + b"\0" * 6
    info += ((rate << 44) | (15 << 36) | frames * FLAC_BLOCK).to_bytes(8, "big") + b"\0" * 16
    out = b"fLaC" + b"\x80" + len(info).to_bytes(3, "big") + info
    for number in range(frames):
        header = bytes([0xFF, 0xF8, 0xC9, 0x08, number])  # 4096 samples, 44.1 kHz, mono, 16 bit
        frame = header + bytes([_crc(header, 0x07, 8)]) + b"\x00" + b"\x00\x00"  # CONSTANT 0
        out += frame + _crc(frame, 0x8005, 16).to_bytes(2, "big")
    return out


def mp3_bytes(frames: int = 40) -> bytes:
    """MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, mono; zero side info decodes to silence."""
    return (bytes([0xFF, 0xFB, 0x90, 0xC4]) + b"\0" * 413) * frames


def write_wav(path: Path, seconds: float = 1.0, rate: int = 8000) -> Path:
    """A silent mono WAV file, playable by any browser."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\0\0" * int(rate * seconds))
    return path


def _ogg(pages: list[tuple[list[bytes], int]]) -> bytes:
    out = b""
    for sequence, (packets, granule) in enumerate(pages):
        page = OggPage()
        page.serial, page.sequence, page.position, page.packets = 7, sequence, granule, packets
        page.first, page.last = sequence == 0, sequence == len(pages) - 1
        out += page.write()
    return out


def _vorbis_comment(vendor: bytes = b"ost-test") -> bytes:
    return struct.pack("<I", len(vendor)) + vendor + struct.pack("<I", 0)


def opus_bytes(packets: int = 50) -> bytes:
    head = b"OpusHead" + struct.pack("<BBHIhB", 1, 1, 312, 48000, 0, 0)
    silence = b"\xf8\xff\xfe"  # one 20 ms CELT frame of silence
    pages = [([head], 0), ([b"OpusTags" + _vorbis_comment()], 0)]
    return _ogg([*pages, ([silence] * packets, 312 + 960 * packets)])


def vorbis_bytes(rate: int = 44100) -> bytes:
    ident = b"\x01vorbis" + struct.pack("<IBIiiiBB", 0, 1, rate, 0, 128000, 0, 0xB8, 1)
    comment = b"\x03vorbis" + _vorbis_comment() + b"\x01"
    setup = b"\x05vorbis" + b"\0" * 8  # a stub: mutagen never decodes audio
    return _ogg([([ident], 0), ([comment, setup], 0), ([b"\0"], rate)])


def _atom(name: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + name + payload


def _full_atom(name: bytes, payload: bytes) -> bytes:
    return _atom(name, b"\0\0\0\0" + payload)


def m4a_bytes(codec: bytes = b"alac", rate: int = 44100) -> bytes:
    """ftyp + moov with one sound track of one second (ALAC cookie, or AAC without esds)."""
    entry = (
        b"\0" * 6
        + struct.pack(">H", 1)
        + b"\0" * 8
        + struct.pack(">HHHHI", 1, 16, 0, 0, rate << 16)
    )
    if codec == b"alac":
        cookie = struct.pack(">IBBBBBBHIII", 4096, 0, 16, 40, 10, 14, 1, 255, 0, 705600, rate)
        entry += _full_atom(b"alac", cookie)
    else:
        entry += _atom(b"free", b"")
    stsd = _full_atom(b"stsd", struct.pack(">I", 1) + _atom(codec, entry))
    mdhd = _full_atom(b"mdhd", struct.pack(">IIII", 0, 0, rate, rate) + b"\x55\xc4\0\0")
    hdlr = _full_atom(b"hdlr", b"\0" * 4 + b"soun" + b"\0" * 13)
    mdia = _atom(b"mdia", mdhd + hdlr + _atom(b"minf", _atom(b"stbl", stsd)))
    return _atom(b"ftyp", b"M4A \0\0\0\0M4A mp42isom") + _atom(b"moov", _atom(b"trak", mdia))


MAKERS = {
    ".flac": lambda p: p.write_bytes(flac_bytes()),
    ".mp3": lambda p: p.write_bytes(mp3_bytes()),
    ".wav": write_wav,
    ".opus": lambda p: p.write_bytes(opus_bytes()),
    ".ogg": lambda p: p.write_bytes(vorbis_bytes()),
    ".m4a": lambda p: p.write_bytes(m4a_bytes()),
}

ID3_FRAMES = {"title": TIT2, "artist": TPE1, "album": TALB, "date": TDRC, "tracknumber": TRCK}
MP4_ATOMS = {"title": "©nam", "artist": "©ART", "album": "©alb", "date": "©day"}


def set_tags(path: Path, **fields: str | list[str]) -> None:
    """Write tags with mutagen in the file's own tag family (ID3, MP4 atoms, Vorbis comments)."""
    audio = mutagen.File(path)
    if audio.tags is None:
        audio.add_tags()
    for key, value in fields.items():
        values = [value] if isinstance(value, str) else value
        if isinstance(audio.tags, ID3):
            audio.tags.add(ID3_FRAMES[key](encoding=3, text=values))
        elif isinstance(audio.tags, MP4Tags):
            audio.tags["trkn" if key == "tracknumber" else MP4_ATOMS[key]] = (
                [(int(values[0]), 0)] if key == "tracknumber" else values
            )
        else:
            audio.tags[key] = values
    audio.save()


def make_audio(path: Path, **fields: str | list[str]) -> Path:
    """A small real audio file of the format its suffix names, tagged with ``fields``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    MAKERS[path.suffix](path)
    if fields:
        set_tags(path, **fields)
    return path


# Names of the untagged files of ``small_library``: a catalogue track by its file name alone, and
# a song no track fits.
BY_NAME = "03 다비치 - 소녀 같은 맘을 가진 그댈 생각하면 아파요.mp3"
UNKNOWN = "Someone - Unknown Song.mp3"


def small_library(root: Path) -> Path:
    """A music folder of three files: s1-01 tagged as its single (FLAC), and the untagged
    ``BY_NAME`` and ``UNKNOWN`` (MP3). Returns ``root``."""
    make_audio(
        root / "01 사랑은 말로.flac",
        title="사랑은 말로 표현하는게 아니래요",
        artist="KYUHYUN",
        date="2021-12-30",
    )
    make_audio(root / BY_NAME)
    make_audio(root / UNKNOWN)
    return root


needs_mpv = pytest.mark.skipif(
    shutil.which("mpv") is None, reason="mpv is not installed (apt-get install mpv; .ci/run does)"
)


def mpv(playlist: Path) -> str:
    """mpv playing ``playlist`` to its end, sound and picture to nowhere, its home the playlist's
    folder; it must succeed. Returns what it printed (standard output, then error)."""
    proc = subprocess.run(
        ["mpv", "--no-config", "--ao=null", "--ao-null-untimed", "--vo=null"]
        + [f"--playlist={playlist}"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "HOME": str(playlist.parent)},
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    return output
