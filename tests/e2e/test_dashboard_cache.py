"""The supervisor's dashboard figures are counted once per state of the read tables
(webapp/home/figures.py): a second request with nothing new reuses them, the API's
supervisor dashboard too; a new event makes the next request count afresh, and the page
shows what it changed."""

from __future__ import annotations

import re

from domain.base import Actor
from projections import dashboards
from tests.e2e.test_dashboards import Frozen
from tests.support.statistics import add_readers, build_quarter
from webapp.tasks import views

COUNTY = re.compile(r'<li class="county heat-\d" data-code="(\w+)">')


def test_the_figures_are_counted_again_only_after_a_new_event(system, login, monkeypatch):
    monkeypatch.setattr(views, "datetime", Frozen)
    build_quarter(system)
    add_readers(system)
    system.projector.catch_up()
    counted = []
    real = dashboards.supervisor

    def counting(conn, scope, today):
        counted.append((scope, today))
        return real(conn, scope, today)

    monkeypatch.setattr(dashboards, "supervisor", counting)
    boss = login("zhidui")
    first = boss.get("/")
    assert first.status_code == 200 and len(counted) == 1
    second = boss.get("/")
    assert len(counted) == 1 and COUNTY.findall(second.text) == COUNTY.findall(first.text)
    api = boss.get("/api/v1/dashboards/supervisor")
    assert api.status_code == 200 and len(counted) == 1  # the API reads the same figures
    assert [p["code"] for p in api.get_json()["counties"]["places"]] == COUNTY.findall(first.text)
    assert "652327" not in COUNTY.findall(first.text)

    system.app.register_jurisdiction(Actor("cli", "admin"), "j-jmsr", code="652327", name="吉木萨尔县",
                                     level="county", parent="652300")
    system.projector.catch_up()
    after = boss.get("/")
    assert len(counted) == 2 and "652327" in COUNTY.findall(after.text)
    boss.get("/")
    assert len(counted) == 2
