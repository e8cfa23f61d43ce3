"""一公开 for supervisors: the results to review, due this week, overdue, withheld and
published; review, publish, withhold and correct; on-time rates per jurisdiction."""

from flask import Blueprint

bp = Blueprint("disclosure", __name__, url_prefix="/disclosure")


@bp.route("/")
def index():  # placeholder until the pages are built
    return ""
