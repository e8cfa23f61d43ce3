"""What the API test modules share: the demo loaded once per module, a logged-in client per
user, and a GET whose answer is checked against the OpenAPI document."""

from __future__ import annotations

from typing import Callable, Iterator

from projections.system import Settings, open_system
from tests.support.openapi import assert_matches_openapi
from tests.support.pages import PASSWORD
from webapp import create_app
from webapp.auth.credentials import set_password
from workers.demo.load import load_demo


def open_demo(tmp_path_factory, name: str, **config) -> Iterator[tuple]:
    """The demo's directories, accounts and casework, and an app on them (for a module fixture)."""
    var = tmp_path_factory.mktemp(name) / "var"
    s = open_system(Settings(var_dir=var))
    load_demo(s, "default", echo=lambda *_: None)
    s.projector.catch_up()
    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, **config, "SHUANGSUI_SETTINGS": {"var_dir": var}},
                     system=s)
    yield s, app
    s.close()


def logged_in(s, app) -> Callable[[str], object]:
    """A logged-in test client per user name (one each, kept)."""
    clients = {}

    def as_user(username: str):
        if username not in clients:
            client = app.test_client()
            set_password(s.engine, username, PASSWORD)
            assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302
            clients[username] = client
        return clients[username]
    return as_user


def api(client, path: str, status: int = 200, template: str | None = None, *, check: bool = True):
    """The JSON answer of a GET, with its status; `check`: it fits the OpenAPI document."""
    response = client.get(path)
    assert response.status_code == status, response.text
    if check:
        assert_matches_openapi(client.application, response, template or path)
    return response.get_json()
