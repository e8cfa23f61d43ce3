"""Write the province-scale directory of units (100,000 rows) as the import file."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from workers.demo.synthetic import population

HEADERS = ["统一社会信用代码", "单位名称", "厂区名称", "所在辖区", "详细地址", "行业类别", "监管类别", "类别年度",
           "类别依据", "特殊监管原因", "参与双随机", "不参与原因", "不参与说明", "正面清单", "排污许可证编号"]
CATEGORY = {"key": "重点", "special": "特殊", "general": "一般"}
REASON = {"relocated": "搬迁", "suspended": "长期停产", "closed": "破产注销", "other": "其他"}


def write_units_file(path: Path, rows: int = 100_000) -> list[dict]:
    pop = population("province")
    units = pop["targets"][:rows]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("检查对象名录库")
    sheet.append(HEADERS)
    for t in units:
        sheet.append([t["credit_code"], t["name"], t["site"], t["jurisdiction"], t["address"], t["industry"],
                      CATEGORY[t["category"]], t["category_year"], t["category_basis"],
                      "、".join(t["special_criteria"]), "否" if t["excluded"] else "是",
                      REASON.get(t["exclusion_reason"], ""), t["exclusion_note"],
                      "是" if t["positive_list"] else "否", t["permit_no"]])
    book.save(path)
    return pop["jurisdictions"]
