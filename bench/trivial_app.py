"""The load bench's baseline: a Flask route that answers "ok" and touches nothing else,
served by the same gunicorn configuration as the app (`gunicorn bench.trivial_app:app`).
What the app's pages cost beyond it is our code, the templates and the database."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def ok() -> str:
    return "ok"
