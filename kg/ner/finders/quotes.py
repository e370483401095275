"""Names written in quotation marks: programmes, events, awards, and employers before a post."""
from __future__ import annotations

import re
from typing import Sequence

from ...model import Mention
from ..heads import ends_with_head, starts_with_head
from ..settings import Rules
from ..words import CJK, sentence_bounds

__all__ = ['quoted_names']


def quoted_names(text: str, rules: Rules) -> list[Mention]:
    """Programmes, events and awards written in quotation marks.

    ``“安康杯”竞赛`` gives a mention of the quoted name with its head word; the canonical
    stage decides whether the head belongs to the name. A quoted text after a programme verb
    and before a pause is a programme; after a conferment verb, an award. Sayings (holding
    sentence punctuation) and descriptions (…式, …型) are left out.
    """
    prog, words = rules.programme, rules.quote_words
    quote_heads, event_heads, all_heads = words.quote_heads, words.event_heads, words.all_heads
    competition, dated, one_off = rules.event.competition_heads, rules.event.dated, rules.event.one_off_heads
    award_heads, weak_tails = rules.heads["AWARD"], prog.quote_weak_tails
    counted = re.compile(r"^[一二三四五六七八九十两几多]+[种个项条类点大]")
    prog_verbs, award_verbs = prog.verbs, rules.award.verbs
    not_names, task_verbs = prog.quote_not_endings, prog.quote_task_verbs
    out = []
    # double quotes may hold single ones (“暖‘新’集市”)
    for m in prog.quoted.finditer(text):
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        # sentence punctuation inside the quotes makes a saying, a comma or list a motto,
        # unless a head follows (“团结奋斗促跨越、咱们工人有力量”主题劳动和技能竞赛,
        # “致敬环卫工，传送石化情”慰问活动)
        if re.search(r"[。！？；：.!?;:…]", inner) or len(inner) < 2 or inner.endswith(not_names):
            continue
        if len(inner) >= 6 and inner.startswith(task_verbs):
            # “打造全市智慧工会统一工作平台”: a task set, not a name
            continue
        listy = bool(re.search(r"[、，,]", inner))
        q_start, q_end = m.start(), m.end()
        after = text[q_end:q_end + 14]
        before = text[max(0, q_start - 4):q_start]
        label, end = None, q_end
        tail = next((h for h in all_heads if after.startswith(h)), None)
        if tail is None:
            # a short description between the name and its head (“惠工爱心”公益体检活动)
            run = re.match(r"(?![等和与及的在])[\u4e00-\u9fff]{3,12}", after)
            if run:
                tail = next((run.group()[:k] for k in range(3, len(run.group()) + 1) if ends_with_head(run.group()[:k], event_heads) and not run.group()[:k].startswith(("主题",))), None)
        if tail is None and after.startswith("主题"):
            # “X”主题征文大赛: a theme word before the head belongs to the name
            rest = next((h for h in all_heads if after.startswith(h, 2)), None)
            tail = "主题" + rest if rest else None
        if "+" in inner and all(len(part) <= 2 for part in inner.split("+")) and (tail is None or tail in weak_tails):
            # “线上+线下”模式, “互联网+”: a manner of working, not a name (“法院+工会”…机制 is one)
            continue
        if listy and (tail is None or tail in weak_tails):
            # a list of fields of work (“权益维护、帮扶服务…”工作) names nothing
            continue
        if counted.match(inner) and not ends_with_head(inner, rules.heads["PROGRAMME"]) and tail is None:
            # a count of things (“四种能力”) is a description
            continue
        org_head = starts_with_head(after, rules.heads["ORG"])
        if tail is not None and org_head and len(org_head) > len(tail):
            # “名家”工作室: the head is an organisation's (工作室), not 工作
            tail = None
            if not any(before.endswith(v) for v in prog_verbs):
                continue
        listed = _listed_before_head(text, q_end, all_heads)
        if tail is None and listed:
            label = "EVENT" if listed in event_heads and listed not in quote_heads else "PROGRAMME"
            out.append(Mention(q_start, q_end, text[q_start:q_end], label, "quote:" + label.lower()))
            continue
        if tail is not None:
            end = q_end + len(tail)
            full = inner + tail
            # a described tail (劳模大讲堂进基层宣讲) is of the kind of the head it ends with
            kind = tail if tail in all_heads else (ends_with_head(tail, all_heads) or tail)
            if kind in event_heads and kind not in quote_heads:
                label = "EVENT"
            else:
                label = "PROGRAMME"
            if kind in one_off:
                label = "EVENT"
            elif tail.endswith(competition) or tail.endswith("活动"):
                s0, s1 = sentence_bounds(text, q_start, end)
                label = "EVENT" if rules.event.edition.search(full) or dated.search(text[s0:s1]) else "PROGRAMME"
        elif any(s == 0 for s, _, _ in rules.roles.finditer(after[:6])) and not ends_with_head(inner, rules.heads["PROGRAMME"]):
            # a quoted name before a post is the employer (“饿了么”骑手)
            out.append(Mention(q_start + 1, q_end - 1, inner, "ORG", "quote:org"))
            continue
        elif ends_with_head(inner, award_heads) and any(before.endswith(v) for v in award_verbs):
            label = "AWARD"
        elif ends_with_head(inner, rules.heads["EVENT"]) and (rules.event.edition.search(inner) or len(inner) >= 8):
            label = "EVENT"
        elif ends_with_head(inner, rules.heads["PROGRAMME"]):
            label = "PROGRAMME"
        elif any(before.endswith(v) for v in prog_verbs) and (after[:1] in "，。、；）" or after.startswith(("等", "和", "“"))):
            label = "PROGRAMME"
        elif before.endswith("的") and after[:1] in "，。；" and _verb_opens_clause(text, q_start, prog_verbs) \
                and ends_with_head(inner, words.programme_or_coined):
            # 打造线上线下相融合的“暖‘新’集市”: the object of a programme verb, described
            label = "PROGRAMME"
        if label is None and out and out[-1].label == "PROGRAMME" and text[out[-1].end:q_start] in ("", "、") \
                and (after[:1] in "等、“，。；" or not after) and not listy:
            # “公交地铁五折”“川工带川货”等: a quoted name listed right after one is of its kind
            label = "PROGRAMME"
        if label is None:
            continue
        if label == "PROGRAMME" and tail is not None and re.fullmatch(r"[0-9A-Za-z]+", inner):
            # a code in quotes (“12351”计划) is named with the words before it
            # (个人信息保护宣传“12351”计划), back to a verb, a preposition or a pause
            seg = re.split(r"[，。；：！？、\s]", text[max(0, q_start - 14):q_start])[-1]
            cut = max((seg.rfind(w) + len(w) for w in words.code_stops if w in seg), default=0)
            prefix = seg[cut:]
            if len(prefix) >= 2 and CJK.match(prefix[0]):
                q_start -= len(prefix)
        out.append(Mention(q_start, end, text[q_start:end], label, "quote:" + label.lower()))
    return out


def _verb_opens_clause(text: str, pos: int, verbs: Sequence[str]) -> bool:
    """True when the clause that ends at ``pos`` holds one of ``verbs`` within 16 characters."""
    clause = re.split(r"[，。；：！？、]", text[max(0, pos - 16):pos])[-1]
    return any(v in clause for v in verbs)


def _listed_before_head(text: str, pos: int, heads: Sequence[str]) -> str | None:
    """The head word of ``…“A”“B”等一批品牌`` when the quoted name ending at ``pos`` is an
    item of a list that the clause closes with 等 and a head word."""
    m = re.match(r"[^，。；！？：]{0,30}?等(?:[一二三四五六七八九十两几多\d]+[批项个类大种])?[^，。；！？“”]{0,4}?", text[pos:pos + 40])
    if not m:
        return None
    after = text[pos + m.end():pos + m.end() + 8]
    return next((h for h in heads if after.startswith(h)), None)
