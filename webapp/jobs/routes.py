"""后台任务: the jobs a user started (all of them for an admin), their progress and results."""

from flask import Blueprint

bp = Blueprint("jobs", __name__, url_prefix="/jobs")


@bp.route("/")
def index():  # placeholder until the pages are built
    return ""
