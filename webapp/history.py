"""Chinese labels for the history table: what each event and each field is called."""

from __future__ import annotations

from flask_babel import gettext as _

from .templating import label

EVENT_TITLES = {
    ("target", "Registered"): "登记入库", ("target", "DetailsChanged"): "基本信息变更",
    ("target", "CategoryChanged"): "监管类别变更", ("target", "ExcludedFromDraws"): "不参与双随机",
    ("target", "ExclusionLifted"): "恢复参与双随机", ("target", "PositiveListAdded"): "纳入正面清单",
    ("target", "PositiveListRemoved"): "移出正面清单",
    ("inspector", "Registered"): "登记入库", ("inspector", "DetailsChanged"): "基本信息变更",
    ("inspector", "CertificateRenewed"): "执法证换发/延期", ("inspector", "CertificateExpired"): "执法证失效",
    ("inspector", "Transferred"): "调动", ("inspector", "Deactivated"): "登记为不在岗",
    ("inspector", "Reactivated"): "恢复在岗", ("inspector", "ConflictDeclared"): "申报利害关系（回避）",
    ("inspector", "ConflictWithdrawn"): "撤销利害关系申报",
    ("jurisdiction", "Registered"): "设立", ("jurisdiction", "Renamed"): "更名",
    ("brigade", "Formed"): "组建", ("brigade", "MemberJoined"): "成员加入",
    ("brigade", "MemberLeft"): "成员退出", ("brigade", "CoverageChanged"): "负责范围变更",
    ("brigade", "Dissolved"): "撤销",
    ("user", "Created"): "创建账号", ("user", "RoleChanged"): "角色/范围变更",
    ("user", "PasswordReset"): "重置密码", ("user", "Disabled"): "停用", ("user", "Enabled"): "启用",
}

FIELD_LABELS = {
    "credit_code": "统一社会信用代码", "site": "厂区名称", "name": "名称", "jurisdiction": "所在辖区",
    "address": "详细地址", "industry": "行业类别", "permit_no": "排污许可证编号", "category": "监管类别",
    "category_year": "类别年度", "year": "类别年度", "category_basis": "类别依据",
    "special_criteria": "特殊监管原因", "exclusion_reason": "不参与原因", "exclusion_note": "不参与说明",
    "note": "说明", "positive_list": "正面清单", "source": "来源", "kind": "类别",
    "cert_no": "执法（工作）证号", "cert_valid_until": "证件有效期至", "unit": "所在单位",
    "post": "职务岗位", "years_of_service": "工作年限", "specialities": "业务专长",
    "department": "所在部门", "in_draw_pool": "参与双随机", "target_id": "利害关系单位",
    "relation": "利害关系", "code": "代码", "level": "级别", "parent": "上级辖区", "covers": "负责范围",
    "vehicles": "车辆保障", "inspector_id": "人员", "as_leader": "任组长", "role": "角色",
    "brigade": "所属大队", "display_name": "姓名", "username": "用户名",
}

VALUE_VOCABULARY = {"category": "category", "previous": "category", "exclusion_reason": "exclusion",
                    "kind": "kind", "level": "level", "role": "role"}


def event_title(kind: str, event: str) -> str:
    return _(EVENT_TITLES.get((kind, event), event))


def field_label(field: str) -> str:
    return _(FIELD_LABELS.get(field, field))


def show_value(field: str, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or "—"
    if field in VALUE_VOCABULARY and isinstance(value, str):
        if field == "kind" and value not in ("officer", "assistant"):
            return label("brigade_kind", value)
        return label(VALUE_VOCABULARY[field], value)
    return str(value)


def register(app) -> None:
    app.jinja_env.globals.update(event_title=event_title, field_label=field_label, show_value=show_value)
