"""API: 完整记录、历史与时间回溯: the full-process record of a task, problem, unit, officer or
draw (the rows the printable page, the .xlsx and the JSON download all show), and a task,
problem or unit as it stood at a moment, two moments compared, and its versions one by one.

Who may look is what each page allows, by the pages' own checks (webapp/record/routes._may_see,
webapp/asof/records.Kind.row): unknown 404, another jurisdiction's 403. A moment that is badly
written or still to come is 422 (the page's own messages); before the record existed 404."""

from __future__ import annotations

from flask_babel import gettext as _

from domain.base import NotFoundError
from projections import record as records
from projections.history_view import entries
from projections.timetravel import version_at, versions

from ..asof.moments import AsOfForm, CompareForm, now
from ..asof.records import Kind, kind_of
from ..asof.views import differences
from ..history import event_title
from ..record.routes import KIND, _as_of, _may_see
from ..record.rows import rows as rows_of
from ..record.words import COLUMNS, MISSING, SUBJECTS
from ..services import system
from .base import area
from .bridge import XLSX, file_doc, page_file
from .records_schemas import (AsOfCompareSchema, AsOfSchema, AsOfStepSchema, AsOfVersionsSchema, FullRecordSchema,
                              entry, utc)

blp = area("records", "完整记录、历史与时间回溯")
ASOF = "/asof/<any(task, problem, target):kind>/<record_id>"
EPOCH = 1970


# -- 执法全过程记录 ----------------------------------------------------------------------------
@blp.route(f"/record/<{KIND}:kind>/<subject_id>")
@blp.response(200, FullRecordSchema)
def full_record(kind: str, subject_id: str):
    """执法全过程记录：一个检查任务（含其问题）、问题、监管对象、检查人员或抽查计划的全部事件，按事件库顺序"""
    with system().engine.connect() as conn:
        _may_see(conn, kind, subject_id)
        found = records.record(conn, kind, subject_id)
    if found is None:  # removed between the check and the read: a rebuild
        raise NotFoundError(_(MISSING[kind]))
    heading = f"{_('执法全过程记录')} · {_(SUBJECTS[kind])}{_('：')}{found['name']}"
    return {"title": heading, "kind": kind, "id": subject_id, "name": found["name"], "ids": found["ids"],
            "data_as_of_position": _as_of(), "timezone": "Asia/Shanghai", "columns": [_(c) for c in COLUMNS],
            "rows": rows_of(found)}


@blp.route(f"/record/<{KIND}:kind>/<subject_id>.xlsx")
@blp.doc(**file_doc(XLSX))
def full_record_xlsx(kind: str, subject_id: str):
    """下载执法全过程记录（Excel，A4横向，可打印）"""
    return page_file("record.record", kind=kind, subject_id=subject_id, ext="xlsx")


@blp.route(f"/record/<{KIND}:kind>/<subject_id>.json")
@blp.doc(**file_doc("application/json"))
def full_record_json(kind: str, subject_id: str):
    """下载执法全过程记录（JSON 文件，与 Excel 同样的行）"""
    return page_file("record.record", kind=kind, subject_id=subject_id, ext="json")


# -- 时间回溯 ----------------------------------------------------------------------------------
def _record(k: Kind, conn, record_id: str) -> tuple[dict, list[dict]]:
    """Whose record it is (after the record page's own check) and its versions."""
    row = k.row(conn, record_id)  # 404 / 403 exactly as on the record's own page
    spine = versions(conn, record_id)
    return {"kind": k.name, "kind_label": str(k.title), "record_id": record_id, "heading": k.heading(row),
            "versions": len(spine)}, spine


def _version(conn, record_id: str, moment, which: str = "") -> int:
    # Long before any record (and before the clock's range in UTC, for year 1): none existed yet.
    version = version_at(conn, record_id, moment.end) if moment.start.year >= EPOCH else None
    if version is None:
        missing = _("该记录在此时间尚不存在")
        raise NotFoundError(f"{which}{moment.text}{_('：')}{missing}")
    return version


@blp.route(f"{ASOF}/versions")
@blp.response(200, AsOfVersionsSchema)
def asof_versions(kind: str, record_id: str):
    """一条记录（检查任务、问题、监管对象）的全部版本：每条事件一版"""
    k = kind_of(kind)
    with system().engine.connect() as conn:
        about, spine = _record(k, conn, record_id)
    items = [{**v, "at": utc(v["at"]), "title": event_title(k.stream_kind, v["event"])} for v in spine]
    return {**about, "items": items}


@blp.route(ASOF)
@blp.arguments(AsOfForm, location="query")
@blp.response(200, AsOfSchema)
def as_of(form: dict, kind: str, record_id: str):
    """时间回溯：一条记录在某一时间（北京时间）的状态，及至当时的变更记录"""
    k = kind_of(kind)
    with system().engine.connect() as conn:
        about, _spine = _record(k, conn, record_id)
        version = _version(conn, record_id, form["at"])
        facts = k.facts(conn, k.rebuild(record_id, version))
        history = entries(conn, record_id, until_version=version)
    return {**about, "moment": form["at"].text, "version": version, "facts": [vars(f) for f in facts],
            "entries": [entry(e) for e in history]}


@blp.route(f"{ASOF}/compare")
@blp.arguments(CompareForm, location="query")
@blp.response(200, AsOfCompareSchema)
def compare(form: dict, kind: str, record_id: str):
    """两个时间对比：有变化的事项，及其间的事件（to 不填为现在）"""
    k = kind_of(kind)
    with system().engine.connect() as conn:
        about, _spine = _record(k, conn, record_id)
        start = _version(conn, record_id, form["start"], _("起始时间") + " ")
        end = version_at(conn, record_id, form["to"].end if form["to"] else now())
        if end is None:
            raise NotFoundError(_("该记录在此时间尚不存在"))
        before = k.facts(conn, k.rebuild(record_id, start))
        after = k.facts(conn, k.rebuild(record_id, end))
        between = [e for e in entries(conn, record_id, until_version=end) if e["version"] > start]
    return {**about, "start": form["start"].text, "end": form["to"].text if form["to"] else _("现在"),
            "start_version": start, "end_version": end, "changes": [vars(c) for c in differences(before, after)],
            "entries": [entry(e) for e in between]}


@blp.route(f"{ASOF}/step/<int:version>")
@blp.response(200, AsOfStepSchema)
def step(kind: str, record_id: str, version: int):
    """逐条回放：第几版（本条事件后的状态、本条事件改变的事项、本条事件）"""
    k = kind_of(kind)
    with system().engine.connect() as conn:
        about, spine = _record(k, conn, record_id)
        if not 1 <= version <= len(spine):
            raise NotFoundError(_("该记录没有第 %(n)s 版（共 %(total)s 版）", n=version, total=len(spine)))
        after = k.facts(conn, k.rebuild(record_id, version))
        before = k.facts(conn, k.rebuild(record_id, version - 1)) if version > 1 else []
        event = entries(conn, record_id, until_version=version)[-1:]
    changes = differences(before, after) if version > 1 else []
    return {**about, "version": version, "facts": [vars(f) for f in after], "changes": [vars(c) for c in changes],
            "entries": [entry(e) for e in event]}

