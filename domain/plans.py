"""抽查计划: a sampling plan for a period and a jurisdiction, and its verifiable draw.

draft → committed (everything the draw depends on is fixed and hashed, the secret only as
its hash) → executed (the public value and the secret revealed; the draw recomputed here,
never chosen) → voided (only with a reason; the plan stays visible, a re-draw is a new plan).
A drawn unit that turns out ineligible is replaced by the next in rank, as its own event.
"""

from __future__ import annotations

import re
from datetime import date
from uuid import UUID
from eventsourcing.domain import event

from . import draw_records, sampling
from .base import DomainError, Record, natural_id, require_reason, require_text
from .plan_rules import STRATA, check_rules

PERIOD_KINDS = {"month": "月度", "quarter": "季度", "year": "年度"}
LEVELS = {"prefecture": "州本级", "county": "县市分局/园区"}
STATES = {"draft": "草稿", "committed": "已承诺（待抽取）", "executed": "已抽取", "voided": "已作废"}
PERIOD = {"year": re.compile(r"^(\d{4})$"), "quarter": re.compile(r"^(\d{4})Q([1-4])$"),
          "month": re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")}


def period_dates(kind: str, label: str) -> tuple[date, date]:
    """"2026Q2" → (2026-04-01, 2026-06-30); "2026-05" → May; "2026" → the year."""
    match = PERIOD.get(kind, re.compile("$^")).match(label or "")
    if not match:
        examples = {"year": "2026", "quarter": "2026Q2", "month": "2026-05"}
        raise DomainError(f"期间“{label}”格式不正确，{PERIOD_KINDS.get(kind, kind)}计划应写作如 {examples.get(kind, '2026Q2')}")
    year = int(match.group(1))
    if not 1900 <= year <= 2200:  # no plan or table of the regime is outside these years
        raise DomainError(f"期间“{label}”的年份应在1900至2200之间")
    if kind == "year":
        first, last = 1, 12
    elif kind == "quarter":
        first = (int(match.group(2)) - 1) * 3 + 1
        last = first + 2
    else:
        first = last = int(match.group(2))
    end = date(year + (last == 12), last % 12 + 1, 1).toordinal() - 1
    return date(year, first, 1), date.fromordinal(end)


class FrozenDocument(dict):
    """A committed document is never changed again, so the aggregate cache need not copy
    it: deep-copying a pool of 100,000 entries on every load cost a quarter of a second."""

    def __deepcopy__(self, memo: dict) -> "FrozenDocument":
        return self

    def _refuse(self, *args, **kwargs):
        raise TypeError("承诺文件不可更改")

    __setitem__ = __delitem__ = update = pop = popitem = clear = setdefault = _refuse


class SamplingPlan(Record):
    @staticmethod
    def create_id(command_id: str, **_: object) -> UUID:
        return natural_id("plan", command_id)

    @event("Planned")
    def __init__(self, title: str, period_kind: str, period: str, period_start: date, period_end: date,
                 jurisdiction: str, level: str, brigades: list[str], rules: dict, requested: dict,
                 public_source: dict, actor_id: str, actor_role: str, command_id: str) -> None:
        self.title, self.period_kind, self.period = title, period_kind, period
        self.period_start, self.period_end = period_start, period_end
        self.jurisdiction, self.level, self.brigades = jurisdiction, level, list(brigades)
        self.rules, self.requested, self.public_source = dict(rules), dict(requested), dict(public_source)
        self.state = "draft"
        self.document: dict | None = None
        self.commitment_hash = ""
        self.public_value, self.secret, self.seed = "", "", ""
        self.drawn: dict[str, list[str]] = {}  # as the draw selected them
        self.selected: dict[str, list[str]] = {}  # as they stand, after replacements
        self.replacements: list[dict] = []  # records with their digests, in order
        self.void_reason = ""
        self.command_ids = set()

    @classmethod
    def plan(cls, *, title: str, period_kind: str, period: str, jurisdiction: str, level: str,
             brigades: list[str], rules: dict, requested: dict | None = None,
             public_source: dict, **by: str) -> "SamplingPlan":
        if period_kind not in PERIOD_KINDS:
            raise DomainError(f"计划周期“{period_kind}”不存在，可选：月度、季度、年度")
        if level not in LEVELS:
            raise DomainError("计划层级须为州本级或县市分局/园区")
        start, end = period_dates(period_kind, period)
        check_rules(rules)
        check_public_source(public_source)
        if not brigades:
            raise DomainError("须指定承担检查的执法大队或检查组")
        return cls(title=require_text(title, "计划名称", 100), period_kind=period_kind, period=period,
                   period_start=start, period_end=end, jurisdiction=jurisdiction, level=level,
                   brigades=list(brigades), rules=rules, requested=_requested(requested or {}),
                   public_source=public_source, **by)

    def _require(self, *states: str, doing: str) -> None:
        if self.state not in states:
            raise DomainError(f"计划当前为“{STATES[self.state]}”，不能{doing}")

    # -- editing (draft only) -------------------------------------------------------------
    class RulesChanged(Record.Event):
        rules: dict
        requested: dict
        previous: dict
        reason: str

        def apply(self, plan: "SamplingPlan") -> None:
            plan.rules, plan.requested = dict(self.rules), dict(self.requested)

    def change_rules(self, *, rules: dict, requested: dict | None = None, reason: str, **by: str) -> None:
        self._require("draft", doing="修改抽查规则（承诺后计划不可更改）")
        check_rules(rules)
        self.trigger_event(self.RulesChanged, rules=rules, requested=_requested(requested or {}),
                           previous=self.rules, reason=require_reason(reason), **by)

    # -- commitment (事前公开) ------------------------------------------------------------
    class Committed(Record.Event):
        document: dict
        commitment_hash: str
        minimums: dict
        shortfalls: dict
        acknowledged_shortfall: bool

        def apply(self, plan: "SamplingPlan") -> None:
            plan.state, plan.commitment_hash = "committed", self.commitment_hash
            plan.document = FrozenDocument(self.document)

    def commit(self, *, document: dict, minimums: dict, shortfalls: dict,
               acknowledge_shortfall: bool = False, **by: str) -> None:
        self._require("draft", doing="再次承诺")
        short = {s: n for s, n in shortfalls.items() if n > 0}
        if short and not acknowledge_shortfall:
            lines = "；".join(f"{s}类最低应抽{minimums[s]}家，可抽{minimums[s] - n}家" for s, n in short.items())
            raise DomainError(f"可抽对象不足：{lines}。如确认按现有对象全部抽取，请勾选“确认不足”后再承诺")
        self.trigger_event(self.Committed, document=document,
                           commitment_hash=sampling.commitment_hash(document), minimums=minimums,
                           shortfalls=shortfalls, acknowledged_shortfall=bool(short), **by)

    # -- execution -----------------------------------------------------------------------
    class Executed(Record.Event):
        public_value: str
        secret: str
        seed: str
        selected: dict

        def apply(self, plan: "SamplingPlan") -> None:
            plan.state, plan.public_value, plan.secret = "executed", self.public_value, self.secret
            plan.seed = self.seed
            plan.drawn = {k: list(v) for k, v in self.selected.items()}
            plan.selected = {k: list(v) for k, v in self.selected.items()}

    def execute(self, *, public_value: str, secret: str, **by: str) -> dict:
        """Draw: recomputed from the commitment, the secret and the public value."""
        self._require("committed", doing="执行抽取（须先承诺）")
        if sampling.secret_hash(bytes.fromhex(secret)) != self.document["secret_hash"]:
            raise DomainError("密钥与承诺中的哈希不符，拒绝抽取")
        try:
            result = sampling.draw(self.document, bytes.fromhex(secret), public_value,
                                   recorded_hash=self.commitment_hash)
        except sampling.DrawInputError as error:
            raise DomainError(str(error)) from None
        selected = {s: r["selected"] for s, r in result["strata"].items()}
        self.trigger_event(self.Executed, public_value=public_value, secret=secret,
                           seed=result["seed"], selected=selected, **by)
        return result

    def result(self) -> dict:
        """The whole draw (every stratum's full order), recomputed from the record."""
        return sampling.draw(self.document, bytes.fromhex(self.secret), self.public_value,
                             recorded_hash=self.commitment_hash)

    # -- substitution and voiding --------------------------------------------------------
    class UnitReplaced(Record.Event):
        stratum: str
        replaced: str
        replacement: str
        reason: str
        digest: str

        def apply(self, plan: "SamplingPlan") -> None:
            ids = plan.selected[self.stratum]
            ids[ids.index(self.replaced)] = self.replacement
            plan.replacements.append({"stratum": self.stratum, "replaced": self.replaced,
                                      "by": self.replacement, "reason": self.reason, "digest": self.digest})

    def replace_unit(self, *, unit_id: str, reason: str, **by: str) -> str:
        """The next unused unit in the stratum's rank order takes the place (no choice)."""
        self._require("executed", doing="替换抽中对象")
        stratum = next((s for s, ids in self.selected.items() if unit_id in ids), None)
        if stratum is None:
            raise DomainError("该单位不在本次抽中名单内")
        record = draw_records.replacement_record(self.commitment_hash, self.result(), self.replacements,
                                             stratum, unit_id, require_reason(reason))
        if record["by"] is None:
            raise DomainError("该类别已无可替补的对象")
        self.trigger_event(self.UnitReplaced, stratum=stratum, replaced=unit_id, replacement=record["by"],
                           reason=record["reason"], digest=record["digest"], **by)
        return record["by"]

    class Voided(Record.Event):
        reason: str

        def apply(self, plan: "SamplingPlan") -> None:
            plan.state, plan.void_reason = "voided", self.reason

    def void(self, *, reason: str, **by: str) -> None:
        self._require("committed", "executed", doing="作废")
        self.trigger_event(self.Voided, reason=require_reason(reason), **by)


def check_public_source(source: dict) -> None:
    require_text(source.get("description", ""), "公开随机数来源说明", 300)
    try:
        re.compile(source.get("format") or "")
    except re.error:
        raise DomainError("公开随机数格式（正则表达式）无效") from None
    if not source.get("format"):
        raise DomainError("须声明公开随机数的格式，抽取时按此格式核对")


def _requested(requested: dict) -> dict:
    """Extra units a plan asks for above the minimum (never fewer than the minimum), and
    under "assistants" how many assistants (experts, monitoring staff) each task draws."""
    out = {}
    for stratum, n in requested.items():
        if stratum not in (*STRATA, "assistants"):
            raise DomainError(f"类别“{stratum}”不存在")
        if n not in (None, ""):
            if int(n) < 0:
                raise DomainError("计划抽取数量不能为负")
            out[stratum] = int(n)
    return out

