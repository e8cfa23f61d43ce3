"""The authorisation matrix of the JSON API: each API route answers every role and scope as
the page it mirrors (tests/support/access.py's rules), with 401 where the page sends the
anonymous to the login page.

The commands are the pages' own views (webapp/api/bridge.py): their rule is the page's. A
query names the page it mirrors here, with the URL values it needs besides; a new API route
named nowhere fails ("新API路由缺少授权规则").
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from domain.calendar import SHANGHAI

from tests.support.access import LOGGED_IN, PUBLIC, RULES, Access

NOW = object()  # filled in when the rule is first used: after the module's data were made

# api endpoint → (the page endpoint it mirrors, extra fixed URL values)
MIRRORS: dict[str, tuple[str, dict]] = {
    "api_calendar.years": ("calendar.index", {}),
    "api_calendar.year": ("calendar.index", {"year": 2026}),
    "api_calendar.working_days": ("calendar.index", {"start": "2026-09-18", "days": 20}),
    "api_users.users": ("admin.users", {}),
    "api_users.user": ("admin.user", {}),
    # today: the demo's records are made when the test runs
    "api_records.as_of": ("asof.as_of", {"at": date.today().isoformat()}),
    "api_records.compare": ("asof.compare", {"from": NOW}),  # to: now (the record exists by then)
    "api_records.step": ("asof.step", {}),
    "api_records.asof_versions": ("asof.as_of", {}),
    "api_records.full_record": ("record.record", {}),
    "api_records.full_record_json": ("record.record", {}),
    "api_records.full_record_xlsx": ("record.record", {}),
    "api_stats.status_board": ("stats.board_page", {}),
    "api_stats.board_tasks": ("stats.rows", {}),
    "api_stats.board_problems": ("stats.rows", {}),
    "api_stats.board_dispositions": ("stats.rows", {}),
    "api_stats.tables": ("stats.tables", {}),
    "api_stats.tables_xlsx": ("stats.download", {}),
    "api_organisation.jurisdictions": ("organisation.index", {}),
    "api_organisation.brigades": ("organisation.index", {}),
    "api_organisation.jurisdiction": ("organisation.jurisdiction", {}),
    "api_organisation.brigade": ("organisation.brigade", {}),
    "api_special.corrections": ("special.corrections", {}),
    "api_special.correction": ("special.correction", {}),
    "api_special.proposal": ("special.proposal", {}),
    "api_directory.choices": ("directory.targets", {}),
    "api_directory.targets": ("directory.targets", {}),
    "api_directory.target": ("directory.target", {}),
    "api_directory.inspectors": ("directory.inspectors", {}),
    "api_directory.inspector": ("directory.inspector", {}),
    "api_disclosure.lists": ("disclosure.index", {}),
    "api_disclosure.on_time": ("disclosure.index", {}),
    "api_disclosure.task": ("disclosure.task", {}),
    "api_tasks.evidence": ("tasks.evidence", {}),
    "api_tasks.tasks": ("tasks.index", {}),
    "api_tasks.task": ("tasks.task", {}),
    "api_tasks.mine": ("tasks.mine", {}),
    "api_problems.board": ("problems.board", {}),
    "api_problems.problem": ("problems.problem", {}),
    "api_imports.import_page": ("imports.index", {}),
    "api_imports.import_template": ("imports.template", {}),
    "api_jobs.jobs": ("jobs.index", {}),
    "api_jobs.job": ("jobs.show", {}),
    "api_jobs.job_errors": ("jobs.show", {}),
    "api_jobs.job_download": ("jobs.download", {}),
    "api_jobs.job_errors_file": ("jobs.errors_file", {}),
    "api_ledger.ledger_status": ("ledger.index", {}),
    "api_ledger.checkpoints": ("ledger.index", {}),
    "api_ledger.store_checks": ("ledger.index", {}),
    "api_ledger.store_bundle": ("ledger.store_bundle", {}),
    "api_ledger.period_bundle": ("ledger.period_bundle", {}),
    "api_ledger.subject_bundle": ("ledger.subject_bundle", {}),
    "api_ledger.verifier": ("ledger.verifier", {}),
    "api_notifications.notification_list": ("notifications.index", {}),
    "api_notifications.reminder_rules": ("notifications.rules", {}),
    "api_plans.plans": ("plans.index", {}),
    "api_plans.new": ("plans.new", {}),
    "api_plans.plan": ("plans.plan", {}),
    "api_plans.bundle": ("plans.bundle", {}),
    "api_reports.choices": ("reports.index", {}),
    **{f"api_reports.{k}{x}": ("reports.show" if not x else "reports.download", {"kind": k})
       for k in ("yearly", "daily", "campaign") for x in ("", "_xlsx")},
    "api_public.overview": ("public.index", {}),
    "api_public.plans": ("public.index", {}),
    "api_public.plan": ("public.plan", {}),
    "api_public.plan_bundle": ("public.bundle", {}),
    "api_public.disclosure": ("public.disclosure_table", {}),
    "api_public.disclosure_download": ("public.disclosure_download", {}),
    "api_public.algorithm": ("public.algorithm", {}),
    "api_public.verifier": ("public.verifier", {}),
    "api_public.penalties": ("public.penalties", {}),
    "api_public.penalties_csv": ("public.penalties_csv", {}),
    "api_public.units": ("public.units", {}),
    "api_public.unit": ("public.unit", {}),
    "api_tokens.list_tokens": ("auth.tokens_page", {}),
    "api_tokens.issue_token": ("auth.issue_token", {}),
    "api_tokens.revoke_token": ("auth.revoke_token", {}),
}

# API routes that mirror no page: their own rule (roles as their view's roles_required says)
OWN: dict[str, tuple[Access, ...]] = {
    "api-docs.openapi_json": (Access(PUBLIC),),
    "api-docs-ui.page": (Access(PUBLIC),),
    "api_dashboards.my_dashboard": (Access(LOGGED_IN),),
    "api_dashboards.supervisor_dashboard": (Access(frozenset({"admin", "supervisor"})),),
    "api_dashboards.officer_dashboard": (Access(frozenset({"inspector"})),),
    "api_dashboards.reviewer_dashboard": (Access(frozenset({"reviewer"})),),
}


_MADE: dict[str, tuple[tuple[Access, ...], str | None]] = {}


def rules_for(endpoint: str, view) -> tuple[tuple[Access, ...], str | None]:
    """The rules of an API route and the page endpoint whose view says the roles (or None).
    Made once per endpoint: the matrix keeps each rule's URL values by the rule's identity."""
    if endpoint not in _MADE:
        _MADE[endpoint] = _rules_for(endpoint, view)
    return _MADE[endpoint]


def _rules_for(endpoint: str, view) -> tuple[tuple[Access, ...], str | None]:
    page = getattr(view, "page_endpoint", None)
    if page is not None:  # a page command, run by the page's own view
        return RULES[page], page
    if endpoint in MIRRORS:
        page, extra = MIRRORS[endpoint]
        extra = {k: (datetime.now(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S") if v is NOW else v) for k, v in extra.items()}
        only = [r for r in RULES[page] if all(r.fixed.get(k, v) == v for k, v in extra.items())] or RULES[page]
        return tuple(replace(r, fixed={**r.fixed, **extra}) for r in only), page
    if endpoint in OWN:
        return OWN[endpoint], None
    raise AssertionError(f"新API路由缺少授权规则：endpoint {endpoint}——请在 tests/support/access_api.py 中写明它对应的页面"
                         "（MIRRORS）或自己的规则（OWN）")
