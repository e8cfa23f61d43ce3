"""A generated, deterministic history of directory work: what the projector tests replay."""

from __future__ import annotations

import random
from datetime import date

from domain.base import Actor, DomainError
from domain.credit_code import make_credit_code
from domain.inspectors import Inspector
from domain.targets import Target

SUPERVISOR = Actor("zhidui", "supervisor")
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def credit_code(n: int) -> str:
    body = "".join(ALPHABET[(n // 31 ** i) % 31] for i in range(8))
    return make_credit_code(f"91652301{body}0")


def make_history(system, units: int = 60, officers: int = 12, changes: int = 150, seed: int = 7) -> int:
    """Write a realistic mix of events; returns how many commands changed something."""
    app, rnd, n = system.app, random.Random(seed), 0
    app.register_jurisdiction(SUPERVISOR, "j0", code="650000", name="新疆维吾尔自治区", level="province", parent=None)
    app.register_jurisdiction(SUPERVISOR, "j1", code="652300", name="昌吉州", level="prefecture", parent="650000")
    for code, name in (("652301", "昌吉市"), ("652302", "阜康市")):
        app.register_jurisdiction(SUPERVISOR, f"j-{code}", code=code, name=name, level="county", parent="652300")
    app.form_brigade(SUPERVISOR, "b1", code="BR-652301", name="昌吉市分局执法大队", kind="brigade", jurisdiction="652301")
    app.form_brigade(SUPERVISOR, "b2", code="BR-652302", name="阜康市分局执法大队", kind="brigade", jurisdiction="652302")
    target_ids, officer_ids = [], []
    for i in range(units):
        out = app.register_target(SUPERVISOR, f"t{i}", credit_code=credit_code(i), site="", name=f"测试企业{i:03d}有限公司",
                                  jurisdiction=rnd.choice(["652301", "652302"]), address=f"工业园{i}号", industry="水泥制造")
        target_ids.append(out.aggregate_id)
    for i in range(officers):
        out = app.register_inspector(SUPERVISOR, f"o{i}", name=f"测试人员{i}", kind="officer", cert_no=f"3105009{i:04d}",
                                     cert_valid_until=date(2027, 1, 1), unit=rnd.choice(["BR-652301", "BR-652302"]))
        officer_ids.append(out.aggregate_id)
    for c in range(changes):
        kind = rnd.random()
        try:
            if kind < 0.5:
                target = rnd.choice(target_ids)
                command = rnd.choice([
                    ("change_category", dict(category="key", year=2025, basis="2025年重点排污单位名录", special_criteria=[], reason="名录更新")),
                    ("change_category", dict(category="general", year=None, basis="", special_criteria=[], reason="移出名录")),
                    ("exclude_from_draws", dict(exclusion_reason="suspended", note="", reason="长期停产")),
                    ("lift_exclusion", dict(reason="复产")),
                    ("change_details", dict(address=f"新地址{c}号", reason="地址变更")),
                ])
                app.command(Target, target, command[0], SUPERVISOR, f"c{c}", **command[1])
            else:
                officer = rnd.choice(officer_ids)
                command = rnd.choice([
                    ("transfer", dict(unit=rnd.choice(["BR-652301", "BR-652302"]), basis="调令", reason="工作需要")),
                    ("declare_conflict", dict(target_id=rnd.choice(target_ids), relation="亲属任职")),
                    ("renew_certificate", dict(cert_no=f"3105019{c:04d}", valid_until=date(2030, 1, 1), basis="换证")),
                ])
                app.command(Inspector, officer, command[0], SUPERVISOR, f"c{c}", **command[1])
            n += 1
        except DomainError:
            pass  # e.g. lifting an exclusion that is not there: the rule refused, nothing written
    return n


def snapshot(system) -> dict[str, list]:
    """Every projected table's rows, in key order (positions without their clock times)."""
    from sqlalchemy import select

    from projections.job_tables import JOB_REBUILT
    from projections.public_tables import PUBLIC_REBUILT
    from projections.reminder_tables import REMINDER_REBUILT
    from projections.tables import REBUILT, positions

    tables = {}
    with system.engine.connect() as conn:
        for table in REBUILT + PUBLIC_REBUILT + JOB_REBUILT + REMINDER_REBUILT:
            columns = [c for c in table.c if not (table is positions and c.name == "updated_at")]
            keys = list(table.primary_key.columns)
            rows = conn.execute(select(*columns).order_by(*keys)).all()
            tables[table.name] = [tuple(r) for r in rows]
    return tables
