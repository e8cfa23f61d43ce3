"""The demo data: seeded records true to the seeds, no real people, a valid, unique,
reproducible synthetic population."""

from __future__ import annotations

import time
from collections import Counter
from datetime import date

import pytest

from domain.credit_code import credit_code_problem
from workers.demo import geography, seeded, synthetic

TARGET_KEYS = {"credit_code", "name", "site", "jurisdiction", "address", "industry", "category",
               "category_year", "category_basis", "special_criteria", "excluded", "exclusion_reason",
               "exclusion_note", "positive_list", "permit_no"}
INSPECTOR_KEYS = {"name", "kind", "cert_no", "cert_valid_until", "unit", "post", "years_of_service",
                  "specialities", "department", "in_draw_pool"}
BRIGADE_KEYS = {"code", "name", "kind", "jurisdiction", "covers", "vehicles", "leader", "members"}
SPECIAL_CRITERIA = {"刑事犯罪", "行政处罚金额在20万元及以上", "信访投诉3次及以上", "严重违法违规记录",
                    "环境风险等级高", "信用评价等级低", "污染防治不能稳定达标", "其他"}

# Seed 002, 附件1: the real officers of 昌吉州 2025 (must never appear in the demo data).
CHANGJI_SEED_NAMES = ["杨元春", "马凯瑞", "陈琪", "康园园", "王金武", "马维雄", "楚战军", "杨海洋", "李健",
                      "阿塔吾拉·阿布来提", "徐新建", "田苗苗"]
CHANGJI_SEED_CERTS = ["31050015023", "31050015045", "31050015043", "31050015038", "31050015041",
                      "31050015027", "31050015030", "31050015056", "31050015055", "31050015031",
                      "31050015059", "31050015029"]
# Seed 000: the real people of the Ili groups.
ILI_SEED_NAMES = ["左文林", "范雷", "张锁利", "沙吉旦·赛达林木", "姜志强", "杜曼·哈力霍加",
                  "居来提·阿布力米提", "太来海提·沙吾提别克", "刘文超", "米也尔·吐尔迪汗", "王子兵", "赵杰",
                  "杨莎莎", "于振国", "王爱国", "刘晓星", "邱鹏", "雷雅男", "包舒晚"]

# Seed 001, 附件二 (序号, 污染源名称, 污染源类型, 检查时间)
KORLA_TABLE = [
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
]

# Seed 002, 附件2 (企业名称, 所在县市)
CHANGJI_SPECIAL = [
    ("昌吉市城北污水处理厂", "昌吉市"), ("昌吉市生活垃圾城北填埋场", "昌吉市"),
    ("昌吉市昊慧盛塑料制品厂", "昌吉市"), ("昌吉市广法商务服务有限有限公司", "昌吉市"),
    ("新疆快客机动车检测有限责任公司", "昌吉市"), ("新疆宇鑫龙邦建材有限公司", "阜康市"),
    ("新疆五鑫铜业有限责任公司", "阜康市"), ("阜康市新天源科技有限公司", "阜康市"),
    ("阜康市永鑫煤化有限公司", "阜康市"), ("新疆龙鑫环保科技有限公司", "阜康市"),
    ("阜康市荣达机动车辆检测有限责任公司", "阜康市"), ("阜康市小红沟华建节能环保砖厂", "阜康市"),
    ("新疆宝鑫炭材料有限公司", "呼图壁县"), ("新疆西域春乳业有限公司", "呼图壁县"),
    ("呼图壁晓清环保科技有限公司", "呼图壁县"), ("新疆永升能源有限责任公司", "吉木萨尔县"),
    ("新疆明东能源有限责任公司", "木垒县"), ("奇台县鼎发砖厂", "奇台县"),
    ("中粮糖业控股股份有限公司奇台糖业分公司", "奇台县"), ("昌吉吉盛新型建材有限公司", "准东"),
    ("新疆新能源(集团)准东环境发展有限公司", "准东"), ("新疆准东金盆湾水林有限公司", "准东"),
    ("新疆神火煤电有限公司", "准东"),
]
COUNTY_CODES = {"昌吉市": "652301", "阜康市": "652302", "呼图壁县": "652323", "吉木萨尔县": "652327",
                "木垒县": "652328", "奇台县": "652325", "准东": "652300-ZD"}


@pytest.fixture(scope="module")
def default_pop():
    return synthetic.population("default")


@pytest.fixture(scope="module")
def province_pop():
    started = time.perf_counter()
    pop = synthetic.population("province")
    pop["_seconds"] = time.perf_counter() - started
    return pop


# ---------------------------------------------------------------------------------------
# geography

@pytest.mark.parametrize("scale", ["default", "province"])
def test_jurisdictions_are_a_tree_with_parents_first(scale):
    rows = geography.jurisdictions(scale)
    seen: set[str] = set()
    for j in rows:
        assert set(j) == {"code", "name", "level", "parent"}
        assert j["level"] in ("province", "prefecture", "county", "zone", "corps_division")
        assert j["code"] not in seen, j
        assert j["parent"] is None or j["parent"] in seen, j
        seen.add(j["code"])
    assert [j for j in rows if j["parent"] is None] == [
        {"code": "650000", "name": "新疆维吾尔自治区", "level": "province", "parent": None}]
    assert len({j["name"] for j in rows}) == len(rows)


def test_default_scale_holds_the_seed_geography():
    index = geography.by_code("default")
    expected = {
        "652800": "巴州", "652801": "库尔勒市", "652800-KF": "库尔勒经济技术开发区",
        "652300": "昌吉州", "652301": "昌吉市", "652302": "阜康市", "652323": "呼图壁县", "652324": "玛纳斯县",
        "652325": "奇台县", "652327": "吉木萨尔县", "652328": "木垒县", "652300-ZD": "准东经济技术开发区",
        "654000": "伊犁州", "654002": "伊宁市", "654003": "奎屯市", "654004": "霍尔果斯市", "654021": "伊宁县",
        "654022": "察布查尔县", "654023": "霍城县", "654024": "巩留县", "654025": "新源县", "654026": "昭苏县",
        "654027": "特克斯县", "654028": "尼勒克县", "654000-KD": "奎屯—独山子经济技术开发区",
        "650000-BT04": "兵团第四师", "650000-BT07": "兵团第七师",
    }
    for code, name in expected.items():
        assert index[code]["name"] == name
    assert index["650000-BT04"]["level"] == index["650000-BT07"]["level"] == "corps_division"
    assert index["650000-BT04"]["parent"] == "650000"
    assert index["652300-ZD"]["parent"] == "652300" and index["652300-ZD"]["level"] == "zone"
    assert geography.resolve("奎独园区") == "654000-KD"
    assert geography.resolve("准东") == "652300-ZD"


def test_province_scale_is_all_of_xinjiang():
    rows = geography.jurisdictions("province")
    prefectures = [j for j in rows if j["level"] == "prefecture"]
    assert len(prefectures) == 14
    default = geography.jurisdictions("default")
    assert {j["code"] for j in default} <= {j["code"] for j in rows}
    # every prefecture has counties; default codes are the same records at both scales
    for p in prefectures:
        assert any(j["parent"] == p["code"] and j["level"] == "county" for j in rows), p
    by = {j["code"]: j for j in rows}
    assert all(by[j["code"]] == j for j in default)
    assert len([j for j in rows if j["level"] == "county"]) > 90


# ---------------------------------------------------------------------------------------
# seed 001: Korla

def test_korla_table_is_exactly_the_seed():
    rows = seeded.korla_2022q2_inspections()
    assert [(r["seq"], r["name"], r["category"], r["date"]) for r in rows] == KORLA_TABLE
    assert all(r["result"] == "正常" and r["note"] == "无" for r in rows)
    assert all(set(r) == {"seq", "name", "category", "date", "result", "note"} for r in rows)
    # the notice: 8 general, 1 key, 4 special (家次)
    assert Counter(r["category"] for r in rows) == {"一般污染源": 8, "重点源": 1, "特殊源": 4}


def test_korla_units_are_the_eleven_distinct_units():
    units = seeded.korla_targets()
    assert len(units) == 11
    names = [u["name"] for u in units]
    assert names == list(dict.fromkeys(n for _s, n, _c, _d in KORLA_TABLE))
    category = {"特殊源": "special", "重点源": "key", "一般污染源": "general"}
    expected = {n: category[c] for _s, n, c, _d in KORLA_TABLE}
    for u in units:
        assert set(u) == TARGET_KEYS
        assert u["category"] == expected[u["name"]]
        assert u["jurisdiction"] == "652800-KF"
        assert u["site"] == ""
        assert u["address"] and u["industry"]
        if u["category"] != "general":
            assert u["category_year"] == 2022 and u["category_basis"] and u["permit_no"]
        if u["category"] == "special":
            assert u["special_criteria"] and set(u["special_criteria"]) <= SPECIAL_CRITERIA
    assert Counter(u["category"] for u in units) == {"general": 8, "key": 1, "special": 2}
    assert len({u["credit_code"] for u in units}) == 11


# ---------------------------------------------------------------------------------------
# seed 002: Changji

def test_changji_special_units():
    units = seeded.changji_special_targets()
    assert [(u["name"], u["jurisdiction"]) for u in units] == [(n, COUNTY_CODES[c]) for n, c in CHANGJI_SPECIAL]
    assert "昌吉市广法商务服务有限有限公司" in {u["name"] for u in units}  # the source's typo, kept
    for i, u in enumerate(units, start=1):
        assert set(u) == TARGET_KEYS
        assert u["category"] == "special" and u["category_year"] == 2025
        assert u["category_basis"] == "2024年12月26日昌吉州生态环境局第二十七次行政审批联审会议"
        assert set(u["special_criteria"]) <= SPECIAL_CRITERIA
        assert len(u["special_criteria"]) == (2 if i == 14 else 1), u
    assert units[13]["special_criteria"] == ["行政处罚金额在20万元及以上", "刑事犯罪"]
    assert Counter(c for u in units for c in u["special_criteria"]) == {
        "行政处罚金额在20万元及以上": 15, "刑事犯罪": 5, "信访投诉3次及以上": 4}


def test_changji_brigade_has_twelve_invented_officers():
    brigade, people = seeded.changji_brigade()
    assert set(brigade) == BRIGADE_KEYS
    assert brigade["name"] == "昌吉州生态环境保护综合行政执法支队"
    assert brigade["kind"] == "brigade" and brigade["jurisdiction"] == "652300"
    assert len(people) == 12
    assert all(set(p) == INSPECTOR_KEYS and p["kind"] == "officer" for p in people)
    assert all(p["unit"] == brigade["code"] for p in people)
    assert brigade["members"] == [p["cert_no"] for p in people]
    assert brigade["leader"] in brigade["members"]
    assert not {p["name"] for p in people} & set(CHANGJI_SEED_NAMES + ILI_SEED_NAMES)
    assert not {p["cert_no"] for p in people} & set(CHANGJI_SEED_CERTS)
    for p in people:
        assert len(p["cert_no"]) == 11 and p["cert_no"].isdigit() and p["cert_no"].startswith("3105009")
        assert 2026 <= p["cert_valid_until"].year <= 2028
        assert p["post"] and p["specialities"] and 0 <= p["years_of_service"] <= 60
    kinds = {("·" in p["name"]) for p in people}
    assert kinds == {True, False}  # a mix of Han/Hui and Uyghur/Kazakh names, like the real list
    assert len({p["name"] for p in people}) == 12


# ---------------------------------------------------------------------------------------
# seed 000: Ili

def test_ili_groups_keep_coverage_and_vehicles_but_not_people():
    groups, people = seeded.ili_groups()
    name_of = {j["code"]: j["name"] for j in geography.jurisdictions("default")}
    by_name = {g["name"]: g for g in groups}
    assert [g["kind"] for g in groups] == ["dispatch_group", "inspection_group", "inspection_group",
                                           "inspection_group", "tech_group"]
    assert [name_of[c] for c in by_name["第一帮扶检查组"]["covers"]] == [
        "奎屯—独山子经济技术开发区", "奎屯市", "霍尔果斯市", "察布查尔县", "霍城县"]
    assert [name_of[c] for c in by_name["第二帮扶检查组"]["covers"]] == ["伊宁市", "巩留县", "特克斯县", "昭苏县"]
    assert [name_of[c] for c in by_name["第三帮扶检查组"]["covers"]] == ["伊宁县", "新源县", "尼勒克县"]
    assert by_name["第一帮扶检查组"]["vehicles"] == ["奎独园区环保局", "奎屯市分局", "霍城县分局", "察布查尔县分局"]
    assert by_name["第二帮扶检查组"]["vehicles"] == ["支队", "伊宁市分局"]
    assert by_name["第三帮扶检查组"]["vehicles"] == ["支队", "伊宁县分局"]
    assert {"650000-BT04", "650000-BT07"} <= set(by_name["调度组"]["covers"])
    for g in groups:
        assert set(g) == BRIGADE_KEYS
        assert all(c in name_of for c in g["covers"])
        members = [p for p in people if p["unit"] == g["code"]]
        assert [p["cert_no"] for p in members] == g["members"]
        assert 3 <= sum(p["kind"] == "officer" for p in members) <= 5, g["name"]
        assert g["leader"] is None or g["leader"] in g["members"]
    assistants = [p for p in people if p["kind"] == "assistant"]
    assert assistants and all(p["unit"] == by_name["技术支撑组"]["code"] for p in assistants)
    assert all(p["cert_valid_until"] is None and p["cert_no"].startswith("JC-2026-") for p in assistants)
    assert not {p["name"] for p in people} & set(ILI_SEED_NAMES + CHANGJI_SEED_NAMES)


# ---------------------------------------------------------------------------------------
# the population

def check_population(pop: dict, scale: str) -> None:
    jurisdictions = {j["code"]: j for j in pop["jurisdictions"]}
    assert pop["jurisdictions"] == geography.jurisdictions(scale)
    brigades = {b["code"]: b for b in pop["brigades"]}
    assert len(brigades) == len(pop["brigades"])
    targets, people = pop["targets"], pop["inspectors"]

    # every target's jurisdiction exists, and is a county, zone or Corps division
    for t in targets:
        assert set(t) == TARGET_KEYS
        assert jurisdictions[t["jurisdiction"]]["level"] in ("county", "zone", "corps_division")
    # every credit code valid; (credit code, site) unique; one name per code
    assert all(credit_code_problem(t["credit_code"]) is None for t in targets)
    assert len({(t["credit_code"], t["site"]) for t in targets}) == len(targets)
    name_of: dict[str, str] = {}
    for t in targets:
        assert name_of.setdefault(t["credit_code"], t["name"]) == t["name"]
    assert len(set(name_of.values())) == len(name_of)  # no two companies share a name
    assert all(t["credit_code"][2:8].isdigit() for t in targets)
    # rules of the import format and the domain
    for t in targets:
        assert t["name"] and len(t["name"]) <= 100 and t["address"] and len(t["address"]) <= 200
        if t["category"] == "general":
            assert t["category_year"] is None and t["category_basis"] == "" and t["special_criteria"] == []
        else:
            assert 2000 <= t["category_year"] <= 2100 and t["category_basis"]
        if t["category"] == "key":
            assert t["permit_no"].startswith(t["credit_code"])
        if t["category"] == "special":
            assert t["special_criteria"] and set(t["special_criteria"]) <= SPECIAL_CRITERIA
            assert not t["positive_list"]
        if t["excluded"]:
            assert t["exclusion_reason"] in ("relocated", "suspended", "closed", "other")
            assert not t["positive_list"]
            if t["exclusion_reason"] in ("relocated", "other"):
                assert t["exclusion_note"]
        else:
            assert t["exclusion_reason"] == "" and t["exclusion_note"] == ""
        if t["site"]:
            assert t["site"] in ("一厂区", "二厂区", "三厂区")

    # every inspector's unit exists; certificates unique and well-formed
    for p in people:
        assert set(p) == INSPECTOR_KEYS
        assert p["unit"] in brigades
        if p["kind"] == "officer":
            assert len(p["cert_no"]) == 11 and p["cert_no"].isdigit()
            assert isinstance(p["cert_valid_until"], date) and 2026 <= p["cert_valid_until"].year <= 2028
        else:
            assert p["kind"] == "assistant" and p["cert_valid_until"] is None
        assert 0 <= p["years_of_service"] <= 60 and isinstance(p["specialities"], list)
    assert len({p["cert_no"] for p in people}) == len(people)
    assert len({p["name"] for p in people}) == len(people)
    assert not {p["name"] for p in people} & set(CHANGJI_SEED_NAMES + ILI_SEED_NAMES)
    assert not {p["cert_no"] for p in people} & set(CHANGJI_SEED_CERTS)
    # brigades: members are exactly the people of the unit; covers exist; every home has a brigade
    of_unit: dict[str, list[dict]] = {}
    for p in people:
        of_unit.setdefault(p["unit"], []).append(p)
    for b in pop["brigades"]:
        assert set(b) == BRIGADE_KEYS
        assert b["jurisdiction"] in jurisdictions and all(c in jurisdictions for c in b["covers"])
        staff = of_unit.get(b["code"], [])
        assert sorted(b["members"]) == sorted(p["cert_no"] for p in staff)
        assert b["leader"] is None or b["leader"] in b["members"]
        if b["kind"] == "brigade":  # a draw needs two officers
            assert b["leader"] and sum(1 for p in staff if p["in_draw_pool"] and p["kind"] == "officer") >= 2
    owned = {b["jurisdiction"] for b in pop["brigades"] if b["kind"] == "brigade"}
    for j in pop["jurisdictions"]:
        if j["level"] != "province":
            assert j["code"] in owned, j

    # the seeded records are all there, unchanged
    for t in seeded.korla_targets() + seeded.changji_special_targets():
        assert t in targets
    changji, changji_people = seeded.changji_brigade()
    groups, group_people = seeded.ili_groups()
    assert changji in pop["brigades"] and all(g in pop["brigades"] for g in groups)
    assert all(p in people for p in changji_people + group_people)

    # shares
    n = len(targets)
    cats = Counter(t["category"] for t in targets)
    assert 0.07 <= cats["key"] / n <= 0.09
    assert 0.008 <= cats["special"] / n <= 0.012
    assert 0.025 <= sum(t["excluded"] for t in targets) / n <= 0.035
    assert 0.04 <= sum(t["positive_list"] for t in targets) / n <= 0.06
    # 昌吉州's 2025 special list is the seed's 23 units, nothing more
    changji_codes = {c for c, j in jurisdictions.items() if c == "652300" or j["parent"] == "652300"}
    assert sum(1 for t in targets if t["category"] == "special" and t["jurisdiction"] in changji_codes) == 23
    # some companies have two (or three) sites under one credit code
    sites = Counter(t["credit_code"] for t in targets)
    multi = [c for c, k in sites.items() if k > 1]
    assert multi and len(multi) < 0.06 * len(sites)
    site_names: dict[str, set[str]] = {}
    for t in targets:
        site_names.setdefault(t["credit_code"], set()).add(t["site"])
    for c in multi:
        assert site_names[c] <= {"一厂区", "二厂区", "三厂区"}


def test_default_population(default_pop):
    assert len(default_pop["targets"]) == 3000
    assert sum(p["kind"] == "officer" for p in default_pop["inspectors"]) == 100
    check_population(default_pop, "default")


def test_default_population_is_deterministic(default_pop):
    assert synthetic.population("default", seed=2026) == default_pop
    other = synthetic.population("default", seed=7)
    assert other != default_pop
    assert other["jurisdictions"] == default_pop["jurisdictions"]
    assert other["targets"][:34] == default_pop["targets"][:34]  # the seeded units do not move


def test_province_population(province_pop):
    pop = {k: v for k, v in province_pop.items() if not k.startswith("_")}
    assert len(pop["targets"]) == 100_000
    assert sum(p["kind"] == "officer" for p in pop["inspectors"]) == 2_000
    check_population(pop, "province")
    # spread across every prefecture and Corps division
    index = {j["code"]: j for j in pop["jurisdictions"]}
    homes = Counter(geography.prefecture_of(t["jurisdiction"], index)["code"] for t in pop["targets"])
    tops = [j["code"] for j in pop["jurisdictions"] if j["level"] in ("prefecture", "corps_division")]
    assert all(homes[c] > 0 for c in tops)
    staffed = Counter(geography.prefecture_of(
        next(b for b in pop["brigades"] if b["code"] == p["unit"])["jurisdiction"], index)["code"]
        for p in pop["inspectors"])
    assert all(staffed[c] > 0 for c in tops)
    assert province_pop["_seconds"] < 15, f"province scale took {province_pop['_seconds']:.1f}s"


def test_province_population_is_deterministic(province_pop):
    again = synthetic.population("province", seed=2026)
    assert again["targets"] == province_pop["targets"]
    assert again["inspectors"] == province_pop["inspectors"]
    assert again["brigades"] == province_pop["brigades"]


def test_population_does_not_depend_on_string_hashing():
    """Same output in fresh interpreters with different PYTHONHASHSEED (no set-order leaks)."""
    import os
    import subprocess
    import sys

    code = ("import hashlib; from workers.demo import synthetic; "
            "print(hashlib.sha256(repr(synthetic.population('default')).encode()).hexdigest())")
    digests = set()
    for hash_seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed)
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        digests.add(out.stdout.strip())
    assert len(digests) == 1
