"""The columns of the two directories as data, exactly as docs/import-format.md.

One table per directory, keyed like the import: "targets" (检查对象名录库) and
"inspectors" (检查人员名录库). The reader, the template and its 填写说明 sheet
all come from these tables, so they cannot drift apart.
"""

from collections.abc import Callable
from dataclasses import dataclass

from workers.xlsx import parsers as p

CATEGORIES = {
    "重点": "key", "重点监管对象": "key", "重点源": "key", "重点排污单位": "key",
    "特殊": "special", "特殊监管对象": "special", "特殊源": "special",
    "一般": "general", "一般监管对象": "general", "一般污染源": "general",
}
SPECIAL_CRITERIA = (
    "刑事犯罪", "行政处罚金额在20万元及以上", "信访投诉3次及以上", "严重违法违规记录",
    "环境风险等级高", "信用评价等级低", "污染防治不能稳定达标", "其他",
)
EXCLUSION_REASONS = {"搬迁": "relocated", "长期停产": "suspended", "破产注销": "closed", "其他": "other"}
INSPECTOR_KINDS = {"执法人员": "officer", "辅助检查人员": "assistant"}


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    parse: p.Parser
    blank: Callable[[], object]  # value of an empty cell (a factory: lists must not be shared)
    required: bool = False  # always required; conditional ones live in rules.py
    condition: str = ""  # when it is conditionally required, for the 填写说明 sheet
    rule: str = ""  # the rule in words, for the 填写说明 sheet
    allowed: tuple[str, ...] = ()  # the words a user may type, for dropdowns and 填写说明


def _none() -> None:
    return None


def _false() -> bool:
    return False


def _true() -> bool:
    return True


_CATEGORY_SHORT = ("重点", "特殊", "一般")
_EXCLUDE = tuple(EXCLUSION_REASONS)
_KINDS = tuple(INSPECTOR_KINDS)
_YES_NO = ("是", "否")
_LIST_RULE = "多项用“、”分隔"

TARGET_COLUMNS = (
    Column("统一社会信用代码", "credit_code", p.credit_code, str, required=True,
           rule="18位，按 GB 32100-2015 校验；请设为文本格式"),
    Column("单位名称", "name", p.text(100), str, required=True, rule="不超过100字"),
    Column("厂区名称", "site", p.text(), str,
           rule="同一单位有多个厂区时填写；信用代码+厂区名称确定一个检查对象"),
    Column("所在辖区", "jurisdiction", p.text(), str, required=True,
           rule="辖区名称或代码，须已在辖区目录中，如 昌吉市"),
    Column("详细地址", "address", p.text(200), str, required=True, rule="不超过200字"),
    Column("行业类别", "industry", p.text(), str, rule="国民经济行业分类名称"),
    Column("监管类别", "category", p.choice(CATEGORIES, _CATEGORY_SHORT, "监管类别"), str,
           required=True, allowed=_CATEGORY_SHORT,
           rule="也可填写 " + "、".join(k for k in CATEGORIES if k not in _CATEGORY_SHORT)),
    Column("类别年度", "category_year", p.whole_number(2000, 2100, "类别年度"), _none,
           condition="监管类别为重点或特殊时必填", rule="4位年份，如 2025"),
    Column("类别依据", "category_basis", p.text(), str,
           condition="监管类别为重点或特殊时必填", rule="如 2025年重点排污单位名录、联审会文号"),
    Column("特殊监管原因", "special_criteria", p.choice_list(SPECIAL_CRITERIA, "特殊监管原因"), list,
           condition="监管类别为特殊时必填", rule=_LIST_RULE, allowed=SPECIAL_CRITERIA),
    Column("参与双随机", "excluded", p.yes_no("参与双随机", invert=True), _false,
           rule="不填视为“是”", allowed=_YES_NO),
    Column("不参与原因", "exclusion_reason", p.choice(EXCLUSION_REASONS, _EXCLUDE, "不参与原因"), str,
           condition="参与双随机为否时必填", allowed=_EXCLUDE),
    Column("不参与说明", "exclusion_note", p.text(), str, condition="不参与原因为其他时必填"),
    Column("正面清单", "positive_list", p.yes_no("正面清单"), _false,
           rule="不填视为“否”", allowed=_YES_NO),
    Column("排污许可证编号", "permit_no", p.text(), str),
)

INSPECTOR_COLUMNS = (
    Column("姓名", "name", p.text(50), str, required=True, rule="不超过50字"),
    Column("人员类别", "kind", p.choice(INSPECTOR_KINDS, _KINDS, "人员类别"), str,
           required=True, allowed=_KINDS),
    Column("执法（工作）证号", "cert_no", p.text(), str, required=True,
           rule="执法人员为11位数字；辅助检查人员为4–30位字母、数字或“-”；不得重复；请设为文本格式"),
    Column("证件有效期至", "cert_valid_until", p.date_cell, _none,
           condition="人员类别为执法人员时必填", rule="日期格式的单元格，如 2028-12-31"),
    Column("所在单位", "unit", p.text(), str, required=True,
           rule="执法大队或检查组的名称或代码，须已在单位目录中"),
    Column("职务岗位", "post", p.text(), str),
    Column("工作年限", "years_of_service", p.whole_number(0, 60, "工作年限"), _none,
           rule="0–60 的整数"),
    Column("业务专长", "specialities", p.split_list, list, rule=_LIST_RULE),
    Column("所在部门", "department", p.text(), str),
    Column("参与双随机", "in_draw_pool", p.yes_no("参与双随机"), _true,
           rule="不填视为“是”", allowed=_YES_NO),
)

DIRECTORIES: dict[str, tuple[Column, ...]] = {
    "targets": TARGET_COLUMNS,
    "inspectors": INSPECTOR_COLUMNS,
}
TITLES = {"targets": "检查对象名录库", "inspectors": "检查人员名录库"}


def columns_of(kind: str) -> tuple[Column, ...]:
    """The column table of a directory; an unknown kind is a programming error."""
    try:
        return DIRECTORIES[kind]
    except KeyError:
        raise ValueError(f"unknown directory {kind!r}; expected one of {sorted(DIRECTORIES)}") from None
