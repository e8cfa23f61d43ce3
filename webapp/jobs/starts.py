"""后台导出: the forms on the statistics page, the reports page and the ledger page post here;
each route checks role and scope exactly as the page it is on, asks for the job and goes to
its progress page. Nothing is exported in the request: a province's table takes minutes."""

from __future__ import annotations

import re

from flask import url_for
from flask_babel import gettext as _, lazy_gettext
from flask_login import current_user
from marshmallow import fields, validate
from sqlalchemy import select

from domain.jobs import KINDS
from projections.tables import jurisdictions
from workers.jobs.service import request_job

from ..auth.users import roles_required
from ..directory.queries import jurisdiction_options
from ..forms import FormSchema, Invalid, answer, field, load_form, one_of, reporting, text
from ..ledger.downloads import require_everything
from ..services import actor, command_id, system
from ..stats.narrow import place
from ..stats.schemas import PeriodField
from ..tasks.schemas import DATE
from .routes import bp

READERS = ("admin", "supervisor", "reviewer")  # the statistics, reports and ledger pages' readers
QUARTER = re.compile(r"^\d{4}Q[1-4]$", re.IGNORECASE)


class StatisticsForm(FormSchema):
    period = field(PeriodField, lazy_gettext("统计期间"), required=True)
    jurisdiction = text(lazy_gettext("辖区"), 30, required=False)


class DisclosureForm(FormSchema):
    quarter = field(fields.String, lazy_gettext("季度"), required=True,
                    validate=validate.Regexp(QUARTER, error=lazy_gettext("“{input}”不是季度，应写作如 2022Q2")))
    jurisdiction = text(lazy_gettext("辖区"), 30, required=False)


class BundleForm(FormSchema):
    kind = one_of(lazy_gettext("范围"), ("whole", "period"))
    start = field(fields.Date, lazy_gettext("起始日期"), messages={"invalid": DATE, "format": DATE},
                  load_default=None, data_key="from")
    end = field(fields.Date, lazy_gettext("截止日期"), messages={"invalid": DATE, "format": DATE},
                load_default=None, data_key="to")


def _start(kind: str, **params):
    outcome = request_job(system(), actor(), command_id(), kind, **params)
    done = _("已提交后台任务：%(kind)s", kind=_(KINDS[kind]))
    return answer(outcome.position, done, url_for(".show", job_id=outcome.aggregate_id.hex))


def _picked(schema: FormSchema, code: str, whole: bool) -> str:
    """The jurisdiction code the job is of: the one picked (in scope: else 403), else the
    user's whole scope — "" for no limit when `whole` allows it, else its one jurisdiction."""
    with system().engine.connect() as conn, reporting(schema):
        if code:
            return place(conn, code)["code"]
        scope = current_user.scope
        if scope.unlimited and whole:
            return ""
        if current_user.jurisdiction:
            return current_user.jurisdiction
        if scope.unlimited:
            top = jurisdiction_options(conn, scope)
            if top:
                return top[0]["code"]
        elif len(scope.paths) == 1:
            found = conn.execute(select(jurisdictions.c.code).where(jurisdictions.c.path == scope.paths[0])).scalar()
            if found:
                return found
    raise Invalid([_("请先选择一个辖区，再后台导出")])


@bp.route("/export/statistics", methods=["POST"])
@roles_required(*READERS)
def export_statistics():
    schema = StatisticsForm()
    data = load_form(schema)
    return _start("export_statistics", period=data["period"].label,
                  jurisdiction=_picked(schema, data["jurisdiction"], whole=True))


@bp.route("/export/disclosure-table", methods=["POST"])
@roles_required(*READERS)
def export_disclosure_table():
    schema = DisclosureForm()
    data = load_form(schema)
    return _start("export_disclosure_table", quarter=data["quarter"].upper(),
                  jurisdiction=_picked(schema, data["jurisdiction"], whole=False))


@bp.route("/export/ledger-bundle", methods=["POST"])
@roles_required(*READERS)
def export_ledger_bundle():
    require_everything()  # a whole-store or period bundle discloses every jurisdiction's records
    data = load_form(BundleForm())
    if data["kind"] == "whole":
        return _start("export_ledger_bundle", scope="whole")
    start, end = data["start"], data["end"]
    if not (start and end):
        raise Invalid([_("请填写期间的起始日期和截止日期")])
    if start > end:
        raise Invalid([_("起始日期不能晚于截止日期")])
    return _start("export_ledger_bundle", scope="period", start=start.isoformat(), end=end.isoformat())
