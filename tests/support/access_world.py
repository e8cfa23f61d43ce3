"""The data the authorisation matrix (tests/e2e/test_access_matrix.py) runs on, built once per
module: the demo (both scopes' directories, tasks, plans, disclosures), a reviewer of 昌吉州, in
the other place a task with evidence, a problem with a disposition and a report from the public,
and a finished job, a reminder and API tokens for each user; and the clients that ask."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path
from typing import Iterator
from uuid import UUID

import pytest
from sqlalchemy import insert, select

from domain.base import Actor
from domain.jobs import Job
from domain.problems import Problem
from domain.tasks import InspectionTask
from projections.job_tables import notifications
from projections.tables import targets, users
from tests.support import access
from tests.support.access import ACCOUNTS, OUTSIDER
from tests.support.casework import BOSS, TODAY, ZHANG, inspected_task
from tests.support.pages import PASSWORD
from webapp import create_app
from webapp.auth import routes as auth_routes
from webapp.auth import tokens
from webapp.auth.credentials import set_password
from webapp.public import units as public_units
from workers import casework, publication
from workers.evidence import store
from workers.jobs.service import request_job

SYSTEM = Actor("system", "admin")


# -- the data, once per module ---------------------------------------------------------------------
def _other_place_casework(s) -> None:
    """What the demo has only in 昌吉: a problem with a disposition, evidence, a public report."""
    with s.engine.connect() as conn:
        unit = UUID(conn.execute(select(targets.c.id).where(targets.c.jurisdiction == access.OTHER_PLACE)
                                 .order_by(targets.c.id).limit(1)).scalar())
    task = inspected_task(s, unit, "acl-kf", jurisdiction=access.OTHER_PLACE)
    note = store(s.settings.var_dir, "现场检查笔录（经开区）".encode(), "笔录.txt")
    s.app.command(InspectionTask, task, "attach_evidence", ZHANG, "acl-kf-e", officer_id="zhang", evidence=note)
    problem = casework.record_problem(s, task, BOSS, "acl-kf-p", description="雨水排口有废水", category="water",
                                      legal_basis="《水污染防治法》", found_on=date(2026, 11, 10), today=TODAY)
    s.app.command(Problem, problem.aggregate_id, "give_guidance", BOSS, "acl-kf-g", document_no="经开环指〔2026〕1号",
                  content="完善雨污分流", today=TODAY)
    publication.submit_correction(s, "acl-kf-c", target_id=unit, subject="unit", details="地址有误", contact="",
                                  today=TODAY)


def _jobs_and_reminders(s, people: dict[str, str]) -> None:
    """A finished job with a file and an errors file, a reminder and an API token, for every user."""
    folder = Path(s.settings.var_dir) / "jobs"
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for n, (user, role) in enumerate(people.items()):
        tokens.issue(s, Actor(user, role), f"acl-token-{user}", user, "矩阵测试")
        tokens.issue(s, Actor(user, role), f"acl-token2-{user}", user, "矩阵测试2")
        made = request_job(s, Actor(user, role), f"acl-job-{user}", "export_statistics", period="2026Q3")
        (folder / f"acl-{user}.json").write_text("{}")
        (folder / f"acl-{user}-errors.xlsx").write_bytes(b"PK")
        s.app.command(Job, made.aggregate_id, "finish", SYSTEM, f"acl-job-{user}-end",
                      result={"file": f"jobs/acl-{user}.json", "name": f"{user}.json",
                              "errors_file": f"jobs/acl-{user}-errors.xlsx", "rows": 1})
        rows.append({"key": f"acl-{user}".ljust(64, "0"), "user_id": user, "rule": "disclosure",
                     "subject_kind": "disclosure", "subject_id": f"s{n}", "occasion": date(2026, 11, 30),
                     "message": "结果公开提醒", "link": "/notifications/", "webhook_state": "none",
                     "created_at": datetime(2026, 11, 1, tzinfo=timezone.utc), "read_at": None, "webhook_attempts": 0})
    with s.engine.begin() as conn:
        conn.execute(insert(notifications), rows)


def build_world(tmp_path_factory) -> Iterator["World"]:
    """The module's data and app (a generator for a module-scoped fixture)."""
    from projections.system import Settings, open_system
    from webapp import forms
    from webapp.services import wait_for
    from workers.demo.load import DEMO, load_demo

    var = tmp_path_factory.mktemp("acl") / "var"
    s = open_system(Settings(var_dir=var))
    load_demo(s, "default", echo=lambda *_: None)
    s.app.create_user(DEMO, "acl-shenhe", username="shenhe", display_name="昌吉州稽查员", role="reviewer",
                      jurisdiction="652300", brigade=None)
    _other_place_casework(s)
    s.read_side_up_to_date()
    with s.engine.connect() as conn:
        people = dict(conn.execute(select(users.c.username, users.c.role)
                                   .where(users.c.username.in_([*ACCOUNTS.values(), OUTSIDER]))).all())
    _jobs_and_reminders(s, people)
    s.read_side_up_to_date()
    for user in ACCOUNTS.values():
        set_password(s.engine, user, PASSWORD)
    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SHUANGSUI_SETTINGS": {"var_dir": var}},
                     system=s)
    patch = pytest.MonkeyPatch()
    # no projector thread under test: a command's page catches the read side up itself
    patch.setattr(forms, "wait_for", lambda position: (s.projector.catch_up(), wait_for(position))[1])
    auth_routes.failures.clear()
    public_units.reports.clear()
    yield World(s, app)
    patch.undo()
    s.close()


class World:
    def __init__(self, s, app):
        self.s, self.app, self.clients, self.found, self.tokens = s, app, {}, {}, {}
        with app.app_context():
            from webapp.auth.users import load_user_by_name
            self.unlimited = {role: load_user_by_name(user).scope.unlimited for role, user in ACCOUNTS.items()}

    def logged_in(self, role: str | None):
        c = self.app.test_client()
        if role is not None:
            answer = c.post("/login", data={"username": ACCOUNTS[role], "password": PASSWORD})
            assert answer.status_code == 302, f"{role} 登录失败：{answer.status_code}"
        return c

    def client(self, role: str | None, fresh: bool = False):
        """The role's client, kept for the whole module (fresh: log in again, after a logout)."""
        if role not in self.clients or fresh:
            self.clients[role] = self.logged_in(role)
        return self.clients[role]

    def api_headers(self, role: str | None) -> dict:
        """The role's API token (issued once), or nothing for the anonymous."""
        if role is None:
            return {}
        if role not in self.tokens:
            user = ACCOUNTS[role]
            made = tokens.issue(self.s, Actor(user, role), f"acl-api-{user}", user, "授权矩阵API")
            self.tokens[role] = {"Authorization": f"Bearer {made.token}"}
        return self.tokens[role]

    def values(self, rule: access.Access, side: str, role: str | None) -> dict:
        key = (id(rule), side, role)
        if key not in self.found:
            self.found[key] = access.values_for(self.s, rule, side, ACCOUNTS.get(role, "admin"))
        return self.found[key]
