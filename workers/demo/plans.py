"""Demo draws: executed plans for Changji (州本级), the Korla development zone and Ili, and a
committed one awaiting its draw for 昌吉市, so a newcomer sees commitments and proofs at once.
Fixed command ids make `shuangsui demo` a no-op the second time."""

from __future__ import annotations

from domain.base import Actor
from domain.plan_rules import DEFAULT_RULES
from projections.system import System

from .. import draws

WITNESS = {"kind": "witness", "format": r"\d{6}",
           "description": "抽取会现场由两名见证人公开摇出的6位数字（现场录像存档）"}

# (key, title, period, jurisdiction, level, brigades, public value or None = commit only)
PLANS = (
    ("changji-2026Q4", "昌吉州本级2026年第四季度双随机抽查", "2026Q4", "652300", "prefecture", ["BR-652300"], "406219"),
    ("korla-kfq-2026Q4", "库尔勒经济技术开发区2026年第四季度双随机抽查", "2026Q4", "652800-KF", "county",
     ["BR-652800-KF"], "731054"),
    ("ili-2026Q4", "伊犁州直2026年第四季度双随机监督帮扶", "2026Q4", "654000", "prefecture",
     ["GRP-654000-1", "GRP-654000-2", "GRP-654000-3"], "582930"),
    ("changji-city-2026Q4", "昌吉市分局2026年第四季度双随机抽查", "2026Q4", "652301", "county", ["BR-652301"], None),
)


def load_plans(system: System, actor: Actor, echo) -> None:
    for key, title, period, jurisdiction, level, brigades, public_value in PLANS:
        cid = f"demo:plan:{key}"
        outcome = system.app.create_plan(actor, cid, title=title, period_kind="quarter", period=period,
                                         jurisdiction=jurisdiction, level=level, brigades=brigades,
                                         rules=DEFAULT_RULES[level], public_source=WITNESS)
        draws.commit(system, outcome.aggregate_id, actor, f"{cid}:commit", acknowledge_shortfall=True)
        if public_value:
            draws.execute(system, outcome.aggregate_id, public_value, actor, f"{cid}:execute")
        echo(f"演示抽查计划：{title}（{'已抽取' if public_value else '已承诺，待抽取'}）")
