"""`python -m bench reports`: the official tables as .xlsx at province scale — the quarterly
public table (随机抽查情况公开表, workers/reports/disclosure_table.py) and the statistics
table (webapp/stats/export.workbook over projections.statistics.category_table and
officer_table) — each next to openpyxl's write-only mode writing the same rows bare, in the
same run. Aim: 100,000 rows within 10 s and under 200 MB.

Every figure is measured in its own child process (`python -m bench.reports measure …`):
wall time from the first query to the saved file, and the peak resident memory as the
kernel's high-water mark `VmHWM` of that process (reset at exec, unlike `ru_maxrss`, which on
Linux carries the parent's peak across it; see bench/README.md).

The data: the province year of `python -m bench readside` (var/bench/province-year) when it
exists and holds 100,000 published results in 2026; otherwise a fresh read database made
here directly (jurisdictions, brigades, inspectors and 100,000 units of the province demo
population, one completed task and one published result per unit, all inspected in
2026Q2). This measures the writing of the tables, not the projecting of their rows."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, String, Text, func, insert, select

ROWS = 100_000
QUARTER = ("2026Q2", date(2026, 4, 1), date(2026, 6, 30))
CACHED = Path(__file__).resolve().parents[1] / "var" / "bench" / "province-year"
PHRASES = [("no_problem", "未发现问题", "无", 80), ("order", "发现问题，作出责令改正等行政命令", "废气治理设施运行不正常，已责令限期改正", 10),
           ("guidance", "发现问题，作出行政指导", "台账记录不完整，已现场指导完善", 6),
           ("penalty", "发现问题，作出行政处罚决定", "超标排放水污染物，已立案查处", 4)]


def peak_mb() -> tuple[float, float]:
    """(VmHWM, VmRSS) of this process in MB."""
    found = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            found[key] = int(value.split()[0]) / 1024
    return found.get("VmHWM", 0.0), found.get("VmRSS", 0.0)


# -- the data ----------------------------------------------------------------------------------
def filled(table, values: dict) -> dict:
    """A row with every NOT NULL column the caller left out given a neutral value, so the bench
    keeps working when the read tables gain columns."""
    neutral = {String: "", Text: "", Integer: 0, Boolean: False, JSON: [], Date: date(2026, 1, 1),
               DateTime: datetime(2026, 1, 1, tzinfo=timezone.utc)}
    row = {k: v for k, v in values.items() if k in table.columns}
    for column in table.columns:
        if column.name in row or column.nullable or column.server_default is not None or column.default is not None:
            continue
        row[column.name] = next((v for t, v in neutral.items() if isinstance(column.type, t)), "")
    return row


def make_dataset(path: Path) -> str:
    """A fresh read database with ROWS published results of QUARTER (see the module's doc)."""
    from migrations import upgrade
    from projections.database import make_engine
    from projections.public_tables import disclosures
    from projections.tables import brigades, inspectors, jurisdictions, targets, tasks
    from workers.demo.synthetic import population

    url = f"sqlite:///{path}"
    upgrade(url)
    pop, rng = population("province"), random.Random(7)
    paths: dict[str, str] = {}
    for j in pop["jurisdictions"]:  # parents come first in the population
        paths[j["code"]] = (paths[j["parent"]] if j["parent"] else "/") + j["code"] + "/"
    now = datetime(2026, 7, 1, tzinfo=timezone.utc)
    rows: dict = {jurisdictions: [], brigades: [], inspectors: [], targets: [], tasks: [], disclosures: []}
    for j in pop["jurisdictions"]:
        rows[jurisdictions].append(filled(jurisdictions, {**j, "id": uuid.uuid4().hex, "path": paths[j["code"]],
                                                          "depth": paths[j["code"]].count("/") - 1, "version": 1}))
    for b in pop["brigades"]:
        rows[brigades].append(filled(brigades, {**b, "id": uuid.uuid4().hex, "jurisdiction_path": paths[b["jurisdiction"]],
                                                "covers": b["covers"], "members": b["members"], "vehicles": []}))
    units = {b["code"]: paths[b["jurisdiction"]] for b in pop["brigades"]}
    officers = {}
    for i in pop["inspectors"]:
        row = filled(inspectors, {**i, "id": uuid.uuid4().hex, "unit_path": units.get(i["unit"], "/"), "active": True,
                                  "conflicts": {}, "cert_expired": False})
        rows[inspectors].append(row)
        officers.setdefault(i["unit"], []).append(row["id"])
    covering = {c: b["code"] for b in pop["brigades"] for c in b["covers"]}
    days = (QUARTER[2] - QUARTER[1]).days
    for n, t in enumerate(pop["targets"][:ROWS]):
        target_id, task_id, where = uuid.uuid4().hex, uuid.uuid4().hex, paths[t["jurisdiction"]]
        rows[targets].append(filled(targets, {
            **{k: t[k] for k in ("credit_code", "site", "name", "jurisdiction", "address", "industry", "permit_no",
                                 "category", "category_year", "category_basis", "special_criteria",
                                 "exclusion_note", "positive_list")},
            "id": target_id, "jurisdiction_path": where, "exclusion_reason": t["exclusion_reason"] or None,
            "fingerprint": f"{n:024d}", "registered_at": now, "updated_at": now, "version": 1}))
        inspected = QUARTER[1] + timedelta(days=rng.randrange(days + 1))
        team = officers.get(covering.get(t["jurisdiction"], ""), []) or officers[pop["brigades"][0]["code"]]
        phrase, text, description, _w = rng.choices(PHRASES, weights=[p[3] for p in PHRASES])[0]
        rows[tasks].append(filled(tasks, {
            "id": task_id, "origin": "random", "target_id": target_id, "stratum": t["category"],
            "jurisdiction": t["jurisdiction"], "jurisdiction_path": where, "due": QUARTER[2], "off_site": False,
            "officers": rng.sample(team, min(2, len(team))), "state": "completed",
            "created_at": now + timedelta(seconds=n), "version": 8, "category": t["category"],
            "industry": t["industry"], "brigade": covering.get(t["jurisdiction"]), "inspected_on": inspected,
            "on_site": True, "completed_on": inspected, "result": "no_problems" if phrase == "no_problem" else
            "problems_found"}))
        rows[disclosures].append(filled(disclosures, {
            "id": uuid.uuid4().hex, "task_id": task_id, "target_id": target_id, "jurisdiction": t["jurisdiction"],
            "jurisdiction_path": where, "category": t["category"], "origin": "random", "inspected_on": inspected,
            "completed_on": inspected, "due": inspected + timedelta(days=28), "state": "published", "phrase": phrase,
            "text": text, "description": description, "reviewed_on": inspected + timedelta(days=7),
            "published_on": inspected + timedelta(days=14), "on_time": True, "updated_at": now, "version": 3}))
    engine = make_engine(url)
    with engine.begin() as conn:
        for table, batch in rows.items():
            conn.execute(insert(table), batch)
    engine.dispose()
    return url


def dataset(work: Path) -> tuple[str, str, date, date, str]:
    """(database url, period label, start, end, where the data come from)."""
    if (CACHED / "GENERATED").exists():
        from projections.database import make_engine
        from projections.public_tables import disclosures

        url = f"sqlite:///{CACHED / 'read.sqlite'}"
        engine = make_engine(url)
        with engine.connect() as conn:
            published = conn.execute(select(func.count()).select_from(disclosures).where(
                disclosures.c.state == "published", disclosures.c.inspected_on.between(date(2026, 1, 1),
                                                                                         date(2026, 12, 31)))).scalar()
        engine.dispose()
        if published >= ROWS:
            return url, "2026", date(2026, 1, 1), date(2026, 12, 31), f"{CACHED}（2026年已公开结果 {published:,} 条）"
    started = time.perf_counter()
    url = make_dataset(work / "reports-read.sqlite")
    return url, *QUARTER, f"新建读库 {work / 'reports-read.sqlite'}（{ROWS:,} 条已公开结果，{time.perf_counter() - started:.0f} s 生成，不计入）"


# -- one measurement, in a child process ---------------------------------------------------------
def measure(kind: str, url: str, label: str, start: date, end: date, out: Path) -> dict:
    from openpyxl import Workbook

    from projections import ledger_views
    from projections.database import make_engine
    from projections.disclosure_views import jurisdiction_by_name, public_rows
    from projections.scope import EVERYTHING
    from projections.statistics import category_table, officer_table
    from projections.tables import brigades, jurisdictions
    from webapp.stats import export
    from webapp.stats.schemas import Period
    from workers.reports.disclosure_table import Heading, numbered, write_xlsx

    engine = make_engine(url)
    before = peak_mb()[1]
    started, count = time.perf_counter(), 0
    with engine.connect() as conn:
        top = conn.execute(select(jurisdictions.c.name).order_by(jurisdictions.c.depth, jurisdictions.c.path)).first()[0]
        place = jurisdiction_by_name(conn, top)
        rows = public_rows(conn, place["path"], start, end)
        if kind == "query":
            count = sum(1 for _ in rows)
        elif kind == "bare":
            book = Workbook(write_only=True)
            sheet = book.create_sheet("bare")
            for row in numbered(rows):
                sheet.append(row)
                count += 1
            book.save(out)
        elif kind == "table":
            count = write_xlsx(rows, Heading(place["name"], label, False, ledger_views.latest_checkpoint(conn)), out)
        elif kind in ("stats", "stats-bare"):
            table = category_table(conn, EVERYTHING, start, end)
            officers = officer_table(conn, EVERYTHING, start, end)
            count = len(table) + len(officers)
            if kind == "stats":
                names = dict(conn.execute(select(brigades.c.code, brigades.c.name)).all())
                out.write_bytes(export.workbook(table, officers, place["name"], Period(label, start, end), "bench", names))
            else:
                book = Workbook(write_only=True)
                sheet = book.create_sheet("bare")
                for r in [*table, *officers]:
                    sheet.append([str(v) for v in r.values()])
                book.save(out)
    seconds = time.perf_counter() - started
    return {"kind": kind, "rows": count, "seconds": seconds, "peak_mb": peak_mb()[0], "before_mb": before,
            "mb": out.stat().st_size / 1e6 if out.exists() else 0}


def child(kind: str, url: str, label: str, start: date, end: date, work: Path) -> dict:
    done = subprocess.run([sys.executable, "-m", "bench.reports", "measure", kind, url, label, start.isoformat(),
                           end.isoformat(), str(work / f"{kind}.xlsx")], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(work: Path) -> None:
    url, label, start, end, source = dataset(work)
    print(f"[报表] 数据：{source}；期间 {label}")
    got = {k: child(k, url, label, start, end, work)
           for k in ("query", "bare", "table", "stats-bare", "stats")}
    q, bare, table = got["query"], got["bare"], got["table"]
    print(f"[基线] 只读取公开表的 {q['rows']:,} 行（public_rows，不写文件）：{q['seconds']:.2f} s，峰值 {q['peak_mb']:.0f} MB")
    print(f"[基线] openpyxl 只写模式写同样的行（无格式）：{bare['seconds']:.2f} s，峰值 {bare['peak_mb']:.0f} MB，"
          f"{bare['mb']:.1f} MB")
    ok = "✔" if table["seconds"] <= 10 and table["peak_mb"] < 200 else "✘"
    print(f"[公开表] 随机抽查情况公开表 .xlsx，{table['rows']:,} 行：{table['seconds']:.2f} s"
          f"（基线的 {table['seconds'] / bare['seconds']:.2f} 倍），峰值 {table['peak_mb']:.0f} MB"
          f"（开始前 {table['before_mb']:.0f} MB），{table['mb']:.1f} MB（目标 ≤ 10 s、< 200 MB {ok}）")
    s, sb = got["stats"], got["stats-bare"]
    print(f"[统计表] 情况统计表 .xlsx（{s['rows']:,} 行：类别与执法人员）：{s['seconds']:.2f} s，峰值 {s['peak_mb']:.0f} MB；"
          f"同样的查询加只写模式无格式：{sb['seconds']:.2f} s，峰值 {sb['peak_mb']:.0f} MB")


if __name__ == "__main__":
    if sys.argv[1:2] == ["measure"]:
        kind, url, label, start, end, out = sys.argv[2:8]
        print(json.dumps(measure(kind, url, label, date.fromisoformat(start), date.fromisoformat(end), Path(out))))
