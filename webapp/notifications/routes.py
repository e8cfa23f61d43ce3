"""提醒: the reminders sent to the logged-in user, unread first; the reminder rules."""

from flask import Blueprint

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.app_context_processor
def unread():
    return {"unread_notifications": lambda: 0}  # placeholder until the pages are built


@bp.route("/")
def index():  # placeholder until the pages are built
    return ""
