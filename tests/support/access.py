"""Who may use each route of the pages: the rule table of the authorisation matrix
(tests/e2e/test_access_matrix.py, issue 9).

Every endpoint of app.url_map but `static` has an entry in RULES, written out by hand: a
new route without one fails the matrix ("新路由缺少授权规则：endpoint …"). An entry says
* who may use it: PUBLIC, LOGGED_IN (any role), DECORATED (the roles of the view's
  `required_roles`, set by webapp/auth/users.roles_required) or an explicit set of roles;
* whether it is scoped: `record` names the kind of record the URL points at (RECORDS says
  how the test finds one in the user's own scope and one in another), or `place=True`
  when the scope is picked with ?jurisdiction=; `everything=True` when only a scope
  without limit may use it (whole-store downloads);
* the URL values that are not a record (`fixed`), and what an allowed request may answer
  besides the usual (`ok`: a GET answers 200; a POST with an empty form 302, 409 or 422),
  and the form to post when an empty one would stop before the check under test (`form`).
An endpoint with several entries is tested once per entry (e.g. each kind of record).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable
from uuid import UUID

from sqlalchemy import select

from domain.problems import Problem
from domain.tasks import InspectionTask
from projections.job_tables import jobs, notifications
from projections.public_tables import corrections, disclosures
from projections.tables import api_tokens, inspectors, plans, problems, targets, tasks

PUBLIC, LOGGED_IN, DECORATED = "public", "logged-in", "decorated"
READERS = frozenset({"admin", "supervisor", "reviewer"})

# The JSON API (/api/…, its Swagger page and openapi.json): its routes are judged by the page
# each mirrors (tests/support/access_api.py), in a test of their own in the same module.
API_ENDPOINTS_COVERED_ELSEWHERE = frozenset({"api", "openapi"})

# Whom the matrix acts as: the demo accounts (workers/demo/load.py ACCOUNTS), except the
# reviewer: the demo's sees the whole region, so the test adds one of 昌吉州.
ACCOUNTS = {"admin": "admin", "supervisor": "zhidui", "inspector": "dadui", "reviewer": "shenhe"}
OUTSIDER = "kaifaqu"  # a user of the other place: owns the "other" jobs and reminders
OWN_PLACE = "652301"  # 昌吉市: inside every account's scope
OTHER_PLACE = "652800-KF"  # 库尔勒经开区: outside every account's scope but the admin's
PLACES = {"own": OWN_PLACE, "other": OTHER_PLACE}


def covered_elsewhere(endpoint: str) -> bool:
    return any(endpoint.startswith(prefix) for prefix in API_ENDPOINTS_COVERED_ELSEWHERE)


@dataclass(frozen=True)
class Access:
    who: str | frozenset = DECORATED
    record: str | None = None
    arg: str | None = None  # the URL argument the record's id goes to, if not the kind's own
    fixed: dict = field(default_factory=dict)
    place: bool = False
    everything: bool = False
    ok: frozenset = frozenset()
    ends_session: bool = False  # the client must log in again after it
    form: dict = field(default_factory=dict)


# -- how a record of each kind is found, in the user's own place or the other one ----------
def _path(place: str):
    return f"%/{place}/"


def _first(conn, query):
    found = conn.execute(query.limit(1)).scalar()
    assert found, f"矩阵测试数据缺少记录：{query}"
    return found


def _task(s, side: str, _user: str) -> str:
    """A task with a published result (closed: an empty form cannot move it on). In the own
    place that is the demo's 12369 complaint, on which 毛峰 (the `dadui` login) is an officer:
    an inspector's steps on a task are for its own officers only."""
    with s.engine.connect() as conn:
        return _first(conn, select(disclosures.c.task_id).where(
            disclosures.c.jurisdiction_path.like(_path(PLACES[side])), disclosures.c.state == "published")
            .order_by(disclosures.c.task_id))


def _problem(s, side: str, _user: str) -> str:
    with s.engine.connect() as conn:
        return _first(conn, select(problems.c.id).where(problems.c.jurisdiction_path.like(_path(PLACES[side])))
                      .order_by(problems.c.state != "closed", problems.c.id))


def _disposition(s, side: str, user: str) -> dict:
    problem = _problem(s, side, user)
    return {"problem_id": problem, "disposition_id": sorted(s.app.load(Problem, UUID(problem)).dispositions)[0]}


def _evidence(s, side: str, _user: str) -> dict:
    with s.engine.connect() as conn:
        ids = conn.execute(select(tasks.c.id).where(tasks.c.jurisdiction_path.like(_path(PLACES[side])))
                           .order_by(tasks.c.id)).scalars().all()
    for task in ids:
        found = s.app.load(InspectionTask, UUID(task)).evidence
        if found:
            return {"sha256": found[0]["sha256"], "in": task}
    raise AssertionError(f"矩阵测试数据缺少证据文件：{side}")


def _column(column, path_column):
    def find(s, side: str, _user: str) -> str:
        with s.engine.connect() as conn:
            return _first(conn, select(column).where(path_column.like(_path(PLACES[side]))).order_by(column))
    return find


def _owned(owner_column, id_column, *only):
    """The user's own (a job they asked for, a reminder sent to them), or the outsider's."""
    def find(s, side: str, user: str) -> str:
        with s.engine.connect() as conn:
            return _first(conn, select(id_column).where(owner_column == (user if side == "own" else OUTSIDER), *only)
                          .order_by(id_column))
    return find


@dataclass(frozen=True)
class Kind:
    arg: str | None  # None: the finder gives every URL value itself
    find: Callable[[object, str, str], str | dict]
    refused: int = 403  # what another scope's record answers (404: its existence is hidden)
    unlimited_sees_all: bool = True  # does a scope without limit (the admin) see the other's?


RECORDS = {
    "target": Kind("target_id", _column(targets.c.id, targets.c.jurisdiction_path)),
    "inspector": Kind("inspector_id", _column(inspectors.c.id, inspectors.c.unit_path)),
    "task": Kind("task_id", _task),
    "problem": Kind("problem_id", _problem),
    "disposition": Kind(None, _disposition),
    "evidence": Kind(None, _evidence),
    "plan": Kind("plan_id", _column(plans.c.id, plans.c.jurisdiction_path)),
    "correction": Kind("correction_id", _column(corrections.c.id, corrections.c.jurisdiction_path)),
    "jurisdiction": Kind("code", lambda s, side, user: PLACES[side]),
    "brigade": Kind("code", lambda s, side, user: f"BR-{PLACES[side]}"),
    "job": Kind("job_id", _owned(jobs.c.requested_by, jobs.c.id)),
    # another user's reminder is "not found", for an admin too (webapp/notifications)
    "notification": Kind("notification_id", _owned(notifications.c.user_id, notifications.c.id),
                         refused=404, unlimited_sees_all=False),
    # the matrix's own tokens still in force (one for the page's revoke case, one for the API's)
    "token": Kind("token_id", _owned(api_tokens.c.username, api_tokens.c.token_id, api_tokens.c.name.like("矩阵测试%"),
                                     api_tokens.c.revoked_at.is_(None)), refused=404,
                  unlimited_sees_all=False),
}


def values_for(s, access: Access, side: str, user: str) -> dict:
    """The URL values of one request: the fixed ones, the record's, ?jurisdiction=."""
    values = dict(access.fixed)
    if access.record:
        kind = RECORDS[access.record]
        found = kind.find(s, side, user)
        values.update(found if isinstance(found, dict) else {access.arg or kind.arg: found})
    if access.place:
        values["jurisdiction"] = PLACES[side]
    return values


# -- the table ------------------------------------------------------------------------------
A = Access
NOT_DRAWN = frozenset({422})  # the own place's plan is committed, not drawn: no bundle yet


def _each(values: list[dict], **common) -> tuple[Access, ...]:
    return tuple(Access(fixed=v, **common) for v in values)


RULES: dict[str, tuple[Access, ...]] = {
    # -- login, home, language
    "auth.login": (A(PUBLIC, ok=frozenset({200, 302, 401})),),  # logged in: back home; empty form: 401
    "auth.logout": (A(LOGGED_IN, ends_session=True),),
    "auth.tokens_page": (A(LOGGED_IN),),
    "auth.issue_token": (A(LOGGED_IN),),
    # the form comes before the owner check: with a reason, one's own token is revoked (302)
    # and another's is "not found"
    "auth.revoke_token": (A(LOGGED_IN, "token", form={"reason": "授权矩阵测试"}),),
    "home.index": (A(LOGGED_IN),),
    "home.healthz": (A(PUBLIC),),
    "home.set_language": (A(PUBLIC, fixed={"code": "zh"}),),
    # -- 名录
    "directory.targets": (A(LOGGED_IN),),
    "directory.target": (A(LOGGED_IN, "target"),),
    **{f"directory.{n}": (A(DECORATED, "target"),) for n in (
        "change_category", "exclude", "lift_exclusion", "add_to_positive_list", "remove_from_positive_list",
        "change_target_details")},
    "directory.inspectors": (A(LOGGED_IN),),
    "directory.inspector": (A(LOGGED_IN, "inspector"),),
    **{f"directory.{n}": (A(DECORATED, "inspector"),) for n in (
        "renew_certificate", "expire_certificate", "transfer", "deactivate", "reactivate", "declare_conflict",
        "withdraw_conflict", "change_inspector_details")},
    # -- 辖区与执法单位
    "organisation.index": (A(LOGGED_IN),),
    "organisation.jurisdiction": (A(LOGGED_IN, "jurisdiction"),),
    "organisation.rename_jurisdiction": (A(DECORATED, "jurisdiction"),),
    "organisation.add_jurisdiction": (A(DECORATED, "jurisdiction"),),
    "organisation.brigade": (A(LOGGED_IN, "brigade"),),
    "organisation.form_brigade": (A(DECORATED),),
    **{f"organisation.{n}": (A(DECORATED, "brigade"),) for n in (
        "add_member", "remove_member", "change_coverage", "dissolve")},
    # -- 用户管理, 节假日, 导入
    "admin.users": (A(DECORATED),),
    "admin.create_user": (A(DECORATED),),
    **{f"admin.{n}": (A(DECORATED, fixed={"username": "zhidui"}),) for n in (
        "user", "change_role", "reset_password", "disable", "enable")},
    "calendar.index": (A(DECORATED),),
    "calendar.record": (A(DECORATED),),
    "imports.index": (A(DECORATED),),
    "imports.template": (A(DECORATED, fixed={"kind": "targets"}),),
    "imports.upload": (A(DECORATED, fixed={"kind": "targets"}),),  # no file: back to the form
    "imports.confirm": (A(DECORATED, fixed={"kind": "targets"}),),  # no token: back to the form
    # -- 抽查计划
    "plans.index": (A(LOGGED_IN),),
    "plans.new": (A(DECORATED),),
    "plans.create": (A(DECORATED),),
    "plans.plan": (A(LOGGED_IN, "plan"),),
    "plans.bundle": (A(LOGGED_IN, "plan", ok=NOT_DRAWN),),
    **{f"plans.{n}": (A(DECORATED, "plan"),) for n in ("change_rules", "commit", "execute", "replace_unit", "void")},
    # -- 检查任务
    "tasks.index": (A(DECORATED),),
    "tasks.mine": (A(DECORATED),),
    "tasks.create": (A(DECORATED),),
    "tasks.task": (A(LOGGED_IN, "task"),),
    **{f"tasks.{n}": (A(DECORATED, "task"),) for n in (
        "dispatch", "reassign", "extend_due", "cancel", "reopen", "recuse", "joint",  # supervisors in scope
        "accept", "record_inspection", "attach_evidence", "complete",  # the task's own officers
        "record_problem")},  # both
    "tasks.evidence": (A(LOGGED_IN, "evidence"),),
    # -- 问题台账
    "problems.board": (A(LOGGED_IN),),
    "problems.problem": (A(LOGGED_IN, "problem"),),
    **{f"problems.{n}": (A(DECORATED, "problem"),) for n in (
        "fix_on_spot", "give_guidance", "order_rectification", "open_case", "take_coercive_measure",
        "transfer_case", "close", "reopen")},
    **{f"problems.{n}": (A(DECORATED, "disposition"),) for n in (
        "acknowledge_guidance", "report_rectification", "schedule_verification", "verify", "extend_deadline",
        "decide_penalty", "revise_decision", "record_execution", "lift_coercive_measure", "record_receipt",
        "record_reply")},
    # -- 执法全过程记录, 时间回溯, 账本
    # a task or problem: whoever may open its page; a unit, an officer or a draw: readers in scope
    "record.record": (
        A(LOGGED_IN, "task", "subject_id", {"kind": "task"}),
        A(LOGGED_IN, "problem", "subject_id", {"kind": "problem"}),
        A(READERS, "target", "subject_id", {"kind": "unit"}),
        A(READERS, "inspector", "subject_id", {"kind": "officer"}),
        A(READERS, "plan", "subject_id", {"kind": "draw"}),
        A(LOGGED_IN, "task", "subject_id", {"kind": "task", "ext": "json"}),
        A(READERS, "target", "subject_id", {"kind": "unit", "ext": "xlsx"})),
    "record.static": (A(PUBLIC, fixed={"filename": "print.css"}),),
    **{f"asof.{n}": (A(LOGGED_IN, "task", "record_id", {"kind": "task", **extra}),
                     A(LOGGED_IN, "problem", "record_id", {"kind": "problem", **extra}),
                     A(LOGGED_IN, "target", "record_id", {"kind": "target", **extra}))
       for n, extra in (("as_of", {}), ("compare", {}), ("step", {"version": 1}))},
    "ledger.index": (A(DECORATED),),
    "ledger.sign": (A(DECORATED),),  # a checkpoint more: harmless
    "ledger.verify": (A(DECORATED),),
    "ledger.store_bundle": (A(DECORATED, everything=True),),
    "ledger.period_bundle": (A(DECORATED, everything=True, fixed={"period": "2026Q3"}),),
    "ledger.subject_bundle": (A(LOGGED_IN, "task", "subject_id", {"kind": "task"}),
                              A(READERS, "target", "subject_id", {"kind": "unit"}),
                              A(READERS, "plan", "subject_id", {"kind": "draw"})),
    "ledger.verifier": (A(PUBLIC),),
    # -- 统计, 报表, 一公开, 特殊监管, 纠错
    "stats.board_page": (A(DECORATED, place=True),),
    "stats.rows": _each([{"listing": n} for n in ("tasks", "problems", "dispositions")], who=DECORATED, place=True),
    "stats.tables": (A(DECORATED, place=True),),
    "stats.download": (A(DECORATED, place=True),),
    "reports.index": (A(DECORATED),),
    "reports.show": _each([{"kind": k} for k in ("yearly", "daily", "campaign")], who=DECORATED, place=True),
    "reports.download": _each([{"kind": k} for k in ("yearly", "daily", "campaign")], who=DECORATED, place=True),
    "disclosure.index": (A(DECORATED, place=True),),
    "disclosure.task": (A(DECORATED, "task"),),
    **{f"disclosure.{n}": (A(DECORATED, "task"),) for n in ("review", "publish", "withhold", "correct")},
    "disclosure.publish_batch": (A(DECORATED),),
    "special.proposal": (A(DECORATED, place=True),),
    "special.decide": (A(DECORATED),),
    "special.corrections": (A(DECORATED),),
    **{f"special.{n}": (A(DECORATED, "correction"),) for n in ("correction", "accept", "resolve", "reject")},
    # -- 后台任务, 提醒
    "jobs.index": (A(LOGGED_IN),),
    **{f"jobs.{n}": (A(LOGGED_IN, "job"),) for n in ("show", "progress", "download", "errors_file", "retry")},
    "jobs.export_statistics": (A(DECORATED),),
    "jobs.export_disclosure_table": (A(DECORATED),),
    "jobs.export_ledger_bundle": (A(DECORATED, everything=True),),
    "notifications.index": (A(LOGGED_IN),),
    "notifications.read": (A(LOGGED_IN, "notification"),),
    "notifications.open_": (A(LOGGED_IN, "notification"),),
    "notifications.read_all": (A(LOGGED_IN),),
    "notifications.rules": (A(DECORATED, place=True),),
    "notifications.change_rules": (A(DECORATED, place=True),),
    # -- 公开页面: no login, nothing personal
    "public.index": (A(PUBLIC),),
    "public.units": (A(PUBLIC),),
    "public.unit": (A(PUBLIC, "target"),),
    "public.correction": (A(PUBLIC, "target"),),
    "public.plan": (A(PUBLIC, "plan"),),
    "public.bundle": (A(PUBLIC, "plan", ok=NOT_DRAWN),),
    "public.algorithm": (A(PUBLIC),),
    "public.verifier": (A(PUBLIC),),
    "public.disclosure_table": (A(PUBLIC),),
    "public.disclosure_download": _each([{"fmt": f} for f in ("json", "csv")], who=PUBLIC),
    "public.penalties": (A(PUBLIC),),
    "public.penalties_csv": (A(PUBLIC),),
}
