"""The read-side bench's year of work (bench/history_year.py), at its tiny size on the
default demo: tasks end in every state the generator aims for, problems get every kind of
disposition, every date falls in its quarter, and the projector takes it all in."""

from collections import Counter
from datetime import date

from sqlalchemy import select

from bench.history_year import generate
from domain.dispositions import DISPOSITION_KINDS
from projections.tables import dispositions, plans, problems, tasks
from workers.demo.load import load_demo
from workers.demo.stories import TODAY

AIMED_STATES = {"assigned", "dispatched", "accepted", "inspected", "completed", "closed", "cancelled"}


def test_a_tiny_year_of_work(system):
    load_demo(system, "default", echo=lambda *_: None)
    before = system.app.recorder.max_notification_id()
    written = generate(system, "tiny", echo=lambda *_: None)
    assert written == system.app.recorder.max_notification_id() - before > 3000

    system.read_side_up_to_date()  # the projector takes the whole year without an error
    assert system.projector.lag() == 0
    with system.engine.connect() as conn:
        states = Counter(conn.execute(select(tasks.c.state)).scalars())
        kinds = Counter(conn.execute(select(dispositions.c.kind)).scalars())
        problem_states = Counter(conn.execute(select(problems.c.state)).scalars())
        drawn = conn.execute(select(plans.c.period, tasks.c.inspected_on, tasks.c.state)
                             .join(plans, plans.c.id == tasks.c.plan_id)
                             .where(plans.c.period.like("2026Q%"))).all()
        found = conn.execute(select(problems.c.found_on)).scalars().all()
    assert AIMED_STATES <= set(states), states
    assert set(DISPOSITION_KINDS) <= set(kinds), kinds
    assert problem_states["open"] and problem_states["closed"] > problem_states["open"]
    assert {p for p, *_ in drawn} == {"2026Q1", "2026Q2", "2026Q3", "2026Q4"}
    for period, inspected_on, _state in drawn:
        if inspected_on is not None:  # inspected within its plan's quarter, never after "today"
            quarter = (inspected_on.month - 1) // 3 + 1
            assert f"{inspected_on.year}Q{quarter}" == period and inspected_on <= TODAY
    assert all(date(2026, 1, 1) <= d <= TODAY for d in found if d.year == 2026)
