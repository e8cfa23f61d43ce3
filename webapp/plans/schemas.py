"""The shapes of the sampling-plan forms, with Chinese messages (see webapp/forms.py).

A plan's rules arrive as three fields per category (ratio, count per officer, basis) plus
an optional requested count; `rules_of` turns them into what the domain wants. Whether a
rule is complete and sound is the domain's to say (domain/plan_rules.check_rules)."""

from __future__ import annotations

from flask_babel import LazyString, gettext as _, lazy_gettext
from marshmallow import fields, validate

from domain.plan_rules import STRATA
from domain.plans import LEVELS, PERIOD_KINDS
from domain.vocabulary import CATEGORIES, N_

from ..forms import FormSchema, HexId, codes, field, one_of, reason, text

# The domain's labels (domain/plans.py), marked here for the catalog; translated where shown.
DOMAIN_LABELS = (N_("草稿"), N_("已承诺（待抽取）"), N_("已抽取"), N_("已作废"), N_("月度"), N_("季度"), N_("年度"),
                 N_("州本级"), N_("县市分局/园区"))

# The declared source of the public randomness (what the commitment promises to use).
SOURCE_KINDS = {"witness": N_("现场见证人摇号"), "lottery": N_("福利彩票开奖号码"), "other": N_("其他")}
WITNESS_DESCRIPTION = N_("抽取会现场由两名见证人公开摇出的6位数字（现场录像存档）")
DEFAULT_FORMAT = r"\d{6}"
WHAT = {"ratio": N_("比例"), "per_officer": N_("每名执法人员年抽查数"), "basis": N_("依据"),
        "requested": N_("本次计划抽取数")}
COUNT = lazy_gettext("应为不小于0的整数")


def _about(stratum: str, what: str) -> LazyString:
    """"重点监管对象 · 比例": a rule field's label, translated when shown."""
    return LazyString(lambda: _("%(category)s · %(what)s", category=_(CATEGORIES[stratum]), what=_(WHAT[what])))


def _rule_fields() -> dict:
    out: dict = {}
    for s in STRATA:
        out[f"{s}_ratio"] = text(_about(s, "ratio"), 20, required=False)
        out[f"{s}_per_officer"] = field(fields.Integer, _about(s, "per_officer"), load_default=None,
                                        messages={"invalid": COUNT},
                                        validate=validate.Range(min=1, error=lazy_gettext("应为正整数")))
        out[f"{s}_basis"] = text(_about(s, "basis"), 500, required=False)
        out[f"{s}_requested"] = field(fields.Integer, _about(s, "requested"), load_default=None,
                                      messages={"invalid": COUNT},
                                      validate=validate.Range(min=0, error=COUNT))
    return out


RulesFields = FormSchema.from_dict(_rule_fields(), name="RulesFields")


def rules_of(form: dict) -> tuple[dict, dict]:
    """(rules, requested) as the plan takes them, from a loaded rules form."""
    rules = {s: {"ratio": form[f"{s}_ratio"] or None, "per_officer": form[f"{s}_per_officer"],
                 "basis": form[f"{s}_basis"]} for s in STRATA}
    requested = {s: form[f"{s}_requested"] for s in STRATA if form[f"{s}_requested"] is not None}
    return rules, requested


class NewPlanForm(RulesFields):
    title = text(lazy_gettext("计划名称"), 100)
    period_kind = one_of(lazy_gettext("计划周期"), PERIOD_KINDS, listed=True)
    period = text(lazy_gettext("期间"), 10)
    jurisdiction = text(lazy_gettext("所属辖区"), 30)
    level = one_of(lazy_gettext("计划层级"), LEVELS, listed=True)
    rules_for = one_of(lazy_gettext("计划层级"), LEVELS, required=False)  # the level the rules were filled for
    brigades = codes(lazy_gettext("承担检查的执法大队/检查组"))
    source_kind = one_of(lazy_gettext("公开随机数来源"), SOURCE_KINDS, listed=True)
    source_format = text(lazy_gettext("公开随机数格式（正则表达式）"), 200)
    source_description = text(lazy_gettext("公开随机数来源说明"), 300)


class ChangeRulesForm(RulesFields):
    reason = reason()


class CommitForm(FormSchema):
    acknowledge_shortfall = field(fields.Boolean, lazy_gettext("确认不足"), load_default=False)


class ExecuteForm(FormSchema):
    public_value = text(lazy_gettext("公开随机数"), 200)


class ReplaceForm(FormSchema):
    unit_id = field(HexId, lazy_gettext("被替换的抽中对象"), required=True)
    reason = reason(lazy_gettext("替换原因"))


class VoidForm(FormSchema):
    reason = reason(lazy_gettext("作废原因"))
