"""A small world for page and API tests: 昌吉州 with two counties, a brigade each, six units,
four people and four users (a supervisor of the prefecture, an admin, a supervisor of 阜康市,
an officer of 昌吉市执法大队)."""

from __future__ import annotations

from datetime import date, timedelta

from domain.base import Actor
from domain.credit_code import make_credit_code

CLI = Actor("cli", "admin")
CODES = {name: make_credit_code(f"91652300MA7{n:06d}") for n, name in enumerate(
    ("化工", "热电", "粮库", "砖厂", "阜康铜业", "乳业"))}
TODAY = date.today()


def register_world(app) -> dict[str, str]:
    """昌吉州 with two counties, a brigade each, six units, three people, five users."""
    ids: dict[str, str] = {}
    jur = app.register_jurisdiction
    jur(CLI, "j1", code="650000", name="新疆维吾尔自治区", level="province", parent=None)
    jur(CLI, "j2", code="652300", name="昌吉回族自治州", level="prefecture", parent="650000")
    jur(CLI, "j3", code="652301", name="昌吉市", level="county", parent="652300")
    jur(CLI, "j4", code="652302", name="阜康市", level="county", parent="652300")
    app.form_brigade(CLI, "b1", code="CJ-01", name="昌吉市执法大队", kind="brigade", jurisdiction="652301")
    app.form_brigade(CLI, "b2", code="FK-01", name="阜康市执法大队", kind="brigade", jurisdiction="652302")
    units = [  # key, name, site, county, address, industry, extra
        ("化工", "新疆美克化工股份有限公司", "", "652301", "昌吉市北京南路1号", "化学原料",
         dict(category="key", category_year=2025, category_basis="2025年重点排污单位名录")),
        ("热电", "昌吉泰昌热电有限公司", "二号厂区", "652301", "昌吉市延安北路8号", "热力生产", {}),
        ("粮库", "昌吉孔雀河粮食储备有限公司", "", "652301", "昌吉市建国路3号", "粮食仓储",
         dict(exclusion_reason="suspended", exclusion_note="")),
        ("砖厂", "昌吉小红沟节能环保砖厂", "", "652301", "昌吉市榆树沟镇", "建材",
         dict(positive_list=True)),
        ("阜康铜业", "新疆五鑫铜业有限责任公司", "", "652302", "阜康市准东路5号", "有色金属", {}),
        ("乳业", "新疆西域春乳业有限公司", "", "652301", "昌吉市乳业园2号", "食品制造", {}),
    ]
    for key, name, site, county, address, industry, extra in units:
        outcome = app.register_target(CLI, f"t-{key}", credit_code=CODES[key], site=site, name=name,
                                      jurisdiction=county, address=address, industry=industry, **extra)
        ids[key] = outcome.aggregate_id.hex
    people = [
        ("张明", "officer", "31050015101", TODAY + timedelta(days=400), "CJ-01", dict(post="队长", specialities=["废气"])),
        ("李强", "officer", "31050015102", TODAY - timedelta(days=3), "CJ-01", dict(in_draw_pool=False)),
        ("王监测", "assistant", "JC-2025-01", None, "CJ-01", dict(post="监测员")),
        ("赵阜康", "officer", "31050015103", TODAY + timedelta(days=90), "FK-01", {}),
    ]
    for name, kind, cert, until, unit, extra in people:
        outcome = app.register_inspector(CLI, f"i-{cert}", name=name, kind=kind, cert_no=cert,
                                         cert_valid_until=until, unit=unit, **extra)
        ids[name] = outcome.aggregate_id.hex
    users = [("zhou", "supervisor", "652300", None), ("admin1", "admin", None, None),
             ("fukang", "supervisor", "652302", None), ("officer1", "inspector", None, "CJ-01")]
    for username, role, jurisdiction, brigade in users:
        app.create_user(CLI, f"u-{username}", username=username, display_name=username, role=role,
                        jurisdiction=jurisdiction, brigade=brigade)
    return ids
