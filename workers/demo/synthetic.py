"""A deterministic synthetic population around the seeded records.

`population(scale="default", seed=2026)` returns
`{"jurisdictions": [...], "brigades": [...], "inspectors": [...], "targets": [...]}`:

- "default": 巴州 (part), 昌吉州, 伊犁州直, 兵团第四师/第七师 — exactly 3,000 target rows
  (units = credit code + site) and 100 officers (kind officer; the Ili tech group's
  assistants come on top);
- "province": all of Xinjiang and the 14 Corps divisions — exactly 100,000 target rows and
  2,000 officers.

Both include every seeded record (`workers.demo.seeded`). The same scale and seed give
identical output: all randomness comes from one `random.Random(seed)` and nothing
iterates over a set. Category shares: ≈ 8 % key, ≈ 1 % special (never in 昌吉州, whose
2025 list of 23 is closed), ≈ 3 % excluded, ≈ 5 % positive list (never special, never
excluded); a category belongs to the company, so all sites of one company share it.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

from domain.credit_code import ALPHABET

from . import geography, seeded

SIZES = {"default": (3000, 100), "province": (100_000, 2_000)}

KEY_SHARE, SPECIAL_SHARE, EXCLUDED_SHARE, POSITIVE_SHARE = 0.08, 0.01, 0.03, 0.05
MULTI_SITE_SHARE = 0.03

# (industry, weight, key weight, special weight, name words, style, heavy)
INDUSTRIES: tuple[tuple[str, float, float, float, tuple[str, ...], str, bool], ...] = (
    ("火力发电", 0.6, 80, 3, ("热电", "电力", "能源", "发电"), "company", True),
    ("水泥制造", 0.6, 60, 3, ("水泥", "建材"), "company", True),
    ("煤化工", 0.8, 70, 4, ("煤化工", "能源化工", "煤化", "焦化"), "company", True),
    ("石油炼制", 0.3, 80, 3, ("石化", "炼化", "石油化工"), "company", True),
    ("石油和天然气开采", 0.5, 25, 1, ("油气", "石油工程", "能源开发"), "company", True),
    ("煤炭开采洗选", 1.0, 20, 2, ("煤业", "矿业", "煤炭"), "company", True),
    ("有色金属冶炼", 0.4, 50, 3, ("铜业", "铝业", "有色金属", "冶金"), "company", True),
    ("铁合金冶炼", 0.4, 40, 2, ("硅业", "铁合金", "冶炼"), "company", True),
    ("化学原料制造", 1.0, 35, 3, ("化工", "化学", "精细化工"), "company", True),
    ("光伏材料制造", 0.4, 20, 1, ("新能源", "光伏", "硅材料"), "company", True),
    ("污水处理", 1.2, 60, 4, ("水务", "污水处理", "水处理"), "sewage", True),
    ("生活垃圾处理", 0.6, 40, 3, ("环境服务", "环卫", "垃圾处理"), "landfill", True),
    ("危险废物经营", 0.5, 70, 6, ("环保科技", "再生资源", "固废处置"), "company", True),
    ("医院", 2.5, 4, 0.3, (), "hospital", False),
    ("机动车检测", 2.5, 0.3, 5, ("机动车检测", "机动车辆检测"), "company", False),
    ("砖瓦制造", 3.0, 0.3, 4, ("砖厂", "机砖厂", "环保砖厂"), "individual", False),
    ("水泥制品制造", 2.5, 1, 1.5, ("混凝土", "商砼", "建材"), "company", True),
    ("食品制造", 3.5, 1, 0.5, ("食品", "食品科技"), "company", False),
    ("乳制品制造", 0.6, 8, 1, ("乳业", "乳品"), "company", False),
    ("食用植物油加工", 1.2, 1, 0.5, ("油脂", "粮油"), "company", False),
    ("蔬菜加工", 1.0, 3, 1, ("番茄制品", "果蔬", "红色产业"), "company", False),
    ("制糖", 0.2, 30, 2, ("糖业",), "company", True),
    ("屠宰及肉类加工", 1.5, 3, 1.5, ("肉业", "清真肉联", "肉食品"), "company", False),
    ("棉花加工", 6.0, 0.3, 0.5, ("棉业", "棉花加工", "轧花"), "company", False),
    ("棉纺织", 2.0, 2, 0.5, ("棉纺", "纺织", "纱业"), "company", False),
    ("畜禽养殖", 8.0, 1, 1.5, ("牧业", "畜牧", "养殖"), "farm", False),
    ("汽车修理与维护", 10.0, 0.05, 0.3, ("汽车修理厂", "汽修厂", "汽车维修中心"), "individual", False),
    ("机动车燃油零售", 9.0, 0.1, 0.2, ("加油站",), "station", False),
    ("塑料制品", 2.0, 0.5, 1.5, ("塑料", "塑业"), "company", False),
    ("印刷", 1.0, 0.5, 0.3, ("印务", "印刷"), "company", False),
    ("家具制造", 1.0, 0.5, 0.5, ("家具", "木业"), "company", False),
    ("酒的制造", 0.6, 2, 0.5, ("酒业", "酒庄"), "company", False),
    ("饲料加工", 1.0, 0.5, 0.5, ("饲料", "生物饲料"), "company", False),
    ("肥料制造", 0.8, 3, 2, ("肥业", "生物科技", "化肥"), "company", False),
    ("石灰和石膏制造", 0.6, 2, 1, ("石灰", "石膏", "钙业"), "company", True),
    ("砂石开采", 2.5, 0.3, 1.5, ("砂石料", "矿业", "建材"), "company", False),
    ("洗染服务", 1.0, 0.1, 0.1, ("洗涤", "洗衣"), "company", False),
)

_ZIHAO_CHARS = ("鑫泰宏源华达天恒瑞丰盛昌隆兴金凯汇中富利祥通润海正德永新鼎晟博远宇嘉安康和顺诚信佳美"
                "荣盈益宝银泽峰辰骏驰锦绿洲雪龙腾飞众合力星")
_ZIHAO_WORDS = ("天山", "昆仑", "丝路", "西域", "准噶尔", "阿尔泰", "塔里木", "胡杨", "红柳", "雪莲", "雪峰",
                "金桥", "绿洲", "天马", "大漠", "瀚海", "金穗", "华夏", "白杨", "银河")
_SUFFIXES = ("有限公司",) * 6 + ("有限责任公司",) * 3 + ("股份有限公司",)
_ROAD_STEMS = ("人民", "建设", "团结", "解放", "天山", "文化", "友谊", "迎宾", "光明", "胜利", "幸福", "北京",
               "上海", "延安", "红旗", "新华", "长江", "黄河", "育才", "工业", "学府", "和平", "民主", "世纪")
_TOWN_STEMS = ("城关", "东风", "红星", "团结", "幸福", "胜利", "新华", "光明", "和平", "前进", "向阳", "二道河",
               "三道河", "大泉", "小泉", "西沟", "东沟", "南湖", "北湖", "红旗", "五工", "六工", "三工")
_VILLAGE_STEMS = ("东湖", "西湖", "上游", "下游", "新庄", "红柳", "沙湾", "榆树", "杨树", "柳树", "白杨", "青年",
                  "园艺", "光辉", "团结", "幸福", "新村", "草湖", "泉水", "梧桐")
_CN_DIGITS = "零一二三四五六七八九"

EXCLUSION_NOTES = {
    "relocated": ("{y}年由原址整体搬迁至现地址，新厂区尚未投产", "因城市规划搬迁，原厂区已拆除，地址已更新"),
    "suspended": ("自{y}年起停产至今", "市场原因长期停产", ""),
    "closed": ("已于{y}年办理注销登记", "已宣告破产", ""),
    "other": ("企业已转产，不再产生工业污染物", "项目未建成投产", "生产设施已拆除，仅保留办公场所"),
}
SPECIAL_CRITERIA_WEIGHTS = (
    ("行政处罚金额在20万元及以上", 40), ("信访投诉3次及以上", 25), ("刑事犯罪", 12),
    ("严重违法违规记录", 8), ("环境风险等级高", 7), ("污染防治不能稳定达标", 5), ("信用评价等级低", 3),
)
SPECIALITIES = ("大气", "水", "固废", "危废", "辐射", "自动监控", "排污许可", "建设项目", "生态", "土壤",
                "噪声", "机动车排放", "行政处罚", "饮用水水源地")

# People: invented, from common name parts; the real people of the seeds are never produced.
_HAN_SURNAMES = ("王李张刘陈杨赵黄周吴徐孙朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
                 "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛"
                 "郝龚邵万钱严武戴孔汤")
_HAN_GIVEN_M = "伟军强磊勇杰涛斌超明刚平辉鹏华飞波宁建国志新东海峰林俊文博宏斌立春振永亮晓龙江彬浩"
_HAN_GIVEN_F = "芳娜敏静丽艳娟霞燕玲红梅琳雪婷莉兰萍颖慧佳琴晶倩蓉媛洁茹月欣悦瑶"
_HUI_SURNAMES = "马马马马杨何韩丁海冶苏穆纳金李"
_UYGHUR_M = ("艾尔肯", "买买提", "阿不都热合曼", "艾力", "吐尔逊", "热合曼", "库尔班", "阿卜杜拉", "伊力哈木",
             "亚森", "麦麦提", "努尔艾力", "阿迪力", "艾克拜尔", "依明", "吾买尔", "卡哈尔", "肉孜", "塔依尔",
             "玉素甫", "阿里木", "买合木提", "迪力夏提", "帕尔哈提", "热夏提", "艾合买提", "吐尔洪", "木合塔尔")
_UYGHUR_F = ("古丽", "阿依古丽", "古丽娜尔", "热依拉", "米热古丽", "阿娜尔古丽", "帕提古丽", "努尔古丽",
             "迪丽努尔", "玛依拉", "再努尔", "祖丽胡玛尔", "海尼木", "阿依努尔", "古丽米拉", "萨比热")
_KAZAKH_M = ("叶尔兰", "努尔兰", "别克", "哈那提", "加尔肯", "阿合买提", "叶尔波拉提", "塔尔肯", "巴合提",
             "努尔别克", "哈力木", "木拉提", "叶尔江", "阿斯哈尔", "达吾提", "胡安德克", "马合沙提", "赛力克")
_KAZAKH_F = ("阿依古丽", "古丽娜", "阿娜尔", "加娜尔", "玛合巴丽", "阿依达娜", "萨吾列", "古丽巴哈尔",
             "努尔加玛丽", "阿克玛拉勒")
_KAZAKH_FATHERS = ("托合塔尔", "哈布德克", "吐尔逊", "加汗", "努尔兰", "沙吾提", "阿合买提", "哈再孜", "马那甫",
                   "卡德尔", "居马汗", "叶尔肯", "别克", "阿布都拉")
# The names printed in the seeds (real people): never generated.
_SEED_PEOPLE = (
    "杨元春", "马凯瑞", "陈琪", "康园园", "王金武", "马维雄", "楚战军", "杨海洋", "李健", "阿塔吾拉·阿布来提",
    "徐新建", "田苗苗", "左文林", "范雷", "张锁利", "沙吉旦·赛达林木", "姜志强", "杜曼·哈力霍加",
    "居来提·阿布力米提", "太来海提·沙吾提别克", "刘文超", "米也尔·吐尔迪汗", "王子兵", "赵杰", "杨莎莎",
    "于振国", "王爱国", "刘晓星", "邱鹏", "雷雅男", "包舒晚", "葛广峰", "刘胜彪", "张钟", "何殊鹏", "郭建",
)
# (han, hui, uyghur, kazakh) shares by prefecture; others use _MIX_DEFAULT
_MIX_DEFAULT = (0.62, 0.12, 0.18, 0.08)
_MIX = {"652900": (0.45, 0.05, 0.48, 0.02), "653000": (0.35, 0.05, 0.55, 0.05),
        "653100": (0.35, 0.05, 0.58, 0.02), "653200": (0.35, 0.05, 0.58, 0.02),
        "654000": (0.50, 0.10, 0.15, 0.25), "654200": (0.55, 0.10, 0.07, 0.28),
        "654300": (0.50, 0.08, 0.04, 0.38), "652300": (0.62, 0.18, 0.08, 0.12)}


def _cn_number(n: int) -> str:
    """1..99 as Chinese numerals (一, 十二, 二十, 九十九)."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _CN_DIGITS[ones]
    head = "" if tens == 1 else _CN_DIGITS[tens]
    return head + "十" + (_CN_DIGITS[ones] if ones else "")


def _allocate(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """Split `total` into integer shares proportional to `weights` (largest remainder)."""
    base = [minimum] * len(weights)
    rest = total - minimum * len(weights)
    if rest < 0:
        raise ValueError("total too small for the minimum")
    s = sum(weights)
    raw = [rest * w / s for w in weights]
    shares = [math.floor(r) for r in raw]
    left = rest - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: (-(raw[i] - shares[i]), i))
    for i in order[:left]:
        shares[i] += 1
    return [b + s_ for b, s_ in zip(base, shares, strict=True)]


def _weighted_pick(rng: random.Random, items: list, weight, count: int, size=lambda _: 1) -> list:
    """Weighted sampling without replacement (Efraimidis–Spirakis) until `count` is reached
    by the summed `size` of the picked items."""
    keyed = []
    for i, item in enumerate(items):
        w = weight(item)
        if w > 0:
            keyed.append((rng.random() ** (1.0 / w), i))
    keyed.sort(reverse=True)
    picked, reached = [], 0
    for _k, i in keyed:
        if reached >= count:
            break
        picked.append(items[i])
        reached += size(items[i])
    return picked


class _Names:
    """Unique made-up names for companies and people."""

    def __init__(self, rng: random.Random, taken: list[str]):
        self.rng = rng
        self.companies: set[str] = set(taken)
        self.people: set[str] = set(_SEED_PEOPLE)

    def zihao(self) -> str:
        r = self.rng
        if r.random() < 0.15:
            return r.choice(_ZIHAO_WORDS) + (r.choice(_ZIHAO_CHARS) if r.random() < 0.5 else "")
        a, b = r.choice(_ZIHAO_CHARS), r.choice(_ZIHAO_CHARS)
        return a + b if a != b else a + r.choice(_ZIHAO_CHARS)

    def person(self, prefecture: str) -> str:
        r = self.rng
        han, hui, uyghur, _kazakh = _MIX.get(prefecture, _MIX_DEFAULT)
        for _ in range(200):
            x = r.random()
            female = r.random() < 0.35
            if x < han + hui:
                surname = r.choice(_HAN_SURNAMES if x < han else _HUI_SURNAMES)
                pool = _HAN_GIVEN_F if female else _HAN_GIVEN_M
                given = r.choice(pool) + (r.choice(pool) if r.random() < 0.7 else "")
                name = surname + given
            elif x < han + hui + uyghur:
                name = r.choice(_UYGHUR_F if female else _UYGHUR_M) + "·" + r.choice(_UYGHUR_M)
            else:
                name = r.choice(_KAZAKH_F if female else _KAZAKH_M) + "·" + r.choice(_KAZAKH_FATHERS)
            if name not in self.people:
                self.people.add(name)
                return name
        raise RuntimeError("ran out of person names")


def _place_forms(j: dict, pref: dict | None) -> tuple[str, ...]:
    """Place prefixes used in company names for units of jurisdiction `j`."""
    if j["level"] == "corps_division":
        return ("新疆", "新疆兵团")
    forms = ["新疆"]
    if pref is not None:
        p = pref["name"]
        forms.append(p[:-1] if p.endswith(("州", "市")) and len(p) > 2 else p.removesuffix("地区"))
    if j["level"] == "county" and not j["name"].endswith("区"):  # districts: the city's name
        n = j["name"]
        forms += [n, n] if n.endswith("市") else [n.removesuffix("县"), n]
    return tuple(forms)


def _stem(name: str) -> str:
    for suffix in ("县", "市"):
        if name.endswith(suffix) and len(name) > 2:
            return name[: -len(suffix)]
    return name


class _Builder:
    def __init__(self, scale: str, seed: int):
        self.rng = random.Random(seed)
        self.scale = scale
        self.tree = geography.jurisdictions(scale)
        self.index = {j["code"]: j for j in self.tree}

    # ---- targets ------------------------------------------------------------------
    def address(self, j: dict, pref: dict | None, style: str, heavy: bool) -> str:
        r = self.rng
        if j["level"] == "corps_division":
            return f"新疆{j['name']}{_cn_number(r.randint(1, 99))}团{_cn_number(r.randint(1, 20))}连"
        head = "新疆" + (pref["name"] if pref else "")
        if j["level"] == "zone":
            return f"{head}{j['name']}{r.choice('经纬')}{_cn_number(r.randint(1, 12))}路{r.randint(1, 300)}号"
        county = j["name"]
        rural = style in ("farm",) or (style == "individual" and r.random() < 0.6) or (
            not heavy and style == "company" and r.random() < 0.25)
        if rural:
            town = r.choice(_TOWN_STEMS) + r.choice("镇乡")
            return f"{head}{county}{town}{r.choice(_VILLAGE_STEMS)}村{_cn_number(r.randint(1, 9))}组"
        if heavy or (style == "company" and r.random() < 0.5):
            park = _stem(county) + r.choice(("工业园区", "产业园", "工业园"))
            return f"{head}{county}{park}{r.choice('经纬')}{_cn_number(r.randint(1, 12))}路{r.randint(1, 200)}号"
        road = r.choice(_ROAD_STEMS) + r.choice(("", "", "东", "西", "南", "北")) + r.choice(("路", "路", "街", "大道"))
        return f"{head}{county}{road}{r.randint(1, 999)}号"

    def unit_name(self, names: _Names, j: dict, pref: dict | None, industry: tuple) -> tuple[str, str, bool]:
        """(name, credit-code kind, may have several sites)"""
        r = self.rng
        _label, _w, _kw, _sw, words, style, _heavy = industry
        county = j["name"]
        places = _place_forms(j, pref)
        for attempt in range(40):
            kind, multi = "91", True
            if style == "hospital":
                fixed = ("人民医院", "中医医院", "妇幼保健院", "第二人民医院", "维吾尔医医院", "疾病预防控制中心")
                if attempt < 3 and r.random() < 0.5:
                    name, kind = county + r.choice(fixed), "12"
                else:
                    name, kind = county + names.zihao() + r.choice(("医院", "口腔医院", "骨科医院", "中西医结合医院")), "52"
                multi = False
            elif style == "sewage" and r.random() < 0.5:
                name = county + r.choice(("城东", "城西", "城南", "城北", "第一", "第二", "工业园区")) + "污水处理厂"
                kind, multi = "12", False
            elif style == "landfill" and r.random() < 0.5:
                name = county + r.choice(("生活垃圾填埋场", "生活垃圾卫生填埋场", "生活垃圾焚烧厂", "生活垃圾转运站"))
                kind, multi = "12", False
            elif style == "individual":
                name, kind, multi = _stem(county) + names.zihao() + r.choice(words), "92", False
            elif style == "farm" and r.random() < 0.6:
                if r.random() < 0.5:
                    name, kind = _stem(county) + names.zihao() + r.choice(("养殖场", "养殖小区", "牧场")), "92"
                else:
                    name, kind = _stem(county) + names.zihao() + "养殖专业合作社", "93"
                multi = False
            elif style == "station":
                if r.random() < 0.3 and pref is not None:
                    name = f"中国石油天然气股份有限公司新疆{pref['name']}销售分公司{_stem(county)}{names.zihao()}加油站"
                else:
                    name = _stem(county) + names.zihao() + "加油站"
                multi = False
            else:
                word = r.choice(words) if words else "实业"
                name = r.choice(places) + names.zihao() + word + r.choice(_SUFFIXES)
            if name not in names.companies:
                names.companies.add(name)
                return name, kind, multi
        raise RuntimeError("ran out of company names")

    def new_code(self, kind: str, region: str, codes: set[str]) -> str:
        r = self.rng
        alphabet = ALPHABET
        while True:
            if kind in ("91", "92", "93", "52"):
                body = "MA" + "".join(r.choice(alphabet) for _ in range(6))
            else:  # older public-institution organisation codes: 8 digits
                body = str(r.choice((4, 4, 4, 5, 7))) + "".join(r.choice("0123456789") for _ in range(7))
            code = seeded.credit_code(kind, region, body)
            if code not in codes:
                codes.add(code)
                return code

    def targets(self, fixed: list[dict], total: int) -> list[dict]:
        r = self.rng
        homes = [j for j in self.tree if j["level"] in ("county", "zone", "corps_division")]
        weights = []
        for j in homes:
            if j["level"] == "zone":
                w = 3.0
            elif j["level"] == "corps_division":
                w = 1.5
            else:
                w = 2.5 if j["name"].endswith(("市", "区")) else 1.0
            weights.append(w * r.uniform(0.75, 1.25))
        counts = _allocate(total - len(fixed), weights)
        names = _Names(r, [t["name"] for t in fixed])
        codes = {t["credit_code"] for t in fixed}
        rows: list[dict] = []
        for j, count in zip(homes, counts, strict=True):
            pref = geography.prefecture_of(j["parent"], self.index) if j["level"] != "corps_division" else None
            region = geography.credit_region(j["code"])
            iw = []
            for ind in INDUSTRIES:
                w = ind[1]
                if j["level"] == "zone":
                    w *= 5.0 if ind[6] else (0.05 if ind[5] in ("hospital", "farm", "station", "individual") else 0.6)
                elif j["level"] == "corps_division" and ind[0] in ("畜禽养殖", "棉花加工", "蔬菜加工"):
                    w *= 2.0
                iw.append(w)
            made = 0
            while made < count:
                industry = r.choices(INDUSTRIES, weights=iw)[0]
                name, kind, multi = self.unit_name(names, j, pref, industry)
                code = self.new_code(kind, region, codes)
                sites = 1
                if multi and r.random() < MULTI_SITE_SHARE:
                    sites = 3 if r.random() < 0.1 else 2
                sites = min(sites, count - made)
                for s in range(sites):
                    rows.append({
                        "credit_code": code, "name": name,
                        "site": "" if sites == 1 else ("一厂区", "二厂区", "三厂区")[s],
                        "jurisdiction": j["code"],
                        "address": self.address(j, pref, industry[5], industry[6]),
                        "industry": industry[0], "category": "general", "category_year": None,
                        "category_basis": "", "special_criteria": [], "excluded": False,
                        "exclusion_reason": "", "exclusion_note": "", "positive_list": False,
                        "permit_no": "",
                        "_ind": industry, "_pref": pref["name"] if pref else j["name"], "_site_no": s + 1,
                    })
                made += sites
        self.categorise(rows, fixed, total)
        for row in rows:
            del row["_ind"], row["_pref"], row["_site_no"]
        return rows

    def categorise(self, rows: list[dict], fixed: list[dict], total: int) -> None:
        r = self.rng
        companies: dict[str, list[dict]] = {}
        for row in rows:
            companies.setdefault(row["credit_code"], []).append(row)
        groups = list(companies.values())
        size = len
        seeded_count = {c: sum(1 for t in fixed if t["category"] == c) for c in ("key", "special")}
        changji = {j["code"] for j in self.tree if j["code"] == "652300" or j["parent"] == "652300"}

        want = max(0, round(SPECIAL_SHARE * total) - seeded_count["special"])
        specials = _weighted_pick(r, [g for g in groups if g[0]["jurisdiction"] not in changji],
                                  lambda g: g[0]["_ind"][3], want, size)
        joint_day = {}
        for g in specials:
            pref = g[0]["_pref"]
            day = joint_day.setdefault(pref, r.randint(10, 30))
            criteria = [c for c, _w in SPECIAL_CRITERIA_WEIGHTS]
            first = r.choices(criteria, weights=[w for _c, w in SPECIAL_CRITERIA_WEIGHTS])[0]
            chosen = [first]
            if r.random() < 0.15:
                second = r.choice([c for c in criteria if c != first])
                chosen.append(second)
            for row in g:
                row.update(category="special", category_year=2025, special_criteria=list(chosen),
                           category_basis=f"2024年12月{day}日{pref}生态环境局特殊监管对象联审会议")
        taken = {id(g) for g in specials}

        want = max(0, round(KEY_SHARE * total) - seeded_count["key"])
        rest = [g for g in groups if id(g) not in taken]
        keys = _weighted_pick(r, rest, lambda g: g[0]["_ind"][2], want, size)
        for g in keys:
            for row in g:
                row.update(category="key", category_year=2025,
                           category_basis=f"2025年{row['_pref']}重点排污单位名录")
        # permits: every key/special unit; some general units (simplified management)
        for row in rows:
            heavy, style = row["_ind"][6], row["_ind"][5]
            if row["category"] != "general":
                has_permit = True
            elif heavy:
                has_permit = r.random() < 0.6
            else:
                has_permit = style in ("company", "farm") and r.random() < 0.2
            if has_permit:
                row["permit_no"] = f"{row['credit_code']}{row['_site_no']:03d}P"

        candidates = [row for row in rows if row["category"] != "special"]
        n_pos = round(POSITIVE_SHARE * total)
        n_exc = round(EXCLUDED_SHARE * total)
        r.shuffle(candidates)
        for row in candidates[:n_pos]:
            row["positive_list"] = True
        for row in candidates[n_pos:n_pos + n_exc]:
            reason = r.choices(("relocated", "suspended", "closed", "other"), weights=(25, 45, 20, 10))[0]
            note = r.choice(EXCLUSION_NOTES[reason]).format(y=r.randint(2019, 2025))
            row.update(excluded=True, exclusion_reason=reason, exclusion_note=note)

    # ---- brigades and inspectors -----------------------------------------------------
    def cert_prefix(self, code: str) -> str:
        if code.startswith("650000-BT"):
            return f"31{20 + int(code[-2:]):02d}009"
        pref = geography.prefecture_of(code, self.index)
        order = [p[0] for p in geography.PREFECTURES]
        return f"31{order.index(pref['code']) + 1:02d}009"

    def staff(self, local: list[dict], targets: list[dict], officers: int, taken_people: list[str],
              taken_certs: list[str]) -> list[dict]:
        r = self.rng
        names = _Names(r, [])
        names.people.update(taken_people)
        per_home: dict[str, int] = {}
        for t in targets:
            per_home[t["jurisdiction"]] = per_home.get(t["jurisdiction"], 0) + 1
        weights = []
        for b in local:
            if self.index[b["jurisdiction"]]["level"] == "prefecture":
                weights.append(0.12 * sum(per_home.get(c, 0) for c in b["covers"]) + 1)
            else:
                weights.append(per_home.get(b["jurisdiction"], 0) + 1)
        sizes = _allocate(officers, weights, minimum=2)
        counters: dict[str, int] = {}
        certs = set(taken_certs)
        rows = []
        start = date(2026, 6, 30)
        for b, n in zip(local, sizes, strict=True):
            level = self.index[b["jurisdiction"]]["level"]
            prefix = self.cert_prefix(b["jurisdiction"])
            pref = geography.prefecture_of(b["jurisdiction"], self.index)
            mix_key = pref["code"] if pref and pref["level"] == "prefecture" else ""
            for i in range(n):
                while True:
                    counters[prefix] = counters.get(prefix, 999) + r.randint(1, 3)
                    cert = f"{prefix}{counters[prefix]:04d}"
                    if cert not in certs:
                        certs.add(cert)
                        break
                if level == "prefecture":
                    post = ("支队长", "副支队长", "大队长")[i] if i < 3 else r.choice(("执法队员",) * 4 + ("副大队长",))
                    dept = "支队领导" if i < 2 else f"执法{_cn_number(1 + i % 3)}大队"
                else:
                    post = "大队长" if i == 0 else ("副大队长" if i == 1 and n >= 4 else "执法队员")
                    dept = b["name"].removesuffix("执法大队") + (
                        "执法大队" if i < 2 else r.choice(("执法大队", "综合执法中队", "执法一中队", "执法二中队")))
                senior = i == 0 or (level == "prefecture" and i < 3)
                years = r.randint(12, 32) if senior else r.randint(1, 28)
                rows.append({
                    "name": names.person(mix_key), "kind": "officer", "cert_no": cert,
                    "cert_valid_until": start + timedelta(days=r.randrange(0, 915)),
                    "unit": b["code"], "post": post, "years_of_service": years,
                    "specialities": r.sample(SPECIALITIES, r.choice((1, 2, 2, 3))),
                    "department": dept,
                    "in_draw_pool": True if n <= 2 or i < 2 else r.random() > 0.05,
                })
                b["members"].append(cert)
            b["leader"] = b["members"][0] if b["members"] else None
        return rows


def population(scale: str = "default", seed: int = 2026) -> dict:
    """Everything the demo needs, seeded records first; see the module docstring."""
    if scale not in SIZES:
        raise ValueError(f"unknown scale {scale!r}; use one of {tuple(SIZES)}")
    n_targets, n_officers = SIZES[scale]
    builder = _Builder(scale, seed)

    changji, changji_people = seeded.changji_brigade()
    groups, group_people = seeded.ili_groups()
    fixed_people = changji_people + group_people

    local = [b for b in seeded.local_brigades(scale) if b["code"] != changji["code"]]
    fixed_targets = seeded.korla_targets() + seeded.changji_special_targets()
    synthetic_targets = builder.targets(fixed_targets, n_targets)
    targets = fixed_targets + synthetic_targets

    fixed_officers = sum(1 for p in fixed_people if p["kind"] == "officer")
    synthetic_people = builder.staff(local, targets, n_officers - fixed_officers,
                                     [p["name"] for p in fixed_people], [p["cert_no"] for p in fixed_people])

    brigades = _ordered_brigades(local, changji, groups)
    return {
        "jurisdictions": builder.tree,
        "brigades": brigades,
        "inspectors": fixed_people + synthetic_people,
        "targets": targets,
    }


def _ordered_brigades(local: list[dict], changji: dict, groups: list[dict]) -> list[dict]:
    """Local brigades in tree order, the seeded 昌吉州 支队 in its place, Ili's groups after
    伊犁州's 支队."""
    out = []
    placed = False
    for b in local:
        if not placed and b["jurisdiction"].startswith("6523") and b["code"] != changji["code"]:
            out.append(changji)
            placed = True
        out.append(b)
        if b["code"] == "BR-654000":
            out.extend(groups)
    if not placed:
        out.append(changji)
    return out
