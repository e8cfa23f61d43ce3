"""The fixed vocabularies of the directories, with their official Chinese labels."""


def N_(text: str) -> str:
    """Marks a label for the translation catalog (pybabel extract -k N_); returns it as is.
    The labels are translated where they are shown (webapp/templating.py label())."""
    return text


CATEGORIES = {"key": N_("重点监管对象"), "special": N_("特殊监管对象"), "general": N_("一般监管对象")}

EXCLUSION_REASONS = {
    "relocated": N_("搬迁"),
    "suspended": N_("长期停产"),
    "closed": N_("破产注销"),
    "other": N_("其他"),
}

# Changji 2025 plan: the criteria a joint review meeting (联审会) applies, plus the
# general grounds of the Xinjiang rules for special supervision.
SPECIAL_CRITERIA = (
    N_("刑事犯罪"),
    N_("行政处罚金额在20万元及以上"),
    N_("信访投诉3次及以上"),
    N_("严重违法违规记录"),
    N_("环境风险等级高"),
    N_("信用评价等级低"),
    N_("污染防治不能稳定达标"),
    N_("其他"),
)

INSPECTOR_KINDS = {"officer": N_("执法人员"), "assistant": N_("辅助检查人员")}

INSPECTOR_STATUSES = {"active": N_("在岗"), "inactive": N_("不在岗")}

JURISDICTION_LEVELS = {
    "province": N_("自治区"),
    "prefecture": N_("地州市"),
    "county": N_("县市区"),
    "zone": N_("开发区/园区"),
    "corps_division": N_("兵团师"),
}

BRIGADE_KINDS = {
    "brigade": N_("执法大队"),
    "inspection_group": N_("帮扶检查组"),
    "dispatch_group": N_("调度组"),
    "tech_group": N_("技术支撑组"),
}

ROLES = {
    "admin": N_("系统管理员"),
    "supervisor": N_("支队（调度）"),
    "inspector": N_("执法人员"),
    "reviewer": N_("稽查"),
}


def choice(value: str, allowed: dict, label: str) -> str:
    from .base import DomainError

    if value not in allowed:
        raise DomainError(f"{label}“{value}”不存在，可选：{'、'.join(allowed.values())}")
    return value
