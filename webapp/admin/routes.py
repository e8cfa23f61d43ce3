from flask import Blueprint

from ..auth.users import roles_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users")
@roles_required("admin")
def users():
    return "用户管理"
