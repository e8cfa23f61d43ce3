"""Public pages: no login, nothing personal (no officer names, no certificate numbers)."""

from flask import Blueprint, render_template
from sqlalchemy import func, select

from projections.tables import jurisdictions, targets

from ..services import system

bp = Blueprint("public", __name__, url_prefix="/public")


@bp.route("/")
def index():
    with system().engine.connect() as conn:
        counts = dict(conn.execute(select(targets.c.category, func.count()).group_by(targets.c.category)).all())
        places = conn.execute(select(func.count()).select_from(jurisdictions)).scalar()
    return render_template("public/index.html", counts=counts, places=places)
