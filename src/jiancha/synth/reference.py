"""Fixed reference data of the synthetic 漳州市: districts, names, charges, places.

Weights are rough shares from published surname statistics (the 2020 census top surnames);
they only need to look right, not to be exact.
"""

from __future__ import annotations

from dataclasses import dataclass

DISTRICTS: dict[str, str] = {
    "350602": "芗城区",
    "350603": "龙文区",
    "350604": "龙海区",
    "350605": "长泰区",
    "350622": "云霄县",
    "350623": "漳浦县",
    "350624": "诏安县",
    "350626": "东山县",
    "350627": "南靖县",
    "350628": "平和县",
    "350629": "华安县",
}
DISTRICT_CODES: tuple[str, ...] = tuple(DISTRICTS)

# (surname, weight in per mille of the population)
SURNAMES: tuple[tuple[str, float], ...] = (
    ("王", 72),
    ("李", 71),
    ("张", 68),
    ("刘", 54),
    ("陈", 46),
    ("杨", 32),
    ("黄", 24),
    ("赵", 21),
    ("吴", 20),
    ("周", 19),
    ("徐", 14),
    ("孙", 13),
    ("马", 12),
    ("朱", 11),
    ("胡", 10),
    ("郭", 10),
    ("何", 9),
    ("林", 9),
    ("高", 9),
    ("罗", 8),
    ("郑", 8),
    ("梁", 8),
    ("谢", 7),
    ("宋", 6),
    ("唐", 6),
    ("许", 6),
    ("韩", 5),
    ("冯", 5),
    ("邓", 5),
    ("曹", 5),
    ("彭", 5),
    ("曾", 5),
    ("肖", 4),
    ("田", 4),
    ("董", 4),
    ("袁", 4),
    ("潘", 4),
    ("蔡", 4),
    ("蒋", 4),
    ("余", 4),
    ("于", 3),
    ("杜", 3),
    ("叶", 3),
    ("程", 3),
    ("苏", 3),
    ("魏", 3),
    ("吕", 3),
    ("丁", 3),
    ("任", 3),
    ("沈", 3),
    ("姚", 3),
    ("卢", 3),
    ("庄", 2),
    ("洪", 2),
    ("戴", 2),
    ("方", 2),
    ("欧阳", 0.5),
    ("司马", 0.1),
)

GIVEN_MALE = (
    "伟",
    "强",
    "磊",
    "军",
    "勇",
    "杰",
    "涛",
    "斌",
    "超",
    "明",
    "刚",
    "平",
    "辉",
    "鹏",
    "华",
    "飞",
    "鑫",
    "波",
    "宇",
    "浩",
    "凯",
    "健",
    "俊",
    "帆",
    "帅",
    "旭",
    "宁",
    "龙",
    "林",
    "阳",
    "建",
    "国",
    "志",
    "文",
    "海",
    "荣",
    "成",
    "金",
    "福",
    "晨",
    "坤",
    "峰",
    "泽",
    "锋",
    "毅",
)
GIVEN_FEMALE = (
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "艳",
    "娟",
    "霞",
    "燕",
    "玲",
    "婷",
    "雪",
    "慧",
    "莹",
    "倩",
    "洁",
    "琳",
    "颖",
    "梅",
    "红",
    "萍",
    "佳",
    "欣",
    "怡",
    "璐",
    "瑶",
    "晶",
    "丹",
    "秀",
    "英",
    "美",
    "兰",
    "凤",
    "月",
    "春",
    "小",
    "雅",
    "思",
    "琪",
    "悦",
)

STREETS: tuple[str, ...] = (
    "胜利路",
    "延安路",
    "新华路",
    "瑞京路",
    "大通北路",
    "元光南路",
    "水仙大街",
    "九龙大道",
    "建元路",
    "丹霞路",
    "迎宾大道",
    "人民路",
    "中山路",
    "解放路",
    "和平路",
    "东环城路",
    "西环城路",
    "腾飞路",
    "江滨路",
    "南昌路",
    "博爱路",
    "金峰路",
    "龙江路",
    "漳华路",
)
TOWNS: tuple[str, ...] = ("街道", "镇", "乡")

HOSPITALS: tuple[str, ...] = (
    "漳州市医院",
    "漳州市中医院",
    "漳州正兴医院",
    "漳州市第三医院",
    "漳州市人民医院",
    "龙海区第一医院",
    "漳浦县医院",
    "云霄县医院",
    "诏安县医院",
    "东山县医院",
    "南靖县医院",
    "平和县医院",
    "华安县医院",
    "长泰区医院",
    "厦门大学附属第一医院",
)
DIAGNOSES: tuple[str, ...] = (
    "高血压病",
    "2型糖尿病",
    "冠状动脉粥样硬化性心脏病",
    "慢性阻塞性肺疾病",
    "肺炎",
    "急性阑尾炎",
    "胆囊结石",
    "腰椎间盘突出症",
    "脑梗死",
    "慢性肾功能不全",
    "肝硬化",
    "骨折",
    "肺恶性肿瘤",
    "胃恶性肿瘤",
)
SERIOUS_DIAGNOSES: tuple[str, ...] = (
    "肺恶性肿瘤",
    "胃恶性肿瘤",
    "慢性肾功能不全（尿毒症期）",
    "肝硬化失代偿期",
    "脑梗死后遗症",
)
PORTS: tuple[str, ...] = (
    "厦门高崎国际机场",
    "厦门东渡港",
    "厦门五通客运码头",
    "深圳罗湖口岸",
    "珠海拱北口岸",
    "福州长乐国际机场",
    "上海浦东国际机场",
    "广州白云国际机场",
)
EMPLOYER_WORDS: tuple[str, ...] = (
    "食品",
    "电子",
    "机械",
    "建材",
    "物流",
    "贸易",
    "服装",
    "家具",
    "水产",
    "茶业",
    "科技",
    "纺织",
    "塑胶",
    "印刷",
    "医药",
    "房地产",
    "酒店",
    "餐饮",
    "运输",
    "农业",
)
COMPANY_SUFFIX: tuple[str, ...] = ("有限公司", "有限责任公司", "股份有限公司")
PLACE_WORDS: tuple[str, ...] = (
    "闽南",
    "九龙江",
    "丹霞",
    "龙江",
    "芗江",
    "圆山",
    "天宝",
    "南山",
    "白水",
    "金峰",
    "东泰",
    "海澄",
    "旧镇",
    "古雷",
    "程溪",
    "金浦",
    "鸿业",
    "信达",
    "宏源",
    "兴隆",
    "顺发",
    "永盛",
)
LAW_FIRMS: tuple[str, ...] = (
    "福建漳州正典律师事务所",
    "福建九龙江律师事务所",
    "福建闽南律师事务所",
    "福建丹霞律师事务所",
    "福建芗城律师事务所",
    "福建天衡联合（漳州）律师事务所",
    "福建重宇合众（漳州）律师事务所",
    "福建旭丰律师事务所",
    "福建龙海律师事务所",
    "福建漳浦律师事务所",
    "福建东山律师事务所",
    "福建南靖律师事务所",
)
PRISONS: tuple[tuple[str, str], ...] = (
    ("FJ350600JY01", "福建省漳州监狱"),
    ("FJ350800JY01", "福建省龙岩监狱"),
    ("FJ350500JY01", "福建省泉州监狱"),
    ("FJ350100JY01", "福建省福州监狱"),
)
PROPERTY_ITEMS: tuple[tuple[str, str], ...] = (
    ("手机", "电子产品"),
    ("笔记本电脑", "电子产品"),
    ("现金", "现金"),
    ("银行存款", "存款"),
    ("小型轿车", "车辆"),
    ("二轮摩托车", "车辆"),
    ("黄金首饰", "贵重物品"),
    ("作案工具", "工具"),
    ("赌资", "现金"),
    ("毒品", "违禁品"),
)
PETITION_CHANNELS: tuple[str, ...] = ("来信", "来访", "网上信访", "12309检察服务热线")
PETITION_MATTERS: tuple[str, ...] = (
    "不服公安机关不立案决定",
    "反映民事判决执行问题",
    "控告办案人员违法",
    "申请国家赔偿",
    "不服法院生效判决",
    "反映案件久拖不决",
    "举报违法犯罪线索",
    "申请刑事申诉",
)
RECIPIENTS: tuple[str, ...] = (
    "公安局",
    "市场监督管理局",
    "生态环境局",
    "自然资源局",
    "人民法院",
    "司法局",
    "看守所",
    "卫生健康局",
    "交通运输局",
    "住房和城乡建设局",
    "农业农村局",
)
CIVIL_CAUSES: tuple[str, ...] = (
    "民间借贷纠纷",
    "买卖合同纠纷",
    "离婚纠纷",
    "机动车交通事故责任纠纷",
    "劳动争议",
    "金融借款合同纠纷",
    "房屋租赁合同纠纷",
    "物业服务合同纠纷",
    "建设工程施工合同纠纷",
)
PRIVATE_LENDING = "民间借贷纠纷"


@dataclass(frozen=True)
class Charge:
    """A charge with the few facts the generator needs to sentence it plausibly.

    ``terms`` are the sentence lengths (months) courts here give for it; every clean
    judgment draws one of them, so that each charge's [p5, p95] band is exactly their range
    and a planted outlier sits clearly outside.
    """

    name: str
    offense: str  # case_report.offense (the 案由 as police record it)
    category: str  # prisoner.crime_category
    penalty: str  # fixed_term | criminal_detention
    terms: tuple[int, ...]
    fine: bool  # the article mandates a fine (并处罚金)
    amount: tuple[int, int] | None  # amount range of a filed case (yuan)
    threshold: int | None  # criminal threshold of case_report amounts
    weight: float


CHARGES: tuple[Charge, ...] = (
    Charge("盗窃罪", "盗窃", "other", "fixed_term", (6, 9, 12), True, (4000, 40000), 3000, 30),
    Charge(
        "危险驾驶罪", "危险驾驶", "other", "criminal_detention", (1, 2, 3), True, None, None, 22
    ),
    Charge("诈骗罪", "诈骗", "other", "fixed_term", (8, 12, 18), True, (6000, 80000), 5000, 16),
    Charge("故意伤害罪", "故意伤害", "other", "fixed_term", (12, 24, 36), False, None, None, 7),
    Charge(
        "开设赌场罪",
        "开设赌场",
        "other",
        "fixed_term",
        (12, 24, 36),
        True,
        (20000, 200000),
        None,
        5,
    ),
    Charge(
        "帮助信息网络犯罪活动罪",
        "帮信",
        "other",
        "fixed_term",
        (6, 9, 12),
        True,
        (5000, 50000),
        None,
        5,
    ),
    Charge("抢劫罪", "抢劫", "violent", "fixed_term", (48, 72, 120), True, (2000, 30000), None, 3),
    Charge("贩卖毒品罪", "贩卖毒品", "other", "fixed_term", (36, 84, 132), True, None, None, 3),
    Charge(
        "非法吸收公众存款罪",
        "非法吸收公众存款",
        "financial",
        "fixed_term",
        (36, 60, 96),
        True,
        (500000, 5000000),
        None,
        2,
    ),
    Charge("受贿罪", "受贿", "duty", "fixed_term", (36, 72, 132), True, (200000, 3000000), None, 2),
    Charge(
        "组织、领导、参加黑社会性质组织罪",
        "涉黑",
        "mafia",
        "fixed_term",
        (60, 96, 144),
        True,
        None,
        None,
        1.5,
    ),
    Charge(
        "故意杀人罪", "故意杀人", "violent", "fixed_term", (120, 156, 180), False, None, None, 1.5
    ),
    Charge("寻衅滋事罪", "寻衅滋事", "other", "fixed_term", (12, 24, 36), False, None, None, 2),
)
CHARGE_BY_NAME: dict[str, Charge] = {c.name: c for c in CHARGES}

# Threshold offenses of case_report (label → threshold yuan) and admin violations.
REPORT_THRESHOLDS: dict[str, int] = {"盗窃": 3000, "诈骗": 5000}
NO_THRESHOLD_OFFENSES: tuple[str, ...] = ("故意伤害", "寻衅滋事", "纠纷", "故意毁坏财物")


@dataclass(frozen=True)
class Violation:
    code: str
    field: str
    agency: str
    threshold: float  # amount yuan, or quantity when ``unit`` is set
    unit: str | None = None


VIOLATIONS: tuple[Violation, ...] = (
    Violation("counterfeit_goods", "market", "市场监督管理局", 50000),
    Violation("illegal_business", "market", "市场监督管理局", 50000),
    Violation("tax_evasion", "tax", "税务局", 100000),
    Violation("illegal_land_use", "land", "自然资源局", 5, "亩"),
    Violation("illegal_mining", "land", "自然资源局", 100000),
    Violation("pollution", "environment", "生态环境局", 300000),
    Violation("drunk_driving", "other", "公安局交通警察大队", 80, "mg/100ml"),
    Violation("theft", "other", "公安局", 3000),
    Violation("fraud", "other", "公安局", 5000),
)
# Fields whose penalties count for pil.repeat_violator.
PIL_FIELDS: tuple[str, ...] = ("environment", "food", "drug")
PIL_AGENCIES: dict[str, str] = {
    "environment": "生态环境局",
    "food": "市场监督管理局",
    "drug": "市场监督管理局",
}
