"""FIGURE extraction and normalisation (ANNOTATION.md FIGURE).

Two steps: one precompiled regex finds every numeric expression of a report (a qualifier, a
numeral or range or masked placeholder, a unit, a trailing qualifier), then each match is
resolved (value, unit, kind, approx, masked) and judged by exclusion rules: dates and calendar
periods, relative periods, 一 + classifier, vague amounts, ordinals and markers, fixed phrases
(``not_figures.txt``) and numbers in short quoted names. Candidates the rules leave open (a bare
number, an ordinal-looking classifier) go to the ``figure_filter`` classifier when a trained
model is shipped. :func:`parse_figure` runs the same regex and resolver on one expression, so
the API and the extractor agree.

The regex has no nested quantifiers over the same characters: numerals are matched with
possessive quantifiers, so its running time is linear in the text length.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any

import regex

from reportminer.extractors import numbers
from reportminer.extractors.units import (
    lookup_unit,
    qualifiers,
    unit_blockers,
    unit_table,
)
from reportminer.patterns import alternation
from reportminer.rules import load_lexicon, load_records
from reportminer.types import Figure, Heading, Item

_CN_DIGIT = "零〇一二三四五六七八九两壹贰叁参肆伍陆柒捌玖幺"
_CN_START = "一二三四五六七八九两壹贰叁参肆伍陆柒捌玖十拾廿卅〇零幺"
_CN_MULT = "十拾百佰仟万亿廿卅"
_SENTENCE_END = "。;!?\n"
_CLAUSE_END = "。;!?\n,，:、"
_CN_RANGE_SEP = "-~至到—–"


@cache
def _pattern() -> re.Pattern[str]:
    """The figure regex, built once from the unit and qualifier tables.

    It needs nothing beyond the standard ``re`` (possessive quantifiers arrived in Python
    3.11), which scans this pattern about three times faster than ``regex``.
    """
    arabic = r"[0-9]++(?:,[0-9]{3}+(?![0-9]))*+(?:\.[0-9]++|。[0-9]++(?=%))?+(?:[kK](?![A-Za-z]))?+"
    cn_char = rf"[{_CN_DIGIT}{_CN_MULT}]|千(?!瓦|米|克|伏|卡|比特|字节)|点(?=[{_CN_DIGIT}])"
    numtok = rf"(?:{arabic}|[{_CN_START}])(?:{arabic}|{cn_char})*+"
    mask = r"(?<![A-Za-z])[0-9]*+(?:[xX*_]|×(?![0-9]))++(?![A-Za-z])(?:[万亿千百](?![瓦米克伏]))?+"
    units = sorted(unit_table(), key=lambda s: (-len(s), s))
    unit_alt = "|".join(_word_regex(s) for s in units)
    qual = qualifiers()
    before = alternation(qual["before"])
    between = alternation(qual["between"])
    after = "|".join(_word_regex(q) for q in sorted(qual["after"], key=len, reverse=True))
    sep = rf"[ ]?(?:--|——|[{re.escape(_CN_RANGE_SEP)}])[ ]?(?:约)?"
    first_chars = set(_CN_START) | set("0123456789xX*_×负零百千万")
    first_chars |= {q[0] for q in qual["before"]}
    # a cheap first-character test so most positions of the text fail at once
    source = (
        rf"(?=[{re.escape(''.join(sorted(first_chars)))}])"
        rf"(?P<lead>{before})?(?P<sign>负的|负|零下)?"
        r"(?:"
        rf"(?P<pct>百万分之|[百千万]分之)(?P<pnum>百|{numtok})"
        rf"|(?P<frac>{numtok}分之{numtok})"
        rf"|(?P<mask>{mask})"
        rf"|(?P<num>(?:{numtok}|(?<=[约近超逾过足])[百千万](?:{cn_char})*+)(?:×(?=[0-9]){numtok})?+"
        rf"(?:(?P<unit0>{unit_alt})?{sep}{numtok})?+)"
        r")"
        # 13万余 (qualifier, then maybe a scale) or the colloquial 3个亿 (个 before 亿)
        rf"(?:(?P<mid>{between})(?P<scale>万亿|万|亿)?|个(?P<scale_ge>亿)(?!级))?"
        r"(?:"
        rf"(?P<rate>[成折](?:[1-9一二三四五六七八九半](?![{_CN_DIGIT}{_CN_MULT}]))?)"
        rf"|[ ]?(?P<unit>{unit_alt})(?:/(?P<unit2>{unit_alt}))?(?:\((?P<alt>{unit_alt})\))?"
        r"(?P<half>半(?![成导岛径天夜边山数年月日场程价身拉小]))?"
        r")?"
        rf"(?P<tail>{after})?"
    )
    return re.compile(source)


def _word_regex(surface: str) -> str:
    """A unit or trailing qualifier, unless the next character continues a longer word
    (三方面, 33项内容: figure_unit_blockers.tsv)."""
    blocked = unit_blockers().get(surface)
    escaped = re.escape(surface)
    if blocked:
        return rf"{escaped}(?![{re.escape(blocked)}])"
    return escaped


@cache
def _not_figure_reach() -> int:
    """How far around a figure a fixed phrase may reach (its longest entry, at least 6)."""
    return max(6, *(len(p) for p in load_lexicon("not_figures.txt")))


@cache
def _not_figure_pattern() -> regex.Pattern[str]:
    return regex.compile(alternation(load_lexicon("not_figures.txt")))


@cache
def _metric_words() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"prefix": [], "suffix": [], "verb": []}
    for row in load_records("figure_metric_strip.tsv"):
        out[row["kind"]].append(row["word"])
    for words in out.values():
        words.sort(key=len, reverse=True)
    return out


_MARKER_RE = regex.compile(
    r"\s*(?:[(（][一二三四五六七八九十0-9]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.,，]"
    r"|[0-9]{1,3}[、.．)]|第[一二三四五六七八九十0-9]{1,3}[、，,:：部分节章条项]?|[①-⑳])"
)
_LIST_PUNCT_RE = re.compile(r"[,，。;；、]")
_RELATIVE_AFTER_YEAR = ("来", "以来", "内", "后", "前", "间", "底", "初", "末", "中", "的时间")
_DATE_CHARS = "年月日号时分秒"
_VAGUE_BEFORE = "数几若"
_VAGUE_BEFORE_SCALE = "上成"  # 上百人, 成千上万: only before a bare 百/千/万
_ORDINAL_BEFORE = "第篇"
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_CN_NUMERAL_CHARS = frozenset(_CN_START + _CN_MULT + _CN_DIGIT + "千点 ")
_BARE_END = frozenset(" \n,.;:!?。，；：！？”\"')]")


def _is_latin(char: str) -> bool:
    return len(char) == 1 and char.isascii() and char.isalpha()


def _is_han(char: str) -> bool:
    return len(char) == 1 and "\u4e00" <= char <= "\u9fff"


@cache
def _LEADING_MARKER_RE() -> regex.Pattern[str]:  # noqa: N802
    return regex.compile(
        r"^[\s(（]*(?:[一二三四五六七八九十]+[、是]|[0-9]+[、.]|[(（][一二三四五六七八九十0-9]+[)）])"
    )


_ORDINAL_TWO_UNITS = ("次", "期", "级", "号", "类", "批", "届", "轮")  # 二次, 二期: 两 counts
_CAPITAL_DIGITS = "壹贰叁参肆伍陆柒捌玖拾幺"
_RELATIVE_BEFORE_YEAR = (
    "过去的",
    "过去",
    "最近",
    "近",
    "这",
    "今后",
    "未来",
    "前",
    "后",
    "头",
    "这些",
)


@cache
def _name_contexts() -> dict[str, list[tuple[regex.Pattern[str], str]]]:
    out: dict[str, list[tuple[regex.Pattern[str], str]]] = {}
    for row in load_records("figure_name_contexts.tsv"):
        out.setdefault(row["unit"], []).append((regex.compile(row["following"]), row["reason"]))
    return out


@dataclass(slots=True)
class Candidate:
    """One regex match, resolved; ``reason`` is set when a rule excludes it."""

    start: int
    end: int
    value: numbers.Value = None
    unit: str | None = None
    unit_surface: str | None = None
    unit_span: tuple[int, int] | None = None
    kind: str = "other"
    approx: str | None = None
    masked: bool = False
    numeral: str = ""
    num_start: int = 0
    num_end: int = 0
    scaled: bool = False
    reason: str | None = None
    uncertain: list[str] = field(default_factory=list)
    # The regex match, when it carried a unit, 百分之 or a mask: it ends the context a later
    # figure's metric is read from (13口、蓄水池6口).
    measured_span: tuple[int, int] | None = None


def _resolve(match: regex.Match[str], text: str) -> Candidate:
    """Value, unit, kind, approx and masked of one regex match (no context judgement)."""
    qual = qualifiers()
    groups = match.groupdict()
    group = groups.__getitem__
    lead_used = False
    start = match.start()
    if group("lead"):
        word = text[max(0, match.start("lead") - 1) : match.end("lead")]
        if word in load_lexicon("figure_lead_blockers.txt") or text[
            max(0, match.start("lead") - 1) : match.end("lead") + 1
        ] in load_lexicon("figure_lead_blockers.txt"):
            start = match.end("lead")
        else:
            lead_used = True
    cand = Candidate(start=start, end=match.end())
    unit_info = None
    if group("unit"):
        unit_info = lookup_unit(group("unit"))
        cand.unit_surface = group("unit")
        cand.unit_span = (match.start("unit"), match.end("unit"))
    factor = unit_info.factor if unit_info else Decimal(1)
    if group("pct"):
        cand.numeral = group("pnum")
        cand.num_start, cand.num_end = match.start("pct"), match.end("pnum")
        cand.value = numbers.resolve_value(group("pnum"))
        cand.unit = {"百分之": "%", "千分之": "‰", "万分之": "‱", "百万分之": "ppm"}[group("pct")]
        cand.kind = "percent"
        if unit_info is not None:  # 百分之五十人: the unit is not ours
            cand.end = match.end("pnum")
            unit_info = None
    elif group("frac"):
        cand.numeral = group("frac")
        cand.num_start, cand.num_end = match.span("frac")
        value = numbers.resolve_numeral(group("frac"))
        cand.value = numbers.to_number(value) if value is not None else None
    elif group("mask"):
        cand.numeral = group("mask")
        cand.num_start, cand.num_end = match.span("mask")
        cand.masked = True
        cand.value = None
        cand.scaled = group("mask")[-1] in "万亿千百"
    else:
        numeral = group("num")
        cand.num_start, cand.num_end = match.span("num")
        if group("unit0"):
            low_end = match.start("unit0") - match.start("num")
            low = numeral[:low_end]
            high = numeral[match.end("unit0") - match.start("num") :]
            numeral = low + high  # 1万元--5万元: both ends carry the unit
        if (
            numeral.endswith("两")
            and len(numeral) > 1
            and numeral[-2] in "十百千"
            and unit_info is None
        ):
            # 三十两: 两 is the weight unit here, not a digit
            numeral = numeral[:-1]
            unit_info = lookup_unit("两") or unit_info
            cand.unit_surface = "两"
            cand.unit_span = (match.end("num") - 1, match.end("num"))
            factor = Decimal(1)
        cand.numeral = numeral
        cand.value = _resolve_numeral_text(numeral)
        cand.scaled = "万" in numeral or "亿" in numeral
    scale_text = group("scale") or group("scale_ge")
    if scale_text:
        scale = Decimal(1)
        for ch in scale_text:
            scale *= numbers.BIG_UNITS[ch]
        cand.value = numbers.scale_value(cand.value, scale)
        cand.scaled = True
    if group("sign") and cand.value is not None:
        value = cand.value
        cand.value = [-v for v in value] if isinstance(value, list) else -value
    if group("rate"):
        rate = group("rate")
        two_digits = len(cand.numeral) == 2 and all(c in numbers.DIGITS for c in cand.numeral)
        if two_digits and isinstance(cand.value, int) and 10 < cand.value < 100 and len(rate) == 1:
            cand.value = cand.value  # 五五折, 三八折: the digits are the rate
            cand.unit = "%"
            cand.kind = "percent"
        elif (
            isinstance(cand.value, (int, float))
            and not cand.masked
            and 0 < cand.value <= (10 if rate[0] == "成" else 9.9)
        ):
            extra = rate[1:]
            if extra == "半":
                digit = Decimal(5)
            else:
                digit = Decimal(numbers.DIGITS.get(extra, int(extra) if extra.isdigit() else 0))
            cand.value = numbers.to_number(Decimal(str(cand.value)) * 10 + digit)
            cand.unit = "%"
            cand.kind = "percent"
        else:
            cand.end = match.start("rate")
            cand.reason = "rate"
    if unit_info is not None:
        cand.kind = unit_info.kind
        if group("half") and isinstance(cand.value, int) and not cand.scaled:
            cand.value = numbers.to_number(Decimal(cand.value) + Decimal("0.5"))
        cand.value = numbers.scale_value(cand.value, factor)
        cand.unit = unit_info.unit
        if group("unit2"):
            second = lookup_unit(group("unit2"))
            cand.unit = f"{unit_info.unit}/{second.unit if second else group('unit2')}"
            if cand.kind != "money":  # a price stays money; 12微克/立方米, 60公里/小时 are rates
                cand.kind = "other"
            cand.unit_span = (match.start("unit"), match.end("unit2"))
        if group("alt"):
            cand.unit = f"{cand.unit}({group('alt')})"
            cand.unit_span = (match.start("unit"), match.end("alt") + 1)
    elif not group("pct") and not group("rate"):
        cand.kind = "count"
    if cand.kind != "percent" and group("mid") is None and group("tail") is None:
        pass
    approx = None
    if lead_used:
        approx = qual["before"][group("lead")]
    elif group("mid"):
        approx = qual["between"][group("mid")]
    elif group("tail"):
        approx = qual["after"][group("tail")]
    cand.approx = approx
    if group("tail") and group("tail") == "内" and unit_info is None:
        cand.end = match.start("tail")
        cand.approx = None if not (lead_used or group("mid")) else cand.approx
    return cand


def _resolve_numeral_text(numeral: str) -> numbers.Value:
    """The value of a matched numeral; the same numerals (1, 2023, 十) recur all the time."""
    value = _resolve_numeral_cached(numeral)
    return list(value) if isinstance(value, list) else value  # callers may change a range


@lru_cache(maxsize=8192)
def _resolve_numeral_cached(numeral: str) -> numbers.Value:
    numeral = numeral.replace("。", ".")
    if "×" in numeral:
        product = Decimal(1)
        for part in numeral.split("×"):
            value = numbers.resolve_value(part)
            if not isinstance(value, (int, float)):
                return None
            product *= Decimal(str(value))
        return numbers.to_number(product)
    return numbers.resolve_value(numeral)


def _is_year(numeral: str) -> bool:
    """2024, 09, 二〇二〇, 20xx: a numeral before 年 that names a calendar year."""
    digits = numeral.strip()
    if digits.isdigit() and len(digits) == 4:
        return 1000 <= int(digits) <= 2199
    if digits.isdigit() and len(digits) == 2:
        return digits[0] in "019"
    if (
        digits
        and digits.lstrip("0123456789")
        and all(c in "xX×*_" for c in digits.lstrip("0123456789"))
    ):
        return True
    if 2 <= len(digits) <= 4 and all(c in _CN_DIGIT for c in digits):
        return "〇" in digits or "零" in digits or len(digits) == 4
    return bool(_YEAR_RANGE_RE().fullmatch(digits))


@cache
def _YEAR_RANGE_RE() -> regex.Pattern[str]:  # noqa: N802
    return regex.compile(r"[0-9]{4}[-~至到—–][0-9]{2,4}")


def _judge(cand: Candidate, text: str, report_start: int, markers: frozenset[int]) -> None:
    """Set ``cand.reason`` when an ANNOTATION.md exclusion applies."""
    if cand.reason:
        return
    before = text[max(0, cand.start - 1) : cand.start]
    before2 = text[max(0, cand.start - 2) : cand.start]
    after = text[cand.end : cand.end + 1]
    after3 = text[cand.end : cand.end + 3]
    numeral = cand.numeral
    unit = cand.unit_surface
    if cand.value is None and not cand.masked:
        cand.reason = "unresolved"
        return
    if cand.num_start in markers:
        cand.reason = "marker"
        return
    # ordinals: 第三, 篇四, 排名第3
    stripped_before = text[max(0, cand.start - 2) : cand.start].rstrip(" ")
    if stripped_before and stripped_before[-1] in _ORDINAL_BEFORE:
        cand.reason = "ordinal"
        return
    if _is_latin(before) or _is_latin(after):
        if not cand.masked and not cand.unit:
            cand.reason = "code"
            return
    if (before and before in ".=%&?/#") or (before.isdigit() and not cand.masked):
        cand.reason = "code"  # 1.2.3, URLs (?q=30%25)
        return
    # calendar dates and periods
    if unit == "年":
        tail = text[cand.end : cand.end + 3]
        if _is_year(numeral) or (
            numeral.isdigit() and int(numeral) >= 1000 and cand.approx is None
        ):
            cand.reason = "date"
            return
        if text[max(0, cand.start - 3) : cand.start].endswith(_RELATIVE_BEFORE_YEAR):
            cand.reason = "relative period"
            return
        if any(tail.startswith(w) for w in _RELATIVE_AFTER_YEAR) or (
            cand.approx == "about" and text[cand.start] == "近"
        ):
            cand.reason = "relative period"
            return
    if cand.masked and unit in (None, "年") or (cand.masked and unit in ("村", "镇", "乡")):
        cand.reason = "masked name" if unit else "masked without unit"
        return
    if cand.masked and before.isdigit():
        cand.reason = "date"
        return
    if unit in ("周年",):
        cand.reason = "anniversary"
        return
    if unit == "元" and len(numeral) == 1 and numeral in _CN_DIGIT and not cand.scaled:
        cand.reason = "name-internal"  # 三元 is a brand or place; report money is in digits
        return
    if numeral[:1] in _CAPITAL_DIGITS and len(numeral) == 1:
        cand.reason = "name-internal"
        return
    if unit is None and cand.kind not in ("percent",):
        if before and before in "年月" and numeral[:1].isdigit():
            cand.reason = "date"
            return
        if (after == "/" or before == "/") or (after == "-" and numeral.isdigit()):
            cand.reason = "date"
            return
        if after == "字":
            cand.reason = "word count"
            return
        if after and after in _DATE_CHARS:
            cand.reason = "date"
            return
        if after3.startswith(("点钟", "点半")) or (
            after == "点" and text[cand.end + 1 : cand.end + 2].isdigit()
        ):
            cand.reason = "time"
            return
        if (
            after
            and after in "、.)"
            and not cand.scaled  # 入境游客111万、增长…: a count, not a list marker
            or (after == ":" and text[cand.end + 1 : cand.end + 2].isdigit())
        ):
            cand.reason = "marker"
            return
        if before in "(" and after == ")":
            cand.reason = "marker"
            return
        if all(c in _CN_NUMERAL_CHARS for c in numeral):
            cand.reason = "bare chinese numeral"
            return
        if "-" in numeral or "~" in numeral:
            cand.reason = "code"
            return
        if numeral.isdigit() and len(numeral) >= 7:
            cand.reason = "code"
            return
        near = text[max(0, cand.start - 3) : cand.start] + "|" + text[cand.end : cand.end + 3]
        if any(word in near for word in load_lexicon("figure_code_words.txt")):
            cand.reason = "code"
            return
        kept_bare = (
            cand.scaled
            or "," in numeral
            or ("." in numeral and text[max(0, cand.start - 1) : cand.start] not in ("", "\n"))
        )
        if not kept_bare and (not after or after in _BARE_END):
            cand.reason = "bare number"
            return
        cand.uncertain.append("bare")
    # 一 + classifier with no scale is an article, not a count
    if numeral in ("一", "壹") and not cand.masked:
        cand.reason = "article 一"
        return
    if isinstance(cand.value, list) and numeral and numeral[0] in "一" and not cand.scaled:
        cand.reason = "vague"
        return
    # vague amounts: 数十人, 几百户, 上千人, 十几万, 十来个
    if before and before in _VAGUE_BEFORE and numeral[:1] in _CN_START + _CN_MULT:
        cand.reason = "vague"
        return
    if before and before in _VAGUE_BEFORE_SCALE and numeral[:1] in "百千万":
        cand.reason = "vague"
        return
    if text[cand.num_end : cand.num_end + 1] in ("几", "来") and not cand.unit:
        cand.reason = "vague"
        return
    if isinstance(cand.value, list) and not _increasing(cand.value):
        cand.reason = "code"
        return
    if unit in ("月", "个月") and unit == "月":
        cand.reason = "date"
        return
    if unit == "点" and (
        after.isdigit()
        or before2.endswith(("上午", "下午", "晚上", "早上"))
        or before2[-1:] in "晚早"
    ):
        cand.reason = "time"
        return
    if unit == "分" and before2 and cand.kind == "other":
        cand.uncertain.append("score")
    following = text[cand.end : cand.end + 8]
    for pattern, reason in _name_contexts().get(unit or "", ()):
        if pattern.match(following):
            cand.reason = reason
            return
    if numeral == "二" and unit in _ORDINAL_TWO_UNITS:
        cand.reason = "ordinal"
        return
    if (
        unit in ("期", "级", "批", "轮", "期次", "届")
        and not numeral[:1].isdigit()
        and (
            numeral[:1] != "两"  # 两 counts; ordinals are written 二
        )
    ):
        cand.uncertain.append("ordinal-like")
    # number inside a fixed phrase or name
    reach = _not_figure_reach()
    window_start = max(0, cand.start - reach)
    window = text[window_start : cand.end + reach]
    for phrase in _not_figure_pattern().finditer(window, overlapped=True):
        p_start, p_end = phrase.start() + window_start, phrase.end() + window_start
        if (
            p_start <= cand.num_start
            and p_end >= cand.num_end
            and (
                p_end > cand.end
                or p_start < cand.start
                or (p_start <= cand.start and p_end >= cand.end)
            )
        ):
            cand.reason = "fixed phrase"
            return
    if _in_short_quote(text, cand):
        cand.reason = "quoted name"
        return
    if numeral[:1] in _CN_START and _is_han(before) and not cand.unit:
        cand.reason = "name-internal"
        return


def _increasing(value: list[Any]) -> bool:
    return len(value) == 2 and value[0] < value[1]


def _in_short_quote(text: str, cand: Candidate, limit: int = 12) -> bool:
    """True when the figure sits inside a short quoted name (“三个代表”, “12345”热线)."""
    left = text[max(0, cand.start - limit) : cand.start]
    right = text[cand.end : cand.end + limit]
    open_at = max(left.rfind("“"), left.rfind('"'))
    if open_at < 0:
        return False
    if "”" in left[open_at + 1 :] or "\n" in left[open_at + 1 :]:
        return False
    close_at = -1
    for mark in ("”", '"'):
        pos = right.find(mark)
        if pos >= 0 and (close_at < 0 or pos < close_at):
            close_at = pos
    if close_at < 0:
        return False
    inner = left[open_at + 1 :] + right[:close_at]
    return _LIST_PUNCT_RE.search(inner) is None


def _heading_markers(text: str, headings: list[Heading]) -> frozenset[int]:
    """Offsets inside the section markers of the headings (一、, (二), 3.)."""
    positions: set[int] = set()
    for heading in headings:
        marker = getattr(heading, "marker", "") or ""
        if marker and text.startswith(marker, heading.start):
            positions.update(range(heading.start, heading.start + len(marker)))
            continue
        m = _MARKER_RE.match(text, heading.start, heading.end)
        if m:
            positions.update(range(heading.start, m.end()))
    return frozenset(positions)


def find_candidates(text: str, start: int, end: int, headings: list[Heading]) -> list[Candidate]:
    """Every numeric expression in ``[start, end)``, resolved and judged by the rules."""
    markers = _heading_markers(text, headings)
    out = []
    for match in _pattern().finditer(text, start, end):
        if match.end() - match.start() == 1 and text[match.start()] in _CN_START:
            continue  # a lone Chinese numeral with no unit (一些, 统一): never a figure
        cand = _resolve(match, text)
        if match.group("unit") or match.group("pct") or match.group("mask"):
            cand.measured_span = match.span()
        _judge(cand, text, start, markers)
        out.append(cand)
    return out


def find_figures(text: str, start: int, end: int, headings: list[Heading]) -> list[Item]:
    """FIGURE items of the report ``text[start:end]`` (normalised offsets)."""
    candidates = find_candidates(text, start, end, headings)
    _drop_repeated_names(text, candidates)
    _apply_filter(text, candidates)
    measured = [c.measured_span for c in candidates if c.measured_span is not None]
    figures: list[Item] = []
    for cand in candidates:
        if cand.reason:
            continue
        figure = Figure(
            start=cand.start,
            end=cand.end,
            value=cand.value,
            unit=cand.unit,
            kind=_kind(cand, text),
            approx=cand.approx,
            masked=cand.masked,
        )
        figure.context = clause_around(text, cand.start, cand.end)
        figure.metric = metric_of(text, cand.start, cand.end, measured)
        figures.append(figure)
    return figures


_NAME_REPEATS = 3


def _drop_repeated_names(text: str, candidates: list[Candidate]) -> None:
    """A count that recurs verbatim with the same noun is part of a name (爱国卫生7个专项行动).

    Counts of things done are rarely repeated word for word three times in one report; the
    number of a named campaign set is. Only counts followed by Chinese text are considered.
    """
    keys: dict[tuple[str, str], list[Candidate]] = {}
    for cand in candidates:
        if cand.reason or cand.masked or cand.kind not in ("count",) or cand.unit is None:
            continue
        following = text[cand.end : cand.end + 2]
        if len(following) == 2 and all(_is_han(c) for c in following):
            keys.setdefault((text[cand.start : cand.end], following), []).append(cand)
    for group in keys.values():
        if len(group) >= _NAME_REPEATS:
            for cand in group:
                cand.reason = "repeated name"


def _apply_filter(text: str, candidates: list[Candidate]) -> None:
    """Let the trained figure_filter decide the candidates the rules left open (one batch)."""
    open_ones = [c for c in candidates if not c.reason and c.uncertain]
    if not open_ones:
        return
    from reportminer.classifiers.figures import predict_keep

    keep = predict_keep(text, [(c.start, c.end) for c in open_ones])
    if keep is None:
        return
    for cand, kept in zip(open_ones, keep, strict=True):
        if not kept:
            cand.reason = "figure_filter"


def _kind(cand: Candidate, text: str) -> str:
    """Money for a scaled bare number in a clause about money (投资3个亿), else count. The
    figure's own clause decides when it names a subject (财政收入百亿县、城区人口超50万县:
    people); a clause too short to name one (…资金,达3亿) defers to its sentence."""
    if cand.unit is not None or cand.kind == "percent":
        return cand.kind
    if not cand.scaled:
        return "count"
    cues = load_lexicon("figure_money_cues.txt")
    sentence_start = _sentence_start(text, cand.start)
    clause_start = max(
        sentence_start, *(text.rfind(mark, sentence_start, cand.start) + 1 for mark in "、,，;")
    )
    clause = text[clause_start : cand.start]
    if any(cue in clause for cue in cues):
        return "money"
    if len(clause) >= 4:
        return "count"
    return "money" if any(cue in text[sentence_start : cand.start] for cue in cues) else "count"


def _sentence_start(text: str, pos: int, limit: int = 120) -> int:
    lo = max(0, pos - limit)
    for i in range(pos - 1, lo - 1, -1):
        if text[i] in _SENTENCE_END:
            return i + 1
    return lo


def _clause_end(text: str, pos: int, limit: int = 60) -> int:
    hi = min(len(text), pos + limit)
    for i in range(pos, hi):
        if text[i] in _CLAUSE_END:
            return i
    return hi


def clause_around(text: str, start: int, end: int) -> str:
    """The clause (between commas or sentence ends) a figure stands in."""
    lo = start
    while lo > 0 and text[lo - 1] not in "。;!?\n,，:" and start - lo < 80:
        lo -= 1
    hi = end
    while hi < len(text) and text[hi] not in "。;!?\n,，" and hi - end < 80:
        hi += 1
    return text[lo:hi].strip()


def metric_of(
    text: str, start: int, end: int, measured: list[tuple[int, int]] | None = None
) -> str | None:
    """The short phrase naming what the figure measures, from the words before it.

    The clause before the figure minus leading scope words (全年, 共) and trailing verbs
    (达, 为); an enumeration "白庙、松林村等村社道路" is skipped, keeping a leading verb
    (新建…等村社道路 -> 新建村社道路). With nothing before it (2个“文明楼院”), the noun after.
    ``measured``: sorted spans of the report's figures with a unit (found here if not given).
    """
    words = _metric_words()
    lo = start
    while lo > 0 and text[lo - 1] not in "。;!?\n,，:" and start - lo < 60:
        lo -= 1
    raw = text[lo:start]
    left = raw.strip()
    left_start = lo + len(raw) - len(raw.lstrip())
    unmarked = _LEADING_MARKER_RE().sub("", left)
    left_start += len(left) - len(unmarked)
    left = unmarked
    left_end = left_start + len(left)
    if measured is None:
        measured = [
            m.span()
            for m in _pattern().finditer(text, left_start, left_end)
            if m.group("unit") or m.group("pct") or m.group("mask")
        ]
    # the previous figure in the same clause ends the left context (13口、蓄水池6口)
    # (matches do not overlap, so their ends are sorted too; one may begin before the clause)
    last_figure = None
    for span in measured[max(0, bisect_left(measured, (left_start, -1)) - 1) :]:
        if span[1] > left_end:
            break
        if span[1] > left_start:
            last_figure = span
    before_previous = ""
    if last_figure is not None and last_figure[1] < left_end:
        before_previous = text[left_start : max(left_start, last_figure[0])]
        left = text[last_figure[1] : left_end]
    left = _strip_metric(left.lstrip("、,，和及与 "), words)
    # 设计公园和[85个]口袋公园, 预报等[9项]成果: the measured noun follows the figure
    if left in words["suffix"] or left.endswith(("和", "及", "与", "、", "等")):
        left = ""
    if not left and before_previous and text[start - 1 : start] not in "、和及与":
        # 资产总额增长116.2%、达到[23.2万亿元]: the same subject as the figure before
        previous = _strip_metric(before_previous, words)
        for word in ("增长", "下降", "提高", "增加", "减少", "同比"):
            previous = previous.removesuffix(word)
        if len(previous) > 1:
            return previous
    verb_end = left.endswith(tuple(words["verb"]))
    if left and not verb_end and len(left) > 2:
        return left
    # a verb (新建20个…, 获批建设3个…) or nothing: the measured noun follows the figure
    right = _noun_after(text, end)
    return (left + right) if right else (left or None)


def _strip_metric(left: str, words: dict[str, list[str]]) -> str:
    """Drop an enumeration before 等, scope words before and verbs after the metric."""
    if "等" in left:
        head, _, tail = left.rpartition("等")
        verb = next((v for v in words["verb"] if head.startswith(v)), "")
        if tail:
            left = verb + tail
    prefixes, suffixes = tuple(words["prefix"]), tuple(words["suffix"])
    changed = True
    while changed and left:
        changed = False
        # one C-level test first: most clauses carry no scope word and no trailing verb
        if left.startswith(prefixes):
            for word in prefixes:
                if left.startswith(word) and len(left) > len(word):
                    left = left[len(word) :]
                    changed = True
        if left.endswith(suffixes):
            for word in suffixes:
                if left.endswith(word) and len(left) > len(word):
                    left = left[: -len(word)]
                    changed = True
    left = left.strip(' “”"、').lstrip("的")
    if left.count("“") != left.count("”"):
        left = left.replace("“", "").replace("”", "")
    return left


def _noun_after(text: str, end: int, limit: int = 10) -> str:
    hi = end
    while hi < len(text) and text[hi] not in _CLAUSE_END and hi - end < 20:
        hi += 1
    right = text[end:hi].strip()
    if right[:1] in '“"' and right.find("”", 1) > 1:
        return right[1 : right.find("”", 1)]  # 2个“文明楼院” -> 文明楼院
    right = right.strip(' “”"')
    for word in ("的", "和", "及", "与", "以及", "并", "等"):
        # the noun ends before a linking word: 10个大型储菜库和… -> 大型储菜库
        index = right.find(word)
        if index > 1:
            right = right[:index]
    return right[:limit]


def parse_figure(expression: str) -> Figure | None:
    """Resolve one figure expression: ``parse_figure("13万余元")`` -> value 130000, unit 元.

    Offsets are relative to ``expression``. Returns None when the string holds no figure.
    The expression is read whole when the figure regex covers it (after dropping inner spaces,
    a sign, or a comparison word such as 大于/至少/以下, which sets ``approx``); a range
    "X和Y之间" gives ``[X, Y]``; otherwise the first figure the extractor finds in it.
    """
    from reportminer.normalise import normalise

    norm = normalise(expression)
    text = norm.text
    stripped = text.strip()
    offset = len(text) - len(text.lstrip())
    match = _pattern().fullmatch(stripped)
    if match is not None:
        cand = _resolve(match, stripped)
        if cand.value is not None or cand.masked:
            cand.start, cand.end = offset, offset + len(stripped)
            if cand.unit_span is not None:
                cand.unit_span = (cand.unit_span[0] + offset, cand.unit_span[1] + offset)
            return _figure_from(cand, norm, text)
    whole = _parse_whole(stripped)
    if whole is not None:
        start, end = norm.span_to_original(offset, offset + len(stripped))
        whole.start, whole.end = start, end
        whole.text = expression[start:end]
        return whole
    items = find_figures(text, 0, len(text), [])
    if not items:
        return None
    first = items[0]
    assert isinstance(first, Figure)
    first.start, first.end = norm.span_to_original(first.start, first.end)
    first.text = expression[first.start : first.end]
    return first


def _resolve_with_suffix_unit(compact: str) -> tuple[Any, numbers.Value]:
    """A numeral followed or preceded by a unit (人民币3.14, 四十九兆…亿元); plain units first."""
    table = unit_table()
    surfaces = sorted(table, key=lambda u: (table[u].factor != 1, -len(u)))
    for surface in surfaces:
        if compact.endswith(surface) and len(compact) > len(surface):
            value = numbers.resolve_value(compact[: -len(surface)])
            if value is not None:
                return table[surface], value
        if compact.startswith(surface) and len(compact) > len(surface):
            value = numbers.resolve_value(compact[len(surface) :])
            if value is not None:
                return table[surface], value
    return None, numbers.resolve_value(compact)


@cache
def _comparators() -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {"before": [], "after": []}
    for row in load_records("figure_comparators.tsv"):
        out[row["position"]].append((row["surface"], row["approx"]))
    for words in out.values():
        words.sort(key=lambda w: len(w[0]), reverse=True)
    return out


_BETWEEN_RE = regex.compile(r"^(?:位于|在|介于)?(?P<low>.+?)(?:和|与|到|至|-)(?P<high>.+?)之?间$")
_SIGN_RE = regex.compile(r"^(?:负的|负|零下|-|−)")
_BY_COMPARISON_RE = regex.compile(r"^比(?P<number>.+?)(?P<direction>[大高多低小少])$")


def _starts_with_comparator(text: str) -> bool:
    return any(text.startswith(surface) for surface, _ in _comparators()["before"])


def _range_of(text: str, low_text: str, high_text: str, *, ordered: bool) -> Figure | None:
    """A range figure over ``text`` from two ends that each parse to a number (the upper
    end's unit and kind stand for both); ``ordered`` sorts the ends."""
    low, high = _parse_whole(low_text), _parse_whole(high_text)
    if low is None or high is None:
        return None
    if not isinstance(low.value, (int, float)) or not isinstance(high.value, (int, float)):
        return None
    ends = [low.value, high.value]
    return Figure(
        start=0,
        end=len(text),
        value=sorted(ends) if ordered else ends,
        unit=high.unit,
        kind=high.kind,
    )


def _parse_whole(text: str) -> Figure | None:
    """Whole-expression readings the extraction regex leaves out on purpose.

    Spaces between characters (十 余 万), a sign (负三, -22.2%), comparison words (大于50,
    170之下), "X和Y之间", and numerals the running-text regex does not start on (百三, 3M,
    .77, 1/2, 三又五分之一, 四十九兆).
    """
    compact = regex.sub(r"(?<![0-9])\s+(?=[^\sA-Za-z])|(?<=[^\s0-9A-Za-z])\s+", "", text)
    compact = compact.replace("整", "") if compact.endswith("整") else compact
    compact = regex.sub(r"^佰分之", "百分之", compact)
    if compact in ("百分百", "百分之百"):
        return Figure(start=0, end=len(text), value=100, unit="%", kind="percent")
    sign = 1
    if "分之负" in compact:
        sign = -1
        compact = compact.replace("分之负", "分之", 1)
    compared = _BY_COMPARISON_RE.match(compact)
    if compared is not None:
        parts = [p for p in regex.split(r"[,，]", compact) if p]
        values, approx_seen = [], None
        for part in parts:
            m = _BY_COMPARISON_RE.match(part)
            if m is None:
                return None
            inner = _parse_whole(m["number"])
            if inner is None or not isinstance(inner.value, (int, float)):
                return None
            values.append(inner.value)
            approx_seen = "over" if m["direction"] in "大高多" else "under"
        if len(values) == 2:
            return Figure(start=0, end=len(text), value=sorted(values), kind="count")
        return Figure(start=0, end=len(text), value=values[0], kind="count", approx=approx_seen)
    for surface, _kind_word in _comparators()["before"]:
        index = compact.find(surface, 1)
        if index > 0 and compact[:index] and _starts_with_comparator(compact):
            joined = _range_of(text, compact[:index], compact[index:], ordered=True)
            if joined is not None:
                return joined
    approx = None
    for surface, kind in _comparators()["before"]:
        if compact.startswith(surface) and len(compact) > len(surface):
            compact = compact[len(surface) :]
            approx = None if kind == "exact" else kind
            break
    for surface, kind in _comparators()["after"]:
        if compact.endswith(surface) and len(compact) > len(surface):
            compact = compact[: -len(surface)]
            approx = kind
            break
    between = _BETWEEN_RE.match(compact)
    if between is not None:
        joined = _range_of(text, between["low"], between["high"], ordered=False)
        if joined is not None:
            return joined
    signed = _SIGN_RE.match(compact)
    if signed and len(compact) > signed.end():
        sign = -sign
        compact = compact[signed.end() :]
    match = _pattern().fullmatch(compact)
    figure: Figure | None = None
    if match is not None:
        cand = _resolve(match, compact)
        if cand.value is not None or cand.masked:
            figure = Figure(
                start=0,
                end=len(text),
                value=cand.value,
                unit=cand.unit,
                kind=_kind(cand, compact),
                approx=cand.approx or approx,
                masked=cand.masked,
            )
    if figure is None:
        unit_info, value = _resolve_with_suffix_unit(compact)
        if value is None:
            return None
        unit = unit_info.unit if unit_info else None
        if unit_info is not None:
            value = numbers.scale_value(value, unit_info.factor)
        figure = Figure(
            start=0,
            end=len(text),
            value=value,
            unit=unit,
            kind=unit_info.kind if unit_info else "count",
            approx=approx,
        )
    if sign < 0 and figure.value is not None:
        figure.value = (
            [-v for v in figure.value] if isinstance(figure.value, list) else -figure.value
        )
    if approx and not figure.approx:
        figure.approx = approx
    return figure


def _figure_from(cand: Candidate, norm: Any, text: str) -> Figure:
    start, end = norm.span_to_original(cand.start, cand.end)
    unit = cand.unit
    if cand.unit_span is not None and unit == cand.unit_surface:
        u_start, u_end = norm.span_to_original(*cand.unit_span)
        # as written (畝 stays 畝), but full-width forms are ASCII (％ -> %)
        unit = norm.original[u_start:u_end].translate(_FULL_WIDTH)
    return Figure(
        start=start,
        end=end,
        text=norm.original[start:end],
        value=cand.value,
        unit=unit,
        kind=_kind(cand, text),
        approx=cand.approx,
        masked=cand.masked,
        metric=None,
        context=None,
    )


def written_unit(figure: Figure, original_surface: str) -> str | None:
    """The unit as written in the original text (畝 stays 畝; 萬元 is still 元 by the table).

    Extraction works on normalised text, where traditional units read as simplified; the
    pipeline calls this after mapping a FIGURE back to the original text.
    """
    parsed = parse_figure(original_surface)
    if parsed is None or parsed.unit is None:
        return figure.unit
    if "（" in original_surface and "(" in parsed.unit:
        # no table normalises brackets: 3929套（间） keeps its full-width ones
        return parsed.unit.replace("(", "（").replace(")", "）")
    return parsed.unit
