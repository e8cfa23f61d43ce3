"""What an import row implies for an existing aggregate: the commands, in order.

Re-importing an unchanged row implies nothing; a changed row implies exactly the
change events its differences call for (details, category, exclusion, positive list …).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .inspectors import Inspector
from .targets import Target

TARGET_FIELDS = ("credit_code", "site", "name", "jurisdiction", "address", "industry", "permit_no",
                 "category", "category_year", "category_basis", "special_criteria",
                 "exclusion_reason", "exclusion_note", "positive_list")
INSPECTOR_FIELDS = ("name", "kind", "cert_no", "cert_valid_until", "unit", "post",
                    "years_of_service", "specialities", "department", "in_draw_pool")


def normalise_target_row(row: dict) -> dict:
    """The row as the aggregate would hold it (what a general unit does not carry is blank)."""
    values = {k: row.get(k) for k in TARGET_FIELDS}
    values["site"] = (values["site"] or "").strip()
    if not row.get("excluded"):
        values["exclusion_reason"], values["exclusion_note"] = None, ""
    if values["category"] == "general":
        values["category_year"], values["category_basis"], values["special_criteria"] = None, "", []
    elif values["category"] == "key":
        values["special_criteria"] = []
    values["special_criteria"] = sorted(values["special_criteria"] or [])
    for text in ("industry", "permit_no", "category_basis", "exclusion_note"):
        values[text] = values[text] or ""
    values["positive_list"] = bool(values["positive_list"])
    return values


def fingerprint(values: dict[str, Any], fields: tuple[str, ...]) -> str:
    """A short digest of the imported fields, so an unchanged row is skipped without a load."""
    plain = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in values.items() if k in fields}
    if isinstance(plain.get("special_criteria"), list):
        plain["special_criteria"] = sorted(plain["special_criteria"])
    raw = json.dumps(plain, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.blake2b(raw.encode(), digest_size=12).hexdigest()


def target_fingerprint(values: dict) -> str:
    return fingerprint(values, TARGET_FIELDS)


def inspector_fingerprint(values: dict) -> str:
    return fingerprint(values, INSPECTOR_FIELDS)


def sync_target(target: Target, values: dict, reason: str, by: dict) -> None:
    """Apply to `target` the commands that bring it to `values` (a normalised row)."""
    if target.positive_list and not values["positive_list"]:
        target.remove_from_positive_list(basis="", reason=reason, **by)
    details = {k: values[k] for k in Target.DETAIL_FIELDS if values[k] != getattr(target, k)}
    if details:
        target.change_details(reason=reason, **details, **by)
    current = (target.category, target.category_year, target.category_basis, sorted(target.special_criteria))
    wanted = (values["category"], values["category_year"], values["category_basis"], values["special_criteria"])
    if current != wanted:
        target.change_category(category=values["category"], year=values["category_year"],
                               basis=values["category_basis"],
                               special_criteria=values["special_criteria"], reason=reason, **by)
    if values["exclusion_reason"] is None:
        if target.excluded:
            target.lift_exclusion(reason=reason, **by)
    elif (values["exclusion_reason"], values["exclusion_note"]) != (target.exclusion_reason, target.exclusion_note):
        target.exclude_from_draws(exclusion_reason=values["exclusion_reason"],
                                  note=values["exclusion_note"], reason=reason, **by)
    if values["positive_list"] and not target.positive_list:
        target.add_to_positive_list(basis="", reason=reason, **by)


def sync_inspector(inspector: Inspector, values: dict, reason: str, by: dict) -> None:
    from .base import DomainError

    if values["kind"] != inspector.kind:
        raise DomainError("人员类别不能通过导入变更，请在人员页面处理")
    details = {k: values[k] for k in Inspector.DETAIL_FIELDS if values[k] != getattr(inspector, k)}
    if details:
        inspector.change_details(reason=reason, **details, **by)
    if values["cert_valid_until"] != inspector.cert_valid_until and values["cert_valid_until"]:
        inspector.renew_certificate(cert_no=values["cert_no"], valid_until=values["cert_valid_until"],
                                    basis=reason, **by)
    if values["unit"] != inspector.unit:
        inspector.transfer(unit=values["unit"], basis="", reason=reason, **by)
