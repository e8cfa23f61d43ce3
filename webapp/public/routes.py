"""Public pages: no login, nothing personal (no officer names, no certificate numbers).

A sampling plan is published from its commitment on (事前公开: rules, quotas, the commitment
hash, the declared public randomness and the cut-off); once executed, the units drawn, the
public value, the revealed secret and the seed, and the bundle anyone can verify offline
with the standalone verifier served here too. A draft is not published (404)."""

from pathlib import Path

from flask import Blueprint, Response, render_template
from flask_babel import gettext as _
from sqlalchemy import func, select

from domain import draw_verify
from domain.base import NotFoundError
from domain.plan_rules import STRATA
from domain.plans import LEVELS, PERIOD_KINDS, STATES
from projections import ledger_views
from projections.tables import jurisdictions, targets

from ..plans import queries as plan_queries
from ..plans.routes import VERIFY_COMMANDS, bundle_name, bundle_response, view
from ..plans.schemas import SOURCE_KINDS
from ..services import system

bp = Blueprint("public", __name__, url_prefix="/public")
ALGORITHM = Path(__file__).resolve().parents[2] / "docs" / "draw-algorithm.md"


@bp.route("/")
def index():
    with system().engine.connect() as conn:
        counts = dict(conn.execute(select(targets.c.category, func.count()).group_by(targets.c.category)).all())
        places = conn.execute(select(func.count()).select_from(jurisdictions)).scalar()
        plans = plan_queries.published_plans(conn)
    return render_template("public/index.html", counts=counts, places=places, plans=plans, states=STATES,
                           kinds=PERIOD_KINDS)


def _published(conn, plan_id: str) -> dict:
    row = plan_queries.plan(conn, plan_id)
    if row is None or row["state"] not in plan_queries.PUBLISHED:
        raise NotFoundError(_("抽查计划不存在或尚未公开"))
    return row


@bp.route("/plans/<plan_id>")
def plan(plan_id: str):
    with system().engine.connect() as conn:
        row = _published(conn, plan_id)
        p = view(conn, row)
        drawn = plan_queries.drawn(conn, p["id"], p["selected"], with_officers=False) if p["executed"] else {}
        replaced = plan_queries.replacements(conn, p["replacements"]) if p["executed"] else []
        checkpoint = ledger_views.latest_checkpoint(conn)  # printed at the foot: a reader keeps it
    return render_template("public/plan.html", p=p, drawn=drawn, replaced=replaced, strata=STRATA,
                           states=STATES, levels=LEVELS, kinds=PERIOD_KINDS, source_kinds=SOURCE_KINDS,
                           bundle_file=bundle_name(plan_id), checkpoint=checkpoint,
                           verify_commands=[c.format(file=bundle_name(plan_id)) for c in VERIFY_COMMANDS])


@bp.route("/plans/<plan_id>/bundle.json")
def bundle(plan_id: str):
    with system().engine.connect() as conn:
        _published(conn, plan_id)
    return bundle_response(plan_id)


@bp.route("/draw-algorithm.md")
def algorithm():
    """The algorithm, byte for byte, as the repository documents it (docs/draw-algorithm.md)."""
    if not ALGORITHM.is_file():
        raise NotFoundError(_("算法说明文件未随本次安装提供"))
    return Response(ALGORITHM.read_text(encoding="utf-8"), mimetype="text/plain")


@bp.route("/draw_verify.py")
def verifier():
    """The standalone verifier (standard library only): `python draw_verify.py bundle.json`."""
    source = Path(draw_verify.__file__).read_text(encoding="utf-8")
    return Response(source, mimetype="text/x-python",
                    headers={"Content-Disposition": 'attachment; filename="draw_verify.py"'})
