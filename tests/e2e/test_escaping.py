"""Stored text is escaped everywhere (issue 9). Script and HTML payloads go into every
free-text field a user writes that is shown back, through the pages' own forms (as the
supervisor, the officer, the admin and the public would type them); then every page that
shows them is read: no payload may come back raw (`<script>alert(1)`, `<img src=x onerror`),
and each field must come back escaped somewhere (so the test proves the field is shown,
with `{{7*7}}` kept as typed, not evaluated). Refused forms and search boxes echo what was
typed: those too. The xlsx / CSV exports are out of scope. The templates are checked for
`|safe`, `Markup` and `autoescape false`.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path
from uuid import UUID

import pytest
from markupsafe import escape
from sqlalchemy import select

from domain.base import Actor
from domain.checklists import items
from domain.problems import Problem
from domain.tasks import InspectionTask
from domain.vocabulary import SPECIAL_CRITERIA
from projections.compliance import quarter_of
from projections.public_tables import corrections, disclosures
from projections.tables import inspectors, targets
from tests.support.pages import PASSWORD, text
from webapp.auth import routes as auth_routes
from webapp.auth.credentials import set_password
from webapp.public import units as public_units
from webapp.tasks.views import today
from workers.jobs.service import request_job

FULL = '<script>alert(1)</script>"><img src=x onerror=alert(1)>{{7*7}}'
SHORT = "<script>alert(1)</script>{{7*7}}"  # for fields of 50 characters or fewer
FILE_NAME = "<img src=x onerror=alert(1)>{{7*7}}"  # a file name has no "/" and no quote
PNG = b"\x89PNG\r\n\x1a\n" + b"evidence"  # recognised by its first bytes, whatever its name
RAW = ("<script>alert(1)", "<img src=x onerror")
TEMPLATES = Path(__file__).resolve().parents[2] / "webapp" / "templates"


class Typed(dict):
    """Every value typed: key → the text (a marker, then the payloads that fit)."""

    def __call__(self, key: str, room: int = 2000, payload: str | None = None) -> str:
        value = f"[{key}]" + (payload or (FULL if room >= len(key) + 2 + len(FULL) else SHORT))
        assert len(value) <= room, key
        self[key] = value
        return value


def post(client, path: str, data: dict, status: int = 302, **kwargs):
    response = client.post(path, data=data, **kwargs)
    assert response.status_code == status, f"{path}: {response.status_code} {text(response)[-600:]}"
    return response


def made_id(response) -> str:
    return re.search(r"/([0-9a-f]{32})$", response.headers["Location"]).group(1)


def upload(data: dict, content: bytes, name: str) -> dict:
    return {**data, "file": [(io.BytesIO(content), name)]}


# -- typing, area by area ------------------------------------------------------------------------
def _directory(w, t: Typed) -> None:
    boss, unit, other = w.boss, w.ids["unit"], w.ids["unit2"]
    post(boss, f"/targets/{unit}/details", {"name": t("unit-name", 100), "address": t("address", 200),
                                            "industry": t("industry", 100), "permit_no": t("permit", 60),
                                            "jurisdiction": "652301", "reason": t("details-reason", 500)})
    post(boss, f"/targets/{unit}/category", {"category": "special", "year": "2026", "basis": t("basis", 500),
                                             "special_criteria": SPECIAL_CRITERIA[0],
                                             "reason": t("category-reason", 500)})
    post(boss, f"/targets/{other}/exclusion", {"exclusion_reason": "suspended", "note": t("exclusion-note", 500),
                                               "reason": t("exclusion-reason", 500)})
    post(boss, f"/targets/{other}/positive-list/add", {"basis": t("positive-basis", 500),
                                                       "reason": t("positive-reason", 500)})
    officer = w.ids["officer"]
    post(boss, f"/inspectors/{officer}/details", {
        "name": t("officer-name", 50), "post": t("post", 50), "years_of_service": "5",
        "specialities": t("specialities", 2000), "department": t("department", 80), "in_draw_pool": "true",
        "reason": t("officer-reason", 500)})
    post(boss, f"/inspectors/{officer}/conflicts", {"credit_code": w.ids["unit2_code"], "relation": t("relation", 500)})


def _organisation(w, t: Typed) -> None:
    post(w.admin, "/jurisdictions/652301/rename", {"name": t("place", 50), "reason": t("rename-reason", 500)})
    post(w.boss, "/brigades", {"code": "BR-ESC-1", "name": t("brigade", 80), "kind": "brigade",
                               "jurisdiction": "652301", "covers": "652301", "vehicles": t("vehicles", 500)})
    post(w.boss, "/brigades/BR-ESC-1/coverage", {"covers": "652301", "vehicles": "新B·12345",
                                                 "reason": t("coverage-reason", 500)})
    post(w.boss, "/brigades/BR-ESC-1/dissolve", {"reason": t("dissolve-reason", 500)})
    post(w.admin, "/jurisdictions/652301/children", {"code": "652301-ESC", "name": t("child-place", 50),
                                                     "level": "zone"})
    post(w.admin, "/admin/users", {"username": "xss_user", "display_name": t("display-name", 50),
                                   "role": "reviewer", "jurisdiction": "652300", "password": PASSWORD})
    post(w.admin, "/admin/users/xss_user/role", {"role": "reviewer", "jurisdiction": "652301",
                                                 "reason": t("role-reason", 500)})
    post(w.admin, "/admin/calendar/record", {"year": "2031", "holidays": "2031-01-01", "workdays": "",
                                             "notice": t("calendar-notice", 200), "reason": ""})
    post(w.boss, "/account/tokens", {"name": t("token", 50)}, status=200)
    post(w.boss, "/notifications/rules?jurisdiction=652301", {
        **{f"enabled_{k}": "yes" for k in ("rectification", "disclosure", "acceptance", "draw", "report", "transfer")},
        **{f"days_{k}": "3" for k in ("rectification", "disclosure", "acceptance", "draw", "report", "transfer")},
        "jurisdiction": "652301", "reason": t("rules-reason", 500)})
    request_job(w.s, Actor("zhidui", "supervisor"), "esc-job", "import_targets", path="uploads/none.upload",
                name=t("job-name", 200) + ".xlsx")


def _task(w, t: Typed) -> None:
    boss, officer, on = w.boss, w.officer, today().isoformat()
    made = post(boss, "/tasks", {"origin": "assigned", "reference": t("reference", 100), "credit_code": w.ids["unit_code"],
                                 "site": w.ids["unit_site"], "due": (today() + timedelta(days=30)).isoformat(),
                                 "officer_1": w.ids["mao"], "officer_2": w.ids["officer"], "note": t("task-note", 1000)})
    task = w.ids["task"] = made_id(made)
    post(boss, f"/tasks/{task}/joint", {"department": t("joint-department", 80), "kind": "department",
                                        "members": t("joint-members", 50), "basis": t("joint-basis", 200)})
    post(boss, f"/tasks/{task}/due", {"due": (today() + timedelta(days=40)).isoformat(),
                                      "reason": t("due-reason", 500)})
    post(boss, f"/tasks/{task}/dispatch", {})
    post(officer, f"/tasks/{task}/accept", {})
    post(officer, f"/tasks/{task}/inspection", {
        "form": "污染源现场检查记录表", "mode": "on_site", "present": [w.ids["mao"], w.ids["officer"]],
        "representative": t("representative", 100), "production_status": t("production", 200),
        "approval": t("approval", 500), "findings": t("findings", 4000), "inspected_on": on,
        **{f"check_{n}": "ok" for n in range(1, len(items()) + 1)}})
    post(officer, f"/tasks/{task}/evidence", upload({}, PNG, t("evidence-name", payload=FILE_NAME) + ".png"),
         content_type="multipart/form-data")
    found = post(officer, f"/tasks/{task}/problems", {"description": t("problem", 2000), "category": "water",
                                                     "legal_basis": t("legal-basis", 500), "found_on": on})
    problem = w.ids["problem"] = made_id(found)
    post(officer, f"/problems/{problem}/guidance", {"document_no": t("guidance-no", 100),
                                                   "content": t("guidance", 2000), "issued_on": on})
    post(officer, f"/tasks/{task}/complete", {"summary": t("summary", 2000)})


def _problem(w, t: Typed) -> None:
    boss, problem, on = w.boss, w.ids["problem"], today().isoformat()
    later = (today() + timedelta(days=15)).isoformat()
    post(boss, f"/problems/{problem}/order", {"order_no": t("order-no", 100), "requirements": t("requirements", 2000),
                                             "deadline": later, "ordered_on": on})
    post(boss, f"/problems/{problem}/transfer", {"receiving_body": t("receiving-body", 100), "receiver_kind": "department",
                                                "document_no": t("transfer-no", 100), "transferred_on": on,
                                                "suspected_crime": "no"})
    post(boss, f"/problems/{problem}/case", {"case_no": t("case-no", 100), "opened_on": on})
    post(boss, f"/problems/{problem}/coercive", {"measure": "seal_up", "document_no": t("coercive-no", 100),
                                                "starts_on": on, "ends_on": later, "approval": t("coercive-approval", 200)})
    kinds = {d.kind: n for n, d in w.s.app.load(Problem, UUID(problem)).dispositions.items()}
    post(boss, f"/problems/{problem}/d/{kinds['order']}/deadline", {
        "new_deadline": (today() + timedelta(days=30)).isoformat(), "reason": t("deadline-reason", 500)})
    post(w.officer, f"/problems/{problem}/d/{kinds['order']}/report",
         upload({"report": t("report", 5000), "reported_on": on}, PNG + b"2", "photo.png"),
         content_type="multipart/form-data")
    post(boss, f"/problems/{problem}/d/{kinds['transfer']}/receipt", {"received_on": on})
    post(boss, f"/problems/{problem}/d/{kinds['transfer']}/reply", {"reply": t("reply", 2000), "replied_on": on})
    post(boss, f"/problems/{problem}/d/{kinds['case']}/penalty", {
        "decision_no": t("decision-no", 100), "issuing_body": t("issuing-body", 100),
        "legal_basis": t("penalty-basis", 500), "fine": "5000", "other_sanctions": t("sanctions", 2000),
        "decided_on": on})
    post(boss, f"/problems/{problem}/d/{kinds['case']}/execution", {
        "paid_or_executed_on": on, "amount_paid": "4000", "note": t("execution-note", 500)})
    post(boss, f"/problems/{problem}/d/{kinds['coercive']}/lift", {"lifted_on": on, "reason": t("lift-reason", 500)})


def _disclosure_and_corrections(w, t: Typed) -> None:
    boss, task, on = w.boss, w.ids["task"], today().isoformat()
    post(boss, f"/disclosure/{task}/review", {"phrase": "order", "description": t("disclosure", 2000)})
    post(boss, f"/disclosure/{task}/publish", {"published_on": on, "notice": t("notice", 200)})
    post(boss, f"/disclosure/{task}/correct", {"phrase": "order", "description": t("disclosure-corrected", 2000),
                                               "reason": t("correct-reason", 500)})
    post(boss, f"/disclosure/{w.ids['pending']}/withhold", {
        "ground": "public_security", "reason": t("withhold-reason", 1000), "decided_by": t("decided-by", 100)})
    public = w.app.test_client()
    post(public, f"/public/units/{w.ids['unit']}/correction",
         {"subject": "unit", "details": t("correction", 2000), "contact": t("contact", 100)}, status=200)
    w.s.projector.catch_up()  # the public page does not wait for the read side
    with w.s.engine.connect() as conn:
        made = conn.execute(select(corrections.c.id).where(corrections.c.target_id == w.ids["unit"])).scalar()
        demo = conn.execute(select(corrections.c.id).where(corrections.c.id != made)).scalar()
    w.ids.update(correction=made, demo_correction=demo)
    post(boss, f"/corrections/{made}/accept", {"note": t("accept-note", 500)})
    post(boss, f"/corrections/{made}/resolve", {"answer": t("answer", 2000), "corrected": "yes"})
    post(boss, f"/corrections/{demo}/reject", {"reason": t("reject-reason", 500)})


def _plans(w, t: Typed) -> None:
    made = post(w.boss, "/plans/new", {
        "title": t("plan-title", 100), "period_kind": "quarter", "period": "2027Q1", "jurisdiction": "652301",
        "level": "county", "rules_for": "county", "brigades": ["BR-652301"], "key_ratio": "1/4",
        "key_basis": t("key-basis", 500), "special_ratio": "1/2", "special_basis": "每季度不低于50%",
        "general_per_officer": "10", "general_basis": "1:10", "source_kind": "witness",
        "source_format": r"\d{6}", "source_description": t("source-description", 300)})
    plan = w.ids["plan"] = made_id(made)
    post(w.boss, f"/plans/{plan}/commit", {"acknowledge_shortfall": "true"})
    post(w.boss, f"/plans/{plan}/void", {"reason": t("void-reason", 500)})
    post(w.boss, "/special/decision", {"year": "2027", "jurisdiction": "652301", "reference": t("meeting", 200),
                                       "meeting_on": today().isoformat(), "extra_code_1": w.ids["unit_code"],
                                       "extra_criteria_1": SPECIAL_CRITERIA[1]})


# -- the world, typed once --------------------------------------------------------------------------
class World:
    pass


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from projections.system import Settings, open_system
    from webapp import create_app, forms
    from webapp.services import wait_for
    from workers.demo.load import load_demo

    var = tmp_path_factory.mktemp("escaping") / "var"
    w = World()
    w.s = s = open_system(Settings(var_dir=var))
    load_demo(s, "default", echo=lambda *_: None)
    for user in ("admin", "zhidui", "dadui"):
        set_password(s.engine, user, PASSWORD)
    w.app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SHUANGSUI_SETTINGS": {"var_dir": var}}, system=s)
    patch = pytest.MonkeyPatch()
    patch.setattr(forms, "wait_for", lambda position: (s.projector.catch_up(), wait_for(position))[1])
    auth_routes.failures.clear()
    public_units.reports.clear()
    w.admin, w.boss, w.officer = (login(w.app, u) for u in ("admin", "zhidui", "dadui"))
    w.ids = ids_of(s)
    w.typed = t = Typed()
    for area in (_directory, _organisation, _task, _problem, _disclosure_and_corrections, _plans):
        area(w, t)
    s.projector.catch_up()
    w.pages = read_pages(w)
    yield w
    patch.undo()
    s.close()


def login(app, username: str):
    client = app.test_client()
    post(client, "/login", {"username": username, "password": PASSWORD})
    return client


def ids_of(s) -> dict:
    with s.engine.connect() as conn:
        units = conn.execute(select(targets.c.id, targets.c.credit_code, targets.c.site)
                             .where(targets.c.jurisdiction == "652301", targets.c.category == "general",
                                    targets.c.positive_list.is_(False), targets.c.exclusion_reason.is_(None))
                             .order_by(targets.c.credit_code).limit(2)).all()
        people = dict(conn.execute(select(inspectors.c.name, inspectors.c.id)
                                   .where(inspectors.c.unit == "BR-652301", inspectors.c.kind == "officer",
                                          inspectors.c.active.is_(True))).all())
        pending = conn.execute(select(disclosures.c.task_id).where(
            disclosures.c.state == "pending", disclosures.c.jurisdiction_path.like("%/652301/"))
            .order_by(disclosures.c.task_id)).scalar()
    mao = people.pop("毛峰")
    return {"unit": units[0].id, "unit_code": units[0].credit_code, "unit_site": units[0].site,
            "unit2": units[1].id, "unit2_code": units[1].credit_code, "mao": mao,
            "officer": sorted(people.values())[0], "pending": pending}


def this_quarter() -> str:
    return f"quarter={quarter_of(today()).label}&jurisdiction=652301"


def read_pages(w) -> dict[str, tuple[int, str]]:
    """Every page that shows what was typed, as the users who may see it: "who path" → answer."""
    i = w.ids
    clients = {"zhidui": w.boss, "dadui": w.officer, "admin": w.admin, "xss_user": login(w.app, "xss_user"),
               "public": w.app.test_client()}
    pages = {
        "zhidui": ["/", f"/targets/{i['unit']}", f"/targets/{i['unit2']}", "/targets?jurisdiction=652301",
                 f"/inspectors/{i['officer']}", "/inspectors?unit=BR-652301", f"/tasks/{i['task']}", "/tasks",
                 f"/problems/{i['problem']}", "/problems", f"/disclosure/{i['task']}", f"/disclosure/{i['pending']}",
                 "/disclosure/?list=published", f"/plans/{i['plan']}", "/plans", "/brigades/BR-ESC-1", "/organisation",
                 "/jurisdictions/652301", "/corrections/", f"/corrections/{i['correction']}",
                 f"/corrections/{i['demo_correction']}", f"/record/task/{i['task']}", f"/record/problem/{i['problem']}",
                 f"/record/unit/{i['unit']}", f"/record/officer/{i['officer']}", f"/record/draw/{i['plan']}",
                 f"/asof/task/{i['task']}", f"/asof/problem/{i['problem']}", f"/asof/target/{i['unit']}",
                 "/notifications/rules?jurisdiction=652301", "/jobs/", "/account/tokens", "/board/tasks",
                 "/board/problems", "/special/?jurisdiction=652301&year=2027", "/stats"],
        "dadui": ["/tasks/mine", f"/tasks/{i['task']}", f"/problems/{i['problem']}"],
        "admin": ["/admin/users", "/admin/users/xss_user", "/admin/calendar/?year=2031", "/jobs/"],
        "xss_user": ["/"],
        "public": [f"/public/units/{i['unit']}", "/public/units?q=%5Bunit-name%5D", f"/public/disclosure?{this_quarter()}",
                 f"/public/plans/{i['plan']}", "/public/", "/public/penalties"],
    }
    return {f"{who} {path}": (r.status_code, r.get_data(as_text=True))
            for who, paths in pages.items() for path in paths for r in [clients[who].get(path)]}


# -- the checks -----------------------------------------------------------------------------------------
def test_no_page_shows_a_payload_raw(world):
    for path, (status, body) in world.pages.items():
        assert status == 200, f"{path}: {status}"
        raw = [r for r in RAW if r in body]
        assert not raw, f"{path} 含未转义的内容 {raw}：…{body[max(body.find(raw[0]) - 200, 0):body.find(raw[0]) + 80]}…"


def test_every_typed_field_is_shown_escaped(world):
    hidden = [key for key, value in world.typed.items()
              if not any(str(escape(value)) in body for _status, body in world.pages.values())]
    assert not hidden, f"这些字段在读取的页面上没有以转义形式出现（未显示，或显示方式不同）：{hidden}"


@pytest.mark.parametrize("path, keys", [
    ("public /public/units/{unit}", ("unit-name", "address", "industry", "meeting")),  # the decision is the basis now
    ("public /public/disclosure?{quarter}", ("unit-name", "disclosure-corrected")),
    ("public /public/plans/{plan}", ("plan-title", "source-description", "key-basis", "void-reason")),
    ("dadui /tasks/{task}", ("unit-name", "officer-name", "task-note", "findings", "evidence-name", "problem")),
    ("zhidui /problems/{problem}", ("problem", "order-no", "requirements", "report", "reply", "decision-no")),
    ("xss_user /", ("display-name",)),
])
def test_the_public_and_the_task_pages_show_each_field_escaped(world, path, keys):
    body = world.pages[path.format(**world.ids, quarter=this_quarter())][1]
    missing = [k for k in keys if str(escape(world.typed[k])) not in body]
    assert not missing, f"{path} 未以转义形式显示：{missing}"


def test_what_a_refused_form_or_a_search_echoes_is_escaped(world):
    boss, public = world.boss, world.app.test_client()
    echoes = [
        boss.get("/targets?q=" + FULL[:90]), boss.get("/inspectors?q=" + SHORT), public.get("/public/units?q=" + SHORT),
        boss.get("/stats?jurisdiction=" + SHORT), boss.get("/special/?jurisdiction=" + SHORT),
        boss.post("/brigades", data={"code": "BR-ESC-2", "name": "x", "kind": "brigade", "jurisdiction": SHORT[:25]}),
        public.post(f"/public/units/{world.ids['unit']}/correction", data={"subject": "nope", "details": FULL}),
    ]
    for response in echoes:
        body = response.get_data(as_text=True)
        assert response.status_code in (200, 422), response.status_code
        assert not [r for r in RAW if r in body], body[:400]
        assert "&lt;script&gt;alert(1)" in body, "the typed text is not shown back at all"


def test_nothing_is_marked_safe():
    """No |safe, Markup or autoescape off in the templates, no Markup in our Python, no HTML
    written by our scripts: every value goes through Jinja's escaping. (A `{{ _(value) }}` of
    stored text would not: flask_babel's gettext in a template returns Markup. The pages above
    show that no text a user types goes through it; see the next test for the domain's.)"""
    webapp = TEMPLATES.parent
    checks = {"*.html": r"\|\s*safe\b|Markup|autoescape\s+false", "*.py": r"\bMarkup\(|markupsafe",
              "*.js": r"innerHTML|outerHTML|insertAdjacentHTML|document\.write"}
    found = [f"{p.relative_to(webapp)}:{n}" for pattern, bad in checks.items() for p in webapp.rglob(pattern)
             if "vendor" not in p.parts
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if re.search(bad, line)]
    assert not found, found


def test_off_site_sources_the_domain_accepts_as_free_text_are_escaped(world):
    """The page form only offers coded sources, but InspectionTask.record_inspection takes any text
    (the demo records "全国排污许可证管理信息平台（2026年第三季度执行报告）"): shown, it must be escaped."""
    s, boss = world.s, Actor("zhidui", "supervisor")
    zhang = Actor("zhang", "inspector")
    task = s.app.create_targeted_task(boss, "esc-offsite", origin="assigned", target_id=UUID(world.ids["unit2"]),
                                      jurisdiction="652301", due=today() + timedelta(days=9), reference="").aggregate_id
    s.app.command(InspectionTask, task, "assign_officers", boss, "esc-offsite-a", officers=["zhang", "li"], reason="x")
    s.app.command(InspectionTask, task, "dispatch", boss, "esc-offsite-d")
    s.app.command(InspectionTask, task, "accept", zhang, "esc-offsite-z", officer_id="zhang")
    s.app.command(InspectionTask, task, "record_inspection", zhang, "esc-offsite-r", officer_id="zhang",
                  form="非现场检查记录表", on_site=False, present=["zhang"], representative="", production_status="",
                  checklist={}, data_sources=["[source]" + FULL], approval="", findings="远程核查", inspected_on=today(),
                  today=today())
    s.projector.catch_up()
    body = world.boss.get(f"/tasks/{task.hex}").get_data(as_text=True)
    assert not [r for r in RAW if r in body] and str(escape("[source]" + FULL)) in body
