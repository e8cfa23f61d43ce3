"""Importing the two directories: every row is checked against the file's rules, the
directory (jurisdictions, units) and the domain's rules before anything is written; on
any error nothing is written. Unchanged rows are recognised by a fingerprint kept in the
read table, so re-importing a file loads nothing and writes nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable
from uuid import UUID

from eventsourcing.persistence import IntegrityError
from sqlalchemy import select

from domain.base import Actor, DomainError
from domain.inspectors import Inspector
from domain.sync import (inspector_fingerprint, normalise_target_row, sync_inspector, sync_target,
                         target_fingerprint, INSPECTOR_FIELDS)
from domain.targets import Target
from projections.system import System
from projections.tables import brigades, inspectors, jurisdictions, targets

from .xlsx.reader import RowError, read_directory

KINDS = {"targets": "检查对象名录库", "inspectors": "检查人员名录库"}
# How far an import has got, for a background job's progress: `progress(stage, rows, errors)`
# with stage "checked" (rows read and checked so far, rows with errors among them), "writing"
# (every row checked, the good ones about to be written) or "written". While the file is being
# read, `errors` counts rows read but not handed on (blank rows too); the last "checked" is exact.
ProgressFn = Callable[[str, int, int], None]
TELL_EVERY = 500  # rows between two reports: a 100,000-row file reports 200 times


@dataclass
class ImportReport:
    kind: str
    total: int = 0
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    events: Counter = field(default_factory=Counter)  # event name -> how many
    written: bool = False
    position: int | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_rows(self) -> int:
        """How many data rows have at least one error (the header row and the file as a
        whole are not data rows)."""
        return len({e.row for e in self.errors if e.row is not None and e.row > 1})

    def summary(self) -> str:
        if not self.ok:
            what = "有错误，未写入任何数据"
        elif self.written:
            what = "已写入"
        elif not (self.created or self.changed):
            what = "与名录一致，无需变更"
        else:
            what = "校验通过，尚未写入（待确认）"
        return (f"{KINDS[self.kind]}：共{self.total}行，新增{self.created}，变更{self.changed}，"
                f"未变{self.unchanged}，错误{len(self.errors)}条；{what}")


def import_file(system: System, kind: str, source, actor: Actor, command_id: str, *,
                dry_run: bool = False, source_name: str = "", progress: ProgressFn | None = None) -> ImportReport:
    """Read and plan in one pass: each good row goes to the plan as it is read."""
    plan = ImportPlan(system, kind, actor, command_id, source_name, progress)
    result = read_directory(kind, source, on_row=plan.add)
    plan.report.errors = sorted([*result.errors, *plan.report.errors], key=lambda e: (e.row or 0))
    plan.report.total = result.total
    return plan.finish(dry_run)


def import_rows(system: System, kind: str, rows: Iterable[dict], actor: Actor, command_id: str, *,
                dry_run: bool = False, source_name: str = "", progress: ProgressFn | None = None) -> ImportReport:
    plan = ImportPlan(system, kind, actor, command_id, source_name, progress)
    for row in rows:
        plan.add(row)
    return plan.finish(dry_run)


class ImportPlan:
    """The events an import implies, serialised as they are planned; written by finish()
    in one transaction, and only when no row of the file had an error."""

    def __init__(self, system: System, kind: str, actor: Actor, command_id: str, source_name: str,
                 progress: ProgressFn | None = None):
        if kind not in KINDS:
            raise ValueError(kind)
        system.read_side_up_to_date()
        self.system, self.actor, self.command_id = system, actor, command_id
        self.report = ImportReport(kind=kind)
        self.planner = _TargetPlanner(system) if kind == "targets" else _InspectorPlanner(system)
        self.reason = f"名录导入：{source_name}" if source_name else "名录导入"
        # Serialised at once: 100,000 pending aggregates would not fit the memory aim.
        self.stored: list = []
        self.progress, self._told = progress, 0

    def add(self, row: dict) -> None:
        self._add(row)
        if self.progress is not None and self.report.total - self._told >= TELL_EVERY:
            self._told = self.report.total
            # The sheet row of this good row says how far the file has been read; the rows
            # read but not handed on are the reader's rows with errors (or blank ones).
            read = (row.get("row") or self.report.total + 1) - 1
            self.progress("checked", read, read - self.report.total + len(self.report.errors))

    def _add(self, row: dict) -> None:
        report = self.report
        report.total += 1
        by = self.actor.by(f"{self.command_id}:{row.get('row', report.total)}")
        try:
            outcome, aggregate = self.planner.plan(row, self.reason, by)
        except DomainError as error:
            report.errors.append(RowError(row.get("row"), getattr(error, "column", None), str(error)))
            return
        if outcome == "unchanged":
            report.unchanged += 1
            return
        report.created += outcome == "created"
        report.changed += outcome == "changed"
        to_stored = self.system.app.mapper.to_stored_event
        for event in aggregate.collect_events():
            report.events[type(event).__qualname__.split(".", 1)[1]] += 1
            self.stored.append(to_stored(event))

    def finish(self, dry_run: bool) -> ImportReport:
        report = self.report
        self._tell("checked", report.total, report.error_rows)
        if report.errors or dry_run or not self.stored:
            return report
        self._tell("writing", report.total, 0)
        # One transaction for the whole file: an import is written entirely or not at all.
        try:
            ids = self.system.app.recorder.insert_events(self.stored)
        except IntegrityError:
            report.errors.append(RowError(None, None, "导入期间名录被他人修改，未写入任何数据，请重新导入"))
            return report
        report.position, report.written = (ids[-1] if ids else None), True
        self._tell("written", report.total, 0)
        return report

    def _tell(self, stage: str, rows: int, errors: int) -> None:
        if self.progress is not None:
            self.progress(stage, rows, errors)


class ColumnError(DomainError):
    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column


def _names_to_codes(conn, table) -> dict[str, str]:
    """Users type a name or a code; both resolve to the code."""
    lookup: dict[str, str] = {}
    for code, name in conn.execute(select(table.c.code, table.c.name)):
        lookup[name] = code
        lookup[code] = code
    return lookup


class _TargetPlanner:
    def __init__(self, system: System):
        self.app = system.app
        with system.engine.connect() as conn:
            self.places = _names_to_codes(conn, jurisdictions)
            self.existing = {(c, s): (i, f) for i, c, s, f in conn.execute(
                select(targets.c.id, targets.c.credit_code, targets.c.site, targets.c.fingerprint))}

    def plan(self, row: dict, reason: str, by: dict):
        code = self.places.get(str(row["jurisdiction"]).strip())
        if code is None:
            raise ColumnError("所在辖区", f"辖区“{row['jurisdiction']}”不在辖区名录中")
        values = normalise_target_row({**row, "jurisdiction": code})
        known = self.existing.get((values["credit_code"], values["site"]))
        if known is None:
            target = Target.register(**values, source=reason, **by)
            self.existing[(values["credit_code"], values["site"])] = (target.id.hex, target_fingerprint(values))
            return "created", target
        if known[1] == target_fingerprint(values):
            return "unchanged", None
        target = self.app.load(Target, UUID(known[0]))
        sync_target(target, values, reason, by)
        return "changed", target


class _InspectorPlanner:
    def __init__(self, system: System):
        self.app = system.app
        with system.engine.connect() as conn:
            self.units = _names_to_codes(conn, brigades)
            self.existing = {c: (i, f) for i, c, f in conn.execute(
                select(inspectors.c.id, inspectors.c.cert_no, inspectors.c.fingerprint))}

    def plan(self, row: dict, reason: str, by: dict):
        unit = self.units.get(str(row["unit"]).strip())
        if unit is None:
            raise ColumnError("所在单位", f"执法单位“{row['unit']}”不在执法单位名录中")
        values = {k: row.get(k) for k in INSPECTOR_FIELDS} | {"unit": unit}
        values["specialities"] = list(values["specialities"] or [])
        for text in ("post", "department"):
            values[text] = values[text] or ""
        known = self.existing.get(values["cert_no"])
        if known is None:
            inspector = Inspector.register(**values, source=reason, **by)
            self.existing[values["cert_no"]] = (inspector.id.hex, inspector_fingerprint(values))
            return "created", inspector
        if known[1] == inspector_fingerprint(values):
            return "unchanged", None
        inspector = self.app.load(Inspector, UUID(known[0]))
        sync_inspector(inspector, values, reason, by)
        return "changed", inspector
