"""核验文件包 as a download, and who may have which.

A bundle discloses the stored events of its streams. One task's, unit's or draw's bundle
goes to whoever may read that record's full-process record (webapp/record: the same check,
imported, not repeated). A whole-store or a period bundle discloses records of every
jurisdiction (a period's: every record touched in it, wherever it is), so only a user whose
scope has no limit may have one.

The bundle is written to a temporary file, then streamed from it: a whole store does not
have to fit in memory, and a refusal (LedgerAlarm: the store was changed since the last
signed checkpoint) comes before any byte of the answer."""

from __future__ import annotations

import io
import tempfile
from datetime import date
from urllib.parse import quote

from flask import Response, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wsgi import wrap_file

from projections import record as records
from workers.ledger_export import export_bundle

from ..auth.users import refuse
from ..record.export import UNSAFE
from ..record.routes import _may_see
from ..record.words import SUBJECTS
from ..services import actor, system


def may_have_everything() -> bool:
    """A whole-store or period bundle: only for a scope without limit (it discloses every place).
    The routes admit admins, supervisors and reviewers only; an inspector's scope is a brigade's."""
    return current_user.scope.unlimited


def require_everything() -> None:
    if not may_have_everything():
        refuse(_("整库或期间核验文件包会公开所有辖区的记录，仅限不受辖区限制的账号下载"))


def subject_title(kind: str, subject_id: str) -> tuple[str, str]:
    """("检查任务：<name>", "检查任务_<name>") — after the record page's own check (unknown: 404,
    another's: 403)."""
    with system().engine.connect() as conn:
        _may_see(conn, kind, subject_id)
        named = records.stream_names(conn, [{"kind": records.STREAM_KIND[kind], "stream_id": subject_id}])
    subject, name = _(SUBJECTS[kind]), named[subject_id]["name"] or subject_id
    return f"{subject}{_('：')}{name}", f"{subject}_{name}"


def period_title(start: date, end: date) -> str:
    return _("期间 %(start)s 至 %(end)s", start=start.isoformat(), end=end.isoformat())


def bundle_response(kind: str, title: str, file_title: str | None = None, *, subject: str | None = None,
                    start: date | None = None, end: date | None = None) -> Response:
    """The bundle as a download: `title` goes into the bundle's scope, `file_title` (else the
    title) into the file's name: 核验文件包_<file_title>.json."""
    raw = tempfile.TemporaryFile()
    try:
        out = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        export_bundle(system(), actor(), out, kind=kind, subject=subject, start=start, end=end, title=title)
        out.flush()
        out.detach()  # the bytes stay in `raw`; closing the wrapper would delete them
        size = raw.tell()
        raw.seek(0)
    except BaseException:
        raw.close()
        raise
    bundle = _('核验文件包')  # outside the f-string, where pybabel can see it
    name = UNSAFE.sub("_", f"{bundle}_{file_title or title}")[:80].strip("_") + ".json"
    plain = f"ledger-{kind}-{(subject or (start.isoformat() if start else 'store'))[:12]}.json"
    return Response(wrap_file(request.environ, raw), mimetype="application/json", direct_passthrough=True,
                    headers={"Content-Length": str(size), "Content-Disposition":
                             f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name)}"})
