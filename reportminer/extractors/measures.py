"""MEASURE: named work measures in enumerations (ANNOTATION.md, MEASURE).

Work reports list what was done as 一是…二是…, 一要…二要…, 首先…其次…最后, 一方面…另一方面,
第一，第二， in the middle of a paragraph, or ①②③. Each item's name runs from after the
enumerator to the first sentence end (。;!) or, when the item goes on with a comma, to that
comma; commas inside quotation marks do not count. The enumerator forms live in
``measure_enumerators.tsv``; this module finds them where a clause starts, numbers the items
of each enumeration and flags skipped or repeated ordinals.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

import regex

from reportminer.rules import load_records
from reportminer.types import Heading, Measure

_NUMERAL_CLASS = "[一二三四五六七八九十]"
_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# Characters that end a measure's name outright, and the commas that end it outside quotes.
_SENTENCE_END = "。;!\n"
_COMMAS = ",，"
# Flag of an item dropped because its enumerator needs an open enumeration.
_ORPHAN = "orphan"
# What may follow 第N for it to be an enumerator (第一，… / 第三要… / 第二是…).
_AFTER_ORDINAL = frozenset(",，、:是要")


@dataclass(frozen=True, slots=True)
class _Form:
    form: str
    pattern: regex.Pattern[str]
    ordinal: str
    family: str
    place: str
    after: str


@cache
def _forms() -> tuple[tuple[_Form, ...], regex.Pattern[str]]:
    forms = []
    for row in load_records("measure_enumerators.tsv"):
        body = regex.escape(row["form"]).replace(regex.escape("{N}"), f"({_NUMERAL_CLASS}{{1,3}})")
        forms.append(
            _Form(
                row["form"],
                regex.compile(body),
                row["ordinal"],
                row["family"],
                row["place"],
                row["after"],
            )
        )
    forms.sort(key=lambda f: len(f.form.replace("{N}", "一")), reverse=True)
    alternation = "|".join(f.pattern.pattern for f in forms)
    # An enumerator starts a clause: at a line start or after a sentence/clause mark,
    # spaces allowed in between (scraped pages put spaces around punctuation).
    finder = regex.compile(rf"(?<=(?:^|[\n。;:!?,，)”])[ ]*)(?:{alternation})", regex.MULTILINE)
    return tuple(forms), finder


def chinese_numeral(numeral: str) -> int | None:
    """Value of a numeral from 一 to 九十九 (十, 十二, 二十, 二十三); None if malformed."""
    if not numeral:
        return None
    if "十" not in numeral:
        return _DIGITS.get(numeral) if len(numeral) == 1 else None
    tens, _, units = numeral.partition("十")
    if len(tens) > 1 or len(units) > 1 or "十" in units:
        return None
    high = _DIGITS.get(tens, 0) if tens else 1
    low = _DIGITS.get(units, 0) if units else 0
    if (tens and not high) or (units and not low):
        return None
    return high * 10 + low


@dataclass(slots=True)
class _Hit:
    marker_start: int
    marker_end: int
    marker: str
    ordinal: int | None  # None: "next"
    family: str
    needs_open: bool = False  # only an enumerator inside an open enumeration (再次)


def find_measures(text: str, start: int, end: int, headings: list[Heading]) -> list[Measure]:
    """MEASURE items in ``text[start:end]`` (normalised offsets)."""
    hits = _enumerators(text, start, end, headings)
    measures: list[Measure] = []
    for hit in hits:
        name = _name_span(text, hit.marker_end, end)
        if name is None:
            continue
        measures.append(
            Measure(
                start=name[0],
                end=name[1],
                marker=hit.marker,
                ordinal=hit.ordinal or 0,
                body_start=name[0],
                body_end=name[1],
                flags=[],
            )
        )
    kept_hits = [h for h in hits if _name_span(text, h.marker_end, end) is not None]
    _number(text, kept_hits, measures, headings, end)
    return [m for m in measures if _ORPHAN not in m.flags]


def _enumerators(text: str, start: int, end: int, headings: list[Heading]) -> list[_Hit]:
    forms, finder = _forms()
    heading_starts = {h.start for h in headings}
    hits: list[_Hit] = []
    for match in finder.finditer(text, start, end):
        surface = match.group()
        form = next((f for f in forms if f.pattern.fullmatch(surface)), None)
        if form is None:
            continue
        line_start = text.rfind("\n", 0, match.start()) + 1
        at_line_start = not text[line_start : match.start()].strip()
        if match.start() in heading_starts or (at_line_start and line_start in heading_starts):
            continue
        if form.place == "mid" and at_line_start:
            continue
        following = text[match.end() : match.end() + 1]
        if form.after == "punct" and following not in _AFTER_ORDINAL:
            continue
        ordinal: int | None
        if form.ordinal == "N":
            numeral = form.pattern.fullmatch(surface).group(1)  # type: ignore[union-attr]
            ordinal = chinese_numeral(numeral)
            if ordinal is None:
                continue
        elif form.ordinal == "next":
            ordinal = None
        else:
            ordinal = int(form.ordinal)
        hits.append(
            _Hit(
                match.start(),
                match.end(),
                surface,
                ordinal,
                form.family,
                needs_open=form.place == "continuing",
            )
        )
    return hits


def _name_span(text: str, begin: int, limit: int) -> tuple[int, int] | None:
    """The name after an enumerator ending at ``begin``: up to the first sentence end, or the
    first comma outside quotation marks. A comma or colon right after the enumerator
    (首先，…) is skipped. Leading and trailing spaces are trimmed."""
    position = begin
    while position < limit and text[position] in " ,，:":
        position += 1
    name_start = position
    depth = 0
    while position < limit:
        char = text[position]
        if char in _SENTENCE_END:
            break
        if char == "“":
            depth += 1
        elif char == "”":
            depth = max(0, depth - 1)
        elif char in _COMMAS and depth == 0:
            break
        position += 1
    name_end = position
    while name_end > name_start and text[name_end - 1] == " ":
        name_end -= 1
    while name_start < name_end and text[name_start] == " ":
        name_start += 1
    if name_end <= name_start:
        return None
    return name_start, name_end


@dataclass(slots=True)
class _Enumeration:
    family: str
    section: int
    members: list[int]
    last: int


def _number(
    text: str, hits: list[_Hit], measures: list[Measure], headings: list[Heading], end: int
) -> None:
    """Group items into enumerations, give 最后 its position, flag ordinal gaps and
    repeats, and set each item's body (up to the next item of its enumeration or the end
    of its paragraph).

    Enumerations nest (一要… with 一方面…另一方面… inside, then 二要…), so open ones are kept
    on a stack: an item continues the innermost open enumeration it fits, and closing an
    outer one closes those inside it."""
    heading_starts = sorted(h.start for h in headings)
    stack: list[_Enumeration] = []
    finished: list[_Enumeration] = []
    for index, (hit, measure) in enumerate(zip(hits, measures, strict=True)):
        section = bisect_right(heading_starts, hit.marker_start)
        while stack and stack[-1].section != section:
            finished.append(stack.pop())
        target = _continued(stack, hit)
        if target is None and hit.needs_open:
            measure.flags.append(_ORPHAN)  # 再次 with nothing before it means "again"
            continue
        if target is None:
            if hit.ordinal is None:
                hit.ordinal = 1
            elif hit.ordinal > 1:
                measure.flags.append("skipped_ordinal")
            stack.append(_Enumeration(hit.family, section, [index], hit.ordinal))
        else:
            while stack[-1] is not target:
                finished.append(stack.pop())
            if hit.ordinal is None:
                hit.ordinal = target.last + 1
            elif hit.ordinal == target.last:
                measure.flags.append("repeated_ordinal")
            elif hit.ordinal > target.last + 1:
                measure.flags.append("skipped_ordinal")
            target.members.append(index)
            target.last = hit.ordinal
        measure.ordinal = hit.ordinal
    finished.extend(stack)
    for enumeration in finished:
        members = enumeration.members
        if len(members) == 1:
            measures[members[0]].flags.append("lone_item")
        for position, index in enumerate(members):
            paragraph_end = text.find("\n", measures[index].start, end)
            body_end = end if paragraph_end < 0 else paragraph_end
            if position + 1 < len(members):
                body_end = min(body_end, hits[members[position + 1]].marker_start)
            while body_end > measures[index].start and text[body_end - 1] in " \n":
                body_end -= 1
            measures[index].body_end = max(body_end, measures[index].end)


def _continued(stack: list[_Enumeration], hit: _Hit) -> _Enumeration | None:
    """The open enumeration ``hit`` continues, innermost first, or None for a new one.

    其次/最后 (family "any") continue the innermost enumeration; an item whose number follows
    on from the innermost one continues it whatever its form (一方面, 另一方面, 第三); other
    items continue the innermost enumeration of their own form whose number they follow on
    from (一是A：一是x；二是y。二是B), else the innermost of their form (a repeat or a gap),
    unless they restart at 1."""
    if not stack:
        return None
    innermost = stack[-1]
    if hit.ordinal is None or hit.family == "any":
        return innermost
    if hit.ordinal == innermost.last + 1:
        return innermost
    if hit.ordinal == 1:
        return None
    for enumeration in reversed(stack):  # an outer list resumes after a nested one
        if enumeration.family == hit.family and hit.ordinal == enumeration.last + 1:
            return enumeration
    for enumeration in reversed(stack):
        if enumeration.family == hit.family:
            return enumeration
    return None
