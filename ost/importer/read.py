"""Reading an import file into checked records, as a stream: CSV (comma- or tab-separated)
line by line, JSON object by object, each with the line it starts on.

Every bad record is collected (the first ``MAX_PROBLEMS`` shown as ``FILE:LINE: reason``, then a
count); a broken file structure (not UTF-8, an unclosed array, a short row) stops the reading
at once.
"""

from __future__ import annotations

import codecs
import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ost import reading
from ost.errors import InputError, InputErrors
from ost.importer.fields import (
    IGNORED,
    KNOWN,
    MAX_FIELD_CHARS,
    MAX_FILE_BYTES,
    REQUIRED,
    SYNONYMS,
    Record,
    check,
    spelled,
    unknown,
)
from ost.text import noun

MAX_PROBLEMS = 20  # bad records shown before "and N more"
STDIN_NAME = "<stdin>"  # how messages name standard input (``ost import -``: cli/inputs.py)
_SURROGATE = re.compile("[\ud800-\udfff]")


class Problems:
    """Bad records found so far; raised together as one InputError."""

    def __init__(self, path: str):
        self.path = path
        self.messages: list[str] = []
        self.count = 0  # bad records
        self.shown = 0  # bad records with a line among ``messages``

    def add(self, error: InputError) -> None:
        """A bad record: each of its problems is a line, up to MAX_PROBLEMS lines in all."""
        self.count += 1
        room = MAX_PROBLEMS - len(self.messages)
        if room > 0:
            self.shown += 1
            lines = error.lines if isinstance(error, InputErrors) else [str(error)]
            self.messages.extend(lines[:room])

    def error(self, last: InputError | None = None) -> InputError:
        if last is not None:
            self.add(last)
        lines = list(self.messages)
        if self.count > self.shown:
            lines.append(f"… and {self.count - self.shown} more bad rows")
        if self.count > 1:
            lines.append(f"{self.path}: {self.count} bad rows; nothing was imported")
        return InputError("\n".join(lines))


def read_records(
    path: Path, problems: Problems | None = None, name: str | None = None
) -> Iterator[Record]:
    """Parse and check each record in turn. A record that fails a check is added to
    ``problems`` (or raised, without it); a broken file structure raises at once.
    Messages name the file as ``name`` (default: its path)."""
    empty = True
    is_json = [False]
    shown = name or str(path)
    for line, raw in _raw_records(path, is_json, shown):
        empty = False
        try:
            yield check(shown, line, raw)
        except InputError as e:
            if problems is None:
                raise
            problems.add(e)
    if empty:
        raise InputError(f"{shown}: no records" + ("" if is_json[0] else " (only a header?)"))


def _is_json(path: Path, head: bytes) -> bool:
    return path.suffix.lower() == ".json" or head.lstrip().startswith((b"[", b"{"))


def _open(path: Path, name: str) -> tuple[IO[bytes], bytes]:
    """The open file and its first bytes, after the checks that need no parsing (a regular file
    only: a FIFO would hang the import and a device never end; `… | ost import -` reads a pipe)."""
    f, size = reading.open_regular(path, MAX_FILE_BYTES, name)
    try:
        head = f.read(65536)
        f.seek(0)
    except OSError as e:
        f.close()
        raise InputError(f"{name}: cannot read ({e.strerror})") from None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(head):
        f.close()
        raise InputError(f"{name}:1: the file is UTF-16 text; save it as UTF-8 and import again")
    if not head.strip() and size <= len(head):
        f.close()
        if name == STDIN_NAME:  # `a | ost import -`: most likely `a` failed (and said why)
            raise InputError(
                f"{name}: nothing came in on standard input (did the command before | fail?)"
            )
        raise InputError(f"{name}:1: the file is empty")
    if b"\x00" in head:
        f.close()
        line = head[: head.index(b"\x00")].count(b"\n") + 1
        raise InputError(f"{name}:{line}: binary data (a NUL byte); expected CSV or JSON text")
    return f, head


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 without a byte-order mark: every other byte of ASCII text is NUL, and the bytes
    between are not (NULs throughout, as /dev/zero gives, are binary data, not UTF-16)."""
    sample = head[:200]
    if len(sample) < 4:
        return False
    even, odd, quarter = sample[0::2].count(0), sample[1::2].count(0), len(sample) // 4
    return (odd > quarter) != (even > quarter)


def _raw_records(
    path: Path, is_json: list[bool], name: str
) -> Iterator[tuple[int, dict[str, Any]]]:
    f, head = _open(path, name)
    with f:
        is_json[0] = _is_json(path, head)
        if is_json[0]:
            text = reading.decode(_whole(name, f).removeprefix(codecs.BOM_UTF8), name)
            yield from _json_records(name, text)
        else:
            yield from _csv_records(name, _lines(name, f), _delimiter(head))


def _whole(name: str, f: IO[bytes]) -> bytes:
    data = f.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:  # it grew since it was opened
        raise InputError(f"{name}: over the {MAX_FILE_BYTES} byte limit")
    return data


def _lines(path: str, f: IO[bytes]) -> Iterator[str]:
    """The file's lines as text, one at a time, each checked for NUL bytes and UTF-8, never
    past the size limit (a file may grow while it is read)."""
    read = 0
    for n, raw in enumerate(f, 1):
        read += len(raw)
        if read > MAX_FILE_BYTES:
            raise InputError(f"{path}: over the {MAX_FILE_BYTES} byte limit")
        if b"\x00" in raw:
            raise InputError(f"{path}:{n}: binary data (a NUL byte); expected CSV or JSON text")
        try:
            yield raw.decode("utf-8-sig" if n == 1 else "utf-8")
        except UnicodeDecodeError as e:
            raise InputError(f"{path}:{n}: not valid UTF-8 (byte {raw[e.start]:#04x})") from None


def _delimiter(head: bytes) -> str:
    """Tab-separated when the header has tabs and no commas; else comma-separated."""
    header = head.split(b"\n", 1)[0]
    return "\t" if b"\t" in header and b"," not in header else ","


def _csv_records(
    path: str, lines: Iterator[str], delimiter: str
) -> Iterator[tuple[int, dict[str, Any]]]:
    csv.field_size_limit(MAX_FIELD_CHARS + 1)
    reader = csv.reader(lines, strict=True, delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise InputError(f"{path}:1: the file is empty") from None
    except csv.Error as e:
        raise InputError(f"{path}:1: {e}") from None
    columns = _check_header(path, header, delimiter)
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            raise InputError(f"{path}:{start}: {_csv_reason(e)}") from None
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise InputError(f"{path}:{start}: {len(row)} fields, the header has {len(header)}")
        yield start, {c: v for c, v in zip(columns, row, strict=True) if c}


def _csv_reason(e: csv.Error) -> str:
    if "field larger than field limit" in str(e):
        return f"a field is longer than {MAX_FIELD_CHARS} characters"
    return str(e)


def _check_header(path: str, header: list[str], delimiter: str = ",") -> list[str]:
    """The header's columns ("" for one ost ignores); every problem it has is raised at once."""
    columns, problems = [], []
    for name in header:
        name = SYNONYMS.get(name, name)
        if name in IGNORED:
            columns.append("")
        elif name in KNOWN:
            columns.append(name)
        else:
            hint = " (a semicolon-separated file? ost reads commas or tabs)" if ";" in name else ""
            problems.append(unknown(f"{path}:1", "column", name, hint))
            columns.append("")
    named = [c for c in columns if c]
    twice = sorted({c for c in named if named.count(c) > 1})
    problems += [f"{path}:1: column '{c}' appears twice" for c in twice]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        column = noun(len(missing), "column")
        problems.append(f"{path}:1: missing {column}: {', '.join(map(spelled, missing))}")
    if problems:
        raise InputErrors(problems) if len(problems) > 1 else InputError(problems[0])
    return columns


class _TooBig(ValueError):
    pass


def _json_int(text: str) -> int:
    if len(text.lstrip("-")) > 19 or not -(2**63) <= int(text) < 2**63:
        raise _TooBig(text)
    return int(text)


def _json_records(path: str, text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Decode a JSON array element by element so each object's start line is known.

    Line numbers are counted forward from the previous record, never from the file's start,
    so reading is linear in the file's length."""
    decoder = json.JSONDecoder(parse_int=_json_int)
    lines = _LineCounter(text)
    pos = _skip_ws(text, 0)
    if not text.startswith("[", pos):
        raise InputError(f"{path}:{lines.at(pos)}: expected a JSON array of objects")
    pos = _skip_ws(text, pos + 1)
    while not text.startswith("]", pos):
        if pos >= len(text):
            raise InputError(f"{path}:{lines.at(pos)}: broken JSON (the array is not closed)")
        line = lines.at(pos)
        obj, end = _decode_one(path, decoder, text, pos, line)
        if not isinstance(obj, dict):
            raise InputError(f"{path}:{line}: each record must be a JSON object")
        yield line, obj
        pos = _skip_ws(text, end)
        if text.startswith(",", pos):
            pos = _skip_ws(text, pos + 1)
        elif not text.startswith("]", pos):
            raise InputError(f"{path}:{lines.at(pos)}: broken JSON (expected ',' or ']')")
    if text[_skip_ws(text, pos + 1) :]:
        raise InputError(f"{path}:{lines.at(pos + 1)}: broken JSON (text after the array)")


def _decode_one(
    path: str, decoder: json.JSONDecoder, text: str, pos: int, line: int
) -> tuple[Any, int]:
    try:
        obj, end = decoder.raw_decode(text, pos)
    except json.JSONDecodeError as e:
        raise InputError(f"{path}:{e.lineno}: broken JSON ({e.msg})") from None
    except _TooBig:
        raise InputError(f"{path}:{line}: a number beyond 64 bits") from None
    except ValueError as e:  # e.g. Python's limit on the digits of an integer
        raise InputError(f"{path}:{line}: an unreadable number ({e})") from None
    except RecursionError:
        raise InputError(f"{path}:{line}: JSON nested too deep") from None
    if _has_surrogate(obj):
        raise InputError(f"{path}:{line}: text with a lone surrogate (like \\ud800) is not Unicode")
    return obj, end


def _has_surrogate(value: Any) -> bool:
    """Whether any text in the value holds a lone surrogate. A loop, not a recursion: the JSON
    decoder reads nesting deeper than Python's recursion limit leaves room for below it."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str) and _SURROGATE.search(item):
            return True
        if isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


class _LineCounter:
    """Line numbers of increasing positions in a text, counted incrementally."""

    def __init__(self, text: str):
        self.text = text
        self.pos = 0
        self.line = 1

    def at(self, pos: int) -> int:
        if pos < self.pos:
            return self.text.count("\n", 0, pos) + 1
        self.line += self.text.count("\n", self.pos, pos)
        self.pos = pos
        return self.line


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos
