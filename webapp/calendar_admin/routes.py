"""节假日安排: the working-day calendar by year, and recording a year's schedule (admin)."""

from flask import Blueprint

bp = Blueprint("calendar", __name__, url_prefix="/admin/calendar")


@bp.route("/")
def index():  # placeholder until the pages are built
    return ""
