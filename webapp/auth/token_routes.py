"""A user's API tokens, on the page: issue one (the secret is shown once), see when each was
last used, revoke it. The same on the API (webapp/api/tokens.py) and the CLI (`shuangsui token`)."""

from __future__ import annotations

from flask import flash, render_template, url_for
from flask_babel import gettext as _, lazy_gettext
from flask_login import current_user, login_required

from ..forms import FormSchema, answer, load_form, reason, text
from ..services import actor, command_id, new_command_id, system
from . import tokens
from .routes import bp


class TokenForm(FormSchema):
    name = text(lazy_gettext("令牌名称（用途，如“省平台对接”）"), 50)


class RevokeForm(FormSchema):
    reason = reason(lazy_gettext("吊销原因"))


@bp.route("/account/tokens")
@login_required
def tokens_page():
    return render_template("auth/tokens.html", tokens=tokens.tokens_of(system().engine, current_user.username),
                           command_id=new_command_id(), issued=None)


@bp.route("/account/tokens", methods=["POST"])
@login_required
def issue_token():
    form = load_form(TokenForm())
    issued = tokens.issue(system(), actor(), command_id(), current_user.username, form["name"])
    flash(_("令牌已签发。请立即复制保存：离开本页后将无法再次查看。"), "ok")
    return render_template("auth/tokens.html", tokens=tokens.tokens_of(system().engine, current_user.username),
                           command_id=new_command_id(), issued=issued)


@bp.route("/account/tokens/<token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(token_id: str):
    form = load_form(RevokeForm())
    position = tokens.revoke(system(), actor(), command_id(), current_user.username, token_id, form["reason"])
    return answer(position, _("令牌已吊销"), url_for("auth.tokens_page"))
