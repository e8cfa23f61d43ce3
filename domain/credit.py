"""信用记录: a penalty decision enters the unit's public credit record, which is what would
be pushed to the national credit information system (信用中国), and stays on its public page
for the publication period.

Publication periods follow 发改办财金规〔2019〕527号 (行政处罚信息信用修复): the longest
period applies unless the record is repaired — one year for a penalty of a general
violation, three years for a serious one. Serious here is the regime's own line for
serious violations (the special-supervision criterion): a fine of 200,000 yuan or more.
Credit repair is decided outside this system; it is not modelled."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .dispositions import PENALTY_THRESHOLD

GENERAL_YEARS, SERIOUS_YEARS = 1, 3


def serious(fine: Decimal) -> bool:
    return fine >= PENALTY_THRESHOLD


def publish_until(decided_on: date, fine: Decimal) -> date:
    years = SERIOUS_YEARS if serious(fine) else GENERAL_YEARS
    try:
        return decided_on.replace(year=decided_on.year + years)
    except ValueError:  # 29 February
        return decided_on.replace(year=decided_on.year + years, day=28)


def entry(decision: dict, facts: str) -> dict:
    """The credit record entry for a decision as the case disposition records it."""
    fine = Decimal(str(decision.get("fine") or 0))
    return {"decision_no": decision["decision_no"], "issuing_body": decision.get("issuing_body", ""),
            "decided_on": decision["decided_on"], "facts": facts, "legal_basis": decision.get("legal_basis", ""),
            "fine_fen": int(fine * 100), "other_sanctions": list(decision.get("other_sanctions") or []),
            "publish_until": publish_until(decision["decided_on"], fine)}
