"""Rules across the columns of one row, and what makes two rows the same record.

They run on the parsed row. A key is absent when its cell failed to parse (that
error is already reported) or its column is missing, so every rule reads with a
default that makes it skip: one mistake gives one message, not a cascade.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

Problems = Iterator[tuple[str, str]]  # (column header, message)

_ABSENT = object()
_OFFICER_CERT = re.compile(r"[0-9]{11}")
_ASSISTANT_CERT = re.compile(r"[A-Za-z0-9-]{4,30}")
_CATEGORY_WORD = {"key": "重点", "special": "特殊"}


def _blank(row: dict, key: str) -> bool:
    value = row.get(key, _ABSENT)
    return value is None or value == "" or value == []


def target_problems(row: dict) -> Problems:
    category = row.get("category")
    if category in _CATEGORY_WORD:
        when = f"监管类别为{_CATEGORY_WORD[category]}时必填"
        if _blank(row, "category_year"):
            yield "类别年度", when
        if _blank(row, "category_basis"):
            yield "类别依据", when
    if category == "special" and _blank(row, "special_criteria"):
        yield "特殊监管原因", "监管类别为特殊时必填"
    if row.get("excluded") is True and _blank(row, "exclusion_reason"):
        yield "不参与原因", "参与双随机为“否”时必填"
    if row.get("exclusion_reason") == "other" and _blank(row, "exclusion_note"):
        yield "不参与说明", "不参与原因为“其他”时必填"


def inspector_problems(row: dict) -> Problems:
    kind, cert = row.get("kind"), row.get("cert_no")
    if kind == "officer":
        if cert and not _OFFICER_CERT.fullmatch(cert):
            yield "执法（工作）证号", f"执法人员的执法证号应为11位数字，填写的是“{cert}”"
        if _blank(row, "cert_valid_until"):
            yield "证件有效期至", "人员类别为执法人员时必填"
    elif kind == "assistant" and cert and not _ASSISTANT_CERT.fullmatch(cert):
        yield "执法（工作）证号", f"辅助检查人员的工作证号应为4–30位字母、数字或“-”，填写的是“{cert}”"


def _target_key(row: dict) -> tuple | None:
    if "credit_code" in row and "site" in row:
        return row["credit_code"], row["site"]
    return None


def _inspector_key(row: dict) -> str | None:
    return row.get("cert_no")


@dataclass(frozen=True)
class RowRules:
    problems: Callable[[dict], Problems]
    key: Callable[[dict], object]  # None when the row cannot be keyed
    key_column: str  # where a duplicate is reported
    key_words: str  # what "the same" means, in the message


RULES = {
    "targets": RowRules(target_problems, _target_key, "统一社会信用代码", "统一社会信用代码和厂区名称都相同"),
    "inspectors": RowRules(inspector_problems, _inspector_key, "执法（工作）证号", "证号相同"),
}
