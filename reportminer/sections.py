"""Section tree: HEADING spans with level and role, and the tree the items hang in.

A heading is a line (or, in text flattened to one line, a sentence) that starts with a
section marker. Marker families nest in the order the report uses them; the canonical order
below breaks ties and places families whose parent heading was lost (ANNOTATION.md HEADING).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from reportminer.patterns import alternation, compile_re
from reportminer.rules import load_lexicon, load_records
from reportminer.types import Heading, Item, Report, Section

_CN_DIGITS = "零〇一二三四五六七八九十百两"
_CN_NUM = rf"[{_CN_DIGITS}]{{1,4}}"

# family name, canonical depth, pattern (anchored at the marker start). Group "n" is the ordinal.
_FAMILIES: tuple[tuple[str, int, str], ...] = (
    ("chapter", 0, rf"第(?P<n>{_CN_NUM}|\d{{1,2}})[章部分编]\s*"),
    ("cn_dun", 1, rf"(?P<n>{_CN_NUM})\s*(?:、|\.(?![\d一二三四五六七八九十]))"),
    ("cn_paren", 2, rf"[(〔【](?P<n>{_CN_NUM})[)〕】]\s*[、.]?"),
    ("di", 3, rf"第(?P<n>{_CN_NUM})(?:[,、]|条\s*)"),
    ("stage", 4, rf"第(?P<n>{_CN_NUM})(?:项议程|阶段|部分|步)\s*[:]?"),
    ("arabic_dun", 5, r"(?P<n>\d{1,2})\s*(?:[、]|\.(?!\d))"),
    ("arabic_paren", 6, r"[(〔](?P<n>\d{1,2})[)〕]\s*[、.]?"),
    ("circled", 7, r"(?P<c>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*"),
    ("bullet", 8, r"(?:\?{1,2}|[●■◆□▲▪•])\s*"),
)
_DEPTH = {name: depth for name, depth, _ in _FAMILIES}
_MARKER_RE = compile_re(
    "|".join(f"(?P<{name}>{pattern})" for name, _, pattern in _FAMILIES)
    .replace("(?P<n>", "(?:")
    .replace("(?P<c>", "(?:")
)
_FAMILY_RES = {name: compile_re(pattern) for name, _, pattern in _FAMILIES}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_TITLE_END = "。;:!?"
# A marker followed by these is not a heading ("2、,强化" is a doc-site chunk marker;
# "1、2021年" an outline number glued to a year).
_NOT_TITLE_START = compile_re(r"[,、。;:!?)\]]|\s*$")
_ARABIC_YEAR = compile_re(r"\d{4}年")
_SENTENCE_END_RE = compile_re(r"[。;:!?]")
_FLAT_LINE = 200  # a line this long is flattened text: sentences start headings too


_CN_DIGIT_VALUES = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}


def cn_to_int(numeral: str) -> int:
    """Small Chinese numerals of section markers: 一 → 1, 十二 → 12, 二十 → 20."""
    values = _CN_DIGIT_VALUES
    if numeral.isdigit():
        return int(numeral)
    total, current = 0, 0
    for char in numeral:
        if char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            current = values.get(char, 0)
    return total + current


def line_marker(text: str, pos: int = 0) -> tuple[str, int, int] | None:
    """(family, ordinal, marker length) when ``text`` starts a heading at ``pos``."""
    if text.startswith(
        ("一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "九是", "十是"), pos
    ):
        return None
    if text.startswith(("——", "--"), pos):
        return None
    match = _MARKER_RE.match(text, pos)
    if match is None:
        return None
    family = match.lastgroup
    assert family is not None
    marker = match.group()
    after = match.end()
    if family != "stage" and _NOT_TITLE_START.match(text, after):
        if not (family == "cn_dun" and after == len(text.rstrip())):
            return None
    if family.startswith("arabic") and _ARABIC_YEAR.match(text, after):
        return None
    if family == "bullet" and "》" in text[after : after + 60].split("。")[0]:
        return None  # "?关于…》": a lost 《, not a bullet
    ordinal = _ordinal(family, marker)
    return family, ordinal, len(marker)


def _ordinal(family: str, marker: str) -> int:
    if family == "bullet":
        return 0
    if family == "circled":
        return _CIRCLED.index(marker.strip()[0]) + 1
    found = _FAMILY_RES[family].match(marker)
    assert found is not None
    return cn_to_int(found.group("n"))


@cache
def _roles() -> list[tuple[str, str, str]]:
    return [(r["word"], r["role"], r["genre"]) for r in load_records("heading_roles.tsv")]


@cache
def _action_verbs() -> tuple[str, ...]:
    return tuple(sorted(load_lexicon("heading_action_verbs.txt"), key=len, reverse=True))


def heading_role(title: str, genre: str | None = None) -> str | None:
    """The role a heading's words settle, or None (then it inherits its parent's).

    Words inside quotation marks name a slogan or target (奋力实现“三年初见成效”目标), not
    what the section is about, so they settle nothing.
    """
    plain = _QUOTED_RE.sub("", title)
    for word, role, only_genre in _roles():
        if word in plain and only_genre in ("*", genre):
            return role
    return None


_QUOTED_RE = compile_re(r"“[^“”]*”")


@cache
def _result_endings() -> tuple[str, ...]:
    return tuple(sorted(load_lexicon("heading_result_endings.txt"), key=len, reverse=True))


def _inherited_role(title: str, parent: Heading | None) -> str:
    """Role of a heading whose words name none: its parent's, refined by its predicate."""
    parent_role = parent.role if parent is not None else None
    if parent_role in ("plans", "problems"):
        return parent_role
    if title.rstrip("。,;: ").endswith(_result_endings()):
        return "results"
    if parent_role is None:
        return "measures"
    if parent_role == "overview" and title.startswith(_action_verbs()):
        return "measures"
    return parent_role


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    family: str
    ordinal: int
    marker: str


_LINE_RE = compile_re(r"[^\n]+")
_SENTENCE_START_RE = compile_re(r"(?<=[。!?;]|\s)(?=\S)")


def find_headings(
    text: str, start: int, end: int, hints: dict | None = None, genre: str | None = None
) -> list[Heading]:
    """HEADING items of one report (normalised offsets), with level and role."""
    candidates: list[_Candidate] = []
    for line in _LINE_RE.finditer(text, start, end):
        line_text = line.group()
        stripped_start = line.start() + len(line_text) - len(line_text.lstrip())
        positions = [stripped_start]
        flat = len(line_text) >= _FLAT_LINE
        if flat:
            positions += [
                m.start() for m in _SENTENCE_START_RE.finditer(text, stripped_start + 1, line.end())
            ]
        for position in positions:
            found = line_marker(text, position)
            if found is None:
                continue
            family, ordinal, length = found
            if flat and position != stripped_start and family in ("bullet", "circled", "stage"):
                continue
            title_end = _title_end(text, position + length, line.end(), flat)
            candidates.append(
                _Candidate(position, title_end, family, ordinal, text[position : position + length])
            )
    _trim_run_on_titles(text, candidates)
    for candidate in candidates:
        candidate.end = _title_before_body(text, candidate)
    levels = _levels(candidates)
    headings: list[Heading] = []
    parents: list[Heading] = []
    for candidate, level in zip(candidates, levels, strict=True):
        title = text[candidate.start + len(candidate.marker) : candidate.end]
        role = heading_role(candidate.marker + title, genre)
        while parents and parents[-1].level >= level:
            parents.pop()
        if role is None:
            role = _inherited_role(title, parents[-1] if parents else None)
        heading = Heading(
            start=candidate.start,
            end=candidate.end,
            level=level,
            role=role,
            marker=candidate.marker.strip(),
            family=candidate.family,
        )
        headings.append(heading)
        parents.append(heading)
    return headings


def _title_end(text: str, title_start: int, line_end: int, flat: bool) -> int:
    stop = line_end
    for index in range(title_start, line_end):
        char = text[index]
        if char in _TITLE_END and not (char == "?" and index == title_start):
            stop = index
            break
        if flat and char == " " and index > title_start:
            stop = index
            break
    while stop > title_start and text[stop - 1] == " ":
        stop -= 1
    return stop


@cache
def _clause_openers() -> re.Pattern[str]:
    return compile_re(alternation(load_lexicon("heading_clause_openers.txt")))


def _trim_run_on_titles(text: str, candidates: list[_Candidate]) -> None:
    """End a title that ran on into its body where its siblings' titles end.

    Only a title with no sentence end that is over twice as long as its siblings' median is
    cut, and only before a clause-opening word (按照, 根据, 全市…) past that median length
    with no comma before it (a numbered paragraph with commas is a heading to its first
    sentence end, however long).
    """
    by_family: dict[str, list[_Candidate]] = {}
    for candidate in candidates:
        by_family.setdefault(candidate.family, []).append(candidate)
    for siblings in by_family.values():
        if len(siblings) < 3:
            continue
        lengths = sorted(c.end - c.start - len(c.marker) for c in siblings)
        median = lengths[len(lengths) // 2]
        for candidate in siblings:
            title_start = candidate.start + len(candidate.marker)
            title = text[title_start : candidate.end]
            if len(title) <= 2 * median + 4 or _SENTENCE_END_RE.search(title):
                continue
            opener = _clause_openers().search(title, max(median - 3, 2))
            if (
                opener is not None
                and opener.start() <= 2 * median
                and "," not in title[: opener.start()]
            ):
                candidate.end = title_start + opener.start()


@cache
def _title_ending_re() -> re.Pattern[str]:
    return compile_re(alternation(load_lexicon("heading_title_endings.txt")))


# Where a run-on title's body starts: a sentence on 是 (文明城市是…, 创建国家卫生城市,是…),
# or text after a closing parenthesis of dates (宣传发动阶段(6月1日至6月30日)召开…).
_BODY_OPENING_RE = compile_re(r"[\p{Han}]{1,10},?是")
_DATED_PARENTHESIS_RE = compile_re(
    r"\([^()]{0,16}[年月日][^()]{0,4}(?:至|到|-|—|~)[^()]{0,16}[年月日]\)(?=\p{Han})"
)
_RUN_ON_LENGTH = 24


def _title_before_body(text: str, candidate: _Candidate) -> int:
    """The end of a title that ran into the body's first sentence with nothing between.

    A title is cut after a parenthesised period (6月1日至6月30日) that text follows directly,
    and a long one after a title ending (紧迫感, 信心和决心, heading_title_endings.txt) that
    the body's first sentence follows.
    """
    title_start = candidate.start + len(candidate.marker)
    dated = _DATED_PARENTHESIS_RE.search(text, title_start, candidate.end)
    if dated is not None:
        return dated.end()
    if candidate.end - title_start <= _RUN_ON_LENGTH:
        return candidate.end
    for ending in _title_ending_re().finditer(text, title_start, candidate.end):
        if _BODY_OPENING_RE.match(text, ending.end(), candidate.end):
            return ending.end()
    return candidate.end


def _levels(candidates: list[_Candidate]) -> list[int]:
    """Depth of each heading in the report's own marker hierarchy.

    A stack of families: a heading pops every family at its canonical depth or deeper, then
    sits on top. A family whose first heading has an ordinal above 1 lost its first heading;
    that lost parent is put back at the report start so the children before it keep their
    level (ANNOTATION.md: (一)…(五) then 二、 → (一) is level 2).
    """
    if not candidates:
        return []
    first_seen: dict[str, int] = {}
    for candidate in candidates:
        first_seen.setdefault(candidate.family, candidate.ordinal)
    first_depth = _DEPTH[candidates[0].family]
    lost = sorted(
        (_DEPTH[family], family)
        for family, ordinal in first_seen.items()
        if ordinal > 1 and _DEPTH[family] < first_depth and family != "bullet"
    )
    stack: list[str] = [family for _, family in lost]
    levels = []
    for candidate in candidates:
        depth = _DEPTH[candidate.family]
        while stack and _DEPTH[stack[-1]] >= depth:
            stack.pop()
        stack.append(candidate.family)
        levels.append(len(stack))
    return levels


# Sentence ends in the original text: full- and half-width forms, and line ends.
_SENTENCE_RE = compile_re(r"[^\n。！？!?；;]*(?:[。！？!?；;]+[”’」』)）]*|\n|$)")


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans in ``text[start:end]`` (original text), whitespace trimmed."""
    spans = []
    for match in _SENTENCE_RE.finditer(text, start, end):
        a, b = match.start(), match.end()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            spans.append((a, b))
        if match.end() >= end:
            break
    return spans


def add_sentences(root: Section, text: str) -> None:
    """Give each section the sentences of its own text (after its heading, before children)."""
    for section in root.walk():
        begin = section.heading.end if section.heading is not None else section.start
        stop = section.children[0].start if section.children else section.end
        section.sentences = split_sentences(text, begin, stop) if stop > begin else []


def build_tree(report: Report, headings: list[Heading], items: list[Item]) -> Section:
    """The report's section tree (original offsets), with every item in its innermost section."""
    root = Section(start=report.start, end=report.end)
    stack: list[Section] = [root]
    sections: list[Section] = []
    for heading in headings:
        while (
            len(stack) > 1
            and stack[-1].heading is not None
            and stack[-1].heading.level >= heading.level
        ):
            stack.pop()
        parent = stack[-1]
        section = Section(
            start=heading.start,
            end=report.end,
            heading=heading,
            path=[*parent.path, heading.text],
        )
        heading.section_path = list(parent.path)
        parent.children.append(section)
        stack.append(section)
        sections.append(section)
    # A section ends where the next heading at its level or above starts (one pass: the
    # sections still open form a stack of rising levels).
    open_sections: list[Section] = []
    for section in sections:
        level = section.heading.level  # type: ignore[union-attr]
        while open_sections and open_sections[-1].heading.level >= level:  # type: ignore[union-attr]
            open_sections.pop().end = section.start
        open_sections.append(section)
    starts = [section.start for section in sections]
    from bisect import bisect_right

    for item in items:
        index = bisect_right(starts, item.start) - 1
        owner = root
        while index >= 0:
            candidate = sections[index]
            if candidate.start <= item.start < candidate.end:
                owner = candidate
                break
            index -= 1
        item.section_path = list(owner.path)
        owner.items.append(item)
    return root
