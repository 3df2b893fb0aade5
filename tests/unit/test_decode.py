"""Reading documents from disk: encodings, newlines, binary and oversized files, directories."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from tracker.errors import InputError
from tracker.extract import decode_bytes, iter_documents, read_document

TEXT = "Action Items\n- Rotate the keys — Zoë\n"


def write(tmp_path: Path, data: bytes, name: str = "pm.md") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_utf8_without_and_with_bom(tmp_path: Path) -> None:
    assert read_document(write(tmp_path, TEXT.encode())) == (TEXT, [])
    assert read_document(write(tmp_path, codecs.BOM_UTF8 + TEXT.encode())) == (TEXT, [])


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, encoding: str) -> None:
    data = TEXT.encode(encoding)
    if encoding != "utf-16":
        data = (codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE) + data
    assert read_document(write(tmp_path, data)) == (TEXT, [])


def test_crlf_and_cr_are_normalised(tmp_path: Path) -> None:
    text, _ = read_document(write(tmp_path, b"a\r\nb\rc\n"))
    assert text == "a\nb\nc\n"


def test_latin1_falls_back_with_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "Caf\u00e9 outage \u2014 fix\n".encode("cp1252"))
    text, warnings = read_document(path)
    assert text == "Caf\u00e9 outage \u2014 fix\n"
    assert len(warnings) == 1 and "not UTF-8" in warnings[0] and str(path) in warnings[0]


def test_bytes_undefined_in_cp1252_fall_back_to_latin1() -> None:
    text, warnings = decode_bytes(b"caf\xe9 \x81", "doc.txt")
    assert text == "caf\u00e9 \x81"
    assert warnings == ["doc.txt: not UTF-8; read as Latin-1"]


def test_binary_file_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.md")
    with pytest.raises(InputError) as err:
        read_document(path)
    assert str(path) in str(err.value) and "binary" in str(err.value)
    assert "\n" not in str(err.value)


def test_control_character_soup_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="binary"):
        read_document(write(tmp_path, bytes(range(1, 9)) * 50))


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, b"x" * 101)
    with pytest.raises(InputError, match="limit") as err:
        read_document(path, max_bytes=100)
    assert str(path) in str(err.value)
    assert read_document(path, max_bytes=101)[0] == "x" * 101


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_document(tmp_path / "nope.md")


def test_iter_documents_expands_directories_sorted(tmp_path: Path) -> None:
    for name in ("b.md", "a.txt", "sub/c.markdown", "sub/skip.pdf", ".git/x.md", "z.MD"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    single = tmp_path / "sub" / "skip.pdf"
    found = list(iter_documents([tmp_path, single]))
    assert found == [
        tmp_path / "a.txt", tmp_path / "b.md", tmp_path / "sub/c.markdown", tmp_path / "z.MD", single,
    ]  # fmt: skip
