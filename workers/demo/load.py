"""`shuangsui demo`: load the demo directories and accounts through the same paths a user
takes (application commands and the importer), so running it twice changes nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from sqlalchemy import select

from domain.base import Actor, AlreadyExistsError, NoChangeError
from domain.inspectors import Inspector
from domain.organisation import Brigade
from domain.vocabulary import ROLES
from projections.system import System
from projections.tables import credentials

from ..imports import import_rows
from .plans import load_plans
from .open_work import load_open_work
from .stories import load_stories
from .synthetic import population

DEMO = Actor("demo", "admin")

# (username, display name, role, jurisdiction, brigade, password). Demo passwords are
# printed by `shuangsui demo`; they are demo data, not secrets: change them in production.
ACCOUNTS = (
    ("admin", "系统管理员", "admin", None, None, "Admin-2026"),
    ("zhidui", "昌吉州支队调度员", "supervisor", "652300", None, "Zhidui-2026"),
    ("kaifaqu", "库尔勒经开区环保局", "supervisor", "652800-KF", None, "Kaifaqu-2026"),
    # Inspector accounts carry the name of a demo officer of their brigade: that is how the
    # task pages know which officer a login is (webapp/tasks/queries.officer_of).
    ("dadui", "毛峰", "inspector", None, "BR-652301", "Dadui-2026"),
    ("bangfu", "彭国庆", "inspector", None, "GRP-654000-1", "Bangfu-2026"),
    ("jicha", "自治区稽查员", "reviewer", "650000", None, "Jicha-2026"),
)


@dataclass
class DemoResult:
    accounts: list[tuple[str, str, str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def _create(fn, command_id: str, **fields) -> bool:
    try:
        return fn(DEMO, command_id, **fields).changed
    except AlreadyExistsError:  # made by hand before: leave it as it is
        return False


def load_demo(system: System, scale: str = "default", echo: Callable[[str], None] = print) -> DemoResult:
    from webapp.auth.credentials import set_password  # the hash store belongs to the web side

    app, result = system.app, DemoResult()
    pop = population(scale)
    echo(f"演示数据（{scale}）：辖区 {len(pop['jurisdictions'])}，执法单位 {len(pop['brigades'])}，"
         f"检查人员 {len(pop['inspectors'])}，监管对象 {len(pop['targets'])}")
    result.counts["jurisdictions"] = sum(
        _create(app.register_jurisdiction, f"demo:j:{j['code']}", **j) for j in pop["jurisdictions"])
    result.counts["brigades"] = sum(
        _create(app.form_brigade, f"demo:b:{b['code']}", code=b["code"], name=b["name"], kind=b["kind"],
                jurisdiction=b["jurisdiction"], covers=b["covers"], vehicles=b["vehicles"])
        for b in pop["brigades"])
    system.read_side_up_to_date()
    for kind in ("inspectors", "targets"):
        report = import_rows(system, kind, pop[kind], DEMO, f"demo:{kind}", source_name=f"演示数据（{scale}）")
        if not report.ok:
            raise RuntimeError("演示数据未通过校验：" + "；".join(map(str, report.errors[:5])))
        echo(report.summary())
        result.counts[kind] = report.created
    for b in pop["brigades"]:
        for cert in b["members"]:
            try:
                app.command(Brigade, Brigade.create_id(code=b["code"]), "add_member", DEMO,
                            f"demo:m:{b['code']}:{cert}", inspector_id=Inspector.create_id(cert_no=cert),
                            as_leader=cert == b["leader"], reason="演示数据：组建时成员")
            except NoChangeError:
                pass
    with system.engine.connect() as conn:
        has_password = set(conn.execute(select(credentials.c.username)).scalars())
    for username, name, role, jurisdiction, brigade, password in ACCOUNTS:
        _create(app.create_user, f"demo:u:{username}", username=username, display_name=name,
                role=role, jurisdiction=jurisdiction, brigade=brigade)
        if username not in has_password:
            set_password(system.engine, username, password)
        result.accounts.append((username, password, ROLES[role]))
    system.read_side_up_to_date()
    load_plans(system, DEMO, echo)
    load_stories(system, DEMO, echo)
    load_open_work(system, echo)
    system.read_side_up_to_date()
    echo(f"读表已追上事件日志（位置 {system.projector.position()}）")
    return result
