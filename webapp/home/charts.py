"""The charts' specifications, as webapp/static/dashboard.js draws them: a page carries each in a
<script type="application/json"> block beside the table it was made from (the CSP allows no
inline code). A point is {"value": number | None, "href": the list of the rows it counts};
clicking it opens that list. `label` is written above a bar, coloured by `tone` ("ok" /
"bad"); `line` draws the requirement as a horizontal line; `axes` names one or two value axes."""

from __future__ import annotations


def point(value, href: str | None = None, tone: str | None = None, label: str | None = None) -> dict:
    found: dict = {"value": None if value is None else float(value)}
    for key, given in (("href", href), ("tone", tone), ("label", label)):
        if given:
            found[key] = given
    return found


def series(name: str, points: list[dict], kind: str = "bar", *, stack: str | None = None, axis: int = 0) -> dict:
    return {"name": name, "type": kind, "stack": stack, "axis": axis, "data": points}


def chart(title: str, categories: list[str], all_series: list[dict], *, axes: list[str] | None = None,
          line: float | None = None, line_label: str = "", rotate: bool = False) -> dict:
    return {"title": title, "categories": categories, "series": all_series, "axes": axes or [""],
            "line": line, "line_label": line_label, "rotate": rotate}
