"""名录导入 in the browser's terms: upload, read every row's problems, fix, confirm."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from domain.base import Actor
from webapp.auth.credentials import set_password
from workers.xlsx.templates import build_template

ADMIN = Actor("cli", "admin")


@pytest.fixture
def supervisor(client, system):
    app = system.app
    app.register_jurisdiction(ADMIN, "j0", code="650000", name="新疆维吾尔自治区", level="province", parent=None)
    app.register_jurisdiction(ADMIN, "j1", code="652300", name="昌吉州", level="prefecture", parent="650000")
    app.register_jurisdiction(ADMIN, "j2", code="652301", name="昌吉市", level="county", parent="652300")
    app.create_user(ADMIN, "u1", username="zhidui", display_name="支队调度员", role="supervisor", jurisdiction="652300")
    app.create_user(ADMIN, "u2", username="dadui", display_name="执法队员", role="inspector", brigade="BR-1")
    for name in ("zhidui", "dadui"):
        set_password(system.engine, name, "Passw0rd-2026")
    system.projector.catch_up()
    client.post("/login", data={"username": "zhidui", "password": "Passw0rd-2026"})
    return client


def template_with(**cells) -> bytes:
    book = load_workbook(BytesIO(build_template("targets")))
    sheet = book.worksheets[0]
    headers = [str(c.value).rstrip("*") for c in sheet[1]]
    for header, value in cells.items():
        sheet.cell(row=2, column=headers.index(header) + 1, value=value)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, data: bytes, name: str = "名录.xlsx"):
    return client.post("/imports/targets", data={"file": (BytesIO(data), name)}, content_type="multipart/form-data")


def test_errors_first_then_fix_preview_confirm_and_reimport(supervisor, system):
    head = system.app.recorder.max_notification_id()
    bad = upload(supervisor, template_with(监管类别="超级重点", 所在辖区="火星县"))
    assert bad.status_code == 422
    assert "未写入任何数据" in bad.text and "超级重点" in bad.text
    assert system.app.recorder.max_notification_id() == head

    preview = upload(supervisor, template_with())
    assert preview.status_code == 200 and "新增1" in preview.text and "确认导入" in preview.text
    assert system.app.recorder.max_notification_id() == head  # a preview writes nothing
    token = preview.text.split('name="token" value="')[1].split('"')[0]
    done = supervisor.post("/imports/targets/confirm", data={"token": token})
    assert done.status_code == 200 and "已写入" in done.text
    assert system.app.recorder.max_notification_id() == head + 1

    again = upload(supervisor, template_with())
    assert "与名录一致，无需变更" in again.text and "确认导入" not in again.text
    stale = supervisor.post("/imports/targets/confirm", data={"token": token}, follow_redirects=True)
    assert "待导入的文件已失效，请重新上传" in stale.text  # a confirmed upload cannot be replayed


def test_old_excel_and_oversized_files_are_refused_in_chinese(supervisor):
    xls = upload(supervisor, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "名录.xls")
    assert xls.status_code == 422 and ".xls" in xls.text
    huge = upload(supervisor, b"0" * (50 * 1024 * 1024), "名录.xlsx")
    assert huge.status_code == 413 and "上传的文件超过20MB上限" in huge.text


def test_templates_download_and_roles(supervisor, client):
    response = supervisor.get("/imports/template/targets.xlsx")
    assert response.status_code == 200 and response.data[:2] == b"PK"
    client.post("/logout")
    client.post("/login", data={"username": "dadui", "password": "Passw0rd-2026"})
    assert client.get("/imports/").status_code == 403
    assert upload(client, template_with()).status_code == 403
