"""Bytes on disk -> text: UTF-8 (with or without BOM), UTF-16 (BOM), else cp1252 / latin-1 with a warning.

Binary files (NUL bytes, mostly control characters) and files over the size limit are refused with an
`InputError` that names the file.
"""

from __future__ import annotations

import codecs
import stat
from pathlib import Path

from tracker.errors import InputError

_CONTROL = frozenset(range(0, 32)) - {9, 10, 12, 13}


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True  # anywhere: text after the first 8 KB is no proof the rest is text
    sample = data[:8192]
    if not sample:
        return False
    controls = sum(1 for b in sample if b in _CONTROL)
    return controls / len(sample) > 0.05


def decode_bytes(data: bytes, name: str = "<bytes>") -> tuple[str, list[str]]:
    """(text with LF newlines, warnings). Raises InputError for binary data."""
    warnings: list[str] = []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise InputError(f"{name}: not valid UTF-16 text ({err.reason})") from None
    elif _looks_binary(data):
        raise InputError(f"{name}: looks like a binary file, not a text document")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
                warnings.append(f"{name}: not UTF-8; read as Windows-1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
                warnings.append(f"{name}: not UTF-8; read as Latin-1")
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text, warnings


def read_document(path: Path, *, max_bytes: int = 5_000_000) -> tuple[str, list[str]]:
    """Decode a file: UTF-8 (with/without BOM), UTF-16 (BOM), CRLF normalised; other encodings fall back
    to cp1252 / latin-1 with a warning. InputError (one line, naming the file) for a binary file (a NUL
    byte anywhere), one over `max_bytes`, anything but a regular file (a FIFO would block the read
    forever), or one that cannot be read."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{path}: not a regular file (a pipe, device or socket); give a document")
        size = info.st_size
        if size > max_bytes:
            raise InputError(f"{path}: {size:,} bytes is over the {max_bytes:,}-byte limit for a document")
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror or err})") from None
    if len(data) > max_bytes:
        raise InputError(f"{path}: over the {max_bytes:,}-byte limit for a document")
    return decode_bytes(data, str(path))
