"""Names written in quotation marks: programmes, events, awards, and employers before a post."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Sequence

from ...model import Mention
from ..heads import ends_with_head, starts_with_head
from ..settings import Rules
from ..words import CJK, Word, clause_end, clause_start, sentence_bounds

__all__ = ['quoted_names']


@dataclass(frozen=True)
class _Quote:
    """A quoted text: what is inside, where the quotes are, the characters around them."""

    inner: str
    start: int
    end: int
    before: str  # the 8 characters before the opening quote
    after: str  # the 14 characters after the closing one
    listy: bool  # the inside is a list (a comma or 、 in it)
    placed: bool = False  # a place starts the inside (“苏州工会”)


#: a count of things (“四种能力”), a description
_COUNTED = re.compile(r"^[一二三四五六七八九十两几多]+[种个项条类点大]")
#: the run of name characters after a quoted name, up to a function word
_RUN = re.compile(r"(?:(?![等和与及的在是此这为将把被对从向了着也都还又])[\u4e00-\u9fff]){3,12}")
#: a count of holders right before a quoted title (首批30名“赣鄱工匠”, 5家“…企业”)
_HOLDERS = re.compile(r"(?:\d+|[一二三四五六七八九十百两]+)(?:[名位家个]|人)(?:单位|集体|企业|班组)?为?$")
#: a name by number only (“一号工程”, “1号工程”): it names something within the field written before it
_NUMBERED = re.compile(r"^(?:[0-9]+|[一二三四五六七八九十]+)号")
#: the words of a listed item after its quoted name, up to the list mark before the next item
_ITEM_WORDS = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{1,16}(?:、|和|及|以及|等)")
#: ... or, after the last item, up to a pause
_LAST_ITEM_WORDS = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{1,16}(?:、|和|及|以及|等|[，。；])")
#: a count of sites or units right after a quoted name (建成“司机之家”42个): the name is of their kind
_SITES_COUNTED = re.compile(r"(?:\d+|[一二三四五六七八九十百千万两]+)[余多]?[个家处座所间]")


def quoted_names(text: str, rules: Rules, places: Sequence[Mention] = (), words: Sequence[Word] = ()) -> list[Mention]:
    """Programmes, events, awards and bodies written in quotation marks.

    ``“安康杯”竞赛`` gives a mention of the quoted name with its head word; the canonical
    stage decides whether the head belongs to the name. A quoted text after a programme verb
    and before a pause is a programme; after a conferment verb or a count of holders, an
    award. An event's edition or place written before the quote is part of its name
    (第四届“海河工匠”颁奖典礼); a body's head after the quote makes a body (桐乡市“蚕丝匠心”女职工
    创新工作室). Sayings (holding sentence punctuation) and descriptions (…式, …型) are left out.
    ``places`` are the page's gazetteer places, ``words`` its word layer.
    """
    prog, qw = rules.programme, rules.quote_words
    place_end = {p.end: p.start for p in places if p.source == "gazetteer"}
    nouns = {w.end: w.start for w in words if w.tag in rules.tags.topic_nouns}
    starts = [w.start for w in words]
    out: list[Mention] = []
    # double quotes may hold single ones (“暖‘新’集市”)
    for m in prog.quoted.finditer(text):
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        if _says_nothing(inner, prog) or (prog.quote_as_words and text.endswith(tuple(prog.quote_as_words), 0, m.start())
                                          and text[m.end():m.end() + 1] in "，。；、"):
            # (把X作为“一号工程”: what X is treated as, no name of its own)
            continue
        q = _Quote(inner, m.start(), m.end(), text[max(0, m.start() - 8):m.start()], text[m.end():m.end() + 14],
                   bool(re.search(r"[、，,]", inner)), any(p.start == m.start() + 1 for p in places))
        tail = _tail(q.after, qw)
        if tail is not None and len(tail) == 1 and _inside_word(q.end, tail, words, starts):
            # a one-character head that begins a longer word (网|上 in “X”网上服务平台) is no head:
            # the head is the last one of the run of name characters (…平台), if any
            run = _RUN.match(q.after)
            tail = next((run.group()[:k] for k in range(min(len(run.group()), 8), 1, -1)
                         if ends_with_head(run.group()[:k], qw.all_heads)), None) if run else None
        site = _site(q, rules, words, starts) if tail is None else None
        if site:
            # a station named with a quoted part (“长有爱”户外职工爱心接力站): one site
            out.append(Mention(q.start, q.end + len(site), text[q.start:q.end + len(site)], "PLACE", "quote:place"))
            continue
        body = _body(q, words, rules, starts) if tail is None else None
        if body:
            # a body named with a quoted part (桐乡市“蚕丝匠心”女职工创新工作室), with the body it
            # belongs to written before it (A公司“X”创新工作室)
            start = _owner_start(text, q.start, words, starts, rules) or _name_prefix_start(text, q.start, rules, place_end)
            out.append(Mention(start, q.end + len(body), text[start:q.end + len(body)], "ORG", "quote:org"))
            continue
        if _describes(q, tail, rules):
            continue
        org_head = starts_with_head(q.after, rules.heads["ORG"])
        if tail is not None and org_head and len(org_head) > len(tail):
            # “名家”工作室: the head is an organisation's (工作室), not 工作
            tail = None
            if not any(q.before.endswith(v) for v in prog.verbs):
                continue
        listed = _listed_before_head(text, q.end, qw.all_heads)
        # (the item is the quoted name itself, or its building: “X”、…, “X”建设、…; not “X”筛查、…,
        # where the quote only says what the item is about)
        itself = q.after[:1] in "、等“，" or q.after.startswith(tuple(prog.quote_building_words))
        if tail is None and listed and itself:
            label = "EVENT" if listed in qw.event_heads and listed not in qw.quote_heads else "PROGRAMME"
            out.append(Mention(q.start, q.end, text[q.start:q.end], label, "quote:" + label.lower()))
            continue
        end = q.end + len(tail) if tail is not None else q.end
        label = _tailed_label(text, q, tail, rules) if tail is not None else _bare_label(text, q, rules)
        if label == "ORG":
            # a quoted name before a post is the employer (“饿了么”骑手)
            out.append(Mention(q.start + 1, q.end - 1, inner, "ORG", "quote:org"))
            continue
        if label is None and _listed_after_programme(text, q, out):
            # “公交地铁五折”“川工带川货”等: a quoted name listed right after one is of its kind
            label = "PROGRAMME"
        if label is None:
            continue
        start = _quoted_start(text, q, label, tail is not None, rules, place_end, nouns)
        out.append(Mention(start, end, text[start:end], label, "quote:" + label.lower()))
    return out


def _quoted_start(text: str, q: _Quote, label: str, tailed: bool, rules: Rules, place_end: dict[int, int],
                  nouns: dict[int, int]) -> int:
    """Where the name of a quoted ``label`` starts (``tailed``: a head word follows the quote):
    at the quote, or before the words the name takes from before it."""
    if label == "PROGRAMME" and tailed and re.fullmatch(r"[0-9A-Za-z]+", q.inner):
        # a code in quotes is named with the words before it (个人信息保护宣传“12351”计划)
        return _code_start(text, q.start, rules.quote_words.code_stops)
    if label == "PROGRAMME" and _NUMBERED.match(q.inner):
        # a numbered name (数字经济“一号工程”) is the field's: the nouns right before it
        return _nouns_start(q.start, nouns)
    if label == "EVENT" and tailed:
        # an edition, a year or a place written before the quote is part of an event's name
        # (第四届“海河工匠”颁奖典礼, 乌鲁木齐市“网约车司机集中入会”仪式)
        return _name_prefix_start(text, q.start, rules, place_end, nouns)
    if label == "EVENT":
        # ... and so is an edition before a whole event's name in quotes (第四届“大国工匠创新交流大会”)
        return q.start - rules.event.edition_before(text, q.start)
    return q.start


def _says_nothing(inner: str, prog) -> bool:
    """A quoted saying, motto, description or task rather than a name."""
    # sentence punctuation inside the quotes makes a saying, a comma or list a motto,
    # unless a head follows (“团结奋斗促跨越、咱们工人有力量”主题劳动和技能竞赛,
    # “致敬环卫工，传送石化情”慰问活动)
    if re.search(r"[。！？；：.!?;:…]", inner) or len(inner) < 2 or inner.endswith(prog.quote_not_endings):
        return True
    # “打造全市智慧工会统一工作平台”: a task set, not a name
    return len(inner) >= 6 and inner.startswith(prog.quote_task_verbs)


def _tail(after: str, qw) -> str | None:
    """The head word after a quoted name (“安康杯”竞赛), with what stands between (“惠工爱心”公益
    体检活动, “X”主题征文大赛), or None."""
    tail = next((h for h in qw.all_heads if after.startswith(h)), None)
    if tail is None:
        # a short description between the name and its head (“惠工爱心”公益体检活动, “娘家人”送温暖
        # 行动)
        tail = _described(after, 0, qw, not_start="主题")
    if tail is None and after.startswith("主题"):
        # “X”主题征文大赛: a theme word before the head belongs to the name, and so does a short
        # description between it and the head (“X”主题宣传活动)
        rest = next((h for h in qw.all_heads if after.startswith(h, 2)), None) or _described(after, 2, qw)
        tail = "主题" + rest if rest else None
    if tail is not None:
        # the meeting or ceremony of what the tail names (“X”劳动竞赛|推进会, “X”主题宣传活动|启动仪式)
        tail += next((h for h in qw.occasion_heads if after.startswith(h, len(tail))), "")
    return tail


def _described(after: str, pos: int, qw, not_start: str | None = None) -> str | None:
    """The shortest run of name characters from ``pos`` of ``after`` (three or more) that ends with
    a described head (公益体检活动), not starting with ``not_start``; or None."""
    run = _RUN.match(after, pos)
    if run is None:
        return None
    text = run.group()
    return next((text[:k] for k in range(3, len(text) + 1) if ends_with_head(text[:k], qw.described_heads)
                 and not (not_start and text[:k].startswith(not_start))), None)


def _describes(q: _Quote, tail: str | None, rules: Rules) -> bool:
    """A manner of working, a list of fields or a count of things in quotes: no name."""
    weak = tail is None or tail in rules.programme.quote_weak_tails
    if "+" in q.inner and all(len(part) <= 2 for part in q.inner.split("+")) and weak:
        # “线上+线下”模式, “互联网+”: a manner of working, not a name (“法院+工会”…机制 is one)
        return True
    if q.listy and weak:
        # a list of fields of work (“权益维护、帮扶服务…”工作) names nothing
        return True
    # a count of things (“四种能力”) is a description
    return bool(_COUNTED.match(q.inner)) and not ends_with_head(q.inner, rules.heads["PROGRAMME"]) and tail is None


def _tailed_label(text: str, q: _Quote, tail: str, rules: Rules) -> str:
    """The label of a quoted name with its head word: by the kind of the head, a competition
    or activity an event when its edition or sentence dates it."""
    qw = rules.quote_words
    # a described tail (劳模大讲堂进基层宣讲) is of the kind of the head it ends with
    kind = tail if tail in qw.all_heads else (ends_with_head(tail, qw.all_heads) or tail)
    label = "EVENT" if kind in qw.event_heads and kind not in qw.quote_heads else "PROGRAMME"
    if "系列" in tail and not rules.event.edition.search(q.inner + tail):
        # a series of activities (“X”系列优惠活动) with no edition: a standing programme
        return "PROGRAMME"
    # (a contest or an activity: an event only where its edition or its sentence dates it)
    dated_kind = tail.endswith(rules.event.competition_heads) or tail.endswith("活动")
    if (kind in rules.event.one_off_heads or dated_kind) and _recurring(text, q.start, q.end + len(tail), rules) \
            and not rules.event.edition.search(q.inner + tail) and not rules.event.edition_before(text, q.start):
        # 持续开展“X”活动, “X”活动已连续开展五年: a standing campaign, whatever the sentence's date
        return "PROGRAMME"
    if kind in rules.event.one_off_heads:
        return "EVENT"
    if dated_kind:
        s0, s1 = sentence_bounds(text, q.start, q.end + len(tail))
        edition = rules.event.edition.search(q.inner + tail) or rules.event.edition_before(text, q.start)
        return "EVENT" if edition or rules.event.dated.search(text[s0:s1]) else "PROGRAMME"
    return label


def _recurring(text: str, start: int, end: int, rules: Rules) -> bool:
    """Whether a word of recurrence (持续开展, 每年) stands in the clause before the name at
    ``start``..``end``, or after it in a clause the name opens (“X”活动已连续开展五年).

    >>> r = Rules({"event": {"recurring": ["连续"]}})
    >>> _recurring("据介绍，“甲”活动已连续开展五年", 4, 10, r), _recurring("他说“甲”活动已连续开展", 2, 8, r)
    (True, False)
    """
    words = rules.event.recurring
    c0 = clause_start(text, start)
    if any(w in text[c0:start] for w in words):
        return True
    return c0 == start and any(w in text[end:clause_end(text, end)] for w in words)


def _bare_label(text: str, q: _Quote, rules: Rules) -> str | None:
    """The label of a quoted name with no head word after it (``ORG``: an employer before a
    post), by its own head or the verb before it; None when it names nothing."""
    inner, before, after, prog_verbs = q.inner, q.before, q.after, rules.programme.verbs
    if any(s == 0 for s, _, _ in rules.roles.finditer(after[:6])) and not ends_with_head(inner, rules.heads["PROGRAMME"]) \
            and not any(before.endswith(v) for v in prog_verbs):
        # (推出“法援赣工”职工法律援助服务品牌: what a verb of running makes is no employer)
        return "ORG"
    if (ends_with_head(inner, rules.heads["AWARD"]) or inner.startswith(rules.award.qualifiers)) and (
            any(before.endswith(v) for v in rules.award.verbs) or _HOLDERS.search(before)):
        # (荣获“海河工匠”; 首批30名“赣鄱工匠”, 表彰了10名“最美骑手”, 命名…等30个单位为“X”: a count of its holders)
        return "AWARD"
    if after.startswith(rules.award.title_words):
        # “浙江省工人先锋号”称号: whatever it ends with, a title
        return "AWARD"
    if _conferred_as(text, q.start, rules.award.conferring):
        # 命名A、B等20人为“X”, 被评为“X”: whatever it ends with, the title conferred
        return "AWARD"
    if rules.award.quoted_regional and len(inner) >= 4 and any(inner.endswith(t) and len(inner) - len(t) == 2 for t in rules.award.regional_titles):
        # a region's title in quotes (也是黑龙江省“龙江工匠”, 命名“陇原工匠”120名)
        return "AWARD"
    if ends_with_head(inner, rules.heads["EVENT"]) and (rules.event.edition.search(inner) or len(inner) >= 8):
        return "EVENT"
    if ends_with_head(inner, rules.heads["PROGRAMME"]) or (len(inner) > 2 and inner.endswith(rules.programme.quote_product_heads)):
        return "PROGRAMME"
    if inner.endswith(rules.programme.quote_way_heads) and len(inner) > 2 and not q.placed:
        # a way of working named like a union (“智慧工会”, “数字工会”): a programme
        return "PROGRAMME"
    if _body_head(inner, rules.quote_words.body_heads) and not inner.endswith(rules.programme.quote_not_bodies):
        # a body named in quotes (打造“柳州工匠学院”; a quoted “数字工会” is a way of working)
        return "ORG"
    building = next((w for w in rules.programme.quote_building_words if after.startswith(w)), "")
    if any(before.rstrip("了").endswith(v) for v in prog_verbs) and (after[len(building):len(building) + 1] in "，。、；）"
                                                       or after.startswith(("等", "和", "“")) or _SITES_COUNTED.match(after)):
        # (推行“职工健康小屋”建设，: the building of it names it too)
        return "PROGRAMME"
    if before.endswith(tuple(rules.programme.quote_kind_before)) and (after[:1] in "，。；、）由" or not after) \
            and _verb_opens_clause(text, q.start, prog_verbs, reach=30):
        # 推出…保障产品“羊城骑手保”: the quote names a thing of the kind written before it
        return "PROGRAMME"
    if before.endswith("的") and after[:1] in "，。；" and _verb_opens_clause(text, q.start, prog_verbs) \
            and ends_with_head(inner, rules.quote_words.programme_or_coined):
        # 打造线上线下相融合的“暖‘新’集市”: the object of a programme verb, described
        return "PROGRAMME"
    if _run_as_programme(q, rules.programme):
        return "PROGRAMME"
    return None


def _run_as_programme(q: _Quote, prog) -> bool:
    """Whether the words around a quoted name with no head speak of it as a thing run or used:
    launched (“X”上线以来, “X”自2021年上线), made by a body (推出的“X”, 打造的“X”), a means
    used (依托“X”为职工…, 通过“X”领取), the object of a verb of running whatever follows it
    (推出“X”职工法律援助服务品牌), or a platform one acts on (在“X”上申请).

    >>> from kg.ner.settings import Rules
    >>> p = Rules({"programme": {"quote_launch_verbs": ["上线"], "quote_made_verbs": ["推出"],
    ...                          "quote_means_verbs": ["依托"]}}).programme
    >>> [_run_as_programme(_Quote("暖心同行", 0, 6, b, a, False), p) for b, a in
    ...  [("", "上线以来，"), ("市总工会推出的", "深受欢迎"), ("", "自2021年上线"), ("", "是一句口号")]]
    [True, True, True, False]
    """
    if q.listy or len(q.inner) < 3:
        return False
    after = re.sub(r"^(?:已|已经|正式|于|自)?(?:\d{4}年(?:\d{1,2}月)?)?(?:正式|全面)?", "", q.after)
    if prog.quote_launch_verbs and after.startswith(tuple(prog.quote_launch_verbs)):
        return True
    made = tuple(v + "的" for v in prog.quote_made_verbs)
    if made and q.before.endswith(made):
        return True
    if prog.quote_means_verbs and q.before.endswith(tuple(prog.quote_means_verbs)) and q.after[:1] not in "“":
        return True
    if q.before.rstrip("了").endswith(tuple(prog.verbs)) and len(CJK.findall(q.inner)) >= 2 and q.inner[-1] not in "式型化性+":
        # 推出“X”为职工提供…, 推出“X”职工法律援助服务品牌: the object of a verb of running, whatever
        # follows it (a head after it was read before); not a manner (…式), a code or an open
        # formula (互联网+)
        return True
    return q.before.endswith("在") and q.after.startswith("上")


def _site(q: _Quote, rules: Rules, words: Sequence[Word] = (), starts: Sequence[int] = ()) -> str | None:
    """The words after a quoted name up to the head of a station or service point
    (“长有爱”|户外职工爱心接力站), when they hold no verb, preposition or conjunction (“职工小家”
    建设纳入项目 names no site), or None.

    >>> r = Rules({"place": {"site_when_placed": ["接力站"]}})
    >>> _site(_Quote("长有爱", 0, 5, "", "户外职工爱心接力站正式启用", False, False), r)
    '户外职工爱心接力站'
    """
    run = _RUN.match(q.after)
    if run is None or q.inner[-1:] in "式型化性":
        return None
    heads = tuple(rules.place.site_when_placed)
    site = next((run.group()[:k] for k in range(2, len(run.group()) + 1) if run.group()[:k].endswith(heads)), None)
    if site is None or _breaks_in(words, starts or [w.start for w in words], q.end, q.end + len(site), rules.tags.body_breaks):
        return None
    return site


def _breaks_in(words: Sequence[Word], starts: Sequence[int], a: int, b: int, tags) -> bool:
    """Whether a word tagged one of ``tags`` overlaps ``a:b`` (``starts``: the words' starts).

    >>> ws = [Word(0, 2, "建设", "v"), Word(2, 4, "项目", "n")]
    >>> _breaks_in(ws, [0, 2], 1, 4, {"v"}), _breaks_in(ws, [0, 2], 2, 4, {"v"})
    (True, False)
    """
    i = max(bisect.bisect_right(starts, a) - 1, 0)
    while i < len(words) and words[i].start < b:
        if words[i].tag in tags and words[i].end > a:
            return True
        i += 1
    return False


def _owner_start(text: str, pos: int, words: Sequence[Word], starts: Sequence[int], rules: Rules) -> int | None:
    """Where a body written right before ``pos`` starts (中国石化镇海炼化公司|“X”创新工作室): the
    longest run of name words (``tags.owner_words``) ending at ``pos`` that ends with a body's
    head of two or more characters and holds a place or a tagged body; else None (``starts``:
    the words' starts)."""
    i = bisect.bisect_left(starts, pos)
    run = words[max(0, i - 6):i]
    if not run or run[-1].end != pos:
        return None
    heads = rules.quote_words.body_heads
    if not ends_with_head(text[run[-1].start:pos], heads) and not ends_with_head(text[max(0, pos - 4):pos], heads):
        return None
    k = len(run)
    while k > 0 and run[k - 1].tag in rules.tags.owner_words and (k == len(run) or run[k - 1].end == run[k].start):
        k -= 1
    span = run[k:]
    if not span or not any(w.tag in ("ORG", "LOC") for w in span):
        return None
    return span[0].start


def _body(q: _Quote, words: Sequence[Word], rules: Rules, starts: Sequence[int] = ()) -> str | None:
    """The words after a quoted name up to a body's head (“蚕丝匠心”|女职工创新工作室), when they
    hold no verb and the quoted part is no description (…式), or None."""
    run = _RUN.match(q.after)
    if run is None or q.inner[-1:] in "式型化性":
        return None
    body = next((run.group()[:k] for k in range(2, len(run.group()) + 1) if _body_head(run.group()[:k], rules.quote_words.body_heads)), None)
    if body is None or _breaks_in(words, starts or [w.start for w in words], q.end, q.end + len(body), rules.tags.body_breaks):
        return None
    return body


def _body_head(run: str, heads: Sequence[str]) -> bool:
    """True when ``run`` ends with one of ``heads`` and has two or more characters before it
    (女职工创新工作室, not a bare 工会).

    >>> _body_head("女职工创新工作室", ["工作室"]), _body_head("工会", ["工会"])
    (True, False)
    """
    head = ends_with_head(run, heads)
    return head is not None and len(run) - len(head) >= 2


def _name_prefix_start(text: str, pos: int, rules: Rules, place_end: dict[int, int], nouns: dict[int, int] | None = None) -> int:
    """Where a name begins whose quoted part starts at ``pos``: back over an edition mark
    (第四届, 2023年, 首届), a place or scope (全省) written right before it, a verb of purpose
    between a place and the quote (安徽省庆祝“五一”…), and the nouns of a topic between an edition,
    place or scope and the quote (2024年河南省|工资集体协商|“要约行动月”启动仪式; ``nouns`` maps the end
    of each noun of the word layer to its start).

    >>> r = Rules({"event": {"edition": "(?:[0-9]{4}年|第[一二三四五六七八九十]+届)"}})
    >>> _name_prefix_start("日，第四届“海河工匠”颁奖", 2, r, {}), _name_prefix_start("在临江市“入会”仪式", 4, r, {4: 1})
    (2, 1)
    """
    scopes = tuple(rules.programme.scope_words)
    while True:
        edition = rules.event.edition_before(text, pos)
        purpose = next((v for v in rules.event.purpose_verbs if text.endswith(v, 0, pos) and pos - len(v) in place_end), None)
        scope = next((s for s in scopes if text.endswith(s, 0, pos)), None)
        topic = _topic_start(text, pos, nouns or {}, rules, place_end)
        if edition:
            pos -= edition
        elif pos in place_end:
            pos = place_end[pos]
        elif purpose:
            # (安徽省庆祝“五一”国际劳动节…大会: the place and the verb of its purpose)
            pos -= len(purpose)
        elif scope:
            pos -= len(scope)
        elif topic is not None:
            pos = topic
        else:
            return pos


def _topic_start(text: str, pos: int, nouns: dict[int, int], rules: Rules, place_end: dict[int, int]) -> int | None:
    """Where the nouns ending at ``pos`` start (up to 8 characters of them), when an edition, a
    place or a scope stands right before them; else None."""
    start = _nouns_start(pos, nouns)
    if start == pos:
        return None
    if start in place_end or rules.event.edition_before(text, start) or text.endswith(tuple(rules.programme.scope_words), 0, start):
        return start
    return None


def _inside_word(pos: int, head: str, words: Sequence[Word], starts: Sequence[int]) -> bool:
    """Whether the word of the word layer that starts at ``pos`` is longer than ``head`` (网上
    holds 网) and begins no other way (a word layer without a word there tells nothing).

    >>> ws = [Word(0, 2, "网上", "n")]
    >>> _inside_word(0, "网", ws, [0]), _inside_word(0, "网", [Word(0, 1, "网", "n")], [0])
    (True, False)
    """
    k = bisect.bisect_left(starts, pos)
    return k < len(words) and words[k].start == pos and len(words[k].text) > len(head) and words[k].text.startswith(head)


def _nouns_start(pos: int, nouns: dict[int, int], reach: int = 8) -> int:
    """Where the nouns that end at ``pos`` start, up to ``reach`` characters back (``pos``
    when none ends there; ``nouns`` maps the end of each noun of the word layer to its start).

    >>> _nouns_start(6, {6: 4, 4: 2}), _nouns_start(6, {5: 2})
    (2, 6)
    """
    start = pos
    while start in nouns and pos - nouns[start] <= reach:
        start = nouns[start]
    return start


def _listed_after_programme(text: str, q: _Quote, found: Sequence[Mention]) -> bool:
    """Whether the quoted name follows a quoted programme in a list (“A”“B”等, “A”、“B”, “A”和“B”),
    each item perhaps with a few words of its own after the quote (“A”服务、“B”驿站建设和“C”行动).

    >>> f = [Mention(2, 5, "“甲”", "PROGRAMME", "quote:programme")]
    >>> t = "推出“甲”普惠服务、“乙”线上课堂和“丙”法律服务。"
    >>> _listed_after_programme(t, _Quote("乙", 10, 13, t[2:10], t[13:27], False), f)
    True
    """
    if not found or found[-1].label != "PROGRAMME" or q.listy:
        return False
    between = text[found[-1].end:q.start]
    # (the items' own words after their quotes, up to a list mark or the pause after the last)
    listed = between in ("", "、", "和", "及", "以及") or bool(_ITEM_WORDS.fullmatch(between))
    return listed and (q.after[:1] in "等、“，。；" or not q.after or bool(_LAST_ITEM_WORDS.match(q.after)))


def _code_start(text: str, start: int, stops: Sequence[str]) -> int:
    """Where the name of a code in quotes (“12351”计划) starts: with the words before it
    (个人信息保护宣传“12351”计划), back to a verb, a preposition or a pause."""
    seg = re.split(r"[，。；：！？、\s]", text[max(0, start - 14):start])[-1]
    cut = max((seg.rfind(w) + len(w) for w in stops if w in seg), default=0)
    prefix = seg[cut:]
    if len(prefix) >= 2 and CJK.match(prefix[0]):
        return start - len(prefix)
    return start


def _conferred_as(text: str, pos: int, verbs: Sequence[str]) -> bool:
    """Whether the clause ending at ``pos`` confers what follows as a title: one of ``verbs``
    in it (命名, 评为), and 为 right before ``pos``.

    >>> _conferred_as("命名张三等20人为“X”", 9, ["命名"]), _conferred_as("命名大会为“X”", 5, ["授予"])
    (True, False)
    """
    clause = re.split(r"[，。；：！？]", text[max(0, pos - 40):pos])[-1]
    return clause.endswith("为") and any(v in clause for v in verbs)


def _verb_opens_clause(text: str, pos: int, verbs: Sequence[str], reach: int = 16) -> bool:
    """True when the clause that ends at ``pos`` holds one of ``verbs`` within ``reach`` characters."""
    clause = re.split(r"[，。；：！？、]", text[max(0, pos - reach):pos])[-1]
    return any(v in clause for v in verbs)


def _listed_before_head(text: str, pos: int, heads: Sequence[str]) -> str | None:
    """The head word of ``…“A”“B”等一批品牌`` when the quoted name ending at ``pos`` is an
    item of a list that the clause closes with 等 and a head word."""
    m = re.match(r"[^，。；！？：]{0,30}?等(?:[一二三四五六七八九十两几多\d]+[批项个类大种])?[^，。；！？“”]{0,4}?", text[pos:pos + 40])
    if not m:
        return None
    after = text[pos + m.end():pos + m.end() + 8]
    return next((h for h in heads if after.startswith(h)), None)
