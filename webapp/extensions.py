"""Flask extensions, created once and bound to the app in create_app with init_app."""

from flask_babel import Babel, lazy_gettext
from flask_login import LoginManager
from flask_wtf import CSRFProtect

babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = lazy_gettext("请先登录")
login_manager.localize_callback = str  # translated when flashed, in the request's language
login_manager.session_protection = "strong"
