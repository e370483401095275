"""kg.text.normalize: paragraphs, spaces, widths and the offset map (cases from the seed pages)."""
from __future__ import annotations

import doctest
import random
import re

import tomllib
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.config import ROOT
import kg.text.normalize as N
from kg.text.normalize import compile_rules, normalize

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def seed(prefix: str) -> str:
    return next(p for p in SEEDS if p.name.startswith(prefix)).read_text(encoding="utf-8")


def visible(s: str) -> str:
    """What must survive normalisation: no whitespace, controls, format characters or
    Markdown heading markers; widths unified (NFKC)."""
    s = unicodedata.normalize("NFKC", s)
    return "".join(c for c in s if not c.isspace() and c != "#"
                   and unicodedata.category(c) not in ("Cc", "Cf", "Cs"))


def paragraphs(raw: str) -> list[str]:
    return normalize(raw).text.split("\n")


def test_doctests():
    assert doctest.testmod(N).failed == 0


# --- characters -------------------------------------------------------------------

@pytest.mark.parametrize("raw, clean", [
    # letter-spaced OCR lines (seed 000)
    ("推 动 出 台“ 产 改 ”配 套 措 施 109\n\n项 ，组 织 技 能 提 升 培 训 350.8 万 人\n\n次。",
     "推动出台“产改”配套措施109项，组织技能提升培训350.8万人次。"),
    ("诉 求 23 件 ，涉 及 职 工 3600 余 人 。", "诉求23件，涉及职工3600余人。"),
    ("异 国 他 乡 也 有“ 家 ”", "异国他乡也有“家”"),
    # numbers and Latin next to CJK
    ("2023 年", "2023年"),
    ("350.8 万", "350.8万"),
    ("共 800 人参加。", "共800人参加。"),
    ("AI 安全着装", "AI安全着装"),
    ("用TIG焊代替MG焊。", "用TIG焊代替MG焊。"),
    ("Hello World", "Hello World"),
    ("Hello   World", "Hello World"),
    # meaningful spaces between longer Han runs: names in a byline, headline halves
    ("本报讯 （记者王鑫 方大丰）9月 12日，由", "本报讯（记者王鑫 方大丰）9月12日，由"),
    ("发挥特色用足资源 为高质量发展贡献“工”力量", "发挥特色用足资源 为高质量发展贡献“工”力量"),
    ("本报记者 吴凡 摄", "本报记者 吴凡摄"),
    # ... but a space between Han runs in running text is layout (a paragraph with a clause mark,
    # outside brackets and quotes), before or after the mark
    ("本报讯（记者 沈嘉怡）近日，接力站当天正 式启用。", "本报讯（记者 沈嘉怡）近日，接力站当天正式启用。"),
    ("该工作室由全 国劳动模范李振华领衔。", "该工作室由全国劳动模范李振华领衔。"),
    ("以“当好主人翁 亚运立新功”为主题，", "以“当好主人翁 亚运立新功”为主题，"),
    ("本报讯(记者康勤 通讯员王博)“杨博士辛苦了，”", "本报讯（记者康勤 通讯员王博）“杨博士辛苦了，”"),
    ("本报讯　九江石化公司工会近日开展活动，", "本报讯 九江石化公司工会近日开展活动，"),
    ("本报南宁电 广西壮族自治区总工会日前印发通知，", "本报南宁电 广西壮族自治区总工会日前印发通知，"),
    ("河北 日前，河北省总工会印发通知。", "河北 日前，河北省总工会印发通知。"),  # a round-up item's region
    # half-width punctuation in Chinese context (seed 003) becomes full-width
    ("本报讯(记者赵黎浩)近日,记者从座谈会上获悉;", "本报讯（记者赵黎浩）近日，记者从座谈会上获悉；"),
    ("州(市)、县(市、区)", "州（市）、县（市、区）"),
    ("规划(2021—2025 年)", "规划（2021—2025年）"),
    ("如何解决?请看!", "如何解决？请看！"),
    # ... but not between digits or Latin
    ("1,000 and 12:30", "1,000 and 12:30"),
    ("zhhzhengwendasai@163.com，稿件", "zhhzhengwendasai@163.com，稿件"),
    # full-width letters and digits become half-width; kept symbols stay
    ("ＡＩ助力２０２３年", "AI助力2023年"),
    ("１．５万人", "1.5万人"),
    ("保费总额 50%的财政补贴", "保费总额50%的财政补贴"),
    ("“监测+服务+保障”", "“监测+服务+保障”"),
    ("大连·石河子", "大连·石河子"),
    ("“暖‘新’集市”", "“暖‘新’集市”"),
    # BOM, controls, zero-width characters, CRLF
    ("\ufeff本报讯（记者李润钊）", "本报讯（记者李润钊）"),
    ("工\u200b会\x07组织。", "工会组织。"),
    ("第一行没有结束\r\n继续写完。", "第一行没有结束继续写完。"),
    ("", ""),
    ("   \n\n  ", ""),
])
def test_clean_text(raw, clean):
    assert normalize(raw).text == clean


def test_straight_quotes_are_left_alone():
    assert normalize('他说"好"。').text == '他说"好"。'


# --- paragraphs -------------------------------------------------------------------

SEED_000_TOP = (
    " 本报记者 黄榆\n\n推 动 出 台“ 产 改 ”配 套 措 施 109\n\n项 ，组 织 技 能 提 升 培 训 350.8 万 人\n\n"
    "次，实现技能等级提升 76.3 万人次；\n\n连续 5 年举办云南省职工职业技能\n\n大赛，产生技术状元、技术能手 2398\n"
    "名；建成工会户外劳动者服务站点\n\n2911 个……\n\n记者日前获悉，近 5 年来，云南工\n\n"
    "会坚持服务大局、服务职工的主题主\n\n线，充分发挥工会特色，用活用足工\n\n会资源，团结引领广大职工比学赶\n\n"
    "超、建功立业，为云南高质量发展贡\n\n献了工会力量。\n\n锻造新时代产业工人队伍\n\n"
    "“我们企业与曲靖市麒麟职业教\n\n育集团开展校企合作、产教融合，培养\n\n茶艺人才，学生毕业后可以到我们企业\n\n"
    "工作。”日前，云南吴觉农茶业有限公司\n\n相关负责人告诉记者。\n\n"
    "作为全国总工会第二批产业工人\n\n队伍建设改革试点单位，曲靖市麒麟职\n\n教集团与企业联合建设校内实训基地，\n\n"
    "推行师带徒、订单式、工学结合式的育\n\n人模式，培养了一批高素质产业工人预\n\n备军。\n\n"
)


def test_seed_excerpt_paragraphs():
    assert paragraphs(SEED_000_TOP) == [
        "本报记者 黄榆",
        "推动出台“产改”配套措施109项，组织技能提升培训350.8万人次，实现技能等级提升76.3万人次；"
        "连续5年举办云南省职工职业技能大赛，产生技术状元、技术能手2398名；建成工会户外劳动者服务站点2911个……",
        "记者日前获悉，近5年来，云南工会坚持服务大局、服务职工的主题主线，充分发挥工会特色，用活用足工会资源，"
        "团结引领广大职工比学赶超、建功立业，为云南高质量发展贡献了工会力量。",
        "锻造新时代产业工人队伍",
        "“我们企业与曲靖市麒麟职业教育集团开展校企合作、产教融合，培养茶艺人才，学生毕业后可以到我们企业工作。”"
        "日前，云南吴觉农茶业有限公司相关负责人告诉记者。",
        "作为全国总工会第二批产业工人队伍建设改革试点单位，曲靖市麒麟职教集团与企业联合建设校内实训基地，"
        "推行师带徒、订单式、工学结合式的育人模式，培养了一批高素质产业工人预备军。",
    ]


@pytest.mark.parametrize("raw, expected", [
    # a byline after a headline on the same line is split off (seed 000)
    ("汇聚“暖‘新’集市” 本报福州9月17日电 （记者陈曦）今天上午，“2023年国\n\n家网络安全宣传周”举办。",
     ["汇聚“暖‘新’集市”", "本报福州9月17日电（记者陈曦）今天上午，“2023年国家网络安全宣传周”举办。"]),
    # a photo credit at the end of a caption line (seeds 002, 003)
    ("在提升学生综合职业技能的同时提高就业率。 新华社发（秦廷富 摄）\n\n校企合作育人才",
     ["在提升学生综合职业技能的同时提高就业率。", "新华社发（秦廷富摄）", "校企合作育人才"]),
    # kicker, main headline, reading hint (seed 000)
    ("建功立业——\n\n发挥特色用足资源 为高质量发展贡献“工”力量\n\n阅 读 提 示\n\n产业工人队伍建设改革走深\n\n"
     "走实，新就业形态劳动者工会工\n\n作更加有力。\n\n本报讯 （记者李润钊）报名",
     ["建功立业——", "发挥特色用足资源 为高质量发展贡献“工”力量", "阅读提示",
      "产业工人队伍建设改革走深走实，新就业形态劳动者工会工作更加有力。", "本报讯（记者李润钊）报名"]),
    # a kicker broken over two lines stays one paragraph (seed 004)
    ("推动相关举措落实落细。\n\n广东省总工会在“产改”大合唱中积极发挥牵头抓总作用，为产业工人打造\n"
     "成长成才的“绿色通道”——\n\n构筑技能人才聚集高地\n\n本报记者 叶小钟\n\n本报通讯员 王娅 黄敏清\n\n",
     ["推动相关举措落实落细。",
      "广东省总工会在“产改”大合唱中积极发挥牵头抓总作用，为产业工人打造成长成才的“绿色通道”——",
      "构筑技能人才聚集高地", "本报记者 叶小钟", "本报通讯员 王娅 黄敏清"]),
    # headlines before the next byline with no sentence end between (seed 002)
    ("有机融合与相互支撑。\n\n深圳市总工会推进暖蜂驿站建设\n\n实行分级评价管理 打造综合服务矩阵\n\n"
     "长春新就业形态劳动者享公益体检\n\n本报讯 （记者柳姗姗 彭冰 通讯员姚\n\n远）近日，",
     ["有机融合与相互支撑。", "深圳市总工会推进暖蜂驿站建设", "实行分级评价管理 打造综合服务矩阵",
      "长春新就业形态劳动者享公益体检", "本报讯（记者柳姗姗 彭冰 通讯员姚远）近日，"]),
    # Markdown heading markers are dropped (seed 001)
    ("\n\n# 奋进新征程 建功新时代\n\n全省各级工会竭诚服务职工——\n\n# 当好职工“娘家人” 凝心聚力促发展\n\n本报记者 郎晶晶\n\n",
     ["奋进新征程 建功新时代", "全省各级工会竭诚服务职工——", "当好职工“娘家人”凝心聚力促发展", "本报记者 郎晶晶"]),
    # a line may not start with a closing quote or a full stop: it continues (seed 001)
    ("在上海、深圳等地建立“云南娘家人\n\n”服务站13个，为外出农民工提供就\n\n业服务，介绍农村劳动者就业\n\n。",
     ["在上海、深圳等地建立“云南娘家人”服务站13个，为外出农民工提供就业服务，介绍农村劳动者就业。"]),
    # a line that leaves a title open is not a headline (seed 001)
    ("的目标。\n\n省总工会联合省级部门印发了《云\n\n南省总工会等八部门关于进一步落实困\n\n"
     "难职工解困脱困相关政策的通知》以及10个实施细则文件，建立“1+10”帮\n\n扶体系。",
     ["的目标。", "省总工会联合省级部门印发了《云南省总工会等八部门关于进一步落实困难职工解困脱困相关政策的通知》"
      "以及10个实施细则文件，建立“1+10”帮扶体系。"]),
    # short photo title before a long caption line (seed 003)
    ("推动改革不断走深走实。\n\nAI助力安全生产\n\n8月30日,在新疆塔建三五九建公司承建阿拉尔公租房项目,两名工作人员正在进行AI安全着装"
     "管理系统测试。该系统可对未按要求佩戴安全帽等安全着装的行为予以警告,为项目安全生产提供有力保障。 本报通讯员 官跃志 尹阳阳 摄",
     ["推动改革不断走深走实。", "AI助力安全生产",
      "8月30日，在新疆塔建三五九建公司承建阿拉尔公租房项目，两名工作人员正在进行AI安全着装管理系统测试。"
      "该系统可对未按要求佩戴安全帽等安全着装的行为予以警告，为项目安全生产提供有力保障。",
      "本报通讯员 官跃志 尹阳阳摄"]),
    # a line that ends inside a company's name is no headline, however short
    ("员会主任刘 艳 出席并讲话。\n\n当天,来自临江钢铁集团有限公司、中联重科\n股份有限公司的5名女职工代表作了宣讲。临\n"
     "江钢铁集团有限公司 高级技师 陈 芳 说:\"作为一\n名女工匠,我要把技术传给更多姐妹.\"\n",
     ["员会主任刘艳出席并讲话。", "当天，来自临江钢铁集团有限公司、中联重科股份有限公司的5名女职工代表作了宣讲。"
      "临江钢铁集团有限公司高级技师陈芳说：\"作为一名女工匠，我要把技术传给更多姐妹.\""]),
    # on a page whose empty lines part paragraphs, a sentence ending with its line goes on
    ("本报讯（记者 王五）3月1日，临江市职工运动\n会开幕。来自全市的2000名职工参加。\n"
     "临江市总工会主席赵六出席。\n\n会上，临江市总工会表彰了一批先进集体\n和先进个人。\n",
     ["本报讯（记者 王五）3月1日，临江市职工运动会开幕。来自全市的2000名职工参加。临江市总工会主席赵六出席。",
      "会上，临江市总工会表彰了一批先进集体和先进个人。"]),
    # a line ending with 暨 is no headline: the name goes on
    ("召开大会。\n\n同日，青山市总工会举行“青山工匠”发布暨\n\n事迹报告会，发布30名“青山工匠”。",
     ["召开大会。", "同日，青山市总工会举行“青山工匠”发布暨事迹报告会，发布30名“青山工匠”。"]),
])
def test_paragraphs(raw, expected):
    assert paragraphs(raw) == expected


# Headlines inside and between articles that must stand as paragraphs of their own.
SEED_HEADLINES = {
    "000": ["锻造新时代产业工人队伍", "在服务职工中提升“工会温度”", "深化工会改革和建设",
            "福建首家新就业形态劳动者权益保障服务中心在厦门成立", "24个部门一站式服务汇聚“暖‘新’集市”",
            "中国石化广西石油联合工会关爱户外劳动者", "武汉家政服务业技能竞赛举行", "长沙市首届职工运动会举办",
            "杭州余杭成立数字经济工联会", "车间里的“拖堂课”", "争分夺秒 汗洒赛场", "新职业新经济，技术技能日趋融合",
            "“学技术，好就业，能让人生更出彩”"],
    "001": ["奋进新征程 建功新时代", "强信念 团结职工坚定不移听党话跟党走", "提素质 产业工人队伍建设改革走深走实",
            "优服务 不断提升职工获得感幸福感安全感", "勇担当 在大战大考中写好工会答卷"],
    "002": ["做优“工匠型”人才培育“大文章”", "打造触手可及的暖心之“家”", "跑出工会高质量发展“加速度”",
            "职工有了更多归属感", "驿站里的医务室", "让职工感受“家”的温情", "异国他乡也有“家”",
            "惠工影院人气旺", "长春新就业形态劳动者享公益体检", "黄河流域地质系统应急岗位技能竞赛举行",
            "校园农场", "校企合作育人才"],
    "003": ["云南发挥企业主体作用打通“产改”落地“最后一公里”", "AI助力安全生产", "福建省“八闽工匠学堂”试运行",
            "大国工匠入校进企解难题", "数字化工会服务职工更贴心", "童心匠作", "分类组建，广纳农民工入会",
            "建好阵地，镇域工会增活力", "职能下沉，工会服务接地气"],
    "004": ["非凡十年·工会篇", "构筑技能人才聚集高地", "在“产改”大合唱中牵头抓总", "引导职工由“工”变“匠”",
            "金华金东区建成150家“工会有约”工作室", "镇江市互联网行业工联会成立", "“心服务”延伸到了高原荒漠",
            "中秋送健康"],
}


@pytest.mark.parametrize("doc", sorted(SEED_HEADLINES))
def test_seed_headlines_stand_alone(doc):
    paras = set(paragraphs(seed(doc)))
    missing = [h for h in SEED_HEADLINES[doc] if h not in paras]
    assert not missing


# Words the OCR broke across lines, some next to a headline-looking line start.
SEED_JOINED = {
    "000": ["曲靖市麒麟职业教育集团", "大连和石河子两市工会还牵线", "福建省厦门市劳动力市场大厦", "9700余万元推进户外劳动者驿站建设"],
    "001": ["《云南省总工会等八部门关于进一步落实困难职工解困脱困相关政策的通知》", "牢牢把握为实现中华民族伟大复兴",
            "在各地建设全国和省级职工书屋1300多个"],
    "002": ["黄河流域生态保护和高质量发展产业工人创新工作联盟", "（记者柳姗姗 彭冰 通讯员姚远）", "注重借鉴转化，鼓励追赶跨越。",
            "新都桥雪域高原货车司机之家"],
    "003": ["此外，威海市总还以乡镇驻地为中心，整合辖区党群服务中心", "省教育厅全力推进产教融合"],
    "004": ["为方便高度分散的职工随时随地享受心理服务，长庆油田工会在企业微信号上搭建", "将推进工会服务“微阵地”建设",
            "（记者黄洪涛 通讯员范翊 胡杞泽）"],
}


@pytest.mark.parametrize("doc", sorted(SEED_JOINED))
def test_seed_broken_words_joined(doc):
    text = normalize(seed(doc)).text
    missing = [w for w in SEED_JOINED[doc] if w not in text]
    assert not missing


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_seed_long_paragraphs_end_sentences(path):
    """Body text is never cut mid-sentence by a paragraph break: every paragraph longer
    than a headline ends a sentence or a kicker (the page 001 ends mid-word in its source)."""
    end = re.compile(r"(?:[。！？…]|——)[”’）》]*$")
    paras = paragraphs(path.read_text(encoding="utf-8"))
    bad = [p for p in paras[:-1] if len(p) > 40 and not end.search(p)]
    assert not bad


# --- offsets ----------------------------------------------------------------------

def check_offsets(raw: str) -> None:
    n = normalize(raw)
    assert n.raw == raw
    assert len(n.offsets) == len(n.text) + 1
    assert n.offsets[-1] == len(raw)
    # Nothing is inserted: every clean character has its own raw source, in order.
    assert all(a < b for a, b in zip(n.offsets, n.offsets[1:]))
    for ch, pos in zip(n.text, n.offsets):
        src = raw[pos]
        if ch.isspace():
            assert src.isspace() or unicodedata.category(src) in ("Zl", "Zp", "Cc")
        else:
            assert unicodedata.normalize("NFKC", ch) == unicodedata.normalize("NFKC", src)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_seed_offsets(path):
    check_offsets(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_seed_spans_round_trip(path):
    """Any clean span maps to a raw span with the same visible characters."""
    n = normalize(path.read_text(encoding="utf-8"))
    rng = random.Random(path.name)
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", n.text)]
    for _ in range(300):
        a = rng.randrange(len(n.text))
        spans.append((a, min(len(n.text), a + rng.randrange(1, 200))))
    for a, b in spans:
        ra, rb = n.raw_span(a, b)
        assert visible(n.raw[ra:rb]) == visible(n.text[a:b])


def test_synthetic_round_trip():
    raw = "\ufeff# 标 题\r\n\r\n本报讯(记者张三)２０２３ 年，ＡＩ 安全\x0c培训 350.8 万 人\n\n次。"
    n = normalize(raw)
    # the form feed is a line break; the lines join because the first does not end a sentence
    assert n.text == "标题\n本报讯（记者张三）2023年，AI安全培训350.8万人次。"
    start, end = n.raw_span(n.text.index("本报讯"), len(n.text))
    assert visible(raw[start:end]) == visible(n.text[n.text.index("本报讯"):])
    check_offsets(raw)


def test_one_megabyte_of_pages():
    # speed is measured by the benchmarks, not here: this checks a large input stays whole
    raw = "".join(p.read_text(encoding="utf-8") for p in SEEDS)
    big = (raw * (1_000_000 // len(raw) + 1))[:1_000_000]
    n = normalize(big)
    assert len(n.text) > 800_000
    assert len(n.offsets) == len(n.text) + 1 and n.offsets[-1] == len(big)


# --- rules are data ---------------------------------------------------------------

def layout_data() -> dict:
    return tomllib.loads((ROOT / "pipelines" / "layout.toml").read_text(encoding="utf-8"))


def test_layout_file_says_where_it_comes_from():
    data = layout_data()
    assert data["source"] and data["comment"]


def test_rules_come_from_the_layout_data():
    data = layout_data()
    raw = "据悉，这是一个短行\n\n后面的句子继续写下去，一直写到很长很长的地方。\n\n另一段落。"
    assert paragraphs(raw)[0].startswith("据悉，这是一个短行后面")
    data["normalize"]["sentence_openers"] = []
    rules = compile_rules(data)
    assert normalize(raw, rules).text.split("\n")[0] == "据悉，这是一个短行"


# --- properties -------------------------------------------------------------------

PIECES = ["本报讯", "（记者张三 李四）", "本报记者 王五", "摄", "阅 读 提 示", "——", "。", "，", "“", "”",
          "\n", "\n\n", " ", "  ", "\r\n", "# ", "（上接第1版）", "2023", "年", "AI", "工会", "驿站建设",
          "(", ")", ",", "?", "\ufeff", "\x00", "\u200b", "０", "．", "…"]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(st.sampled_from(PIECES), max_size=60).map("".join)))
def test_normalize_never_crashes_and_offsets_hold(raw):
    n = normalize(raw)
    assert len(n.offsets) == len(n.text) + 1
    assert n.offsets[-1] == len(raw)
    assert all(0 <= a <= b <= len(raw) for a, b in zip(n.offsets, n.offsets[1:]))
    check_offsets(raw)
