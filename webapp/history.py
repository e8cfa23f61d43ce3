"""Chinese labels for the history table: what each event and each field is called."""

from __future__ import annotations

from flask_babel import gettext as _

from .templating import label


def N_(text: str) -> str:
    """Marks a label for the catalog (pybabel extract -k N_); translated where shown."""
    return text


EVENT_TITLES = {
    ("target", "Registered"): N_("登记入库"), ("target", "DetailsChanged"): N_("基本信息变更"),
    ("target", "CategoryChanged"): N_("监管类别变更"), ("target", "ExcludedFromDraws"): N_("不参与双随机"),
    ("target", "ExclusionLifted"): N_("恢复参与双随机"), ("target", "PositiveListAdded"): N_("纳入正面清单"),
    ("target", "PositiveListRemoved"): N_("移出正面清单"), ("inspector", "Registered"): N_("登记入库"),
    ("inspector", "DetailsChanged"): N_("基本信息变更"), ("inspector", "CertificateRenewed"): N_("执法证换发/延期"),
    ("inspector", "CertificateExpired"): N_("执法证失效"), ("inspector", "Transferred"): N_("调动"),
    ("inspector", "Deactivated"): N_("登记为不在岗"), ("inspector", "Reactivated"): N_("恢复在岗"),
    ("inspector", "ConflictDeclared"): N_("申报利害关系（回避）"), ("inspector", "ConflictWithdrawn"): N_("撤销利害关系申报"),
    ("jurisdiction", "Registered"): N_("设立"), ("jurisdiction", "Renamed"): N_("更名"),
    ("brigade", "Formed"): N_("组建"), ("brigade", "MemberJoined"): N_("成员加入"),
    ("brigade", "MemberLeft"): N_("成员退出"), ("brigade", "CoverageChanged"): N_("负责范围变更"),
    ("brigade", "Dissolved"): N_("撤销"), ("user", "Created"): N_("创建账号"),
    ("user", "RoleChanged"): N_("角色/范围变更"), ("user", "PasswordReset"): N_("重置密码"),
    ("user", "Disabled"): N_("停用"), ("user", "Enabled"): N_("启用"),
}

FIELD_LABELS = {
    "credit_code": N_("统一社会信用代码"), "site": N_("厂区名称"), "name": N_("名称"), "jurisdiction": N_("所在辖区"),
    "address": N_("详细地址"), "industry": N_("行业类别"), "permit_no": N_("排污许可证编号"), "category": N_("监管类别"),
    "category_year": N_("类别年度"), "year": N_("类别年度"), "category_basis": N_("类别依据"),
    "special_criteria": N_("特殊监管原因"), "exclusion_reason": N_("不参与原因"), "exclusion_note": N_("不参与说明"),
    "note": N_("说明"), "positive_list": N_("正面清单"), "source": N_("来源"), "kind": N_("类别"),
    "cert_no": N_("执法（工作）证号"), "cert_valid_until": N_("证件有效期至"), "unit": N_("所在单位"), "post": N_("职务岗位"),
    "years_of_service": N_("工作年限"), "specialities": N_("业务专长"), "department": N_("所在部门"),
    "in_draw_pool": N_("参与双随机"), "target_id": N_("利害关系单位"), "relation": N_("利害关系"), "code": N_("代码"),
    "level": N_("级别"), "parent": N_("上级辖区"), "covers": N_("负责范围"), "vehicles": N_("车辆保障"),
    "inspector_id": N_("人员"), "as_leader": N_("任组长"), "role": N_("角色"), "brigade": N_("所属大队"),
    "display_name": N_("姓名"), "username": N_("用户名"),
}

VALUE_VOCABULARY = {"category": "category", "previous": "category", "exclusion_reason": "exclusion",
                    "kind": "kind", "level": "level", "role": "role"}


# Each area registers the words of its own streams (event titles, field labels, the
# vocabularies of coded values) here, next to its pages; this module renders them all.
KIND_TEXTS: dict[str, dict] = {}


def register_kind(kind: str, *, events: dict, fields: dict, values: dict | None = None) -> None:
    KIND_TEXTS[kind] = {"events": events, "fields": fields, "values": values or {}}


def event_title(kind: str, event: str) -> str:
    own = KIND_TEXTS.get(kind, {}).get("events", {})
    return _(own[event]) if event in own else _(EVENT_TITLES.get((kind, event), event))


def field_label(field: str, kind: str | None = None) -> str:
    own = KIND_TEXTS.get(kind, {}).get("fields", {})
    return _(own[field]) if field in own else _(FIELD_LABELS.get(field, field))


def _describe(value: dict) -> str:
    """A recorded document (an inspection record, an evidence file, a decision) as one line."""
    if "sha256" in value:
        return f"{value.get('name') or ''} SHA-256 {value['sha256'][:16]}…"
    if "form" in value and "inspected_on" in value:
        how = _("现场检查") if value.get("on_site") else _("非现场检查")
        return f"{_(value['form'])} · {how} · {value['inspected_on']}"
    if "decision_no" in value:
        return f"{value['decision_no']} · {value.get('fine', '')}"
    return _("、").join(f"{k}: {v}" for k, v in value.items())


def show_value(field: str, value, kind: str | None = None) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, dict):
        return _describe(value)
    if isinstance(value, list):
        return _("、").join(show_value(field, v, kind) for v in value) or "—"
    vocabulary = KIND_TEXTS.get(kind, {}).get("values", {}).get(field)
    if vocabulary and isinstance(value, str) and value in vocabulary:
        return _(vocabulary[value])
    if field in VALUE_VOCABULARY and isinstance(value, str):
        if field == "kind" and value not in ("officer", "assistant"):
            return label("brigade_kind", value)
        return label(VALUE_VOCABULARY[field], value)
    return str(value)


def register(app) -> None:
    app.jinja_env.globals.update(event_title=event_title, field_label=field_label, show_value=show_value)
