"""The projector killed (SIGKILL) and restarted 100 times while users keep writing: no event
is lost or applied twice, the read tables end exactly as a full rebuild makes them."""

from __future__ import annotations

import random
import threading
import time
from uuid import UUID

import pytest
from sqlalchemy import func, select

from domain.base import DomainError
from domain.inspectors import Inspector
from domain.targets import Target
from projections.runner import Projector
from projections.tables import history, inspectors, targets
from tests.support.history import SUPERVISOR, make_history, snapshot
from tests.support.processes import app_env, processes, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.faults]
KILLS = 100


def _ids(s, table) -> list[UUID]:
    with s.engine.connect() as conn:
        return [UUID(str(i)) for i in conn.execute(select(table.c.id).order_by(table.c.id)).scalars()]


class Writer(threading.Thread):
    """Users at work: a stream of directory commands (as in tests/support/history) until stopped."""

    def __init__(self, s, every: float = 0.01) -> None:
        super().__init__(name="writer", daemon=True)
        s.projector.catch_up()  # only to learn the ids the history made
        self.s, self.every, self.written, self.error = s, every, 0, None
        self.target_ids, self.officer_ids = _ids(s, targets), _ids(s, inspectors)
        self.halt = threading.Event()

    def run(self) -> None:
        rnd, app, n = random.Random(11), self.s.app, 0
        try:
            while not self.halt.is_set():
                n += 1
                try:
                    if rnd.random() < 0.6:
                        name, values = rnd.choice([
                            ("change_details", dict(address=f"迁至新址{n}号", reason="地址变更")),
                            ("change_category", dict(category="key", year=2025, basis="2025年重点排污单位名录",
                                                     special_criteria=[], reason="名录更新")),
                            ("change_category", dict(category="general", year=None, basis="", special_criteria=[],
                                                     reason="移出名录")),
                            ("exclude_from_draws", dict(exclusion_reason="suspended", note="", reason="长期停产")),
                            ("lift_exclusion", dict(reason="复产"))])
                        app.command(Target, rnd.choice(self.target_ids), name, SUPERVISOR, f"w{n}", **values)
                    else:
                        app.command(Inspector, rnd.choice(self.officer_ids), "transfer", SUPERVISOR, f"w{n}",
                                    unit=rnd.choice(["BR-652301", "BR-652302"]), basis="调令", reason="工作需要")
                    self.written += 1
                except DomainError:
                    pass  # the rule refused (nothing to lift…): nothing written
                time.sleep(self.every)
        except Exception as error:  # noqa: BLE001 - reported by the test
            self.error = error


def test_the_projector_killed_100_times_while_users_write_ends_as_a_full_rebuild(pg_system, tmp_path):
    s = pg_system
    make_history(s, units=60, officers=12, changes=40, seed=3)
    writer = Writer(s)
    rnd = random.Random(8)
    moved_when_killed = 0
    env = app_env(s)
    started = time.monotonic()
    with processes(tmp_path / "procs") as ps:
        writer.start()
        try:
            for life in range(KILLS):
                before = s.projector.position()
                proc = ps.projector(env, "--batch-size", "20", "--throttle", "0.002")
                if rnd.random() < 0.5:  # killed while it starts, or while it has just begun a batch
                    time.sleep(rnd.uniform(0, 1.2))
                else:  # killed while it projects: some time after its first batch committed
                    wait_until(lambda: s.projector.position() > before or not proc.alive(), 30,
                               f"第 {life} 次启动的投影进程开始工作", every=0.01)
                    time.sleep(rnd.uniform(0, 0.1))
                assert proc.alive(), f"投影进程自行退出：{proc.output()}"
                proc.kill()
                moved_when_killed += s.projector.position() > before
                assert writer.error is None, writer.error
        finally:
            writer.halt.set()
            writer.join(10)
        assert writer.error is None, writer.error
        head = s.app.recorder.max_notification_id()
        last = ps.projector(env)  # the last restart catches up with everything written
        wait_until(lambda: s.projector.position() >= head, 120, "最后一次启动的投影进程追上事件日志",
                   every=0.1)
        last.stop()
    took = time.monotonic() - started
    print(f"{KILLS} 次强制终止，{writer.written} 条命令，用时 {took:.1f} 秒")
    assert writer.written > 1000, "users kept writing through the kills"
    assert moved_when_killed >= KILLS // 4, "enough kills landed while the projector was projecting"

    incremental = snapshot(s)
    with s.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(history)).scalar() == head, "每个事件恰好一次"
    fresh = Projector(s.app, s.engine, batch_size=2000)
    fresh.reset()
    fresh.catch_up()
    assert snapshot(s) == incremental
