"""报表: the official reports of a period and jurisdiction, as pages and .xlsx."""

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")


@bp.route("/")
def index():  # placeholder until the pages are built
    return ""
