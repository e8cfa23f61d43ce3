"""The minimum draw ratios (新环执法发〔2021〕274号, as the Korla 2022 and Changji 2025 plans
apply them), and how a plan's period turns them into a minimum count. Integers and
fractions only: no floating point anywhere near a draw.

key and special are ratios *per quarter*; general is a count *per year* per 双随机 officer.
A month is a third of a quarter; a year is four quarters (capped at the whole pool).
"""

from __future__ import annotations

from fractions import Fraction

from .base import DomainError

BASIS = "新疆维吾尔自治区生态环境“双随机、一公开”监管工作实施细则（新环执法发〔2021〕274号）"

DEFAULT_RULES = {
    "county": {
        "key": {"ratio": "1/4", "per_officer": None, "basis": BASIS + "：每季度不低于25%"},
        "special": {"ratio": "1/2", "per_officer": None, "basis": BASIS + "：每季度不低于50%"},
        "general": {"ratio": None, "per_officer": 10, "basis": BASIS + "：每年不低于执法人员数的10倍（1:10）"},
    },
    "prefecture": {
        "key": {"ratio": "1/20", "per_officer": None, "basis": BASIS + "：州本级每季度不低于5%"},
        "special": {"ratio": "1/4", "per_officer": None, "basis": BASIS + "：州本级每季度不低于25%"},
        "general": {"ratio": None, "per_officer": 5, "basis": BASIS + "：州本级每年不低于执法人员数的5倍（1:5）"},
    },
}
STRATA = ("key", "special", "general")
QUARTERS_IN = {"month": Fraction(1, 3), "quarter": Fraction(1), "year": Fraction(4)}
YEARS_IN = {"month": Fraction(1, 12), "quarter": Fraction(1, 4), "year": Fraction(1)}


def ceil(value: Fraction) -> int:
    return -(-value.numerator // value.denominator)


def parse_ratio(text: str) -> Fraction:
    try:
        ratio = Fraction(text.replace("%", "").strip()) / (100 if "%" in text else 1)
    except (ValueError, ZeroDivisionError):
        raise DomainError(f"比例“{text}”格式不正确，应为如 1/4 或 25%") from None
    if not 0 < ratio <= 1:
        raise DomainError(f"比例“{text}”应大于0且不超过100%")
    return ratio


def check_rules(rules: dict) -> None:
    for stratum in STRATA:
        rule = rules.get(stratum)
        if not rule:
            raise DomainError(f"缺少“{stratum}”类的抽查比例规则")
        if bool(rule.get("ratio")) == bool(rule.get("per_officer")):
            raise DomainError("每类规则须且只须给出比例或按执法人员倍数之一")
        if rule.get("ratio"):
            parse_ratio(rule["ratio"])
        elif int(rule["per_officer"]) <= 0:
            raise DomainError("按执法人员倍数须为正整数")
        if not (rule.get("basis") or "").strip():
            raise DomainError("每类规则须注明依据")


def minimum(rule: dict, pool: int, officers: int, period_kind: str) -> int:
    """The least number to draw from a pool of `pool` units in one plan of this period.

    A ratio scaled to a year can pass 100 %: that means every unit, not a shortfall. A count
    per officer can exceed the pool: that is a real shortfall, and the plan must say so."""
    if rule.get("ratio"):
        return min(pool, ceil(pool * parse_ratio(rule["ratio"]) * QUARTERS_IN[period_kind]))
    return ceil(officers * int(rule["per_officer"]) * YEARS_IN[period_kind])


def explain(rule: dict, pool: int, officers: int, period_kind: str) -> str:
    """How the minimum was reached, in the words a supervisor checks it with."""
    need = minimum(rule, pool, officers, period_kind)
    period = {"month": "月", "quarter": "季度", "year": "年"}[period_kind]
    if rule.get("ratio"):
        factor = QUARTERS_IN[period_kind]
        scale = "" if factor == 1 else f" × {factor}（每季度比例折算到本{period}）"
        return f"{pool} × {rule['ratio']}{scale}，向上取整 = {need}"
    factor = YEARS_IN[period_kind]
    scale = "" if factor == 1 else f" × {factor}（年度数量折算到本{period}）"
    return f"执法人员 {officers} 人 × {rule['per_officer']}{scale}，向上取整 = {need}"


# Korla 2022: the next quarter's list is fixed within the last 5 working days of the quarter
# before (the draw); the quarterly statistics report is due in the same days (Changji 2025).
WINDOW_DAYS = 5


def draw_window(period_kind: str, period_start):
    """(first day, last day, provisional) in which a quarterly plan is drawn: the last five
    working days of the quarter before. Other periods have no fixed window (None)."""
    if period_kind != "quarter":
        return None
    from datetime import timedelta

    from .calendar import last_working_days

    end = period_start - timedelta(days=1)
    first, provisional = last_working_days(end, WINDOW_DAYS)
    return first, end, provisional
