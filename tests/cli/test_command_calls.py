"""Each command makes exactly its one service call, with the options it parsed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from tracker.services import backup, doctor, report, sync
from tracker.services.doctor import DoctorReport
from tracker.services.sync import SyncOutcome, SyncRequest

Cli = Callable[..., Result]


def recorder(result: object) -> tuple[list[tuple[Any, ...]], Callable[..., object]]:
    calls: list[tuple[Any, ...]] = []

    def fake(*args: Any, **kwargs: Any) -> object:
        calls.append(args)
        return result

    return calls, fake


def test_sync_calls_the_sync_service_once(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    calls, fake = recorder(SyncOutcome())
    monkeypatch.setattr(sync, "sync", fake)
    assert cli("sync", "--target", "gh", "--dry-run", "--adopt").exit_code == 0
    assert len(calls) == 1 and calls[0][1] == SyncRequest(target="gh", dry_run=True, adopt=True)


def test_doctor_calls_the_doctor_service_once(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    calls, fake = recorder(DoctorReport())
    monkeypatch.setattr(doctor, "doctor", fake)
    assert cli("doctor").exit_code == 0 and len(calls) == 1


def test_import_calls_the_restore_service_once(cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls, fake = recorder(backup.Restored({"items": 3}))
    monkeypatch.setattr(backup, "restore", fake)
    result = cli("import", str(tmp_path / "b.jsonl"))
    assert result.exit_code == 0 and "3 items" in result.stdout
    assert len(calls) == 1 and calls[0][1] == tmp_path / "b.jsonl"


def test_report_calls_the_report_service_once(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    real = report.build_report
    calls: list[report.ReportRequest] = []

    def spy(ws: Any, request: report.ReportRequest, clock: Any) -> report.ReportRun:
        calls.append(request)
        return real(ws, request, clock)

    monkeypatch.setattr(report, "build_report", spy)
    assert cli("report", "--sync-first", "--owner", "", "--format", "json").exit_code in (0, 1)
    assert len(calls) == 1 and calls[0].sync_first and calls[0].options.listed is None


def test_remind_calls_the_remind_service_once(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.remind.plan import Plan
    from tracker.services import remind
    from tracker.services.remind import RemindRequest, RemindRun

    calls, fake = recorder(RemindRun(Plan(), dry_run=True))
    monkeypatch.setattr(remind, "remind", fake)
    result = cli("remind", "--dry-run", "--owner", "alice", "--channel", "email", "--as-of", "2026-12-07")
    assert result.exit_code == 0 and "0 reminders would be sent" in result.stdout
    from datetime import date

    wanted = RemindRequest(as_of=date(2026, 12, 7), owner="alice", dry_run=True, channel="email")
    assert len(calls) == 1 and calls[0][1] == wanted
