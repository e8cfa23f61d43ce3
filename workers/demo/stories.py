"""Demo stories: whole cases a newcomer can open in the web pages, one of each kind of record.

1. 库尔勒经济技术开发区, 2022 Q2 (seed 001): the 13 inspections of the disclosure table, in
   order, on the 11 units of the table, each on the table's date, nothing found. They were
   random draws on the regional platform, but the demo holds no 2022 plan (a plan drawn
   here would pick other units), so they are entered as targeted tasks (上级交办) with a
   reference saying they are a back-entry of that quarter's random inspections.
2. 昌吉市: a 12369 complaint; a rectification order (20 working days) verified on the first
   re-inspection (回头看); problem and task closed.
3. 阜康市 (or the next Changji county with such a unit): a monitoring anomaly; the order
   fails its re-inspection, a case is opened and a fine of 250,000 yuan (≥ 200,000: the
   special-supervision flag) is paid; closed.
4. A hazardous-waste dumping site transferred to the county police as a suspected crime
   (污染环境罪): receipt, reply, closed.
5. A seal-up (查封, 30 days) of a production line running without dust control, lifted.
6. A positive-list (正面清单) unit inspected off-site (非现场检查记录表 with its data
   sources): nothing found.

Stories 2–6 use invented units and officers of the synthetic population, never the real
companies named in the seeds: the violations are made up. Every command has a fixed id,
so a second `shuangsui demo` writes nothing. Dates are passed explicitly (`today` is the
inspection date for Korla, 20 November 2026 for the others): the demo is the same
whenever it is loaded."""

from __future__ import annotations

import hashlib
import struct
import zlib
from datetime import date, timedelta
from decimal import Decimal
from typing import Callable
from uuid import UUID

from sqlalchemy import select

from domain.base import Actor
from domain.checklists import items
from domain.problems import Problem
from domain.tasks import InspectionTask
from projections.system import System
from projections.tables import inspectors, jurisdictions, targets

from .. import casework, evidence, publication
from . import seeded

TODAY = date(2026, 11, 20)  # "today" of stories 2–6
KORLA_REFERENCE = "库尔勒经济技术开发区环境保护局2022年第二季度随机抽查（历史补录）"
KORLA_NOTICE = "库尔勒经济技术开发区环境保护局2022年第二季度污染源日常环境监管领域随机抽查工作情况公告（公告未注明日期，按季度末补录）"
KORLA_PUBLISHED_ON = date(2022, 6, 30)
KORLA_BRIGADE = "BR-652800-KF"
CHANGJI_BRIGADE = seeded.CHANGJI_DETACHMENT  # 昌吉州支队: covers every Changji county
CITY_BRIGADE = "BR-652301"  # 昌吉市分局执法大队
PENALTY_BODY = "昌吉回族自治州生态环境局"
# Posts that do not go out on inspections when others can.
DESK_POSTS = ("支队长", "副支队长", "法制审核员")

STORIES = {
    "order-verified": "责令改正，回头看一次通过",
    "order-failed-penalty": "责令改正未通过，立案处罚并缴纳罚款",
    "hazardous-waste-police": "危险废物非法倾倒，涉嫌犯罪移送公安机关",
    "seal-up": "查封生产设施三十日，整改后解除",
    "positive-list-off-site": "正面清单单位非现场检查",
}


# -- ids a test or a page can find the stories by ----------------------------------------
def command_id(story: str, step: str) -> str:
    return f"demo:story:{story}:{step}"


def korla_key(seq: int) -> str:
    return f"korla-2022q2-{seq:02d}"


def task_id(story: str) -> UUID:
    """The story's inspection task (for Korla: `task_id(korla_key(seq))`)."""
    return InspectionTask.create_id(plan_id=None, target_id=None, command_id=command_id(story, "task"))


def followup_id(story: str) -> UUID:
    return InspectionTask.create_id(plan_id=None, target_id=None, command_id=command_id(story, "followup"))


def problem_id(story: str) -> UUID:
    return Problem.create_id(command_id=command_id(story, "problem"))


# -- evidence: small generated files, stored like an upload ------------------------------
def _png(label: str, width: int = 160, height: int = 120) -> bytes:
    """A small, valid PNG whose colours come from `label` (each file has its own hash)."""
    seed = hashlib.sha256(label.encode()).digest()
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            band = (x // 20 + y // 20) % 2
            rows += bytes(((seed[0] + x) % 256 if band else seed[3], (seed[1] + y) % 256, seed[2] if band else seed[4]))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
            + chunk(b"IEND", b""))


def _photo(system: System, name: str) -> dict:
    return evidence.store(system.settings.var_dir, _png(name), name)


def _csv(system: System, name: str, header: list[str], rows: list[list[object]]) -> dict:
    text = "\n".join(",".join(map(str, r)) for r in [header, *rows]) + "\n"
    return evidence.store(system.settings.var_dir, text.encode("utf-8"), name)


# -- who and where: real rows of the demo population ---------------------------------------
def _officers(conn, brigade: str, on: date, prefer: tuple[str, ...] = (), n: int = 2) -> list[str]:
    """`n` active officers based in `brigade` with a certificate valid on `on`: those with a
    preferred speciality first, desk posts last, then by certificate number."""
    rows = conn.execute(select(inspectors.c.id, inspectors.c.cert_no, inspectors.c.cert_valid_until,
                               inspectors.c.post, inspectors.c.specialities)
                        .where(inspectors.c.unit == brigade, inspectors.c.kind == "officer",
                               inspectors.c.active.is_(True))).all()
    valid = [r for r in rows if r.cert_valid_until is None or r.cert_valid_until >= on]
    valid.sort(key=lambda r: (not any(s in prefer for s in r.specialities), r.post in DESK_POSTS, r.cert_no))
    if len(valid) < n:
        raise RuntimeError(f"演示案例：{brigade}没有{n}名在{on}持有效执法证的检查人员")
    return [r.id for r in valid[:n]]


def _unit(conn, where: list[str], industries: list[str], *, positive: bool = False,
          categories: tuple[str, ...] = ("general", "key")) -> dict:
    """A unit of the synthetic population (never a company named in the seeds) in one of
    `where`, not excluded, preferring `industries` in order, then `where` in order."""
    real = {t["name"] for t in seeded.changji_special_targets() + seeded.korla_targets()}
    rows = conn.execute(select(targets.c.id, targets.c.name, targets.c.site, targets.c.jurisdiction,
                               targets.c.industry, targets.c.credit_code, targets.c.exclusion_reason,
                               targets.c.permit_no, targets.c.positive_list)
                        .where(targets.c.jurisdiction.in_(where), targets.c.positive_list.is_(positive),
                               targets.c.category.in_(categories))).mappings().all()
    fits = [dict(r) for r in rows if not r["exclusion_reason"] and r["name"] not in real]
    if not fits:
        raise RuntimeError(f"演示案例：{'、'.join(where)}没有合适的监管对象")
    rank = {name: i for i, name in enumerate(industries)}
    fits.sort(key=lambda r: (rank.get(r["industry"], len(rank)), where.index(r["jurisdiction"]),
                             not r["permit_no"], r["credit_code"], r["site"]))
    return fits[0]


def _place(conn, code: str) -> str:
    return conn.execute(select(jurisdictions.c.name).where(jurisdictions.c.code == code)).scalar() or code


def _label(unit: dict) -> str:
    return unit["name"] + (f"（{unit['site']}）" if unit["site"] else "")


# -- one story's work -----------------------------------------------------------------------
class _Case:
    """One story: its command ids, the supervisor who directs it and the two officers who
    go. `clerk`, when given, enters the officers' steps for them (a back-entry)."""

    def __init__(self, system: System, story: str, boss: Actor, officers: list[str], clerk: Actor | None = None):
        self.system, self.app, self.story, self.boss, self.officers = system, system.app, story, boss, officers
        self.clerk = clerk

    def cid(self, step: str) -> str:
        return command_id(self.story, step)

    def officer(self, i: int = 0) -> Actor:
        return self.clerk or Actor(self.officers[i], "inspector")

    def task(self, step: str, name: str, task: UUID, **arguments) -> None:
        self.app.command(InspectionTask, task, name, self.officer(), self.cid(step), **arguments)

    def problem(self, step: str, name: str, **arguments) -> None:
        self.app.command(Problem, problem_id(self.story), name, self.boss, self.cid(step), **arguments)

    def open_task(self, *, unit: dict, origin: str, reference: str, note: str, due: date, reason: str,
                  stratum: str = "") -> UUID:
        """Created by the supervisor, two officers assigned, dispatched, accepted by both."""
        made = self.app.create_targeted_task(self.boss, self.cid("task"), origin=origin, target_id=UUID(unit["id"]),
                                             jurisdiction=unit["jurisdiction"], due=due, stratum=stratum,
                                             off_site=bool(unit.get("positive_list")), reference=reference, note=note)
        task = made.aggregate_id
        self.app.command(InspectionTask, task, "assign_officers", self.boss, self.cid("assign"),
                         officers=self.officers, reason=reason)
        self.work(task, "")
        return task

    def work(self, task: UUID, prefix: str) -> None:
        """Dispatch (supervisor) and acceptance by both officers."""
        self.app.command(InspectionTask, task, "dispatch", self.boss, self.cid(prefix + "dispatch"))
        for i, officer in enumerate(self.officers):
            self.app.command(InspectionTask, task, "accept", self.officer(i), self.cid(f"{prefix}accept{i + 1}"),
                             officer_id=officer)

    def on_site(self, task: UUID, step: str, *, day: date, today: date, findings: str, problems: tuple[str, ...] = (),
                representative: str = "企业环保负责人", production: str = "正常生产") -> None:
        """The 污染源现场检查记录表: both officers present, every 十必查 item filled in."""
        checklist = {i: "problem" if i in problems else "ok" for i in items()}
        self.task(step, "record_inspection", task, officer_id=self.officers[0], form="污染源现场检查记录表",
                  on_site=True, present=self.officers, representative=representative, production_status=production,
                  checklist=checklist, data_sources=[], approval="", findings=findings, inspected_on=day, today=today)

    def attach(self, task: UUID, step: str, item: dict) -> None:
        self.task(step, "attach_evidence", task, officer_id=self.officers[0], evidence=item)

    def find(self, task: UUID, *, description: str, category: str, legal_basis: str, found_on: date) -> UUID:
        pid = problem_id(self.story)
        if not self.app.exists(pid):  # recorded before: the task may be closed by now
            casework.record_problem(self.system, task, self.officer(), self.cid("problem"), description=description,
                                    category=category, legal_basis=legal_basis, found_on=found_on, today=TODAY)
        return pid

    def complete(self, task: UUID, step: str, summary: str, day: date | None = None) -> None:
        casework.complete_task(self.system, task, self.officers[0], summary, self.officer(), self.cid(step),
                               completed_on=day, today=TODAY if day else None)

    def disclose(self, task: UUID, phrase: str, description: str, published_on: date | None = None) -> None:
        """The supervisor reviews the result and, when a day is given, publishes it."""
        publication.review(self.system, task, self.boss, self.cid("disclosure:review"), phrase=phrase,
                           description=description)
        if published_on:
            publication.publish(self.system, [task], self.boss, self.cid("disclosure:publish"),
                                published_on=published_on, today=TODAY, notice="本局门户网站“双随机、一公开”专栏")

    def followup(self, *, due: date, day: date, findings: str, problems: tuple[str, ...], passed: bool,
                 note: str, summary: str) -> UUID:
        """The 回头看 of order d1: scheduled, dispatched, accepted and inspected; its result is
        entered on the order (passed or failed); then the 回头看 task is completed."""
        task = casework.schedule_followup(self.system, problem_id(self.story), "d1", due, self.officers, self.boss,
                                          self.cid("followup"), TODAY)
        self.work(task, "followup:")
        self.on_site(task, "followup:record", day=day, today=TODAY, findings=findings, problems=problems)
        self.problem("verify", "verify", disposition_id="d1", passed=passed, note=note, verified_on=day, today=TODAY)
        self.complete(task, "followup:complete", summary, day=day)
        return task

    def close(self, reason: str) -> None:
        casework.close_problem(self.system, problem_id(self.story), reason, self.boss, self.cid("close"))


# -- the stories --------------------------------------------------------------------------
def load_stories(system: System, actor: Actor, echo: Callable[[str], None]) -> None:
    """`actor` is the demo loader; the stories' steps are done by the people who would do
    them: the zone's and the prefecture's supervisors (demo accounts) and the officers."""
    system.read_side_up_to_date()
    with system.engine.connect() as conn:
        korla_units = {r.name: r for r in conn.execute(
            select(targets.c.id, targets.c.name, targets.c.jurisdiction, targets.c.positive_list, targets.c.category)
            .where(targets.c.jurisdiction == seeded.KORLA_ZONE))}
        korla_crew = _officers(conn, KORLA_BRIGADE, date(2022, 6, 30), n=3)
        city_crew = _officers(conn, CITY_BRIGADE, TODAY)
        changji = ["652302", "652323", "652324", "652325", "652327", "652328", "652300-ZD"]
        units = {
            "order-verified": _unit(conn, ["652301"], ["食品制造", "蔬菜加工", "屠宰及肉类加工", "棉花加工"]),
            "order-failed-penalty": _unit(conn, changji, ["铁合金冶炼", "有色金属冶炼", "水泥制造"],
                                          categories=("key",)),
            "hazardous-waste-police": _unit(conn, ["652323", *changji], ["化学原料制造", "煤化工"],
                                            categories=("key",)),
            "seal-up": _unit(conn, changji, ["砖瓦制造", "水泥制品制造", "砂石开采"]),
            "positive-list-off-site": _unit(conn, ["652301"], ["食品制造", "蔬菜加工"], positive=True),
        }
        crews = {
            "order-verified": city_crew,
            "order-failed-penalty": _officers(conn, CHANGJI_BRIGADE, TODAY, ("大气", "自动监控")),
            "hazardous-waste-police": _officers(conn, CHANGJI_BRIGADE, TODAY, ("危废",)),
            "seal-up": _officers(conn, CHANGJI_BRIGADE, TODAY, ("固废",)),
            "positive-list-off-site": city_crew,
        }
        places = {key: _place(conn, unit["jurisdiction"]) for key, unit in units.items()}
    _korla_2022q2(system, korla_units, korla_crew)
    echo(f"演示案例：库尔勒经济技术开发区2022年第二季度随机抽查补录{len(seeded.korla_2022q2_inspections())}项（均正常）")
    boss = Actor("zhidui", "supervisor")
    _order_verified(_Case(system, "order-verified", boss, crews["order-verified"]), units["order-verified"])
    _order_failed_penalty(_Case(system, "order-failed-penalty", boss, crews["order-failed-penalty"]),
                          units["order-failed-penalty"])
    _hazardous_waste_police(_Case(system, "hazardous-waste-police", boss, crews["hazardous-waste-police"]),
                            units["hazardous-waste-police"], places["hazardous-waste-police"])
    _seal_up(_Case(system, "seal-up", boss, crews["seal-up"]), units["seal-up"])
    _positive_list_off_site(_Case(system, "positive-list-off-site", boss, crews["positive-list-off-site"]),
                            units["positive-list-off-site"])
    for key, title in STORIES.items():
        echo(f"演示案例：{title}（{_label(units[key])}）")


def _korla_2022q2(system: System, units: dict, crew: list[str]) -> None:
    """Seed 001: 13 on-site inspections, all 正常 / 无, entered by the zone's bureau."""
    bureau = Actor("kaifaqu", "supervisor")
    pairs = [[crew[0], crew[1]], [crew[0], crew[2]], [crew[1], crew[2]]]
    for row in seeded.korla_2022q2_inspections():
        seq, day = row["seq"], row["date"]
        unit = units[row["name"]]
        case = _Case(system, korla_key(seq), bureau, sorted(pairs[(seq - 1) % 3]), clerk=bureau)
        task = case.open_task(
            unit={"id": unit.id, "jurisdiction": unit.jurisdiction, "positive_list": unit.positive_list},
            origin="random_record", reference=KORLA_REFERENCE, due=date(2022, 6, 30), stratum=unit.category,
            note=f"随机抽查情况公开表序号{seq}；污染源类型：{row['category']}；"
                 f"检查结果：{row['result']}；情况说明：{row['note']}",
            reason="历史补录：2022年第二季度随机抽查的检查人员")
        case.on_site(task, "record", day=day, today=day, findings=row["result"])
        case.complete(task, "complete", f"检查结果：{row['result']}；情况说明：{row['note']}", day=day)
        # 公开: the notice's own wording (正常 / 无); it bears no date, so the quarter's end is entered
        publication.review(system, task, bureau, case.cid("review"), phrase="no_problem", description=row["note"],
                           as_published=row["result"])
        publication.publish(system, [task], bureau, case.cid("publish"), published_on=KORLA_PUBLISHED_ON,
                            today=TODAY, notice=KORLA_NOTICE)


def _order_verified(case: _Case, unit: dict) -> None:
    task = case.open_task(unit=unit, origin="complaint", reference="12369-20260912-0386", due=date(2026, 9, 30),
                          note="群众反映厂区东侧露天堆放生产废渣，大风天气扬尘，雨后有污水流出厂外",
                          reason="12369投诉办理：指派昌吉市分局执法大队核查")
    case.on_site(task, "record", day=date(2026, 9, 15), today=TODAY, problems=("一般工业固体废物管理",),
                 findings="厂区东侧空地露天堆放生产废渣约40立方米，未采取覆盖、围挡措施，地面未硬化，"
                          "堆场南侧可见渗滤液痕迹；其余检查事项未发现问题。")
    case.attach(task, "photo", _photo(case.system, "露天堆放废渣现场.png"))
    case.find(task, category="solid_waste", found_on=date(2026, 9, 15),
              description="一般工业固体废物（生产废渣）露天堆放，未采取防扬散、防流失、防渗漏措施",
              legal_basis="《中华人民共和国固体废物污染环境防治法》第二十条")
    case.complete(task, "complete", "发现问题1项：一般工业固体废物露天堆放，已责令改正", day=date(2026, 9, 15))
    case.problem("order", "order_rectification", order_no="昌市环责改〔2026〕31号", working_days=20,
                 ordered_on=date(2026, 9, 16), today=TODAY,
                 requirements="二十个工作日内将露天堆放的废渣清运至规范贮存场所，"
                              "建设具备防扬散、防流失、防渗漏措施的贮存棚，并建立一般工业固体废物管理台账")
    case.problem("report", "report_rectification", disposition_id="d1", reported_on=date(2026, 10, 14), today=TODAY,
                 report="废渣已全部清运至新建封闭式贮存棚（地面硬化、四周围挡、设置导流沟），"
                        "已建立一般工业固体废物管理台账并指定专人负责",
                 evidence=[_photo(case.system, "整改后贮存棚.png"), _photo(case.system, "固废管理台账.png")])
    case.followup(due=date(2026, 10, 30), day=date(2026, 10, 19), problems=(),
                  findings="回头看：原堆放点已清理，废渣贮存于封闭式贮存棚，地面硬化防渗，台账记录完整，整改到位。",
                  passed=True, note="经回头看核查，整改到位", summary="回头看核查通过：昌市环责改〔2026〕31号整改到位")
    case.close("责令改正经回头看核查通过，问题办结")
    case.disclose(task, "order", "发现一般工业固体废物露天堆放问题，已责令改正，经回头看整改到位",
                  published_on=date(2026, 10, 12))


def _order_failed_penalty(case: _Case, unit: dict) -> None:
    task = case.open_task(unit=unit, origin="monitoring", reference="昌州自动监控超标预警〔2026〕0712号",
                          due=date(2026, 7, 31), reason="自动监控数据异常：指派支队执法人员现场核查",
                          note="2026年7月10日至12日，颗粒物在线监测小时均值连续超过排放标准限值")
    case.on_site(task, "record", day=date(2026, 7, 14), today=TODAY, problems=("污染防治设施运行情况",),
                 findings="2#生产线布袋除尘器多处布袋破损，压差显示异常，排口可见明显烟尘；"
                          "调取在线监测数据，7月10日至14日颗粒物小时均值有41个小时超过排放标准限值，最高超标1.9倍。")
    hours = [[f"2026-07-{10 + h // 24:02d} {h % 24:02d}:00", 18 + (h * 7) % 23 + (30 if h % 24 in range(8, 20) else 0)]
             for h in range(96)]
    case.attach(task, "export", _csv(case.system, "颗粒物在线监测小时均值.csv", ["时间", "颗粒物(mg/m3)"], hours))
    case.find(task, category="air", found_on=date(2026, 7, 14),
              description="2#生产线除尘设施布袋破损，颗粒物超过排放标准排放",
              legal_basis="《中华人民共和国大气污染防治法》第十八条")
    case.complete(task, "complete", "发现问题1项：颗粒物超标排放，已责令改正", day=date(2026, 7, 14))
    case.problem("order", "order_rectification", order_no="昌州环责改〔2026〕58号", deadline=date(2026, 7, 31),
                 ordered_on=date(2026, 7, 15), today=TODAY,
                 requirements="立即更换2#生产线除尘器破损布袋，2026年7月31日前实现颗粒物稳定达标排放")
    case.problem("report", "report_rectification", disposition_id="d1", reported_on=date(2026, 7, 30), today=TODAY,
                 report="已更换2#除尘器破损布袋120条，并对清灰系统进行检修",
                 evidence=[_photo(case.system, "更换除尘布袋.png")])
    case.followup(due=date(2026, 8, 14), day=date(2026, 8, 6), problems=("污染防治设施运行情况",),
                  findings="回头看：2#除尘器仅更换部分布袋，清灰系统仍故障，8月1日至6日颗粒物小时均值仍有17个小时超标，"
                           "整改不到位。",
                  passed=False, note="整改不到位，颗粒物仍超标排放，转立案查处",
                  summary="回头看未通过：颗粒物仍超标排放，转立案查处（见原问题）")
    case.problem("case", "open_case", case_no="昌州环立〔2026〕112号", opened_on=date(2026, 8, 10), today=TODAY)
    case.problem("penalty", "decide_penalty", disposition_id="d2", decision_no="昌州环罚〔2026〕27号",
                 issuing_body=PENALTY_BODY, legal_basis="《中华人民共和国大气污染防治法》第九十九条第二项",
                 fine=Decimal("250000.00"), other_sanctions=[], decided_on=date(2026, 9, 25), today=TODAY)
    case.problem("paid", "record_execution", disposition_id="d2", paid_or_executed_on=date(2026, 10, 16),
                 amount_paid=Decimal("250000.00"), today=TODAY)
    case.close("罚款已全额缴纳，处罚决定执行完毕；9月以来颗粒物在线监测数据稳定达标")
    case.disclose(task, "penalty", "颗粒物超标排放，责令改正逾期未改正，依法作出行政处罚决定（罚款25万元）",
                  published_on=date(2026, 10, 9))


def _hazardous_waste_police(case: _Case, unit: dict, place: str) -> None:
    task = case.open_task(unit=unit, origin="assigned", reference="自治区生态环境厅交办〔2026〕第45号",
                          due=date(2026, 9, 15), reason="上级交办线索：指派支队危险废物执法人员核查",
                          note="卫星遥感发现厂区北侧荒地疑似新增固体废物倾倒点")
    case.on_site(task, "record", day=date(2026, 9, 3), today=TODAY, problems=("危险废物规范化管理",),
                 findings="厂区北侧围墙外荒地发现倾倒的釜底残液、废活性炭等约12吨，无防渗、无标识；"
                          "经比对企业危险废物台账并现场采样初判为精馏残渣（HW11），企业无法提供转移联单。")
    case.attach(task, "photo1", _photo(case.system, "倾倒点全景.png"))
    case.attach(task, "photo2", _photo(case.system, "现场采样.png"))
    case.find(task, category="hazardous_waste", found_on=date(2026, 9, 3),
              description="非法倾倒精馏残渣（HW11）约12吨，涉嫌污染环境罪",
              legal_basis="《中华人民共和国固体废物污染环境防治法》第八十一条、第一百一十二条；"
                          "《中华人民共和国刑法》第三百三十八条")
    case.complete(task, "complete", "发现问题1项：非法倾倒危险废物约12吨，涉嫌犯罪，移送公安机关", day=date(2026, 9, 3))
    case.problem("transfer", "transfer_case", receiving_body=f"{place}公安局", kind="police", suspected_crime=True,
                 document_no="昌州环移〔2026〕4号", transferred_on=date(2026, 9, 8), today=TODAY)
    case.problem("receipt", "record_receipt", disposition_id="d1", received_on=date(2026, 9, 9), today=TODAY)
    case.problem("reply", "record_reply", disposition_id="d1", replied_on=date(2026, 10, 27), today=TODAY,
                 reply="经审查，该案符合立案条件，已立案侦查；倾倒的危险废物已责成企业委托有资质单位清运处置。")
    case.close("公安机关已回复立案侦查，移送办结；倾倒的危险废物已清运处置")


def _seal_up(case: _Case, unit: dict) -> None:
    task = case.open_task(unit=unit, origin="campaign", reference="昌吉州2026年秋冬季大气污染防治专项检查",
                          due=date(2026, 10, 31), reason="专项检查：指派支队执法人员",
                          note="秋冬季大气污染防治专项检查")
    case.on_site(task, "record", day=date(2026, 10, 9), today=TODAY, problems=("污染防治设施运行情况",),
                 findings="1#生产线布袋除尘器已拆除，破碎、筛分工序在无除尘措施的情况下生产，"
                          "粉尘无组织排放严重，周边农田可见明显积尘。")
    case.attach(task, "photo", _photo(case.system, "拆除除尘器后生产现场.png"))
    case.find(task, category="air", found_on=date(2026, 10, 9),
              description="拆除除尘设施后继续生产，粉尘无组织排放，造成严重污染",
              legal_basis="《中华人民共和国大气污染防治法》第二十条、第四十八条")
    start = date(2026, 10, 9)
    case.problem("seal", "take_coercive_measure", kind="seal_up", document_no="昌州环封〔2026〕5号",
                 starts_on=start, ends_on=start + timedelta(days=30), today=TODAY)
    case.attach(task, "seal-photo", _photo(case.system, "查封封条.png"))
    case.complete(task, "complete", "发现问题1项：拆除除尘设施生产，已查封1#生产线（期限三十日）", day=date(2026, 10, 9))
    case.problem("lift", "lift_coercive_measure", disposition_id="d1", lifted_on=date(2026, 10, 28), today=TODAY,
                 reason="除尘设施已重新安装并调试正常，复查无组织粉尘排放得到控制，提前解除查封")
    case.close("查封已解除，除尘设施恢复正常运行")


def _positive_list_off_site(case: _Case, unit: dict) -> None:
    task = case.open_task(unit=unit, origin="campaign", reference="昌吉市2026年正面清单企业非现场监管",
                          due=date(2026, 11, 30), reason="正面清单单位非现场检查：指派昌吉市分局执法大队",
                          note="正面清单单位，原则上非现场检查")
    remote = ("排污许可证及执行报告", "自动监控设施运行及联网", "自行监测及信息公开", "环境管理台账记录")
    case.task("record", "record_inspection", task, officer_id=case.officers[0], form="非现场检查记录表",
              on_site=False, present=case.officers, representative="", production_status="正常生产（据用电监控数据）",
              checklist={i: "ok" if i in remote else "na" for i in items()}, approval="",
              data_sources=["全国排污许可证管理信息平台（2026年第三季度执行报告）", "企业自行监测数据",
                            "用电监控数据", "远程视频监控"],
              findings="核查排污许可执行报告、自行监测数据及用电监控数据，治污设施与生产设施同步运行，"
                       "自行监测数据齐全且达标；抽看远程视频未见异常。未发现环境违法行为。",
              inspected_on=date(2026, 11, 5), today=TODAY)
    months = [[f"2026-{m:02d}", "废水总排口", "化学需氧量", 38 + m, "达标"] for m in range(7, 10)]
    case.attach(task, "export", _csv(case.system, "自行监测数据核查表.csv", ["月份", "点位", "项目", "mg/L", "结论"], months))
    case.complete(task, "complete", "非现场检查未发现问题", day=date(2026, 11, 5))
