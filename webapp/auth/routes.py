"""Login and logout. Failed attempts are logged and slowed down per user name and address."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..services import system
from ..throttle import Throttle
from .credentials import check_password
from .users import load_user_by_name

bp = Blueprint("auth", __name__)

# Login throttle: at most 5 failures in 5 minutes per (user name, address), per process.
failures = Throttle(limit=5, window=300.0)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    if request.method == "POST":
        username = request.form.get("username", "").strip().lower()
        key = (username, request.remote_addr or "-")
        if failures.too_many(key):
            current_app.logger.warning("登录过于频繁 user=%s addr=%s", *key)
            flash(_("登录失败次数过多，请5分钟后再试"), "error")
            return render_template("auth/login.html", username=username), 429
        ok = check_password(system().engine, username, request.form.get("password", ""))
        user = load_user_by_name(username) if ok else None
        if user is None:
            failures.count(key)
            current_app.logger.warning("登录失败 user=%s addr=%s", *key)
            flash(_("用户名或密码错误，或账号已停用"), "error")
            return render_template("auth/login.html", username=username), 401
        failures.forget(key)
        session.clear()
        login_user(user)
        session.permanent = True
        target = request.args.get("next", "")
        # Only local paths: never bounce a fresh session to another site.
        if not target.startswith("/") or target.startswith("//"):
            target = url_for("home.index")
        return redirect(target)
    return render_template("auth/login.html", username="")


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))
