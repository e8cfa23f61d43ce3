"""The forms of the special-list and correction pages (see webapp/forms.py), and the reading
of the meeting's form: the proposed units ticked, each with its criteria, plus other units
of the jurisdiction given by credit code. The rules of the decision itself (at least one
unit, each with a known criterion, the meeting not in the future, one decision a year) are
the domain's (domain/special_review.py); here: that every unit named is in the directory
of the jurisdiction, said unit by unit."""

from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext
from marshmallow import ValidationError, fields, validate

from domain.vocabulary import SPECIAL_CRITERIA
from projections import special

from ..forms import FormSchema, field, text
from ..tasks.schemas import a_date

EXTRA_ROWS = 3  # empty rows for units the record did not propose
YEARS = validate.Range(min=2000, max=2100, error=lazy_gettext("年度应为2000至2100之间的整数"))


def a_year(label, *, required: bool = False) -> fields.Field:
    presence = {"required": True} if required else {"load_default": None}
    return field(fields.Integer, label, messages={"invalid": lazy_gettext("年度应为2000至2100之间的整数")},
                 validate=YEARS, strict=False, **presence)


class ProposalQuery(FormSchema):
    year = a_year(lazy_gettext("年度"))
    jurisdiction = text(lazy_gettext("辖区"), 50, required=False)


class DecisionForm(FormSchema):
    year = a_year(lazy_gettext("年度"), required=True)
    jurisdiction = text(lazy_gettext("辖区"), 50)
    reference = text(lazy_gettext("会议纪要或文号"), 200)
    meeting_on = a_date(lazy_gettext("会议日期"))


class AcceptForm(FormSchema):
    note = text(lazy_gettext("受理说明"), 500, required=False)


class ResolveForm(FormSchema):
    answer = text(lazy_gettext("处理结果"), 2000)
    corrected = field(fields.Boolean, lazy_gettext("是否已更正记录"), required=True,
                      truthy={"yes"}, falsy={"no"})


class RejectForm(FormSchema):
    reason = text(lazy_gettext("不予采纳的理由"), 500)


def _criteria(form, name: str) -> list[str]:
    return [c for c in form.getlist(name) if c in SPECIAL_CRITERIA]


def chosen_units(conn, form, path: str) -> list[dict]:
    """[{target_id, criteria, name}] from the posted form: each ticked proposed unit
    (`unit` = its id, `criteria_<id>`), then each extra row (`extra_code_N`, `extra_site_N`,
    `extra_criteria_N`). A unit named twice keeps the union of its criteria. Raises
    ValidationError naming the unit or the code that is not in the jurisdiction."""
    errors: list[str] = []
    chosen: dict[str, dict] = {}

    def add(row: dict, criteria: list[str]) -> None:
        unit = chosen.setdefault(row["id"], {"target_id": row["id"], "criteria": [], "name": row["name"]})
        unit["criteria"] = [c for c in SPECIAL_CRITERIA if c in unit["criteria"] or c in criteria]

    ticked = [t for t in dict.fromkeys(form.getlist("unit")) if t]
    found = {r["id"]: r for r in special.units_of(conn, path, ids=ticked)} if ticked else {}
    for target_id in ticked:
        if target_id not in found:
            errors.append(_("监管对象“%(id)s”不在本辖区的检查对象名录中", id=target_id))
        else:
            add(found[target_id], _criteria(form, f"criteria_{target_id}"))
    for n in range(1, EXTRA_ROWS + 1):
        code = (form.get(f"extra_code_{n}") or "").strip().upper()
        if not code:
            continue
        site = (form.get(f"extra_site_{n}") or "").strip()
        rows = special.units_of(conn, path, credit_code=code)
        if site:
            rows = [r for r in rows if r["site"] == site]
        if not rows:
            errors.append(_("统一社会信用代码“%(code)s”%(site)s在本辖区的检查对象名录中不存在", code=code,
                            site=_("（厂区“%(site)s”）", site=site) if site else ""))
        elif len(rows) > 1:
            errors.append(_("统一社会信用代码“%(code)s”在本辖区有%(n)s个厂区（%(sites)s），请填写厂区名称",
                            code=code, n=len(rows), sites=_("、").join(r["site"] or _("未注明") for r in rows)))
        else:
            add(rows[0], _criteria(form, f"extra_criteria_{n}"))
    for unit in chosen.values():
        if not unit["criteria"]:
            errors.append(_("%(name)s：须至少选择一项纳入原因", name=unit["name"]))
    if errors:
        raise ValidationError(errors)
    return list(chosen.values())
