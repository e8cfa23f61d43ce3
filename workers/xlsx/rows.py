"""One data row -> a parsed dict or its errors. This is the hot loop of a
100k-row import, so the per-cell path is kept to a few type checks and one call."""

from collections.abc import Callable

from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from workers.xlsx.columns import columns_of
from workers.xlsx.headers import HeaderMatch
from workers.xlsx.parsers import CellError
from workers.xlsx.rules import RULES

FORMULA = "单元格含公式，请粘贴为数值"
REQUIRED = "必填，不能为空"
_FORMULA_TYPES = frozenset({ArrayFormula, DataTableFormula})

Report = Callable[[int | None, str | None, str], None]


class RowReader:
    def __init__(self, kind: str, match: HeaderMatch, report: Report,
                 on_row: Callable[[dict], None] | None = None):
        self.rules = RULES[kind]
        self.report = report
        self.cells = [(idx, c.header, c.key, c.parse, c.required, c.blank) for idx, c in match.found]
        present = {c.key for _, c in match.found}
        # Optional columns left out of the file read as blank, as the contract says.
        self.absent = [(c.key, c.blank) for c in columns_of(kind) if c.key not in present]
        self.first_row_of: dict[object, int] = {}  # duplicate key -> first row having it
        self.rows: list[dict] = []
        # With on_row, good rows are handed on as they are read instead of collected:
        # an import of 100,000 rows then never holds all of them at once.
        self.keep = on_row or self.rows.append
        self.data_rows = 0

    def __call__(self, row_no: int, values: tuple) -> None:
        width = len(values)
        parsed: dict = {"row": row_no}
        problems: list[tuple[str, str]] = []
        filled = False
        for idx, header, key, parse, required, blank in self.cells:
            value = values[idx] if idx < width else None
            if value.__class__ is str:
                value = value.strip()
                if not value:
                    value = None
                elif value[0] == "=":  # without data_only openpyxl gives a formula as its text
                    filled = True
                    problems.append((header, FORMULA))
                    continue
            elif value.__class__ in _FORMULA_TYPES:
                filled = True
                problems.append((header, FORMULA))
                continue
            if value is None:
                if required:
                    problems.append((header, REQUIRED))
                else:
                    parsed[key] = blank()
                continue
            filled = True
            try:
                parsed[key] = parse(value)
            except CellError as error:
                problems.append((header, error.message))
        if not filled:  # only spaces, or data only under unknown columns: not a record
            return
        self.data_rows += 1
        for key, blank in self.absent:
            parsed[key] = blank()
        problems.extend(self.rules.problems(parsed))
        self._check_duplicate(parsed, row_no, problems)
        if problems:
            for header, message in problems:
                self.report(row_no, header, message)
        else:
            self.keep(parsed)

    def _check_duplicate(self, parsed: dict, row_no: int, problems: list) -> None:
        key = self.rules.key(parsed)
        if key is None:
            return
        first = self.first_row_of.setdefault(key, row_no)
        if first != row_no:
            problems.append((self.rules.key_column, f"与第{first}行重复（{self.rules.key_words}）"))
