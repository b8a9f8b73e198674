"""Name pools for the demo company, and vectorised builders that draw from them.

Everything here is invented but shaped like the real thing: Chinese person names with
pinyin, company names in the "city + trade name + business" pattern of Chinese business
registrations, mobile numbers with real carrier prefixes. Builders take index arrays so a
million names cost a few numpy string operations, not a Python loop.
"""

from __future__ import annotations

import numpy as np

from addin.demo.rand import Rng

COMPANY_NAME = "禾丰消费品有限公司 Hefeng Consumer Goods Co."
COUNTRY = ("CN", "中国 China")

SURNAMES: tuple[tuple[str, str], ...] = (
    ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"),
    ("杨", "Yang"), ("黄", "Huang"), ("赵", "Zhao"), ("吴", "Wu"), ("周", "Zhou"),
    ("徐", "Xu"), ("孙", "Sun"), ("马", "Ma"), ("朱", "Zhu"), ("胡", "Hu"),
    ("郭", "Guo"), ("何", "He"), ("高", "Gao"), ("林", "Lin"), ("罗", "Luo"),
    ("郑", "Zheng"), ("梁", "Liang"), ("谢", "Xie"), ("宋", "Song"), ("唐", "Tang"),
    ("许", "Xu"), ("韩", "Han"), ("冯", "Feng"), ("邓", "Deng"), ("曹", "Cao"),
    ("彭", "Peng"), ("曾", "Zeng"), ("肖", "Xiao"), ("田", "Tian"), ("董", "Dong"),
    ("袁", "Yuan"), ("潘", "Pan"), ("于", "Yu"), ("蒋", "Jiang"), ("蔡", "Cai"),
    ("余", "Yu"), ("杜", "Du"), ("叶", "Ye"), ("程", "Cheng"), ("苏", "Su"),
    ("魏", "Wei"), ("吕", "Lyu"), ("丁", "Ding"), ("任", "Ren"), ("沈", "Shen"),
)  # fmt: skip

GIVEN: tuple[tuple[str, str], ...] = (
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"),
    ("丽", "li"), ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("洋", "yang"),
    ("勇", "yong"), ("艳", "yan"), ("杰", "jie"), ("娟", "juan"), ("涛", "tao"),
    ("明", "ming"), ("超", "chao"), ("秀", "xiu"), ("霞", "xia"), ("平", "ping"),
    ("刚", "gang"), ("华", "hua"), ("建", "jian"), ("文", "wen"), ("辉", "hui"),
    ("玲", "ling"), ("鹏", "peng"), ("宇", "yu"), ("浩", "hao"), ("婷", "ting"),
    ("欣", "xin"), ("晨", "chen"), ("雪", "xue"), ("峰", "feng"), ("琳", "lin"),
    ("博", "bo"), ("佳", "jia"), ("俊", "jun"), ("志", "zhi"), ("海", "hai"),
    ("红", "hong"), ("斌", "bin"), ("亮", "liang"), ("慧", "hui"), ("颖", "ying"),
    ("凯", "kai"), ("倩", "qian"), ("晓", "xiao"), ("雨", "yu"), ("春", "chun"),
)  # fmt: skip

#: region id → (Chinese, English, areas); area = (code, Chinese, English, cities).
REGION_POOL: tuple[tuple[str, str, str, tuple[tuple[str, str, str, tuple[str, ...]], ...]], ...] = (
    ("EAST", "华东", "East China", (
        ("SH", "上海", "Shanghai", ("上海", "浦东", "闵行", "松江")),
        ("JS", "江苏", "Jiangsu", ("南京", "苏州", "无锡", "常州", "南通")),
        ("ZJ", "浙江", "Zhejiang", ("杭州", "宁波", "温州", "绍兴", "嘉兴")),
        ("AH", "安徽", "Anhui", ("合肥", "芜湖", "蚌埠", "安庆")),
        ("FJ", "福建", "Fujian", ("福州", "厦门", "泉州", "漳州")),
        ("SD", "山东", "Shandong", ("济南", "青岛", "烟台", "潍坊", "临沂")),
        ("JX", "江西", "Jiangxi", ("南昌", "赣州", "九江", "上饶")),
    )),
    ("NORTH", "华北", "North China", (
        ("BJ", "北京", "Beijing", ("北京", "朝阳", "海淀", "通州")),
        ("TJ", "天津", "Tianjin", ("天津", "滨海", "武清")),
        ("HE", "河北", "Hebei", ("石家庄", "唐山", "保定", "邯郸", "廊坊")),
        ("SX", "山西", "Shanxi", ("太原", "大同", "长治", "运城")),
        ("NM", "内蒙古", "Inner Mongolia", ("呼和浩特", "包头", "鄂尔多斯", "赤峰")),
    )),
    ("SOUTH", "华南", "South China", (
        ("GD", "广东", "Guangdong", ("广州", "深圳", "东莞", "佛山", "珠海")),
        ("GX", "广西", "Guangxi", ("南宁", "柳州", "桂林", "玉林")),
        ("HI", "海南", "Hainan", ("海口", "三亚", "儋州")),
    )),
    ("CENTRAL", "华中", "Central China", (
        ("HA", "河南", "Henan", ("郑州", "洛阳", "新乡", "南阳", "开封")),
        ("HB", "湖北", "Hubei", ("武汉", "宜昌", "襄阳", "荆州")),
        ("HN", "湖南", "Hunan", ("长沙", "株洲", "衡阳", "岳阳", "常德")),
    )),
    ("SOUTHWEST", "西南", "Southwest", (
        ("CQ", "重庆", "Chongqing", ("重庆", "万州", "涪陵", "永川")),
        ("SC", "四川", "Sichuan", ("成都", "绵阳", "德阳", "宜宾", "南充")),
        ("GZ", "贵州", "Guizhou", ("贵阳", "遵义", "六盘水")),
        ("YN", "云南", "Yunnan", ("昆明", "曲靖", "大理", "玉溪")),
    )),
    ("NORTHWEST", "西北", "Northwest", (
        ("SN", "陕西", "Shaanxi", ("西安", "宝鸡", "咸阳", "榆林")),
        ("GS", "甘肃", "Gansu", ("兰州", "天水", "酒泉")),
        ("NX", "宁夏", "Ningxia", ("银川", "石嘴山", "吴忠")),
        ("QH", "青海", "Qinghai", ("西宁", "海东")),
        ("XJ", "新疆", "Xinjiang", ("乌鲁木齐", "喀什", "伊犁", "库尔勒")),
    )),
    ("NORTHEAST", "东北", "Northeast", (
        ("LN", "辽宁", "Liaoning", ("沈阳", "大连", "鞍山", "锦州")),
        ("JL", "吉林", "Jilin", ("长春", "吉林", "四平")),
        ("HL", "黑龙江", "Heilongjiang", ("哈尔滨", "大庆", "齐齐哈尔", "牡丹江")),
    )),
)  # fmt: skip

#: Two halves of a trade name (字号); 30 × 24 = 720 distinct trade names.
TRADE_FIRST = tuple("华金鑫恒宏兴万百和富佳新东瑞福盛顺汇丰源泰隆祥德安康嘉润益聚")
TRADE_SECOND = tuple("联源达通兴隆家佳顺民美发丰盛泰信利昌荣华润和鑫辉")

#: Business part of a customer's registered name, by customer type.
BUSINESS_BY_TYPE: dict[str, tuple[str, ...]] = {
    "distributor": ("商贸有限公司", "食品贸易有限公司", "供应链管理有限公司", "贸易有限公司"),
    "wholesaler": ("副食品批发部", "批发有限公司", "食品批发商行", "百货批发部"),
    "retailer": ("超市", "便利店", "生活超市", "百货商店", "烟酒副食店"),
    "key_account": ("连锁超市有限公司", "购物中心有限公司", "商业连锁有限公司", "电子商务有限公司"),
    "end_user": ("餐饮管理有限公司", "大酒店", "职工食堂", "酒店管理有限公司", "后勤服务中心"),
}

MOBILE_PREFIXES = (
    130, 131, 132, 133, 135, 136, 137, 138, 139, 150, 151, 152, 153, 155, 156, 157, 158,
    159, 166, 176, 177, 180, 181, 182, 185, 186, 187, 188, 189,
)  # fmt: skip

#: Our own sub-brands (product names start with one).
OUR_BRANDS = (
    "禾丰", "鲜语", "金谷", "悦心", "山泉里", "麦香坊", "清露", "福满堂", "田园记",
    "优品汇", "晨光牧场", "好食光", "乐活", "谷语", "家味道", "青禾", "丰收季", "小确幸",
)  # fmt: skip

#: Competitors' brands, invented but the kind of names found on a Chinese shelf.
COMPETITOR_BRANDS = ("康源", "百味园", "鲜活谷", "新乐康", "嘉禾园", "润田美", "统旺",
                     "金麦源", "Goldleaf", "FreshWay", "Sunrise", "BlueOcean")  # fmt: skip
#: The Latin-named brands as a company working in Chinese writes them (their 中文名).
COMPETITOR_BRANDS_ZH = {
    "Goldleaf": "金叶",
    "FreshWay": "鲜道",
    "Sunrise": "旭日",
    "BlueOcean": "蓝海",
}

Spec = tuple[str, float]  # pack size, price multiplier against the category's base price
#: category → ((low, high) base price per case, items with the pack sizes they come in).
CATALOGUE: dict[str, tuple[tuple[float, float], tuple[tuple[str, tuple[Spec, ...]], ...]]] = {
    "饮料 Beverages": ((30.0, 70.0), (
        ("绿茶", (("500ml×15", 1.0), ("1L×12", 1.3), ("250ml×24", 1.1))),
        ("冰红茶", (("500ml×15", 1.0), ("1L×12", 1.3), ("2L×6", 1.0))),
        ("橙汁", (("450ml×15", 1.1), ("1.25L×6", 0.9), ("250ml×24", 1.2))),
        ("苏打水", (("350ml×24", 1.2), ("500ml×15", 0.9))),
        ("凉茶", (("310ml×24", 1.3), ("500ml×15", 1.0), ("礼盒×12", 1.6))),
        ("乌龙茶", (("500ml×15", 1.1), ("1L×12", 1.4))),
        ("椰汁", (("245ml×24", 1.2), ("1.25L×6", 1.0), ("礼盒×10", 1.5))),
        ("矿泉水", (("550ml×24", 0.6), ("1.5L×12", 0.7), ("5L×4", 0.5))),
        ("柠檬茶", (("500ml×15", 1.0), ("250ml×24", 1.1))),
    )),
    "乳品 Dairy": ((45.0, 110.0), (
        ("纯牛奶", (("250ml×24", 1.0), ("200ml×24", 0.9), ("1L×12", 1.6))),
        ("酸奶", (("200g×12", 0.8), ("100g×24", 0.9), ("1kg×6", 1.1))),
        ("高钙奶", (("250ml×24", 1.05), ("250ml×16", 0.75))),
        ("儿童成长奶粉", (("800g×6", 5.0), ("400g×12", 5.0))),
        ("早餐奶", (("250ml×24", 1.0), ("250ml×16", 0.7))),
        ("奶酪棒", (("500g×12", 2.0), ("90g×24", 1.1))),
    )),
    "休闲食品 Snacks": ((40.0, 140.0), (
        ("薯片", (("60g×30", 0.8), ("104g×22", 1.0), ("桶装×12", 0.9))),
        ("苏打饼干", (("400g×12", 1.0), ("1kg×6", 1.1), ("散装5kg", 0.9))),
        ("坚果礼盒", (("750g×6", 2.5), ("1.2kg×4", 2.8))),
        ("牛肉干", (("100g×20", 1.6), ("250g×12", 2.0))),
        ("瓜子", (("160g×20", 0.7), ("500g×10", 0.9), ("散装5kg", 1.0))),
        ("蛋黄派", (("30枚×6", 1.0), ("散装5kg", 1.1))),
        ("海苔", (("4g×60", 0.9), ("礼盒×8", 1.5))),
        ("果冻", (("1kg×8", 0.9), ("150g×30", 1.0))),
    )),
    "调味品 Condiments": ((35.0, 90.0), (
        ("生抽", (("500ml×12", 0.9), ("1.9L×6", 1.2), ("5L×4", 1.6))),
        ("陈醋", (("420ml×12", 0.8), ("2.5L×6", 1.2))),
        ("蚝油", (("510g×12", 1.0), ("2.27kg×6", 1.7))),
        ("料酒", (("500ml×12", 0.7), ("1.75L×6", 1.0))),
        ("火锅底料", (("150g×40", 1.4), ("500g×20", 1.8))),
        ("鸡精", (("200g×40", 1.3), ("1kg×10", 1.4))),
        ("老抽", (("500ml×12", 0.9), ("1.9L×6", 1.2))),
        ("辣椒酱", (("210g×24", 1.0), ("750g×12", 1.3))),
    )),
    "方便食品 Instant food": ((30.0, 80.0), (
        ("红烧牛肉面", (("5连包×6", 1.0), ("桶装×12", 1.0), ("袋装×24", 0.9))),
        ("自热火锅", (("盒装×6", 1.8), ("盒装×12", 3.0))),
        ("速冻水饺", (("1kg×10", 1.6), ("500g×20", 1.6))),
        ("挂面", (("1kg×10", 0.8), ("500g×20", 0.8))),
        ("螺蛳粉", (("330g×16", 1.3), ("5连包×6", 1.2))),
        ("八宝粥", (("360g×12", 0.9), ("礼盒×12", 1.2))),
    )),
    "个人护理 Personal care": ((80.0, 220.0), (
        ("洗发水", (("400ml×12", 1.0), ("750ml×8", 1.3), ("组合装×6", 1.5))),
        ("沐浴露", (("400ml×12", 0.9), ("1L×8", 1.2))),
        ("牙膏", (("120g×36", 0.9), ("180g×24", 0.9), ("组合装×12", 1.1))),
        ("护手霜", (("50g×48", 0.8), ("礼盒×12", 1.0))),
        ("洗面奶", (("100g×24", 0.9), ("150ml×24", 1.1))),
        ("香皂", (("115g×72", 0.8), ("组合装×24", 0.9))),
    )),
    "家居清洁 Home care": ((60.0, 160.0), (
        ("洗衣液", (("2kg×6", 1.0), ("3kg×4", 1.0), ("补充装×12", 0.9))),
        ("洗洁精", (("1.5kg×8", 0.6), ("500g×20", 0.6))),
        ("消毒液", (("1.2L×12", 0.9), ("4L×4", 0.8))),
        ("抽纸", (("3层×24包", 0.8), ("3层×48包", 1.4))),
        ("厨房湿巾", (("80片×24", 1.0),)),
        ("洁厕灵", (("500g×20", 0.7), ("1kg×12", 0.8))),
    )),
    "酒水礼品 Liquor & gifts": ((150.0, 520.0), (
        ("白酒", (("500ml×6", 1.0), ("礼盒×4", 1.4), ("125ml×24", 0.7))),
        ("黄酒", (("500ml×12", 0.5), ("礼盒×6", 0.7))),
        ("精酿啤酒", (("330ml×24", 0.5), ("1L×6", 0.4))),
        ("果酒", (("330ml×12", 0.45), ("750ml×6", 0.6))),
        ("茶叶礼盒", (("250g×10", 1.2), ("500g×6", 1.3))),
        ("滋补礼盒", (("礼盒×6", 1.1),)),
    )),
}  # fmt: skip


def person_names(rng: Rng, n: int, *, pinyin: bool) -> np.ndarray:
    """Two- or three-character Chinese names; with pinyin: "张晓明 Zhang Xiaoming"."""
    sur = rng.integers(0, len(SURNAMES), n)
    g1 = rng.integers(0, len(GIVEN), n)
    g2 = rng.integers(0, len(GIVEN), n)
    two_char = rng.random(n) < 0.7
    sur_zh = np.array([s[0] for s in SURNAMES])[sur]
    sur_py = np.array([s[1] for s in SURNAMES])[sur]
    giv_zh = np.array([g[0] for g in GIVEN])
    giv_py = np.array([g[1] for g in GIVEN])
    zh = np.char.add(sur_zh, np.where(two_char, np.char.add(giv_zh[g1], giv_zh[g2]), giv_zh[g1]))
    if not pinyin:
        return zh
    given_py = np.where(two_char, np.char.add(giv_py[g1], giv_py[g2]), giv_py[g1])
    given_py = np.char.capitalize(given_py)
    return np.char.add(np.char.add(zh, " "), np.char.add(np.char.add(sur_py, " "), given_py))


def mobile_numbers(rng: Rng, n: int) -> np.ndarray:
    """Eleven-digit mainland mobile numbers as text, e.g. "13812345678"."""
    prefix = np.array(MOBILE_PREFIXES, dtype=np.int64)[rng.integers(0, len(MOBILE_PREFIXES), n)]
    number = prefix * 100_000_000 + rng.integers(0, 100_000_000, n)
    return number.astype(str)


def company_names(rng: Rng, cities: np.ndarray, types: np.ndarray) -> np.ndarray:
    """ "上海华联商贸有限公司"-style names: city + trade name + business of the type.

    The rare collisions get a branch number, as a registry would require unique names.
    """
    n = len(cities)
    trade = np.char.add(
        np.array(TRADE_FIRST)[rng.integers(0, len(TRADE_FIRST), n)],
        np.array(TRADE_SECOND)[rng.integers(0, len(TRADE_SECOND), n)],
    )
    business = np.empty(n, dtype=object)
    pick = rng.random(n)
    for kind, options in BUSINESS_BY_TYPE.items():
        here = types == kind
        business[here] = np.array(options, dtype=object)[
            (pick[here] * len(options)).astype(np.int64)
        ]
    names = np.char.add(np.char.add(cities.astype(str), trade), business.astype(str))
    return _unique(names)


def _unique(names: np.ndarray) -> np.ndarray:
    """Append （2）, （3）… to the second and later holders of the same name."""
    order = np.argsort(names, kind="stable")
    ranked = names[order]
    first = np.r_[True, ranked[1:] != ranked[:-1]]
    group_start = np.maximum.accumulate(np.where(first, np.arange(len(ranked)), 0))
    nth = np.arange(len(ranked)) - group_start
    suffix = np.where(nth > 0, np.char.add(np.char.add("（", (nth + 1).astype(str)), "）"), "")
    out = np.empty_like(ranked)
    out[order] = np.char.add(ranked, suffix)
    return out
