from flask import Blueprint
from flask_login import login_required

bp = Blueprint("directory", __name__)


@bp.route("/targets")
@login_required
def targets():
    return "检查对象名录"


@bp.route("/inspectors")
@login_required
def inspectors():
    return "检查人员名录"
