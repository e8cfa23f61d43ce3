"""The reminder rules as a read table, and what is due for a reminder on a given day.

Deadlines are counted here from the read tables when the reminder job runs (statutory working
days, domain/calendar.py); nothing is stored ahead. Each finder returns the reminders that fire
today under the rules of the subject's jurisdiction (the nearest with rules of its own, else
the default): "before" kinds fire from `days` working days before their date, "after" kinds
once `days` working days have passed; an open item past its date still fires (the job may have
been down through the window), each reminder once (workers/reminders.py keys them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta, timezone

from sqlalchemy import Connection, func, select

from domain.calendar import add_working_days, last_working_days, local_day
from domain.reminder_rules import EVERYWHERE, KINDS, ReminderRules, defaults

from .base import Batch, Projection, merge_update
from .public_tables import disclosures
from .reminder_tables import reminder_rules
from .reports import summary_due
from .tables import dispositions, history, jurisdictions, plans, targets, tasks, users

PROVISIONAL = "（暂定）"
RECEIVERS = {"police": "公安机关", "department": "其他部门"}


# -- the projection ---------------------------------------------------------------------------
def _set(batch: Batch, e: ReminderRules.Set) -> None:
    batch.insert(reminder_rules, id=e.originator_id.hex, jurisdiction=e.jurisdiction, rules=dict(e.rules),
                 reason=e.reason, changed_by=e.actor_id, updated_at=e.timestamp, version=e.originator_version)


def _changed(batch: Batch, e: ReminderRules.Changed) -> None:
    merge_update(batch, reminder_rules, "id", e, {"rules": dict(e.rules), "reason": e.reason,
                                                   "changed_by": e.actor_id})


class ReminderRulesProjection(Projection):
    name = "reminder_rules"
    tables = (reminder_rules,)
    handlers = {ReminderRules.Set: _set, ReminderRules.Changed: _changed}


# -- which rules apply where ------------------------------------------------------------------
class RuleBook:
    """The rules of every jurisdiction that has its own, by path, and the default."""

    def __init__(self, conn: Connection) -> None:
        rows = conn.execute(select(reminder_rules.c.jurisdiction, reminder_rules.c.rules,
                                   jurisdictions.c.path)
                            .join_from(reminder_rules, jurisdictions,
                                       jurisdictions.c.code == reminder_rules.c.jurisdiction, isouter=True)).all()
        self.default = {**defaults(), **next((r.rules for r in rows if r.jurisdiction == EVERYWHERE), {})}
        self.by_path = {r.path: {**self.default, **r.rules} for r in rows if r.path}

    def source(self, path: str | None) -> str | None:
        """The path whose rules apply at `path` (itself or the nearest above), None: the default."""
        if path:
            parts = [p for p in path.split("/") if p]
            for n in range(len(parts), 0, -1):
                prefix = "/" + "/".join(parts[:n]) + "/"
                if prefix in self.by_path:
                    return prefix
        return None

    def rules(self, path: str | None) -> dict:
        found = self.source(path)
        return self.by_path[found] if found else self.default

    def days(self, kind: str, path: str | None) -> int | None:
        """The rule's days at `path`; None when that reminder is switched off there."""
        rule = self.rules(path)[kind]
        return rule["days"] if rule["enabled"] else None

    def span(self, kind: str) -> tuple[int, int] | None:
        """(fewest, most) days of the kind's enabled rules anywhere; None: off everywhere."""
        found = [r[kind]["days"] for r in (self.default, *self.by_path.values()) if r[kind]["enabled"]]
        return (min(found), max(found)) if found else None


# -- what is due ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Due:
    rule: str
    subject_kind: str
    subject_id: str
    occasion: date  # the deadline (or day) the reminder is about: part of its identity
    path: str  # the subject's jurisdiction path: whose rules, which supervisors
    message: str
    link: str
    officers: tuple[str, ...] = ()  # inspector ids also reminded (the task's officers)
    jurisdiction: str | None = None  # a report: only the supervisors of exactly this jurisdiction


def _on(day: date, provisional: bool = False) -> str:
    return f"{day.year}年{day.month}月{day.day}日{PROVISIONAL if provisional else ''}"


def _late(today: date, day: date) -> str:
    return f"，已逾期{(today - day).days}天" if today > day else ""


def _before(book: RuleBook, kind: str, path: str, deadline: date, today: date) -> bool:
    days = book.days(kind, path)
    return days is not None and add_working_days(today, days).day >= deadline


def _after(book: RuleBook, kind: str, path: str, start: date, today: date) -> bool:
    days = book.days(kind, path)
    return days is not None and add_working_days(start, days).day <= today


def _officers(conn: Connection, task_ids) -> dict[str, list[str]]:
    ids = sorted(set(task_ids))
    if not ids:
        return {}
    return dict(conn.execute(select(tasks.c.id, tasks.c.officers).where(tasks.c.id.in_(ids))).all())


def rectifications(conn: Connection, today: date, book: RuleBook) -> list[Due]:
    """责令改正 still waiting for the enterprise's report, its deadline close (or past)."""
    horizon = add_working_days(today, book.span("rectification")[1]).day
    rows = conn.execute(
        select(dispositions, targets.c.name).join_from(dispositions, targets, targets.c.id == dispositions.c.target_id)
        .where(dispositions.c.kind == "order", dispositions.c.state == "ordered", dispositions.c.deadline <= horizon)
    ).mappings().all()
    rows = [r for r in rows if _before(book, "rectification", r["jurisdiction_path"], r["deadline"], today)]
    crews = _officers(conn, [r["task_id"] for r in rows])
    return [Due("rectification", "disposition", r["id"], r["deadline"], r["jurisdiction_path"],
                f"整改期限提醒：{r['name']}的责令改正（{r['number']}）整改期限为{_on(r['deadline'], r['provisional'])}"
                f"{_late(today, r['deadline'])}，尚未提交整改报告。",
                f"/problems/{r['problem_id']}", tuple(crews.get(r["task_id"], ()))) for r in rows]


def disclosures_due(conn: Connection, today: date, book: RuleBook) -> list[Due]:
    """Results not yet published or withheld, their 20-working-day limit close (or past)."""
    horizon = add_working_days(today, book.span("disclosure")[1]).day
    rows = conn.execute(
        select(disclosures, targets.c.name).join_from(disclosures, targets, targets.c.id == disclosures.c.target_id)
        .where(disclosures.c.state.in_(("pending", "reviewed")), disclosures.c.due <= horizon)).mappings().all()
    return [Due("disclosure", "disclosure", r["id"], r["due"], r["jurisdiction_path"],
                f"结果公开提醒：{r['name']}的检查结果（{_on(r['completed_on'])}办结）应于{_on(r['due'], r['provisional'])}"
                f"前公开{_late(today, r['due'])}，目前尚未公开。", f"/disclosure/{r['task_id']}")
            for r in rows if _before(book, "disclosure", r["jurisdiction_path"], r["due"], today)]


def acceptances(conn: Connection, today: date, book: RuleBook) -> list[Due]:
    """Tasks dispatched and accepted by nobody after the rule's working days; the day of
    dispatch comes from the history (the tasks table keeps only the state)."""
    sent = (select(history.c.stream_id, func.max(history.c.at).label("at"))
            .where(history.c.event == "Dispatched", history.c.stream_kind == "inspectiontask")
            .group_by(history.c.stream_id).subquery())
    rows = conn.execute(
        select(tasks.c.id, tasks.c.jurisdiction_path, tasks.c.officers, tasks.c.accepted_by, targets.c.name, sent.c.at)
        .join_from(tasks, sent, sent.c.stream_id == tasks.c.id).join(targets, targets.c.id == tasks.c.target_id)
        .where(tasks.c.state == "dispatched")).mappings().all()
    found = []
    for r in rows:
        day = local_day(r["at"] if r["at"].tzinfo else r["at"].replace(tzinfo=timezone.utc))  # SQLite: naive UTC
        if not _after(book, "acceptance", r["jurisdiction_path"], day, today):
            continue
        waiting = tuple(o for o in r["officers"] if o not in r["accepted_by"])
        found.append(Due("acceptance", "task", r["id"], day, r["jurisdiction_path"],
                         f"任务接收提醒：{r['name']}的检查任务已于{_on(day)}派发，至今无人接收，请及时接收并安排检查。",
                         f"/tasks/{r['id']}", waiting))
    return found


def transfers(conn: Connection, today: date, book: RuleBook) -> list[Due]:
    """移送 with no reply recorded, the rule's working days after the transfer."""
    latest = today - timedelta(days=book.span("transfer")[0])  # working days are at least as long
    rows = conn.execute(
        select(dispositions, targets.c.name).join_from(dispositions, targets, targets.c.id == dispositions.c.target_id)
        .where(dispositions.c.kind == "transfer", dispositions.c.state.in_(("transferred", "received")),
               dispositions.c.started_on <= latest)).mappings().all()
    rows = [r for r in rows if _after(book, "transfer", r["jurisdiction_path"], r["started_on"], today)]
    crews = _officers(conn, [r["task_id"] for r in rows])
    return [Due("transfer", "disposition", r["id"], r["started_on"], r["jurisdiction_path"],
                f"移送回复提醒：{r['name']}的问题已于{_on(r['started_on'])}移送{RECEIVERS.get(r['measure'], '')}"
                f"（{r['number']}），" + ("对方尚未登记接收。" if r["state"] == "transferred" else "至今未收到回复。"),
                f"/problems/{r['problem_id']}", tuple(crews.get(r["task_id"], ()))) for r in rows]


def draws(conn: Connection, today: date, book: RuleBook) -> list[Due]:
    """A quarterly plan not yet drawn, from the first of the last `days` working days of the
    quarter before (domain/plan_rules.draw_window, 5 by default) until its own quarter ends."""
    rows = conn.execute(select(plans).where(plans.c.period_kind == "quarter", plans.c.state.in_(("draft", "committed")),
                                            plans.c.period_end >= today)).mappings().all()
    found = []
    for r in rows:
        days = book.days("draw", r["jurisdiction_path"])
        if days is None:
            continue
        end = r["period_start"] - timedelta(days=1)
        first, provisional = last_working_days(end, max(days, 1))  # as plan_rules.draw_window, with the rule's days
        if today < first:
            continue
        found.append(Due("draw", "plan", r["id"], end, r["jurisdiction_path"],
                         f"抽取提醒：抽查计划“{r['title']}”（{r['period']}）应在{_on(first, provisional)}至{_on(end)}之间"
                         f"完成抽取{_late(today, end)}，目前尚未抽取。", f"/plans/{r['id']}"))
    return found


def reports(conn: Connection, today: date, book: RuleBook) -> list[Due]:
    """The quarterly 情况统计表 in the last `days` working days of the quarter, and the yearly
    summary from `days` working days before its date (11-30 a county, 12-05 a prefecture), for
    every jurisdiction that has supervisors: they are the ones who file."""
    rows = conn.execute(select(jurisdictions.c.code, jurisdictions.c.name, jurisdictions.c.level, jurisdictions.c.path)
                        .where(jurisdictions.c.code.in_(select(users.c.jurisdiction).where(
                            users.c.role == "supervisor", users.c.disabled.is_(False))))).mappings().all()
    quarter = (today.month - 1) // 3 + 1
    q_end = date(today.year + quarter // 4, quarter % 4 * 3 + 1, 1) - timedelta(days=1)
    found = []
    for r in rows:
        days = book.days("report", r["path"])
        if days is None:
            continue
        first, provisional = last_working_days(q_end, max(days, 1))
        if first <= today <= q_end:
            found.append(Due("report", "report", f"{r['code']}:{today.year}Q{quarter}", q_end, r["path"],
                             f"报表提醒：{r['name']}{today.year}年第{quarter}季度《生态环境“双随机、一公开”情况统计表》"
                             f"应在{_on(first, provisional)}至{_on(q_end)}之间报送。",
                             f"/stats?period={today.year}Q{quarter}", jurisdiction=r["code"]))
        due = summary_due(r["level"], today.year)
        if today <= due and add_working_days(today, days).day >= due:
            found.append(Due("report", "report", f"{r['code']}:{today.year}", due, r["path"],
                             f"报表提醒：{r['name']}{today.year}年度“双随机、一公开”工作总结应于{_on(due)}前报送。",
                             f"/reports/yearly?year={today.year}&jurisdiction={r['code']}", jurisdiction=r["code"]))
    return found


FINDERS = {"rectification": rectifications, "disclosure": disclosures_due, "acceptance": acceptances,
           "draw": draws, "report": reports, "transfer": transfers}
assert set(FINDERS) == set(KINDS)


def due_reminders(conn: Connection, today: date, book: RuleBook | None = None) -> list[Due]:
    book = book or RuleBook(conn)
    return [due for kind, finder in FINDERS.items() if book.span(kind) for due in finder(conn, today, book)]

