"""Records built from the seed notices in /work/shared/seeds.

- 001 (库尔勒经济技术开发区, 2022 Q2 disclosure table): `korla_targets()`, `korla_2022q2_inspections()`.
- 002 (昌吉州 2025 plan): `changji_special_targets()` (the 23 special units) and
  `changji_brigade()` (the 支队 with 12 officers, shaped like the published list).
- 000 (伊犁州直 2026 Q2 plan): `ili_groups()` (调度组, three 帮扶检查组, 技术支撑组 with the
  counties covered and the vehicle support of the notice).
- `local_brigades(scale)`: the 支队 of each prefecture and a 大队 for every county, zone and
  Corps division, without members (the synthetic population staffs them).

What the seeds print is kept exactly: company names (typos included), categories, dates,
counties, vehicle support. Everything else is invented: credit codes, addresses,
industries, permit numbers, and ALL people and certificate numbers — the names and
numbers of the real officers in the notices are never used.
"""

from __future__ import annotations

import hashlib
from datetime import date

from domain.credit_code import ALPHABET, make_credit_code

from . import geography

# ---------------------------------------------------------------------------------------
# credit codes

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def org_check(body8: str) -> str:
    """GB 11714 check character of an 8-character organisation code body."""
    total = sum(int(c, 36) * w for c, w in zip(body8, _ORG_WEIGHTS, strict=True))
    c = 11 - total % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def credit_code(kind: str, region: str, body8: str) -> str:
    """A valid 18-character code: 2-char kind (91 company, 92 individual business,
    93 co-operative, 12 public institution) + 6-digit region + organisation code + check."""
    return make_credit_code(kind + region + body8 + org_check(body8))


def stable_code(name: str, region: str, kind: str = "91") -> str:
    """A made-up, stable credit code for a named unit (derived from the name, not random)."""
    digest = hashlib.sha256(f"shuangsui-demo|{name}".encode()).digest()
    body = "MA" + "".join(ALPHABET[b % len(ALPHABET)] for b in digest[:6])
    return credit_code(kind, region, body)


def _target(name: str, jurisdiction: str, address: str, industry: str, category: str,
            year: int | None = None, basis: str = "", criteria: tuple[str, ...] = (),
            kind: str = "91", permit: bool = False, site: str = "") -> dict:
    code = stable_code(name, geography.credit_region(jurisdiction), kind)
    return {
        "credit_code": code,
        "name": name,
        "site": site,
        "jurisdiction": jurisdiction,
        "address": address,
        "industry": industry,
        "category": category,
        "category_year": year if category != "general" else None,
        "category_basis": basis if category != "general" else "",
        "special_criteria": list(criteria) if category == "special" else [],
        "excluded": False,
        "exclusion_reason": "",
        "exclusion_note": "",
        "positive_list": False,
        "permit_no": f"{code}001P" if permit else "",
    }


# ---------------------------------------------------------------------------------------
# 001: 库尔勒经济技术开发区, 2022 Q2

KORLA_ZONE = "652800-KF"
KORLA_KEY_BASIS = "2022年巴州重点排污单位名录"
KORLA_SPECIAL_BASIS = "2022年巴州生态环境局特殊监管对象联审会"

_TABLE_CATEGORY = {"特殊源": "special", "重点源": "key", "一般污染源": "general"}

# 附件二, in order: (序号, 污染源名称, 污染源类型, 检查时间); 检查结果 正常, 情况说明 无 throughout
_KORLA_TABLE = (
    (1, "新疆美克化工股份有限公司", "特殊源", date(2022, 4, 9)),
    (2, "库尔勒爱润食品有限公司", "一般污染源", date(2022, 4, 21)),
    (3, "新疆泰昌实业有限责任公司热电厂", "重点源", date(2022, 4, 22)),
    (4, "新疆根力多生物科技有限公司", "特殊源", date(2022, 4, 24)),
    (5, "巴州众恒油脂有限公司", "一般污染源", date(2022, 4, 25)),
    (6, "库尔勒孔雀河国家粮食储备有限公司", "一般污染源", date(2022, 4, 25)),
    (7, "新疆凯瑞可食品科技有限公司", "一般污染源", date(2022, 5, 19)),
    (8, "巴州金富特种纱业有限公司", "一般污染源", date(2022, 5, 20)),
    (9, "新疆富丽震纶棉纺有限公司", "一般污染源", date(2022, 5, 20)),
    (10, "新疆美克化工股份有限公司", "特殊源", date(2022, 5, 26)),
    (11, "巴州方顺油脂有限公司", "一般污染源", date(2022, 6, 6)),
    (12, "新疆根力多生物科技有限公司", "特殊源", date(2022, 6, 8)),
    (13, "新疆利泰丝路投资有限公司", "一般污染源", date(2022, 6, 21)),
)

# invented details per unit: (industry, address in the zone, special criteria)
_KORLA_DETAILS = {
    "新疆美克化工股份有限公司": ("有机化学原料制造", "库尔勒经济技术开发区石化大道东段", ("环境风险等级高",)),
    "库尔勒爱润食品有限公司": ("食品制造", "库尔勒经济技术开发区纬二路18号", ()),
    "新疆泰昌实业有限责任公司热电厂": ("火力发电", "库尔勒经济技术开发区经三路与纬四路交汇处", ()),
    "新疆根力多生物科技有限公司": ("肥料制造", "库尔勒经济技术开发区纬六路36号", ("信访投诉3次及以上",)),
    "巴州众恒油脂有限公司": ("食用植物油加工", "库尔勒经济技术开发区经一路52号", ()),
    "库尔勒孔雀河国家粮食储备有限公司": ("谷物仓储", "库尔勒经济技术开发区218国道东侧", ()),
    "新疆凯瑞可食品科技有限公司": ("食品制造", "库尔勒经济技术开发区纬三路9号", ()),
    "巴州金富特种纱业有限公司": ("棉纺织", "库尔勒经济技术开发区纺织工业园经五路", ()),
    "新疆富丽震纶棉纺有限公司": ("棉纺织", "库尔勒经济技术开发区纺织工业园纬一路", ()),
    "巴州方顺油脂有限公司": ("食用植物油加工", "库尔勒经济技术开发区经二路77号", ()),
    "新疆利泰丝路投资有限公司": ("棉纺织", "库尔勒经济技术开发区纺织工业园经七路", ()),
}


def korla_2022q2_inspections() -> list[dict]:
    """The 13 rows of the Korla zone's 2022 Q2 disclosure table, in the seed's order;
    `category` is the table's own wording (特殊源 / 重点源 / 一般污染源)."""
    return [{"seq": seq, "name": name, "category": cat, "date": day, "result": "正常", "note": "无"}
            for seq, name, cat, day in _KORLA_TABLE]


def korla_targets() -> list[dict]:
    """The 11 distinct units of the table (two special units were inspected twice)."""
    rows, seen = [], set()
    for _seq, name, cat, _day in _KORLA_TABLE:
        if name in seen:
            continue
        seen.add(name)
        industry, address, criteria = _KORLA_DETAILS[name]
        category = _TABLE_CATEGORY[cat]
        basis = {"key": KORLA_KEY_BASIS, "special": KORLA_SPECIAL_BASIS}.get(category, "")
        rows.append(_target(name, KORLA_ZONE, "新疆巴州" + address, industry, category, 2022, basis,
                            criteria, permit=category != "general"))
    return rows


# ---------------------------------------------------------------------------------------
# 002: 昌吉州 2025

CHANGJI_SPECIAL_BASIS = "2024年12月26日昌吉州生态环境局第二十七次行政审批联审会议"

_COUNTY = {"昌吉市": "652301", "阜康市": "652302", "呼图壁县": "652323", "吉木萨尔县": "652327",
           "木垒县": "652328", "奇台县": "652325", "准东": "652300-ZD"}

# 附件2, in order: (企业名称, 所在县市, 纳入原因) — names exactly as printed
_CHANGJI_SPECIAL = (
    ("昌吉市城北污水处理厂", "昌吉市", "行政处罚金额在20万元及以上"),
    ("昌吉市生活垃圾城北填埋场", "昌吉市", "行政处罚金额在20万元及以上"),
    ("昌吉市昊慧盛塑料制品厂", "昌吉市", "行政处罚金额在20万元及以上"),
    ("昌吉市广法商务服务有限有限公司", "昌吉市", "刑事犯罪"),
    ("新疆快客机动车检测有限责任公司", "昌吉市", "刑事犯罪"),
    ("新疆宇鑫龙邦建材有限公司", "阜康市", "行政处罚金额在20万元及以上"),
    ("新疆五鑫铜业有限责任公司", "阜康市", "行政处罚金额在20万元及以上"),
    ("阜康市新天源科技有限公司", "阜康市", "信访投诉3次及以上"),
    ("阜康市永鑫煤化有限公司", "阜康市", "信访投诉3次及以上"),
    ("新疆龙鑫环保科技有限公司", "阜康市", "信访投诉3次及以上"),
    ("阜康市荣达机动车辆检测有限责任公司", "阜康市", "刑事犯罪"),
    ("阜康市小红沟华建节能环保砖厂", "阜康市", "刑事犯罪"),
    ("新疆宝鑫炭材料有限公司", "呼图壁县", "行政处罚金额在20万元及以上"),
    ("新疆西域春乳业有限公司", "呼图壁县", "行政处罚金额在20万元及以上、刑事犯罪"),
    ("呼图壁晓清环保科技有限公司", "呼图壁县", "行政处罚金额在20万元及以上"),
    ("新疆永升能源有限责任公司", "吉木萨尔县", "行政处罚金额在20万元及以上"),
    ("新疆明东能源有限责任公司", "木垒县", "行政处罚金额在20万元及以上"),
    ("奇台县鼎发砖厂", "奇台县", "行政处罚金额在20万元及以上"),
    ("中粮糖业控股股份有限公司奇台糖业分公司", "奇台县", "信访投诉3次及以上"),
    ("昌吉吉盛新型建材有限公司", "准东", "行政处罚金额在20万元及以上"),
    ("新疆新能源(集团)准东环境发展有限公司", "准东", "行政处罚金额在20万元及以上"),
    ("新疆准东金盆湾水林有限公司", "准东", "行政处罚金额在20万元及以上"),
    ("新疆神火煤电有限公司", "准东", "行政处罚金额在20万元及以上"),
)

# invented: (industry, address after 新疆昌吉州, credit-code kind, has a permit)
_CHANGJI_DETAILS = (
    ("污水处理", "昌吉市城北工业园纬八路", "12", True),
    ("生活垃圾处理", "昌吉市北郊三工镇以北", "12", True),
    ("塑料制品", "昌吉市六工镇十三户村", "92", True),
    ("商务服务", "昌吉市延安北路188号", "91", False),
    ("机动车检测", "昌吉市屯河路66号", "91", False),
    ("水泥制品制造", "阜康市阜康产业园西区", "91", True),
    ("有色金属冶炼", "阜康市阜康产业园东区冶金路", "91", True),
    ("化学原料制造", "阜康市甘河子镇工业园", "91", True),
    ("煤化工", "阜康市阜康产业园煤化工区", "91", True),
    ("危险废物经营", "阜康市阜康产业园循环经济区", "91", True),
    ("机动车检测", "阜康市博峰街21号", "91", False),
    ("砖瓦制造", "阜康市滋泥泉子镇小红沟村", "92", True),
    ("石墨及碳素制品制造", "呼图壁县呼图壁工业园", "91", True),
    ("乳制品制造", "呼图壁县园户村镇", "91", True),
    ("危险废物经营", "呼图壁县大丰镇工业区", "91", True),
    ("煤化工", "吉木萨尔县北庭镇工业园区", "91", True),
    ("煤炭开采洗选", "木垒县老君庙矿区", "91", True),
    ("砖瓦制造", "奇台县古城乡", "92", True),
    ("制糖", "奇台县奇台镇糖厂路", "91", True),
    ("水泥制品制造", "准东经济技术开发区五彩湾产业园", "91", True),
    ("危险废物经营", "准东经济技术开发区芨芨湖产业园", "91", True),
    ("污水处理", "准东经济技术开发区五彩湾产业园", "91", True),
    ("火力发电", "准东经济技术开发区五彩湾产业园", "91", True),
)


def changji_special_targets() -> list[dict]:
    """The 23 special units of 昌吉州 for 2025, in the order of the list."""
    rows = []
    for (name, county, reasons), (industry, address, kind, permit) in zip(
            _CHANGJI_SPECIAL, _CHANGJI_DETAILS, strict=True):
        criteria = tuple(r.strip() for r in reasons.split("、"))
        rows.append(_target(name, _COUNTY[county], "新疆昌吉州" + address, industry, "special", 2025,
                            CHANGJI_SPECIAL_BASIS, criteria, kind=kind, permit=permit))
    return rows


CHANGJI_DETACHMENT = "BR-652300"
CHANGJI_DETACHMENT_NAME = "昌吉州生态环境保护综合行政执法支队"

# invented people; cert numbers in 3105009xxxx (the published list uses 3105001xxxx)
# (name, cert_no, valid until, post, years, specialities, department)
_CHANGJI_OFFICERS = (
    ("郑宏伟", "31050090103", date(2027, 6, 30), "支队长", 26, ("大气", "固废", "行政处罚"), "支队领导"),
    ("马永福", "31050090107", date(2026, 12, 31), "副支队长", 22, ("水", "危废"), "支队领导"),
    ("艾尔肯·吐尔逊", "31050090112", date(2028, 3, 31), "大队长", 17, ("大气", "自动监控"), "执法一大队"),
    ("孙丽娟", "31050090118", date(2027, 9, 30), "执法队员", 9, ("水", "排污许可"), "执法一大队"),
    ("叶尔兰·哈布德克", "31050090121", date(2026, 10, 31), "大队长", 15, ("固废", "危废"), "执法二大队"),
    ("何玉兰", "31050090126", date(2028, 6, 30), "副大队长", 12, ("水", "饮用水水源地"), "执法二大队"),
    ("高志远", "31050090130", date(2027, 3, 31), "执法队员", 6, ("大气", "机动车排放"), "执法二大队"),
    ("古丽米热·阿不都热依木", "31050090134", date(2028, 9, 30), "执法队员", 5, ("辐射", "固废"), "执法三大队"),
    ("韩志刚", "31050090139", date(2026, 11, 30), "大队长", 19, ("建设项目", "生态"), "执法三大队"),
    ("努尔兰·托合塔尔别克", "31050090143", date(2027, 12, 31), "执法队员", 8, ("危废", "自动监控"), "执法三大队"),
    ("蒋晓燕", "31050090147", date(2028, 1, 31), "法制审核员", 11, ("行政处罚", "排污许可"), "法制审核科"),
    ("王振东", "31050090152", date(2027, 5, 31), "执法队员", 3, ("大气", "水"), "执法一大队"),
)


def _officer(name, cert_no, valid, unit, post, years, specialities, department, in_pool=True) -> dict:
    return {"name": name, "kind": "officer", "cert_no": cert_no, "cert_valid_until": valid,
            "unit": unit, "post": post, "years_of_service": years, "specialities": list(specialities),
            "department": department, "in_draw_pool": in_pool}


def _changji_covers() -> list[str]:
    return ["652300"] + [j["code"] for j in geography.jurisdictions("default") if j["parent"] == "652300"]


def changji_brigade() -> tuple[dict, list[dict]]:
    """昌吉州生态环境保护综合行政执法支队 with 12 (invented) officers, like the 2025 list."""
    people = [_officer(n, c, v, CHANGJI_DETACHMENT, p, y, s, d) for n, c, v, p, y, s, d in _CHANGJI_OFFICERS]
    brigade = {
        "code": CHANGJI_DETACHMENT, "name": CHANGJI_DETACHMENT_NAME, "kind": "brigade",
        "jurisdiction": "652300", "covers": _changji_covers(), "vehicles": [],
        "leader": people[0]["cert_no"], "members": [p["cert_no"] for p in people],
    }
    return brigade, people


# ---------------------------------------------------------------------------------------
# 000: 伊犁州直 2026 Q2 groups

ILI_DETACHMENT_NAME = "伊犁州生态环境保护综合行政执法支队"
_ILI = "654000"
_ILI_ALL = ["654000", "654000-KD", "654002", "654003", "654004", "654021", "654022", "654023",
            "654024", "654025", "654026", "654027", "654028", "650000-BT04", "650000-BT07"]

# (code, name, kind, covers, vehicles) — covers and vehicles exactly as in the notice
_ILI_GROUPS = (
    ("GRP-654000-DD", "调度组", "dispatch_group", _ILI_ALL, []),
    ("GRP-654000-1", "第一帮扶检查组", "inspection_group",
     ["654000-KD", "654003", "654004", "654022", "654023"],
     ["奎独园区环保局", "奎屯市分局", "霍城县分局", "察布查尔县分局"]),
    ("GRP-654000-2", "第二帮扶检查组", "inspection_group",
     ["654002", "654024", "654027", "654026"], ["支队", "伊宁市分局"]),
    ("GRP-654000-3", "第三帮扶检查组", "inspection_group",
     ["654021", "654025", "654028"], ["支队", "伊宁县分局"]),
    ("GRP-654000-JS", "技术支撑组", "tech_group", _ILI_ALL, []),
)

_D = ILI_DETACHMENT_NAME
# invented people: (group, name, cert_no or work no, valid until, post, years, specialities, department, leader)
_ILI_PEOPLE = (
    ("GRP-654000-DD", "秦立军", "31120090011", date(2027, 8, 31), "组长", 27, ("大气", "行政处罚"), _D, True),
    ("GRP-654000-DD", "黄志斌", "31120090014", date(2026, 12, 31), "组长", 21, ("水", "固废"), _D, False),
    ("GRP-654000-DD", "唐建新", "31120090017", date(2028, 4, 30), "成员", 13, ("排污许可", "信息报送"), _D + "办公室", False),
    ("GRP-654000-DD", "热依拉·买买提", "31120090021", date(2027, 11, 30), "联络员", 7, ("自动监控", "信息报送"), _D + "办公室", False),
    ("GRP-654000-1", "彭国庆", "31120090025", date(2027, 2, 28), "组长", 18, ("大气", "危废"), _D + "一大队", True),
    ("GRP-654000-1", "努尔别克·阿合买提", "31120090028", date(2028, 7, 31), "成员", 10, ("水", "饮用水水源地"), "奎屯市分局", False),
    ("GRP-654000-1", "买买提江·艾力", "31120090032", date(2026, 9, 30), "成员", 14, ("固废", "危废"), "霍城县分局", False),
    ("GRP-654000-1", "阿依古丽·沙吾提", "31120090036", date(2027, 10, 31), "成员", 6, ("大气", "机动车排放"), "察布查尔县分局", False),
    ("GRP-654000-1", "曹永刚", "31270090041", date(2028, 2, 29), "成员", 12, ("建设项目", "水"), "兵团第七师生态环境局", False),
    ("GRP-654000-2", "邓海涛", "31120090045", date(2027, 4, 30), "组长", 20, ("水", "自动监控"), _D + "二大队", True),
    ("GRP-654000-2", "阿娜尔古丽·热合曼", "31120090049", date(2028, 5, 31), "成员", 8, ("辐射", "固废"), "伊宁市分局", False),
    ("GRP-654000-2", "别克江·努尔兰", "31120090052", date(2026, 11, 30), "成员", 11, ("大气", "排污许可"), _D + "二大队", False),
    ("GRP-654000-2", "宋立新", "31240090056", date(2027, 7, 31), "成员", 16, ("水", "生态"), "兵团第四师生态环境局", False),
    ("GRP-654000-3", "罗建华", "31120090061", date(2028, 8, 31), "组长", 23, ("固废", "行政处罚"), _D + "三大队", True),
    ("GRP-654000-3", "马秀英", "31120090065", date(2027, 1, 31), "成员", 9, ("水", "危废"), "伊宁县分局", False),
    ("GRP-654000-3", "吴振宇", "31240090068", date(2026, 10, 31), "成员", 7, ("大气", "建设项目"), "兵团第四师生态环境局", False),
    ("GRP-654000-JS", "钱文博", "31120090072", date(2027, 9, 30), "成员", 15, ("自动监控", "大气"), _D + "二大队", False),
    ("GRP-654000-JS", "夏雪梅", "31120090075", date(2028, 3, 31), "联络员", 10, ("自动监控", "水"), _D + "一大队", False),
    ("GRP-654000-JS", "阿不都沙拉木·依明", "31120090079", date(2026, 12, 31), "成员", 12, ("辐射", "危废"), _D + "三大队", False),
    ("GRP-654000-JS", "陶晓明", "JC-2026-0012", None, "工程师", 14, ("在线监测", "水质分析"), "伊犁州生态环境监测站", False),
    ("GRP-654000-JS", "古丽巴哈尔·艾买提", "JC-2026-0013", None, "监测员", 6, ("大气监测", "在线监测"), "伊犁州生态环境监测站", False),
    ("GRP-654000-JS", "贺文斌", "JC-2026-0015", None, "高级工程师", 25, ("环境影响评价", "危废"), "技术专家（环境科研院所）", False),
)


def ili_groups() -> tuple[list[dict], list[dict]]:
    """The five groups of the Ili 2026 Q2 plan, staffed with invented people."""
    people, brigades = [], []
    for code, name, kind, covers, vehicles in _ILI_GROUPS:
        members = [p for p in _ILI_PEOPLE if p[0] == code]
        leader = next((p[2] for p in members if p[8]), None)
        brigades.append({"code": code, "name": name, "kind": kind, "jurisdiction": _ILI,
                         "covers": list(covers), "vehicles": list(vehicles),
                         "leader": leader, "members": [p[2] for p in members]})
        for _g, pname, cert, valid, post, years, spec, dept, _lead in members:
            row = _officer(pname, cert, valid, code, post, years, spec, dept)
            if valid is None:
                row["kind"] = "assistant"
            people.append(row)
    return brigades, people


# ---------------------------------------------------------------------------------------
# local brigades (no members)

_ZONE_SHORT = {"652800-KF": "库尔勒经开区", "652300-ZD": "准东经开区", "654000-KD": "奎独园区",
               "650100-JK": "乌鲁木齐经开区", "650100-GX": "乌鲁木齐高新区", "650100-GQ": "甘泉堡经开区",
               "650500-GX": "哈密高新区", "652900-KC": "库车经开区", "653100-JK": "喀什经开区"}


def brigade_code(jurisdiction: str) -> str:
    """The code of the brigade (大队, or 支队 for a prefecture) that owns `jurisdiction`."""
    return "BR-" + jurisdiction


def local_brigades(scale: str = "default") -> list[dict]:
    """A 支队 for every prefecture and a 大队 for every county, zone and Corps division."""
    tree = geography.jurisdictions(scale)
    children: dict[str, list[str]] = {}
    for j in tree:
        if j["parent"]:
            children.setdefault(j["parent"], []).append(j["code"])
    rows = []
    for j in tree:
        code, level, name = j["code"], j["level"], j["name"]
        if level == "province":
            continue
        if level == "prefecture":
            rows.append({"code": brigade_code(code), "name": f"{name}生态环境保护综合行政执法支队",
                         "kind": "brigade", "jurisdiction": code, "covers": [code] + children.get(code, []),
                         "vehicles": [], "leader": None, "members": []})
            continue
        if level == "county":
            label = f"{name}分局执法大队"
        elif level == "zone":
            label = f"{_ZONE_SHORT.get(code, name)}环保局执法大队"
        else:
            label = f"{name}生态环境局执法大队"
        rows.append({"code": brigade_code(code), "name": label, "kind": "brigade", "jurisdiction": code,
                     "covers": [code], "vehicles": [], "leader": None, "members": []})
    return rows
