"""Occasions named by the sentence that reports them (X在Y举行)."""
from __future__ import annotations

from ...model import Mention
from ..heads import ends_with_head
from ..settings import Rules

__all__ = ['framed_events']


def framed_events(text: str, rules: Rules) -> list[Mention]:
    """Events named by a report sentence (``event.frames``): the subject of the verb that holds
    the occasion (，X在Y举行) or what follows that verb and 的 (举行的X上), where it ends with an
    event head and has a word before it. Such a name may hold a list, which no chunk holds
    (…新就业形态劳动者、灵活就业人员等群体入会服务…启动仪式; a contest's stage for some of its
    trades, …技能竞赛省属企业、部署企业选拔赛, is named whole as well), and quoted parts, where
    it closes every quote it opens.

    >>> r = Rules({"event": {"heads": ["启动仪式"], "frames": ["(?<=，)(?P<name>[^，在]{6,40}?)在[^，]{1,20}?举行"]}})
    >>> [m.text for m in framed_events("近日，临江市快递员、外卖送餐员集中入会启动仪式在文化宫举行。", r)]
    ['临江市快递员、外卖送餐员集中入会启动仪式']
    >>> framed_events("近日，临江市总工会在文化宫举行仪式。", r)
    []
    >>> framed_events("，临江市“暖心”启动仪式在文化宫举行，“暖心”启动仪式在", r)[0].text
    '临江市“暖心”启动仪式'
    """
    heads = rules.heads["EVENT"]
    out = []
    for pattern in rules.event.frame_patterns:
        for m in pattern.finditer(text):
            name = m.group("name")
            head = ends_with_head(name, heads)
            if name.count("“") != name.count("”") or name.rfind("“") > name.rfind("”"):
                # (a quote the name opens and does not close is no part of it)
                continue
            if head is not None and len(name) > len(head) + 1:
                out.append(Mention(m.start("name"), m.end("name"), name, "EVENT", "frame:event"))
    return out
