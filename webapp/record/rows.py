"""A record's events as rows of text, one per event: the page, the workbook and the JSON
all show these same rows, so what is printed, exported and checked is one thing."""

from __future__ import annotations

from flask_babel import gettext as _

from domain.plan_rules import STRATA
from domain.vocabulary import ROLES

from ..history import event_title, field_label, show_value
from ..templating import label, local_time
from .words import STREAMS

CREATING = ("Registered", "Formed", "Created", "Planned", "Found")  # their facts are the content


def rows(record: dict) -> list[dict]:
    streams = record["streams"]
    return [_row(n, e, streams.get(e["stream_id"], {})) for n, e in enumerate(record["entries"], 1)]


def cells(row: dict) -> list:
    """The row under the columns 序号 … 理由/依据 (words.COLUMNS); lists one item a line."""
    return [row["no"], row["time"], row["record"], row["title"], row["actor"], row["role"],
            "\n".join(row["documents"]), "\n".join(row["hashes"]), "\n".join(row["changes"]), "\n".join(row["reason"])]


def _row(n: int, e: dict, stream: dict) -> dict:
    kind, at = e["kind"], e["at"]
    reason = [e["reason"]] if e["reason"] else []
    if e["basis"]:
        reason.append(_("依据") + _("：") + e["basis"])
    return {
        "no": n, "position": e["position"], "stream_id": e["stream_id"], "stream_kind": kind,
        "version": e["version"], "event": e["event"], "command_id": e["command_id"],
        # Asia/Shanghai has kept +08:00 all year since 1991
        "at": local_time(at, "%Y-%m-%dT%H:%M:%S+08:00"), "time": local_time(at, "%Y-%m-%d %H:%M:%S"),
        "record": _(STREAMS.get(kind, kind)) + _("：") + (stream.get("name") or e["stream_id"]),
        "title": event_title(kind, e["event"]), "actor": str(e["actor_id"] or ""), "actor_id": e["actor_key"],
        "actor_role": e["actor_role"],
        "role": label("role", e["actor_role"]) if e["actor_role"] in ROLES else e["actor_role"],
        "documents": e["documents"], "hashes": [h["sha256"] for h in e["hashes"]],
        "changes": _content(e), "reason": reason,
    }


def _content(e: dict) -> list[str]:
    """What changed (before → after), or for a new record and a plain step, what it holds."""
    kind = e["kind"]
    if "drawn" in e:
        return _drawn(e["drawn"])
    lines = [f"{field_label(f, kind)}{_('：')}{_show(f, b, kind)} → {_show(f, a, kind)}" for f, b, a in e["changes"]]
    if e["event"] in CREATING or not e["changes"]:
        lines += [f"{field_label(f, kind)}{_('：')}{_show(f, v, kind)}" for f, v in e["facts"]]
    return lines


def _drawn(drawn: dict) -> list[str]:
    who = _("随机抽中检查人员") if drawn["kind"] == "officer" else _("随机抽中辅助人员")
    count = drawn["candidates"]
    lines = [f"{who}{_('：')}{_('、').join(drawn['names']) or '—'}",
             _("候选 %(n)s 人", n=count) if isinstance(count, int) else _("候选人员") + _("：") + str(count)]
    if drawn["short"]:
        lines.append(_("人员不足") + _("：") + (drawn["reason"] or "—"))
    if drawn["digest"]:
        lines.append(_("抽取记录摘要") + _("：") + drawn["digest"])
    return lines


def _show(field: str, value, kind: str) -> str:
    """As the history table shows a value, but a draw's big values (the committed document,
    the strata's rules and selections) in a line a reader takes in."""
    if field == "document" and isinstance(value, dict):
        return _("版本 %(v)s，名单截至 %(cutoff)s（全文见抽查计划文件包）", v=value.get("version", ""),
                 cutoff=local_time(value.get("cutoff")) or "—")
    if field == "public_source" and isinstance(value, dict):
        return value.get("description") or show_value(field, value, kind)
    if isinstance(value, dict) and value and set(value) <= set(STRATA):
        return _("；").join(f"{label('category', s)} {_per_stratum(value[s])}" for s in STRATA if s in value)
    if field == "stratum" and value in STRATA:
        return label("category", value)
    if field == "problems" and isinstance(value, list):
        return _("%(n)s 项", n=len(value))
    return show_value(field, value, kind)


def _per_stratum(value) -> str:
    if isinstance(value, list):
        return _("%(n)s 家", n=len(value))
    if isinstance(value, dict):  # a rule: a ratio of the stratum, or units per officer
        if value.get("ratio"):
            return str(value["ratio"])
        return _("每名执法人员 %(n)s 家", n=value.get("per_officer"))
    return str(value)

