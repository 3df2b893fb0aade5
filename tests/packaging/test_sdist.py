"""The source distribution: an SPDX licence with its file, and what it takes to run the tests."""

from __future__ import annotations

import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_the_sdist_carries_the_licence_tests_and_examples(tmp_path: Path) -> None:
    build = "import sys; from setuptools import build_meta; print(build_meta.build_sdist(sys.argv[1]))"
    done = subprocess.run(
        [sys.executable, "-c", build, str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    name = done.stdout.strip().splitlines()[-1]
    with tarfile.open(tmp_path / name) as sdist:
        members = {m.name.split("/", 1)[1] for m in sdist.getmembers() if "/" in m.name}
        info = sdist.extractfile(f"{name.removesuffix('.tar.gz')}/PKG-INFO")
        assert info is not None
        metadata = info.read().decode()
    assert {"LICENSE", "README.md", "pyproject.toml", "tests/conftest.py", "tests/cli/test_docs.py"} <= members
    assert any(m.startswith("examples/") and m.endswith(".md") for m in members)
    assert "tests/fixtures/corpus/gold.json" in members
    assert "License-Expression: MIT" in metadata and "License-File: LICENSE" in metadata
