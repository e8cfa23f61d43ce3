"""Cell parsers: one cell value as openpyxl gives it -> the parsed value.

The reader calls a parser only for a non-blank cell whose strings are already
stripped, so parsers never see None or "". A parser either returns the parsed
value or raises `CellError` with a Chinese message meant for the person who
typed the cell (the reader adds the row and column).
"""

import datetime as dt
import re
from collections.abc import Callable, Mapping

from domain.credit_code import credit_code_problem, normalise_credit_code

Parser = Callable[[object], object]

# The separators users type between list items, per docs/import-format.md.
LIST_SEPARATORS = "、，,；"
_SPLIT = re.compile(f"[{LIST_SEPARATORS}]")


class CellError(ValueError):
    """A cell that cannot be parsed; `message` is shown to the user as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def shown(value: object) -> str:
    """How a cell reads back to the user: whole floats without '.0'."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    return str(value)


def text(max_len: int | None = None) -> Parser:
    """Free text; numbers typed into a text column become their digits."""

    def parse(value: object) -> str:
        s = value if value.__class__ is str else shown(value)
        if max_len is not None and len(s) > max_len:
            raise CellError(f"不能超过{max_len}个字，现有{len(s)}个字")
        return s

    return parse


def credit_code(value: object) -> str:
    if isinstance(value, float):
        # Excel keeps 15 significant digits: the last digits are already lost.
        raise CellError(
            f"统一社会信用代码被存成了数字（{shown(value)}），Excel 只保留15位有效数字，"
            "请把该列设为“文本”格式后重新填写"
        )
    code = normalise_credit_code(str(value))
    problem = credit_code_problem(code)
    if problem:
        raise CellError(f"{problem}（填写的是“{value}”）")
    return code


def choice(mapping: Mapping[str, object], allowed: tuple[str, ...], what: str) -> Parser:
    """One of a fixed set of words; `allowed` is what the message offers."""

    def parse(value: object) -> object:
        try:
            return mapping[value]  # type: ignore[index]
        except (KeyError, TypeError):
            raise CellError(
                f"“{shown(value)}”不是有效的{what}，可填写：{'、'.join(allowed)}"
            ) from None

    return parse


def yes_no(what: str, *, invert: bool = False) -> Parser:
    """是/否 (or an Excel TRUE/FALSE cell) -> bool; `invert` flips the meaning."""
    words = choice({"是": not invert, "否": invert}, ("是", "否"), what)

    def parse(value: object) -> object:
        # Checked by class: 1 == True, so a typed 1 must not pass as 是.
        if value.__class__ is bool:
            return value is not invert
        return words(value)

    return parse


def choice_list(allowed: tuple[str, ...], what: str) -> Parser:
    """Several of a fixed set of words separated by 、，,；."""
    allowed_set = frozenset(allowed)

    def parse(value: object) -> list[str]:
        items = split_list(value)
        unknown = [i for i in items if i not in allowed_set]
        if unknown:
            raise CellError(
                f"“{'、'.join(unknown)}”不是有效的{what}，可填写：{'、'.join(allowed)}"
                "（多项用“、”分隔）"
            )
        return items

    return parse


def split_list(value: object) -> list[str]:
    """Items in typing order, blanks and repeats dropped."""
    items = (i.strip() for i in _SPLIT.split(shown(value)))
    return list(dict.fromkeys(i for i in items if i))


def whole_number(low: int, high: int, what: str) -> Parser:
    """A whole number in [low, high]; numeric text (even full-width) is accepted."""

    def parse(value: object) -> int:
        if isinstance(value, dt.date):
            raise CellError(f"{what}应填写数字，不是日期（填写的是 {shown(value)}）")
        if isinstance(value, bool):
            raise CellError(f"{what}应填写数字，填写的是“{value}”")
        if isinstance(value, float):
            if not value.is_integer():
                raise CellError(f"{what}应为整数，填写的是 {value}")
            number = int(value)
        elif isinstance(value, int):
            number = value
        else:
            try:
                number = int(str(value))
            except ValueError:
                raise CellError(f"{what}应填写数字，填写的是“{value}”") from None
        if not low <= number <= high:
            raise CellError(f"{what}应在{low}到{high}之间，填写的是 {number}")
        return number

    return parse


def date_cell(value: object) -> dt.date:
    """Only a real date cell: a typed '2027-12-31' is text and is refused, because
    Excel reads such text differently per locale (12/1 vs 1/12)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise CellError(f"请使用日期格式的单元格，填写的是数字 {shown(value)}")
    raise CellError(f"请使用日期格式的单元格，填写的是“{shown(value)}”")
