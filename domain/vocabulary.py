"""The fixed vocabularies of the directories, with their official Chinese labels."""

CATEGORIES = {"key": "重点监管对象", "special": "特殊监管对象", "general": "一般监管对象"}

EXCLUSION_REASONS = {
    "relocated": "搬迁",
    "suspended": "长期停产",
    "closed": "破产注销",
    "other": "其他",
}

# Changji 2025 plan: the criteria a joint review meeting (联审会) applies, plus the
# general grounds of the Xinjiang rules for special supervision.
SPECIAL_CRITERIA = (
    "刑事犯罪",
    "行政处罚金额在20万元及以上",
    "信访投诉3次及以上",
    "严重违法违规记录",
    "环境风险等级高",
    "信用评价等级低",
    "污染防治不能稳定达标",
    "其他",
)

INSPECTOR_KINDS = {"officer": "执法人员", "assistant": "辅助检查人员"}

INSPECTOR_STATUSES = {"active": "在岗", "inactive": "不在岗"}

JURISDICTION_LEVELS = {
    "province": "自治区",
    "prefecture": "地州市",
    "county": "县市区",
    "zone": "开发区/园区",
    "corps_division": "兵团师",
}

BRIGADE_KINDS = {
    "brigade": "执法大队",
    "inspection_group": "帮扶检查组",
    "dispatch_group": "调度组",
    "tech_group": "技术支撑组",
}

ROLES = {
    "admin": "系统管理员",
    "supervisor": "支队（调度）",
    "inspector": "执法人员",
    "reviewer": "稽查",
}


def choice(value: str, allowed: dict, label: str) -> str:
    from .base import DomainError

    if value not in allowed:
        raise DomainError(f"{label}“{value}”不存在，可选：{'、'.join(allowed.values())}")
    return value
