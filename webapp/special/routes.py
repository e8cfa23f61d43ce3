"""特殊监管对象联审 (the proposed list and the meeting's decision) and the public's reports
of data errors (纠错), for supervisors."""

from flask import Blueprint

bp = Blueprint("special", __name__)


@bp.route("/special/")
def proposal():  # placeholder until the pages are built
    return ""


@bp.route("/corrections/")
def corrections():  # placeholder until the pages are built
    return ""
