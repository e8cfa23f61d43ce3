"""提醒规则: which reminders are sent, how many working days ahead (or after), and whether they
also go out by the webhook. Rules are data a supervisor changes, with a reason, as an event;
one record per jurisdiction code, plus one for everywhere (EVERYWHERE) that has none of its
own. A jurisdiction without its own rules follows the nearest one above it that has them,
then the default, then the built-in numbers below (the issue's 3, 5, 2, 5, 5 and ours for transfers).
The reminder job only reads them (workers/reminders.py); deadlines themselves never depend on them.
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import Aggregate, event

from .base import DomainError, NoChangeError, Record, natural_id, require_reason, require_text
from .vocabulary import N_

KINDS = {
    "rectification": N_("整改期限临近"),
    "disclosure": N_("结果公开期限临近"),
    "acceptance": N_("任务派发后未接收"),
    "draw": N_("季度抽取期间"),
    "report": N_("报表报送期限临近"),
    "transfer": N_("移送后未获回复"),
}
# What `days` means for each kind, as the rules page says it.
DAYS_MEANING = {
    "rectification": N_("整改期限前多少个工作日起提醒"),
    "disclosure": N_("公开期限（办结后20个工作日）前多少个工作日起提醒"),
    "acceptance": N_("派发后多少个工作日仍未接收即提醒"),
    "draw": N_("季度最后多少个工作日内提醒抽取下季度名单"),
    "report": N_("季度最后多少个工作日内、年度总结期限前多少个工作日起提醒"),
    "transfer": N_("移送后多少个工作日仍未收到回复即提醒"),
}
# The numbers; a transfer has no statutory answer time for every receiver (the police
# decide on filing within 3 days of receipt, other departments have none), so two working weeks.
DEFAULT_DAYS = {"rectification": 3, "disclosure": 5, "acceptance": 2, "draw": 5, "report": 5, "transfer": 10}
MAX_DAYS = 60
EVERYWHERE = "*"  # the rules of every jurisdiction that has none of its own
SETTINGS = ("enabled", "days", "webhook")


def defaults() -> dict:
    return {kind: {"enabled": True, "days": DEFAULT_DAYS[kind], "webhook": False} for kind in KINDS}


def check(rules: object, base: dict | None = None) -> dict:
    """The complete rules: `rules` ({kind: {enabled, days, webhook}}, any part of it) laid over
    `base` (the rules that applied until now), or a DomainError naming the first mistake."""
    if not isinstance(rules, dict):
        raise DomainError("提醒规则须按提醒类型逐项给出")
    result = {kind: dict(rule) for kind, rule in (base or defaults()).items()}
    for kind, rule in rules.items():
        if kind not in KINDS:
            raise DomainError(f"提醒类型“{kind}”不存在，可选：{'、'.join(KINDS.values())}")
        if not isinstance(rule, dict):
            raise DomainError(f"“{KINDS[kind]}”的设置格式不正确")
        unknown = [name for name in rule if name not in SETTINGS]
        if unknown:
            raise DomainError(f"“{KINDS[kind]}”没有“{unknown[0]}”这项设置")
        merged = {**result.get(kind, defaults()[kind]), **rule}
        days = merged["days"]
        if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_DAYS:
            raise DomainError(f"“{KINDS[kind]}”的提醒天数须为0至{MAX_DAYS}之间的整数（填写的是“{days}”）")
        for name, label in (("enabled", "是否提醒"), ("webhook", "是否推送")):
            if not isinstance(merged[name], bool):
                raise DomainError(f"“{KINDS[kind]}”的“{label}”须为是或否")
        result[kind] = {"enabled": merged["enabled"], "days": days, "webhook": merged["webhook"]}
    return {kind: result.get(kind, defaults()[kind]) for kind in KINDS}


class ReminderRules(Record):
    @staticmethod
    def create_id(jurisdiction: str, **_: object) -> UUID:
        return natural_id("reminder-rules", jurisdiction)

    class Set(Record.Event, Aggregate.Created):
        jurisdiction: str  # a jurisdiction code, or EVERYWHERE
        rules: dict
        reason: str

    @event(Set)
    def __init__(self, jurisdiction: str, rules: dict, reason: str, actor_id: str, actor_role: str,
                 command_id: str) -> None:
        self.jurisdiction, self.rules = jurisdiction, {k: dict(v) for k, v in rules.items()}
        self.command_ids = set()

    @classmethod
    def set(cls, *, jurisdiction: str, rules: dict, reason: str, base: dict | None = None,
            **by: str) -> "ReminderRules":
        """The jurisdiction's own rules, made from the ones it followed until now (`base`)."""
        return cls(jurisdiction=require_text(jurisdiction, "辖区", 30), rules=check(rules, base),
                   reason=require_reason(reason), **by)

    class Changed(Record.Event):
        rules: dict
        previous: dict
        reason: str

        def apply(self, record: "ReminderRules") -> None:
            record.rules = {k: dict(v) for k, v in self.rules.items()}

    def change(self, *, rules: dict, reason: str, **by: str) -> None:
        changed = check(rules, self.rules)
        if changed == self.rules:
            raise NoChangeError("提醒规则没有变化")
        self.trigger_event(self.Changed, rules=changed, previous=self.rules, reason=require_reason(reason), **by)
