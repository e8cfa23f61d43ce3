"""The supervisor's (and admin's) home page: projections/dashboards.supervisor for the user's
jurisdiction, with each figure's link to the list of the rows it counts, and the charts made
from the same figures. The old home page's counts (units, officers, the disclosure lists,
the ledger) stay at the top."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from domain.vocabulary import CATEGORIES
from projections import disclosure_views, ledger_views

from ..services import system
from ..stats.labels import money
from . import charts as c
from . import figures


def rows_link(listing: str, count: str, span: str, **narrowing) -> str:
    """The status board's list of the rows a measure counts in a period (webapp/stats)."""
    return url_for("stats.rows", listing=listing, count=count, period=span, **narrowing)


def links(d: dict) -> dict:
    """Every figure's link, keyed the way the template asks for it: "period" by month label
    ("2026-07") and by this quarter's and year's labels."""
    drawn = {name: {r["category"]: rows_link("tasks", "drawn", d[name]["label"], category=r["category"])
                    for r in rows} for name, rows in d["ratios"].items()}
    period = {m: {"found": rows_link("problems", "found", m), "closed": rows_link("problems", "closed", m),
                 "inspected": rows_link("tasks", "inspected", m), "on_site": rows_link("tasks", "on_site", m),
                 "off_site": rows_link("tasks", "off_site", m), "penalty": rows_link("dispositions", "penalty", m)}
             for m in d["months"]}
    for name in ("quarter", "year"):
        label = d[name]["label"]
        period[label] = {k: rows_link("tasks", k, label) for k in ("inspected", "on_site", "off_site")}

    def place(code: str | None) -> dict:
        where = {"jurisdiction": code} if code else {}
        return {"problems": url_for("problems.board", overdue="yes", **where),
                "tasks": url_for("stats.rows", listing="tasks", overdue="yes", **where),
                "disclosures": url_for("disclosure.index", list="overdue", **where)}

    places = {p["code"]: place(p["code"]) for p in d["counties"]["places"]}
    return {"drawn": drawn, "period": period, "place": places, "total": place(None),
            "stats": {name: url_for("stats.tables", period=d[name]["label"]) for name in ("quarter", "year")}}


def specs(d: dict, link: dict) -> dict:
    """The charts, made from the same figures and links as the tables beside them."""
    names = [_(CATEGORIES[r["category"]]) for r in d["ratios"]["quarter"]]

    def ratio(r: dict, name: str) -> dict:  # the bar, and above it ✔ / ✘ drawn/minimum
        mark = f"{'✔' if r['met'] else '✘'} {r['drawn']}/{r['minimum']}"
        return c.point(r["percent"], link["drawn"][name][r["category"]], "ok" if r["met"] else "bad", mark)

    ratio_series = [c.series(title, [ratio(r, name) for r in d["ratios"][name]])
                    for name, title in (("quarter", _("本季度")), ("year", _("本年度")))]
    months = d["months"]
    problems = d["problems_by_month"]
    inspected = d["inspections"]["by_month"]
    fines = d["penalties_by_month"]
    places = d["counties"]["places"]
    return {
        "ratios": c.chart(_("实际抽取数占最低应抽取数的百分比"), names, ratio_series, axes=["%"], line=100,
                          line_label=_("最低要求")),
        "problems": c.chart(_("问题发现与办结（按月）"), months, [
            c.series(_("发现问题"), [c.point(r["found"], link["period"][r["month"]]["found"]) for r in problems]),
            c.series(_("办结问题"), [c.point(r["closed"], link["period"][r["month"]]["closed"]) for r in problems])]),
        "inspections": c.chart(_("现场与非现场检查（按月）"), months, [
            c.series(_("现场检查"), [c.point(r["on_site"], link["period"][r["month"]]["on_site"]) for r in inspected],
                     stack="inspected"),
            c.series(_("非现场检查"), [c.point(r["off_site"], link["period"][r["month"]]["off_site"])
                                       for r in inspected], stack="inspected"),
            c.series(_("非现场占比（%）"), [c.point(r["off_site_share"], link["period"][r["month"]]["off_site"])
                                         for r in inspected], "line", axis=1)], axes=[_("次"), "%"]),
        "penalties": c.chart(_("行政处罚决定（按月）"), months, [
            c.series(_("处罚决定数"), [c.point(r["decisions"], link["period"][r["month"]]["penalty"]) for r in fines]),
            c.series(_("罚款金额（元）"), [c.point(r["fines"], link["period"][r["month"]]["penalty"]) for r in fines],
                     "line", axis=1)], axes=[_("件"), _("元")]),
        "counties": c.chart(_("各县市逾期情况"), [p["name"] for p in places], [
            c.series(title, [c.point(p[key], link["place"][p["code"]][key]) for p in places])
            for key, title in (("problems", _("逾期问题")), ("tasks", _("逾期任务")), ("disclosures", _("逾期未公开")))],
            rotate=True),
    }


def heat(place: dict) -> int:
    """How red a county's cell is: 0 nothing overdue … 3 ten or more."""
    n = place["problems"] + place["tasks"] + place["disclosures"]
    return 0 if n == 0 else 1 if n < 3 else 2 if n < 10 else 3


def grid(places: list[dict]) -> list[tuple[str | None, list[dict]]]:
    """The county cells in runs of the same prefecture, in the order of their codes."""
    runs: list[tuple[str | None, list[dict]]] = []
    for p in places:
        if not runs or runs[-1][0] != p["region"]:
            runs.append((p["region"], []))
        runs[-1][1].append(p)
    return runs


def render(today: date, scope_name: str | None):
    scope = current_user.scope
    with system().engine.connect() as conn:
        d = figures.supervisor(conn, scope, today)  # kept while the data stay the same
        overview = {"directory": d["directory"], "disclosing": disclosure_views.list_counts(conn, scope, today),
                    "ledger": ledger_views.status(conn)}
    link = links(d)
    return render_template("home/supervisor.html", d=d, link=link, charts=specs(d, link), heat=heat,
                           grid=grid(d["counties"]["places"]),
                           scope_name=scope_name, categories=CATEGORIES,
                           money=lambda yuan: money(Decimal(yuan)), **overview)
