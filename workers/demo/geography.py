"""The jurisdiction tree (辖区) of the demo data, as plain data.

A jurisdiction is `{"code", "name", "level", "parent"}` with level one of province,
prefecture, county, zone, corps_division. Codes are the 6-digit administrative division
codes where known; development zones and Corps divisions, which have no such code of
their own here, get stable made-up codes ("652800-KF", "650000-BT04").

Names follow the usage of the seed notices: prefectures by their common short form
(昌吉州, 巴州, 伊犁州), autonomous counties without the ethnic designation (木垒县,
察布查尔县). `ALIASES` maps the official full names and other usual forms to codes.

伊犁州 (654000) stands for 伊犁州直 (the part the prefecture administers directly);
塔城地区 and 阿勒泰地区, formally under 伊犁州, are listed as prefecture-level divisions
under the region as the statistics do. A code here that is wrong is harmless: codes only
need to be unique and stable.
"""

from __future__ import annotations

PROVINCE = ("650000", "新疆维吾尔自治区")

# (code, name, [(county code, name), ...], [(zone code, name, credit-code region), ...])
PREFECTURES: tuple[tuple[str, str, tuple[tuple[str, str], ...], tuple[tuple[str, str, str], ...]], ...] = (
    ("650100", "乌鲁木齐市", (
        ("650102", "天山区"), ("650103", "沙依巴克区"), ("650104", "新市区"), ("650105", "水磨沟区"),
        ("650106", "头屯河区"), ("650107", "达坂城区"), ("650109", "米东区"), ("650121", "乌鲁木齐县"),
    ), (
        ("650100-JK", "乌鲁木齐经济技术开发区", "650106"),
        ("650100-GX", "乌鲁木齐高新技术产业开发区", "650104"),
        ("650100-GQ", "甘泉堡经济技术开发区", "650109"),
    )),
    ("650200", "克拉玛依市", (
        ("650202", "独山子区"), ("650203", "克拉玛依区"), ("650204", "白碱滩区"), ("650205", "乌尔禾区"),
    ), ()),
    ("650400", "吐鲁番市", (
        ("650402", "高昌区"), ("650421", "鄯善县"), ("650422", "托克逊县"),
    ), ()),
    ("650500", "哈密市", (
        ("650502", "伊州区"), ("650521", "巴里坤县"), ("650522", "伊吾县"),
    ), (
        ("650500-GX", "哈密高新技术产业开发区", "650502"),
    )),
    ("652300", "昌吉州", (
        ("652301", "昌吉市"), ("652302", "阜康市"), ("652323", "呼图壁县"), ("652324", "玛纳斯县"),
        ("652325", "奇台县"), ("652327", "吉木萨尔县"), ("652328", "木垒县"),
    ), (
        ("652300-ZD", "准东经济技术开发区", "652300"),
    )),
    ("652700", "博州", (
        ("652701", "博乐市"), ("652702", "阿拉山口市"), ("652722", "精河县"), ("652723", "温泉县"),
    ), ()),
    ("652800", "巴州", (
        ("652801", "库尔勒市"), ("652822", "轮台县"), ("652823", "尉犁县"), ("652824", "若羌县"),
        ("652825", "且末县"), ("652826", "焉耆县"), ("652827", "和静县"), ("652828", "和硕县"),
        ("652829", "博湖县"),
    ), (
        ("652800-KF", "库尔勒经济技术开发区", "652801"),
    )),
    ("652900", "阿克苏地区", (
        ("652901", "阿克苏市"), ("652902", "库车市"), ("652922", "温宿县"), ("652924", "沙雅县"),
        ("652925", "新和县"), ("652926", "拜城县"), ("652927", "乌什县"), ("652928", "阿瓦提县"),
        ("652929", "柯坪县"),
    ), (
        ("652900-KC", "库车经济技术开发区", "652902"),
    )),
    ("653000", "克州", (
        ("653001", "阿图什市"), ("653022", "阿克陶县"), ("653023", "阿合奇县"), ("653024", "乌恰县"),
    ), ()),
    ("653100", "喀什地区", (
        ("653101", "喀什市"), ("653121", "疏附县"), ("653122", "疏勒县"), ("653123", "英吉沙县"),
        ("653124", "泽普县"), ("653125", "莎车县"), ("653126", "叶城县"), ("653127", "麦盖提县"),
        ("653128", "岳普湖县"), ("653129", "伽师县"), ("653130", "巴楚县"), ("653131", "塔什库尔干县"),
    ), (
        ("653100-JK", "喀什经济开发区", "653101"),
    )),
    ("653200", "和田地区", (
        ("653201", "和田市"), ("653221", "和田县"), ("653222", "墨玉县"), ("653223", "皮山县"),
        ("653224", "洛浦县"), ("653225", "策勒县"), ("653226", "于田县"), ("653227", "民丰县"),
        # set up in 2024; codes assumed
        ("653228", "和安县"), ("653229", "和康县"),
    ), ()),
    ("654000", "伊犁州", (
        ("654002", "伊宁市"), ("654003", "奎屯市"), ("654004", "霍尔果斯市"), ("654021", "伊宁县"),
        ("654022", "察布查尔县"), ("654023", "霍城县"), ("654024", "巩留县"), ("654025", "新源县"),
        ("654026", "昭苏县"), ("654027", "特克斯县"), ("654028", "尼勒克县"),
    ), (
        ("654000-KD", "奎屯—独山子经济技术开发区", "654003"),
    )),
    ("654200", "塔城地区", (
        ("654201", "塔城市"), ("654202", "乌苏市"), ("654203", "沙湾市"), ("654221", "额敏县"),
        ("654224", "托里县"), ("654225", "裕民县"), ("654226", "和布克赛尔县"),
    ), ()),
    ("654300", "阿勒泰地区", (
        ("654301", "阿勒泰市"), ("654321", "布尔津县"), ("654322", "富蕴县"), ("654323", "福海县"),
        ("654324", "哈巴河县"), ("654325", "青河县"), ("654326", "吉木乃县"),
    ), ()),
)

# 新疆生产建设兵团 divisions: (code, name, credit-code region = the division's city, where it has one)
CORPS_DIVISIONS: tuple[tuple[str, str, str], ...] = (
    ("650000-BT01", "兵团第一师", "659002"),
    ("650000-BT02", "兵团第二师", "659006"),
    ("650000-BT03", "兵团第三师", "659003"),
    ("650000-BT04", "兵团第四师", "659008"),
    ("650000-BT05", "兵团第五师", "659007"),
    ("650000-BT06", "兵团第六师", "659004"),
    ("650000-BT07", "兵团第七师", "659010"),
    ("650000-BT08", "兵团第八师", "659001"),
    ("650000-BT09", "兵团第九师", "659012"),
    ("650000-BT10", "兵团第十师", "659005"),
    ("650000-BT11", "兵团第十一师", "659000"),
    ("650000-BT12", "兵团第十二师", "650100"),
    ("650000-BT13", "兵团第十三师", "659009"),
    ("650000-BT14", "兵团第十四师", "659011"),
)

# The default (demo) scale: three prefectures, part of 巴州, the two Corps divisions of seed 000.
DEFAULT_PREFECTURES = ("652800", "652300", "654000")
DEFAULT_MEMBERS = frozenset({
    "652801", "652822", "652823", "652826", "652827", "652800-KF",              # 巴州 (part)
    "652301", "652302", "652323", "652324", "652325", "652327", "652328", "652300-ZD",  # 昌吉州
    "654002", "654003", "654004", "654021", "654022", "654023", "654024", "654025",
    "654026", "654027", "654028", "654000-KD",                                   # 伊犁州直
})
DEFAULT_CORPS = ("650000-BT04", "650000-BT07")

SCALES = ("default", "province")

# Other usual names → code (official full names, short forms of the seeds).
ALIASES = {
    "新疆": "650000", "自治区": "650000",
    "昌吉回族自治州": "652300", "巴音郭楞蒙古自治州": "652800", "伊犁哈萨克自治州": "654000",
    "伊犁州直": "654000", "博尔塔拉蒙古自治州": "652700", "克孜勒苏柯尔克孜自治州": "653000",
    "木垒哈萨克自治县": "652328", "察布查尔锡伯自治县": "654022", "焉耆回族自治县": "652826",
    "巴里坤哈萨克自治县": "650521", "塔什库尔干塔吉克自治县": "653131",
    "和布克赛尔蒙古自治县": "654226",
    "准东": "652300-ZD", "准东开发区": "652300-ZD", "准东经开区": "652300-ZD",
    "库尔勒经开区": "652800-KF", "库尔勒开发区": "652800-KF",
    "奎独园区": "654000-KD", "奎独经开区": "654000-KD", "奎屯-独山子经济技术开发区": "654000-KD",
    "第四师": "650000-BT04", "第七师": "650000-BT07", "四师": "650000-BT04", "七师": "650000-BT07",
}


def jurisdictions(scale: str = "default") -> list[dict]:
    """The tree for `scale` ("default" or "province"), parents listed before children."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; use one of {SCALES}")
    full = scale == "province"
    rows = [{"code": PROVINCE[0], "name": PROVINCE[1], "level": "province", "parent": None}]
    order = [p for p in PREFECTURES if full or p[0] in DEFAULT_PREFECTURES]
    if not full:  # the demo lists 巴州, 昌吉州, 伊犁州 in the order of the seeds
        order.sort(key=lambda p: DEFAULT_PREFECTURES.index(p[0]))
    for code, name, counties, zones in order:
        rows.append({"code": code, "name": name, "level": "prefecture", "parent": PROVINCE[0]})
        for c_code, c_name in counties:
            if full or c_code in DEFAULT_MEMBERS:
                rows.append({"code": c_code, "name": c_name, "level": "county", "parent": code})
        for z_code, z_name, _region in zones:
            if full or z_code in DEFAULT_MEMBERS:
                rows.append({"code": z_code, "name": z_name, "level": "zone", "parent": code})
    for d_code, d_name, _region in CORPS_DIVISIONS:
        if full or d_code in DEFAULT_CORPS:
            rows.append({"code": d_code, "name": d_name, "level": "corps_division", "parent": PROVINCE[0]})
    return rows


_REGION = {z[0]: z[2] for p in PREFECTURES for z in p[3]} | {d[0]: d[2] for d in CORPS_DIVISIONS}


def credit_region(code: str) -> str:
    """The 6-digit region put in positions 3–8 of the credit codes of units in `code`."""
    return _REGION.get(code, code)


def by_code(scale: str = "default") -> dict[str, dict]:
    return {j["code"]: j for j in jurisdictions(scale)}


def prefecture_of(code: str, index: dict[str, dict]) -> dict | None:
    """The prefecture (or Corps division) above or at `code`; None for the province."""
    node = index.get(code)
    while node is not None and node["level"] not in ("prefecture", "corps_division"):
        node = index.get(node["parent"]) if node["parent"] else None
    return node


def resolve(name_or_code: str, scale: str = "province") -> str | None:
    """The code for a jurisdiction's code, name or alias; None when unknown."""
    index = by_code(scale)
    key = name_or_code.strip()
    if key in index:
        return key
    for j in index.values():
        if j["name"] == key:
            return j["code"]
    return ALIASES.get(key)
