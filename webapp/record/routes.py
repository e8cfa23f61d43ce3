"""执法全过程记录: every event of a task (with its problems), a problem, a unit, an officer or
a draw, in log order, on a printable page and as .xlsx / JSON downloads of the same rows.

Who may see a record is what the record's own page allows: a task or a problem to whoever
may open its page (in scope, or one of the task's officers: webapp/tasks/views._row and
webapp/problems/views._row); a unit, an officer or a draw to admins, supervisors and
reviewers whose scope covers it. Unknown: 404; another's: 403. Nothing here writes.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from flask import Blueprint, Response, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from domain.base import NotFoundError
from projections import record as records

from ..auth.users import refuse, require_in_scope
from ..errors import render_error
from ..problems.views import _row as problem_row
from ..services import system
from ..tasks.views import _row as task_row
from ..templating import SHANGHAI
from . import export
from .rows import rows as rows_of
from .words import COLUMNS, MISSING, SUBJECTS

bp = Blueprint("record", __name__, url_prefix="/record", static_folder="static")
READERS = ("admin", "supervisor", "reviewer")
KIND = f"any({', '.join(records.KINDS)})"
TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "json": "application/json"}
# Each stream kind's own page (endpoint, argument), linked from the rows.
PAGES = {"inspectiontask": ("tasks.task", "task_id"), "problem": ("problems.problem", "problem_id"),
         "target": ("directory.target", "target_id"), "inspector": ("directory.inspector", "inspector_id"),
         "samplingplan": ("plans.plan", "plan_id")}


def _may_see(conn, kind: str, subject_id: str) -> None:
    if kind == "task":
        task_row(conn, subject_id)
    elif kind == "problem":
        problem_row(conn, subject_id)
    else:
        if current_user.role not in READERS:
            refuse(_("角色 %(role)s 无权访问", role=current_user.role))
        path = records.scope_path(conn, kind, subject_id)
        if path is None:
            raise NotFoundError(_(MISSING[kind]))
        require_in_scope(path)


def page_of(stream_kind: str, stream_id: str) -> str | None:
    endpoint, argument = PAGES.get(stream_kind, (None, None))
    return url_for(endpoint, **{argument: stream_id}) if endpoint else None


def _as_of() -> int | None:
    try:
        return system().projector.position()
    except Exception:  # the page still shows the record; the footer says the same
        return None


@bp.route(f"/<{KIND}:kind>/<subject_id>")
@bp.route(f"/<{KIND}:kind>/<subject_id>.<any(xlsx, json):ext>")
@login_required
def record(kind: str, subject_id: str, ext: str | None = None):
    wanted = ext or request.args.get("format") or "html"
    if wanted not in ("html", *TYPES):
        return render_error(400, _("导出格式只能是 xlsx 或 json"))
    with system().engine.connect() as conn:
        _may_see(conn, kind, subject_id)
        found = records.record(conn, kind, subject_id)
    if found is None:  # removed between the check and the read: a rebuild
        raise NotFoundError(_(MISSING[kind]))
    rows, as_of = rows_of(found), _as_of()
    heading = f"{_('执法全过程记录')} · {_(SUBJECTS[kind])}{_('：')}{found['name']}"
    if wanted == "html":
        task_record = url_for(".record", kind="task", subject_id=found["ids"]["task_id"]) if kind == "problem" else None
        return render_template("record/record.html", r=found, rows=rows, as_of=as_of,
                               columns=COLUMNS, subject=SUBJECTS[kind], page_of=page_of,
                               back=page_of(records.STREAM_KIND[kind], subject_id), task_record=task_record)
    if wanted == "xlsx":
        body = export.workbook(heading, _facts(found, as_of, len(rows)), rows)
    else:
        body = export.document(found, heading, as_of, rows)
    name = export.filename(f"{_(SUBJECTS[kind])}_{found['name']}", wanted)
    plain = f"record-{kind}-{subject_id[:12]}.{wanted}"  # for clients that ignore filename*
    return Response(body, mimetype=TYPES[wanted], headers={
        "Content-Disposition": f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name)}"})


def _facts(found: dict, as_of: int | None, count: int) -> list[tuple[str, str]]:
    """The workbook's 说明 sheet: what the record is of, its ids, and when it was made."""
    ids = [f"{k}: {', '.join(v) if isinstance(v, list) else (v or '—')}" for k, v in found["ids"].items()]
    return [(_("记录对象"), f"{_(SUBJECTS[found['kind']])}{_('：')}{found['name']}"), (_("编号"), "\n".join(ids)),
            (_("事件数"), str(count)), (_("数据截至事件"), f"#{as_of}" if as_of is not None else "—"),
            (_("导出时间"), datetime.now(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")),
            (_("时间"), _("北京时间（Asia/Shanghai）；按事件库顺序排列"))]
