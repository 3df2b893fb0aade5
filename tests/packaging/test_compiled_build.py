"""The wheel's compiled extractor (setup.py: mypyc) gives what the Python modules give, and a build that
cannot compile still installs a working pure-Python extractor."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
SOURCES = ["pyproject.toml", "setup.py", "README.md", "LICENSE", "tracker", "connectors"]

#: Run in a process of its own: extract every fixture document and mutations of them, and print the
#: build that did it and a repr of each result (or of what it raised).
EXTRACT_ALL = r"""
import json, random, sys
from pathlib import Path
from tracker.extract import extract_text, read_document
from tracker.extract import extractor

fixtures = Path(sys.argv[1])
texts = [read_document(p)[0] for p in sorted(fixtures.rglob("*")) if p.suffix in (".md", ".txt")]
rng = random.Random(11)
pool = "\n".join(texts).split("\n")
for _ in range(1500):  # lines of every layout shuffled together, some with characters swapped for syntax
    text = "\n".join(rng.sample(pool, rng.randrange(1, 40)))
    if rng.random() < 0.3:
        text = "".join(rng.choice([c, c, c, "(", ")", "|", "-", "[ ]", ":", "\t", "*", "~~", "é", "#"]) for c in text)
    texts.append(text)
texts += ["", " ", "\x00", "\ud800", "\r\n\r", "#" * 1000, "|" * 500, "- [ ]", "(" * 300 + "Owner:", "\u2028" * 9]
results = []
for text in texts:
    try:
        results.append(repr(extract_text(text, "doc.md")))
    except Exception as error:
        results.append(f"raised {type(error).__name__}: {error}")
print(json.dumps({"module": extractor.__file__, "results": results}))
"""


def _build_wheel(tmp_path: Path, **env: str) -> tuple[Path, str]:
    """Build the project's wheel from a copy of its sources; (the wheel, the build's messages)."""
    src = tmp_path / "src"
    src.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.so"))
        else:
            shutil.copy2(ROOT / name, src / name)
    build = [sys.executable, "-m", "pip", "wheel", "-v", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), "."]
    done = subprocess.run(build, cwd=src, env={**os.environ, **env}, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return next(tmp_path.glob("*.whl")), done.stdout + done.stderr


def _extensions(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return {name.split(".", 1)[0] for name in archive.namelist() if name.endswith(".so")}


def _extract_all(pythonpath: Path, tmp_path: Path) -> dict[str, object]:
    """EXTRACT_ALL run with `pythonpath` first on the path (in a directory of its own)."""
    env = {**os.environ, "PYTHONPATH": str(pythonpath)}
    done = subprocess.run(
        [sys.executable, "-c", EXTRACT_ALL, str(ROOT / "tests" / "fixtures")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    answer: dict[str, object] = json.loads(done.stdout)
    return answer


def test_the_wheel_compiles_the_extractor_and_it_extracts_exactly_what_python_does(tmp_path: Path) -> None:
    wheel, _ = _build_wheel(tmp_path)
    modules = {f"tracker/extract/{p.stem}" for p in (ROOT / "tracker" / "extract").glob("*.py")}
    assert modules | {"tracker/dates"} <= _extensions(wheel)

    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    compiled = _extract_all(site, tmp_path)
    interpreted = _extract_all(ROOT, tmp_path)
    assert str(compiled["module"]).endswith(".so") and str(interpreted["module"]).endswith(".py")

    ours, theirs = compiled["results"], interpreted["results"]
    assert isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs) > 1500
    differ = [n for n, (a, b) in enumerate(zip(ours, theirs, strict=True)) if a != b]
    assert not differ, (
        f"{len(differ)} texts differ; the first:\ncompiled: {ours[differ[0]]}\npython: {theirs[differ[0]]}"
    )
    assert not any(r.startswith("raised ") for r in ours)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"TRACKER_BUILD_PURE": "1"}, None),
        ({"CC": "/bin/false", "LDSHARED": "/bin/false"}, "the C extensions did not compile"),
    ],
    ids=["asked-for", "no-compiler"],
)
def test_a_pure_build_when_asked_for_or_when_nothing_compiles(
    tmp_path: Path, env: dict[str, str], message: str | None
) -> None:
    wheel, output = _build_wheel(tmp_path, **env)
    assert _extensions(wheel) == set()
    if message:
        assert message in output and "building pure Python" in output
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    document = "## Action items\n- [ ] Add alerts"
    code = f"from tracker.extract import extract_text; print(extract_text({document!r}, 'x').items[0].text)"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(site)},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0 and done.stdout.strip() == "Add alerts", done.stderr[-2000:]
