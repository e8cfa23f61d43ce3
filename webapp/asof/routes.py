from flask import Blueprint

bp = Blueprint("asof", __name__, url_prefix="/asof")
