"""`tracker doctor`: check the config, the store and every target, one finding per check."""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.connector import Finding, problem_of
from tracker.errors import TrackerError
from tracker.services.targets import target_for
from tracker.services.workspace import Workspace


@dataclass(frozen=True, slots=True)
class Checked:
    scope: str  # "config", "store" or "target NAME"
    finding: Finding


@dataclass(frozen=True, slots=True)
class DoctorReport:
    checks: list[Checked] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """A blocking finding (a `warn`, like a label the first sync creates, does not count)."""
        return any(c.finding.problem is not None and c.finding.blocking for c in self.checks)


def doctor(ws: Workspace) -> DoctorReport:
    """A broken config or store is a finding, not an error: the checks after it still run."""
    try:
        config = ws.config
    except TrackerError as exc:
        return DoctorReport([Checked("config", Finding("file", str(exc), "fix the key it names"))])
    checks = [Checked("config", Finding(str(config.source or "(none: defaults)")))]
    checks.append(Checked("store", _store_finding(ws)))
    for name in sorted(config.targets):
        checks += [Checked(f"target {name}", finding) for finding in _target_findings(ws, name)]
    return DoctorReport(checks)


def _store_finding(ws: Workspace) -> Finding:
    try:
        store = ws.store
        problems = store.integrity_problems()
        server = f", {store.server}" if store.server else ""
        check = f"{store.path} (schema {store.schema_version}{server})"
        return Finding(check, "; ".join(problems) or None, "restore from `tracker export`")
    except TrackerError as exc:
        return Finding("file", str(exc), "pass another --db or restore a backup")


def _target_findings(ws: Workspace, name: str) -> list[Finding]:
    try:
        return target_for(ws.config, ws.people, name).connector.check()
    except TrackerError as exc:
        return [Finding("connection", problem_of(exc), "check the target's settings and token variable")]
