"""辖区与执法单位, as a bureau meets it: the jurisdiction tree, forming an inspection group
for two counties, staffing it by certificate number, changing and dissolving it."""

from __future__ import annotations

import logging
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from domain.base import Actor
from projections.tables import brigades
from webapp.auth.credentials import set_password

SETUP = Actor("setup", "admin")
PEOPLE = {  # username: (display name, role, jurisdiction, brigade, password)
    "admin": ("系统管理员", "admin", None, None, "Admin-2026"),
    "changji": ("昌吉州支队调度", "supervisor", "652300", None, "Changji-2026"),
    "korla": ("巴州支队调度", "supervisor", "652800", None, "Korla-2026"),
    "zhangwei": ("张伟", "inspector", None, "CJ-ZD", "Zhangwei-2026"),
}


@pytest.fixture
def bureau(system):
    """Xinjiang → 昌吉州 (昌吉市, 阜康市) and 巴州 (库尔勒市); the Changji detachment with
    two officers and the Korla brigade with one; the accounts above. The projector runs
    in the background, as it does in the embedded server."""
    app = system.app
    places = [("650000", "新疆维吾尔自治区", "province", None), ("652300", "昌吉回族自治州", "prefecture", "650000"),
              ("652301", "昌吉市", "county", "652300"), ("652302", "阜康市", "county", "652300"),
              ("652800", "巴音郭楞蒙古自治州", "prefecture", "650000"), ("652801", "库尔勒市", "county", "652800")]
    for code, name, level, parent in places:
        app.register_jurisdiction(SETUP, f"j-{code}", code=code, name=name, level=level, parent=parent)
    app.form_brigade(SETUP, "b-cj", code="CJ-ZD", name="昌吉州生态环境保护综合行政执法支队", kind="brigade",
                     jurisdiction="652300")
    app.form_brigade(SETUP, "b-kel", code="KEL-DD", name="库尔勒市执法大队", kind="brigade", jurisdiction="652801")
    for cert, name, unit in (("65230100001", "张伟", "CJ-ZD"), ("65230100002", "李娜", "CJ-ZD"),
                             ("65280100001", "艾力", "KEL-DD")):
        app.register_inspector(SETUP, f"i-{cert}", name=name, kind="officer", cert_no=cert,
                               cert_valid_until=date(2029, 12, 31), unit=unit, post="执法队员")
    for username, (display, role, jurisdiction, brigade, password) in PEOPLE.items():
        app.create_user(SETUP, f"u-{username}", username=username, display_name=display, role=role,
                        jurisdiction=jurisdiction, brigade=brigade)
        set_password(system.engine, username, password)
    system.projector.catch_up()
    system.projector.start_thread()  # read-your-writes after each form, as in the server
    from webapp.auth import routes

    routes.failures.clear()
    return system


def login(app, username: str):
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": PEOPLE[username][4]})
    assert response.status_code == 302, response.text
    return client


class Nesting(HTMLParser):
    """For every <li data-code>, the code of the <li data-code> it sits in (or None)."""

    def __init__(self):
        super().__init__()
        self.stack: list[str | None] = []
        self.parent_of: dict[str, str | None] = {}

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            code = dict(attrs).get("data-code")
            if code:
                self.parent_of[code] = next((c for c in reversed(self.stack) if c), None)
            self.stack.append(code)

    def handle_endtag(self, tag):
        if tag == "li" and self.stack:
            self.stack.pop()


def tree_of(html: str) -> dict[str, str | None]:
    parser = Nesting()
    parser.feed(html)
    return parser.parent_of


def row_of(html: str, code: str) -> str:
    match = re.search(rf'<tr data-code="{re.escape(code)}">(.*?)</tr>', html, re.S)
    assert match, f"no row for {code}"
    return match.group(1)


def events(system) -> int:
    return system.app.recorder.max_notification_id() or 0


def test_the_tree_shows_each_jurisdiction_under_its_parent(app, bureau):
    page = login(app, "admin").get("/organisation")
    assert page.status_code == 200
    assert tree_of(page.text) == {"650000": None, "652300": "650000", "652301": "652300", "652302": "652300",
                                  "652800": "650000", "652801": "652800"}
    assert "地州市" in page.text and "县市区" in page.text
    assert "昌吉州生态环境保护综合行政执法支队" in row_of(page.text, "CJ-ZD")


def test_a_supervisor_sees_only_the_prefecture_in_their_scope(app, bureau, caplog):
    client = login(app, "changji")
    page = client.get("/organisation")
    assert tree_of(page.text) == {"652300": None, "652301": "652300", "652302": "652300"}
    assert "CJ-ZD" in page.text and "库尔勒市执法大队" not in page.text
    with caplog.at_level(logging.WARNING):
        assert client.get("/jurisdictions/652801").status_code == 403
        assert client.get("/brigades/KEL-DD").status_code == 403
    assert "拒绝访问 user=changji path=/brigades/KEL-DD" in caplog.text


def test_form_an_inspection_group_for_two_counties(app, bureau):
    client = login(app, "changji")
    response = client.post("/brigades", data={
        "command_id": "form-1", "code": "CJ-BF1", "name": "昌吉州第一帮扶检查组", "kind": "inspection_group",
        "jurisdiction": "652300", "covers": ["652301", "652302"], "vehicles": "新B·12345、新B·67890"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/brigades/CJ-BF1")
    page = client.get("/brigades/CJ-BF1")
    assert "已组建“昌吉州第一帮扶检查组”" in page.text and "帮扶检查组" in page.text
    assert re.search(r'class="covers">.*昌吉市.*、.*阜康市', page.text)
    assert "新B·12345、新B·67890" in page.text
    assert "组建" in page.text and 'data-event="Formed"' in page.text
    row = row_of(client.get("/organisation").text, "CJ-BF1")
    assert "帮扶检查组" in row and "昌吉市、阜康市" in row and "昌吉回族自治州" in row
    # the same form sent twice (a double click) writes nothing more
    before = events(bureau)
    client.post("/brigades", data={
        "command_id": "form-1", "code": "CJ-BF1", "name": "昌吉州第一帮扶检查组", "kind": "inspection_group",
        "jurisdiction": "652300", "covers": ["652301", "652302"], "vehicles": "新B·12345、新B·67890"})
    assert events(bureau) == before


def test_add_members_by_certificate_number(app, bureau):
    client = login(app, "changji")
    client.post("/brigades", data={"code": "CJ-BF1", "name": "昌吉州第一帮扶检查组", "kind": "inspection_group",
                                   "jurisdiction": "652300", "covers": ["652301"]})
    client.post("/brigades/CJ-BF1/members", data={"cert_no": "65230100001", "as_leader": "y"})
    response = client.post("/brigades/CJ-BF1/members", data={"cert_no": "65230100002"})
    assert response.status_code == 302
    page = client.get("/brigades/CJ-BF1").text
    with bureau.engine.connect() as conn:
        members = conn.execute(select(brigades.c.members).where(brigades.c.code == "CJ-BF1")).scalar()
    assert len(members) == 2
    assert f'href="/inspectors/{members[0]}">张伟</a>' in page and f'href="/inspectors/{members[1]}">李娜</a>' in page
    assert "65230100002" in page and "组长" in page
    assert page.count('data-event="MemberJoined"') == 2 and "成员加入" in page
    assert "人员：张伟（65230100001）" in page  # the history names the person, not an id
    summary = row_of(client.get("/organisation").text, "CJ-BF1")
    assert "张伟" in summary and "<td>2</td>" in summary
    # the detachment's own page lists the officers whose home unit it is
    home = client.get("/brigades/CJ-ZD").text
    assert "隶属本单位的检查人员" in home and "张伟" in home and "李娜" in home and "艾力" not in home


def test_unknown_certificate_and_out_of_scope_officer_are_refused(app, bureau):
    client = login(app, "changji")
    before = events(bureau)
    unknown = client.post("/brigades/CJ-ZD/members", data={"cert_no": "65230199999"})
    assert unknown.status_code == 422 and "未找到执法（工作）证号为“65230199999”的检查人员" in unknown.text
    assert client.post("/brigades/CJ-ZD/members", data={"cert_no": "65280100001"}).status_code == 403
    missing = client.post("/brigades/CJ-ZD/members", data={"cert_no": " "})
    assert missing.status_code == 422 and "执法（工作）证号：必填" in missing.text
    assert events(bureau) == before


def test_change_coverage_remove_a_member_and_dissolve(app, bureau):
    client = login(app, "changji")
    client.post("/brigades", data={"code": "CJ-BF2", "name": "昌吉州第二帮扶检查组", "kind": "inspection_group",
                                   "jurisdiction": "652300", "covers": ["652301"]})
    client.post("/brigades/CJ-BF2/members", data={"cert_no": "65230100002"})
    with bureau.engine.connect() as conn:
        (lina,) = conn.execute(select(brigades.c.members).where(brigades.c.code == "CJ-BF2")).scalar()
    client.post("/brigades/CJ-BF2/coverage", data={"covers": ["652301", "652302"], "vehicles": "新B·11111,新B·22222",
                                                    "reason": "阜康市任务增加"})
    no_reason = client.post("/brigades/CJ-BF2/members/remove", data={"inspector_id": lina})
    assert no_reason.status_code == 422 and "变更理由：必填" in no_reason.text
    client.post("/brigades/CJ-BF2/members/remove", data={"inspector_id": lina, "reason": "借调结束"})
    client.post("/brigades/CJ-BF2/dissolve", data={"reason": "专项行动结束"})
    page = client.get("/brigades/CJ-BF2").text
    assert "负责范围：昌吉市 → <span class=\"after\">昌吉市、阜康市</span>" in page
    assert "新B·11111、新B·22222" in page
    for title in ("负责范围变更", "成员退出", "借调结束", "撤销", "专项行动结束"):
        assert title in page
    assert "尚无组成人员" in page and "已撤销" in page and "添加成员" not in page
    late = client.post("/brigades/CJ-BF2/members", data={"cert_no": "65230100001"})
    assert late.status_code == 422 and "该组织已撤销，不能再变更" in late.text


def test_a_supervisor_cannot_change_another_prefectures_brigade(app, bureau, caplog):
    client = login(app, "changji")
    before = events(bureau)
    with caplog.at_level(logging.WARNING):
        assert client.post("/brigades/KEL-DD/dissolve", data={"reason": "试试"}).status_code == 403
        out = client.post("/brigades", data={"code": "X-1", "name": "越权检查组", "kind": "inspection_group",
                                             "jurisdiction": "652300", "covers": ["652801"]})
    assert out.status_code == 403 and "不在您的管辖范围内" in out.text
    assert "拒绝访问 user=changji" in caplog.text
    assert events(bureau) == before


def test_an_inspector_sees_their_own_unit_but_cannot_change_it(app, bureau):
    client = login(app, "zhangwei")
    page = client.get("/organisation").text
    assert "昌吉州生态环境保护综合行政执法支队" in page and "组建执法大队" not in page
    assert client.get("/brigades/CJ-ZD").status_code == 200
    assert "添加成员" not in client.get("/brigades/CJ-ZD").text
    assert client.post("/brigades/CJ-ZD/dissolve", data={"reason": "x"}).status_code == 403


def test_bad_brigade_forms_say_what_is_wrong_in_chinese(app, bureau):
    client = login(app, "admin")
    before = events(bureau)
    empty = client.post("/brigades", data={"kind": "team", "jurisdiction": "652300"})
    assert empty.status_code == 422
    for message in ("单位代码：必填", "单位名称：必填", "组织类别不存在"):
        assert message in empty.text
    nowhere = client.post("/brigades", data={"code": "NW-1", "name": "无处检查组", "kind": "inspection_group",
                                             "jurisdiction": "659999"})
    assert nowhere.status_code == 422 and "所属辖区“659999”不存在" in nowhere.text
    twice = client.post("/brigades", data={"code": "CJ-ZD", "name": "重复", "kind": "brigade", "jurisdiction": "652300"})
    assert twice.status_code == 409 and "已存在" in twice.text
    assert events(bureau) == before


def test_admin_renames_a_jurisdiction_and_adds_a_zone_under_it(app, bureau):
    client = login(app, "admin")
    rename = client.post("/jurisdictions/652300/rename", data={"name": "昌吉州", "reason": "简称统一"})
    assert rename.status_code == 302
    added = client.post("/jurisdictions/652300/children",
                        data={"code": "652371", "name": "准东经济技术开发区", "level": "zone"})
    assert added.headers["Location"].endswith("/jurisdictions/652371")
    page = client.get("/jurisdictions/652300").text
    assert "名称：昌吉回族自治州 → <span class=\"after\">昌吉州</span>" in page and "简称统一" in page
    assert "更名" in page and "准东经济技术开发区" in page and "昌吉州生态环境保护综合行政执法支队" in page
    zone = client.get("/jurisdictions/652371").text
    assert "开发区/园区" in zone and "上级辖区" in zone and ">昌吉州</a>" in zone and "设立" in zone
    assert tree_of(client.get("/organisation").text)["652371"] == "652300"


def test_adding_under_an_unknown_parent_or_as_a_supervisor_is_refused(app, bureau):
    before = events(bureau)
    admin = login(app, "admin")
    ghost = admin.post("/jurisdictions/659999/children", data={"code": "659901", "name": "虚构县", "level": "county"})
    assert ghost.status_code == 404 and "上级辖区“659999”不存在" in ghost.text
    bad = admin.post("/jurisdictions/652300/children", data={"code": "X", "name": "", "level": "town"})
    assert bad.status_code == 422 and "辖区名称：必填" in bad.text and "辖区级别不存在" in bad.text
    supervisor = login(app, "changji")
    assert supervisor.post("/jurisdictions/652300/rename", data={"name": "甲", "reason": "乙"}).status_code == 403
    assert "更名" not in supervisor.get("/jurisdictions/652300").text.split("变更记录")[0]
    assert events(bureau) == before


def test_every_form_carries_a_csrf_token_and_a_command_id(app, bureau):
    client = login(app, "admin")
    for path in ("/organisation", "/jurisdictions/652300", "/brigades/CJ-ZD", "/admin/users", "/admin/users/changji"):
        forms = re.findall(r'<form method="post"(.*?)</form>', client.get(path).text, re.S)
        ours = [f for f in forms if "/logout" not in f and "/lang/" not in f]
        assert ours, path
        for form in ours:
            assert 'name="csrf_token"' in form and 'name="command_id"' in form, (path, form[:80])
