"""Importing the directories through the real store, on SQLite and on PostgreSQL."""

import threading
from uuid import UUID

import pytest
from sqlalchemy import func, select

from domain.base import Actor
from domain.targets import Target
from projections.tables import history, targets
from workers.demo.synthetic import population
from workers.imports import import_rows

SUPERVISOR = Actor("zhidui", "supervisor")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def loaded(request):
    """The default demo population's places and brigades, and its officers imported."""
    s = request.getfixturevalue("system" if request.param == "sqlite" else "pg_system")
    pop = population("default")
    for j in pop["jurisdictions"]:
        s.app.register_jurisdiction(SUPERVISOR, f"j:{j['code']}", **j)
    for b in pop["brigades"]:
        s.app.form_brigade(SUPERVISOR, f"b:{b['code']}", code=b["code"], name=b["name"], kind=b["kind"],
                           jurisdiction=b["jurisdiction"], covers=b["covers"], vehicles=b["vehicles"])
    assert import_rows(s, "inspectors", pop["inspectors"], SUPERVISOR, "i1").written
    return s, pop


def head(s) -> int:
    return s.app.recorder.max_notification_id()


def test_import_then_reimport_then_a_changed_file(loaded):
    s, pop = loaded
    units = pop["targets"][:500]
    first = import_rows(s, "targets", units, SUPERVISOR, "t1", source_name="名录.xlsx")
    assert (first.created, first.changed, first.events["Registered"]) == (500, 0, 500)
    before = head(s)
    again = import_rows(s, "targets", units, SUPERVISOR, "t2", source_name="名录.xlsx")
    assert (again.created, again.changed, again.unchanged, again.written) == (0, 0, 500, False)
    assert head(s) == before
    changed = [dict(u) for u in units]
    changed[3]["address"] = "新址：工业园区创业路8号"
    changed[7].update(excluded=True, exclusion_reason="closed")
    changed[9].update(category="key", category_year=2026, category_basis="2026年重点排污单位名录", positive_list=False)
    third = import_rows(s, "targets", changed, SUPERVISOR, "t3", source_name="名录-修订.xlsx")
    assert third.changed == 3 and third.events["DetailsChanged"] == 1
    assert third.events["ExcludedFromDraws"] == 1 and third.events["CategoryChanged"] == 1
    s.projector.catch_up()
    with s.engine.connect() as conn:
        row = conn.execute(select(targets).where(targets.c.credit_code == changed[3]["credit_code"],
                                                 targets.c.site == changed[3]["site"])).mappings().one()
        assert row["address"] == "新址：工业园区创业路8号"
        reasons = conn.execute(select(history.c.reason).where(history.c.stream_id == row["id"])).scalars().all()
    assert reasons[-1] == "名录导入：名录-修订.xlsx"


def test_one_bad_row_writes_nothing(loaded):
    s, pop = loaded
    units = [dict(u, row=n + 2) for n, u in enumerate(pop["targets"][:50])]
    units[20]["jurisdiction"] = "火星县"
    units[30].update(category="special", special_criteria=[], category_year=2025, category_basis="联审会")
    before = head(s)
    report = import_rows(s, "targets", units, SUPERVISOR, "t4")
    assert not report.ok and not report.written and head(s) == before
    messages = {(e.row, e.column): e.message for e in report.errors}
    assert messages[(22, "所在辖区")] == "辖区“火星县”不在辖区名录中"
    assert messages[(32, None)] == "特殊监管对象须注明符合的特殊监管条件"


def test_concurrent_changes_to_one_unit_are_both_kept(loaded):
    """Two supervisors change the same unit at once: the loser retries on a fresh copy."""
    s, pop = loaded
    import_rows(s, "targets", pop["targets"][:1], SUPERVISOR, "t5")
    s.projector.catch_up()
    with s.engine.connect() as conn:
        unit = UUID(conn.execute(select(targets.c.id)).scalar())
    start = threading.Barrier(2)

    def change(n):
        start.wait()
        s.app.command(Target, unit, "change_details", SUPERVISOR, f"c{n}", address=f"地址{n}", industry=f"行业{n}", reason="并发")

    threads = [threading.Thread(target=change, args=(n,)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    final = s.app.load(Target, unit)
    assert final.version == 3 and final.has_applied("c1") and final.has_applied("c2")
    s.projector.catch_up()
    with s.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(history).where(history.c.stream_id == unit.hex)).scalar() == 3
