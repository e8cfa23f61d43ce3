"""The crew of a task beyond assignment: an officer's recusal (回避) after a draw — the next
in rank goes, as a new draw record — and the other department's members in a joint
inspection (部门联合, 兵地联合), recorded as that department names them."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _, lazy_gettext

from domain.tasks import InspectionTask
from workers import draws

from ..auth.users import roles_required
from ..forms import FormSchema, answer, load_form, one_of, reason, text
from ..services import actor, command_id, system
from .routes import SUPERVISORS, _done, _supervised, bp
from .schemas import JOINT_KINDS


class RecusalForm(FormSchema):
    officer = text(lazy_gettext("回避的检查人员"), 32)
    reason = reason(lazy_gettext("回避原因"))


class JointForm(FormSchema):
    department = text(lazy_gettext("联合检查部门"), 80)
    kind = one_of(lazy_gettext("联合检查类别"), JOINT_KINDS, listed=True)
    members = text(lazy_gettext("对方派出人员（每行一人）"), 1000)
    basis = text(lazy_gettext("依据"), 200, required=False)


@bp.route("/tasks/<task_id>/recusal", methods=["POST"])
@roles_required(*SUPERVISORS)
def recuse(task_id: str):
    target = _supervised(task_id)
    form = load_form(RecusalForm())
    outcome = draws.recuse(system(), target, form["officer"], form["reason"], actor(), command_id())
    return _done(outcome.changed, _("已登记回避，由排名下一位的检查人员替补"), task_id)


@bp.route("/tasks/<task_id>/joint", methods=["POST"])
@roles_required(*SUPERVISORS)
def joint(task_id: str):
    target = _supervised(task_id)
    form = load_form(JointForm())
    members = [line.strip() for line in form["members"].splitlines() if line.strip()]
    outcome = system().app.command(InspectionTask, target, "record_joint_members", actor(), command_id(),
                                   department=form["department"], kind=form["kind"], members=members,
                                   basis=form.get("basis") or "")
    return answer(outcome.position, _("联合检查人员已登记"), url_for(".task", task_id=task_id))
