"""The build: pyproject.toml holds the project; this file only adds the compiled extraction modules.

A wheel (`pip install .`, `pip wheel .`) compiles the extractor (`tracker/extract/` and
`tracker/dates.py`) with mypyc into C extensions, which extract about 1.6x as many documents per
second as the same modules run by the interpreter (benchmarks/bench_extract.py --compiled). The
Python sources stay the source of truth and ship beside the extensions.

Pure Python instead, with the same results:
- an editable install (`pip install -e .`), so that an edited module takes effect at once;
- `TRACKER_BUILD_PURE=1` in the environment;
- a machine where mypyc or a C compiler fails: the build says so and carries on without them.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
#: The modules compiled: the extractor and the date reading it calls for every line.
COMPILED = [*sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tracker" / "extract").glob("*.py")), "tracker/dates.py"]
#: mypyc type-checks what it compiles. In an isolated build environment the project's dependencies
#: (pydantic, lemminflect) and its mypy plugin are absent: what they define is read as `Any`, and
#: errors outside the compiled modules are not reported (`mypy` in CI checks those with everything).
MYPY_OPTIONS = ["--ignore-missing-imports", "--follow-imports=silent", "--python-version=3.11"]


def _warn(message: str) -> None:
    print(f"postmortem-tracker: {message}; building pure Python", file=sys.stderr)


def _builds_a_wheel() -> bool:
    """Whether setuptools was asked for a wheel or extensions (not metadata, an sdist or an editable install)."""
    commands = set(sys.argv[1:])
    return "editable_wheel" not in commands and bool(commands & {"bdist_wheel", "build", "build_ext", "install"})


def compiled_extensions() -> list[object]:
    if os.environ.get("TRACKER_BUILD_PURE") or not _builds_a_wheel():
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        _warn("mypyc is not installed")
        return []
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "mypy.ini"
        config.write_text("[mypy]\n")  # not pyproject's [tool.mypy]: its pydantic plugin may be missing here
        try:
            return list(mypycify([f"--config-file={config}", *MYPY_OPTIONS, *COMPILED], group_name="tracker_extract"))
        except (Exception, SystemExit) as error:  # mypyc exits on a type error
            _warn(f"mypyc could not compile the extractor ({error})")
            return []


class OptionalBuildExt(build_ext):
    """Compile the extensions if the machine can; else remove what did compile (a module's extension
    without the shared library it loads would not import) and leave the work to the Python modules."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as error:  # no C compiler, missing headers
            _warn(f"the C extensions did not compile ({error})")
            for output in self.get_outputs():
                Path(output).unlink(missing_ok=True)
            self.extensions = []


setup(ext_modules=compiled_extensions(), cmdclass={"build_ext": OptionalBuildExt})
