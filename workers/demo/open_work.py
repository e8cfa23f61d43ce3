"""Demo work still in progress, so a newcomer sees live states too: a rectification order
past its deadline with no report (red on the problem board), and a 12369 complaint
dispatched to the 昌吉市 brigade and waiting for its officers (毛峰, the `dadui` account,
sees it under 我的任务), and a report of a data error from the public (纠错)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import select

from domain.base import Actor
from domain.tasks import InspectionTask
from projections.system import System
from projections.tables import targets

from .. import publication
from .stories import CITY_BRIGADE, TODAY, _Case, _officers

TITLES = {"open-order": "责令改正逾期未报整改情况（处置中）", "awaiting-acceptance": "12369投诉已派发，待执法人员接收",
          "correction": "公众报告数据有误（纠错，待受理）"}


def _units(conn, count: int) -> list[dict]:
    """General units of 昌吉市 that no other story uses: the last ones by credit code."""
    rows = conn.execute(select(targets.c.id, targets.c.name, targets.c.site, targets.c.jurisdiction,
                               targets.c.positive_list)
                        .where(targets.c.jurisdiction == "652301", targets.c.category == "general",
                               targets.c.exclusion_reason.is_(None), targets.c.positive_list.is_(False))
                        .order_by(targets.c.credit_code.desc(), targets.c.site).limit(count)).mappings().all()
    return [dict(r) for r in rows]


def load_open_work(system: System, echo) -> None:
    boss = Actor("zhidui", "supervisor")
    with system.engine.connect() as conn:
        crew = _officers(conn, CITY_BRIGADE, TODAY)
        overdue_unit, waiting_unit = _units(conn, 2)

    case = _Case(system, "open-order", boss, crew)
    task = case.open_task(unit=overdue_unit, origin="complaint", reference="12369-20261021-0517", due=date(2026, 11, 15),
                          note="群众反映夜间有废水经雨水管排出厂外", reason="12369投诉办理")
    case.on_site(task, "record", day=date(2026, 10, 24), today=TODAY, findings="雨水排口有生产废水排出",
                 problems=("污染防治设施运行情况",))
    case.find(task, description="生产废水经雨水管网排放，未进入污水处理设施", category="water",
              legal_basis="《水污染防治法》第三十九条", found_on=date(2026, 10, 24))
    case.complete(task, "complete", "发现问题1项，责令改正", day=date(2026, 10, 24))
    case.problem("order", "order_rectification", order_no="昌市环责改〔2026〕44号",
                 requirements="立即停止通过雨水管网排放废水，完成雨污分流改造", today=TODAY,
                 deadline=date(2026, 11, 10), ordered_on=date(2026, 10, 26))

    waiting = _Case(system, "awaiting-acceptance", boss, crew)
    made = system.app.create_targeted_task(boss, waiting.cid("task"), origin="complaint",
                                           target_id=UUID(waiting_unit["id"]), jurisdiction=waiting_unit["jurisdiction"],
                                           due=date(2026, 12, 4), reference="12369-20261119-0902",
                                           note="群众反映厂区异味扰民")
    system.app.command(InspectionTask, made.aggregate_id, "assign_officers", boss, waiting.cid("assign"),
                       officers=crew, reason="12369投诉办理")
    system.app.command(InspectionTask, made.aggregate_id, "dispatch", boss, waiting.cid("dispatch"))
    # 纠错: a reader of the unit's public page says its details are wrong (the supervisors' inbox)
    publication.submit_correction(system, waiting.cid("correction"), target_id=UUID(waiting_unit["id"]),
                                  subject="unit", details="公开页面上的单位地址有误：我公司生产车间已于2026年10月"
                                  "迁至昌吉市六工镇工业园纬五路，原址已停止生产，请核实后更新。",
                                  contact="企业环保专员 138****6021", today=TODAY)
    for title in TITLES.values():
        echo(f"演示案例：{title}")
