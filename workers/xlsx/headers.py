"""Row 1: which column holds which field, and what is wrong with the headers."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from workers.xlsx.columns import DIRECTORIES, TITLES, Column

Report = Callable[[int | None, str | None, str], None]


def header_name(raw: object) -> str:
    """The header as the contract names it: spaces and line breaks dropped (wrapped
    headers are common), the template's required marker * removed, and ASCII
    brackets made full-width as in 执法（工作）证号."""
    name = "".join(str(raw).split()).rstrip("*＊")
    return name.replace("(", "（").replace(")", "）")


@dataclass
class HeaderMatch:
    found: list[tuple[int, Column]] = field(default_factory=list)  # (0-based index, column)
    by_index: dict[int, str] = field(default_factory=dict)  # 0-based index -> header, for messages
    fatal: bool = False  # the data cannot be read column by column


def match_headers(kind: str, header_row: Iterable[object], report: Report) -> HeaderMatch:
    columns = DIRECTORIES[kind]
    by_header = {c.header: c for c in columns}
    match = HeaderMatch()
    where: dict[str, str] = {}  # header -> column letter, to name both copies of a duplicate
    unknown: list[tuple[str, str]] = []  # (header, column letter)
    for idx, raw in enumerate(header_row):
        name = header_name(raw) if raw is not None else ""
        if not name:
            continue
        letter = get_column_letter(idx + 1)
        column = by_header.get(name)
        if column is None:
            unknown.append((name, letter))
        elif name in where:
            report(1, name, f"列名重复：第{where[name]}列和第{letter}列，请只保留一列")
            match.fatal = True
        else:
            where[name] = letter
            match.by_index[idx] = name
            match.found.append((idx, column))

    other = _other_directory(kind, [name for name, _ in unknown])
    if other:  # the wrong file: one clear line instead of a page of header errors
        report(1, None, f"这是{TITLES[other]}的文件，请在{TITLES[other]}的导入页面上传")
        match.fatal = True
        return match
    if not where and not unknown:
        report(1, None, "这一行应为列名（请使用导入模板），但它是空的")
        match.fatal = True
        return match
    for name, letter in unknown:
        report(1, name, f"未知的列名（第{letter}列）：请改为模板中的列名，或删除该列")
    for column in columns:
        if column.required and column.header not in where:
            report(1, column.header, "缺少必填列")
            match.fatal = True
    if unknown:
        valid = "、".join(c.header for c in columns)
        report(1, None, f"{TITLES[kind]}可用的列名：{valid}")
    return match


def _other_directory(kind: str, unknown: list[str]) -> str | None:
    """The other directory when most of its headers are among the unknown ones."""
    for other, columns in DIRECTORIES.items():
        theirs = {c.header for c in columns}
        if other != kind and sum(name in theirs for name in unknown) * 2 > len(theirs):
            return other
    return None
