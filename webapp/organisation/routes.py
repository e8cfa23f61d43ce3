from flask import Blueprint
from flask_login import login_required

bp = Blueprint("organisation", __name__)


@bp.route("/organisation")
@login_required
def index():
    return "辖区与执法单位"
