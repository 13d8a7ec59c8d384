"""Split a file's text into REPORT spans, with title and genre (ANNOTATION.md REPORT).

A file may hold several reports (范文 pages of 篇一…篇N, meeting bundles) wrapped in page
furniture. Lines are typed first (furniture, title, meta, salutation, heading, body); a report
then starts at the last title line before a body, at a salutation after another report's
body, at a line opening with a space where such lines are rare, or where top-level numbering
restarts after a later number. Genre comes from the title word, else a trained classifier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from reportminer.patterns import alternation, compile_re
from reportminer.rules import load_lexicon, load_records
from reportminer.sections import line_marker
from reportminer.types import Report

_SENTENCE_END = "。!?;"
_LINE_RE = compile_re(r"[^\n]*(?:\n|$)")
_CJK_RE = compile_re(r"\p{Han}")
# Counting stops at the number needed: prose lines are long.
_AT_LEAST_8_HAN_RE = compile_re(r"(?:[^\p{Han}]*+\p{Han}){8}")
_AT_LEAST_20_HAN_RE = compile_re(r"(?:[^\p{Han}]*+\p{Han}){20}")
_SPACED_RE = compile_re(r"^(?:\p{Han} ){2,}\p{Han}")  # 政 府 工 作 报 告
_COLLECTION_RE = compile_re(
    r"[篇](?:[一二三四五六七八九十]{1,3}|\d{1,3})\s*$|范文\d{1,2}$|\D[1-9]\d?$"
)
_DATE_LINE_RE = compile_re(
    r"^\(?\s*(?:\d{2,4}|20[xX]{2}|二[〇零][\p{Han}]{2})\s*年\s*[\d\p{Han}xX]{0,3}\s*月"
    r"(?:\s*[\d\p{Han}xX]{0,3}\s*日)?\s*\)?\s*$|^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$"
)
_META_RE = compile_re(
    r"^(?:——|--|-|—)|在.{0,40}(?:会议|大会|会)上$|^(?:来源|作者|时间|日期)[:]"
    r"|(?:来源|作者|时间|日期|发布|编辑)[:]\s*$"
    # a dateline with the speaker run on: 2025年1月14日在…会议上北京市市长 殷勇同志作政府工作报告
    r"|^\d{4}年\d{1,2}月\d{1,2}日在.{2,40}?(?:会议|大会)上"
)
# 是 as a verb: titles do not have one (none of the 104 annotated titles); 是否, 实事求是 aside.
_COPULA_RE = compile_re(r"(?<!求)是(?!否)")
_SOURCE_LINE_RE = compile_re(r"(?:来源|作者|发布时间|时间|日期)\s*:\s*[^|:]{1,30}$")
_SPEAKER_RE = compile_re(
    r"^[\p{Han}xX×]{1,16}(?:书记|市长|县长|区长|镇长|乡长|主任|局长|院长|校长|主席|同志)?\s+[\p{Han}xX×]{1,4}(?:\s+[\p{Han}])?$"
)


@dataclass(slots=True)
class Line:
    start: int  # offset of the first non-space character
    end: int  # offset after the last non-space character
    raw_start: int  # offset of the line's first character
    text: str  # stripped
    indented: bool
    kind: str = "body"  # blank furniture title meta salutation heading body


@cache
def _title_words() -> list[tuple[str, str]]:
    rows = [(r["word"], r["genre"]) for r in load_records("report_title_words.tsv")]
    rows.sort(key=lambda r: -len(r[0]))
    return rows


@cache
def _title_word_re() -> re.Pattern[str]:
    return compile_re(alternation({w for w, _ in _title_words()}))


@cache
def _furniture_re() -> re.Pattern[str]:
    return compile_re(alternation(load_lexicon("report_furniture.txt")))


@cache
def _salutation_re() -> re.Pattern[str]:
    alternatives = alternation(load_lexicon("report_salutations.txt"))
    return compile_re(rf"^(?:{alternatives})[^。,!]{{0,12}}:")


def split_lines(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    end = len(text) if end is None else end
    lines = []
    for match in _LINE_RE.finditer(text, start, end):
        if match.start() == match.end():
            break
        body = match.group().rstrip("\n")
        stripped = body.strip()
        if not stripped:
            lines.append(Line(match.start(), match.start(), match.start(), "", False, "blank"))
            continue
        lead = len(body) - len(body.lstrip())
        line_start = match.start() + lead
        lines.append(
            Line(line_start, line_start + len(stripped), match.start(), stripped, lead > 0)
        )
    return lines


def title_genre(title: str) -> str | None:
    """Genre named by a title word ("…工作总结" → summary), or None."""
    compact = title.replace(" ", "")
    best: tuple[int, str] | None = None
    for word, genre in _title_words():
        position = compact.rfind(word.replace(" ", ""))
        if position >= 0 and genre != "-":
            key = position + len(word)
            if best is None or key > best[0]:
                best = (key, genre)
    return best[1] if best else None


def _is_title(text: str) -> bool:
    compact = text.replace(" ", "")
    if _PIECE_TITLE_RE.fullmatch(compact):
        return True
    if not 3 <= len(compact) <= 100 or compact[-1] in _SENTENCE_END + ",、:" or "。" in compact:
        return False
    if line_marker(text) is not None:
        return False
    if compact.count(",") > 1 or _COPULA_RE.search(compact):
        return False  # a sentence, maybe broken after a title word (2024年是实现“十四五”规划)
    if _COLLECTION_RE.search(compact) and _title_word_re().search(compact):
        return True
    matches = list(_title_word_re().finditer(compact))
    if not matches:
        return False
    match = matches[-1]
    # The title word should close the line (…工作总结, …的讲话(2015年…)).
    tail = compact[match.end() :]
    return len(tail) <= 3 or bool(_TITLE_AFTER_WORD_RE.fullmatch(tail))


def _inside_citation(lines: list[Line], number: int) -> bool:
    """A line between 《 and 》 on the lines around it is a cited title, not a report's.

    Flattened web pages put each hyperlink on a line of its own: "制定了《\n…规划纲要\n》。".
    """
    before = lines[number - 1].text if number > 0 else ""
    after = lines[number + 1].text if number + 1 < len(lines) else ""
    return before.endswith(("《", "<")) or after.startswith(("》", ">"))


def _is_piece_title(text: str) -> bool:
    """A title numbered as one piece of a collection: …工作总结【第一篇】. Checked before the
    furniture words, one of which ("篇】") closes navigation links such as 【下一篇】."""
    marker = _PIECE_MARKER_RE.search(text)
    return marker is not None and marker.start() > 0 and _is_title(text[: marker.start()])


def _is_body(line: Line) -> bool:
    text = line.text
    if text[-1] in "。;":
        return _AT_LEAST_8_HAN_RE.match(text) is not None
    return any(p in text for p in "。,;") and _AT_LEAST_20_HAN_RE.match(text) is not None


def classify_lines(lines: list[Line], size: int | None = None) -> None:
    """Type each line; the split rules read these kinds.

    Short lines the rules leave untyped go to the furniture classifier; a confident
    "furniture" retypes them. Prose lines are never asked: in cross-validation the
    classifier's errors on them cost more boundaries than it saved.
    """
    furniture = _furniture_re()
    salutation = _salutation_re()
    for number, line in enumerate(lines):
        if line.kind == "blank":
            continue
        text = line.text
        if salutation.match(text):
            line.kind = "salutation"
        elif line_marker(text) is not None:
            line.kind = "heading"
        elif _is_piece_title(text):
            _make_title(line)
        elif _SOURCE_LINE_RE.match(text):
            line.kind = "meta"  # 来源 : 南方日报 under a title: the title stays the report's
        elif _is_furniture(text, furniture):
            line.kind = "furniture"
        elif _DATE_LINE_RE.match(text) or _META_RE.search(text) or _SPEAKER_RE.match(text):
            line.kind = "meta"
        elif _is_title(text.lstrip("?")) and not _inside_citation(lines, number):
            _make_title(line)
        elif _is_body(line):
            line.kind = "body"
        else:
            line.kind = "short"
    open_lines = [line for line in lines if line.kind == "short"]
    if open_lines:
        from reportminer.classifiers.lines import predict_furniture

        total = max(size or (lines[-1].end if lines else 1), 1)
        flags = predict_furniture(
            [line.text for line in open_lines], [line.start / total for line in open_lines]
        )
        for line, furniture in zip(open_lines, flags, strict=True):
            if furniture:
                line.kind = "furniture"


def _is_furniture(text: str, furniture: re.Pattern[str]) -> bool:
    hits = furniture.findall(text)
    if not hits:
        return "|" in text and text.count("|") >= 2 or text.startswith(("- ", "【"))
    return len(text) < 200 or len(hits) >= 2


def split_reports(text: str, hints: dict | None = None) -> list[Report]:
    """REPORT spans over the normalised ``text`` (offsets into it).

    ``Report.title_start/title_end`` locate the title line, so the caller can take the title
    from the original text.
    """
    lines = []
    seen = 0
    for line in split_lines(text):
        near_top = seen < _GLUED_TITLE_LINES or line.start < 500
        lines.extend(_unglue(line, near_top=near_top))
        seen += line.kind != "blank"
    classify_lines(lines, len(text))
    content = [line for line in lines if line.kind != "blank"]
    if not content:
        return []
    starts = _report_starts(content)
    reports: list[Report] = []
    for number, first in enumerate(starts):
        stop = starts[number + 1] if number + 1 < len(starts) else len(content)
        members = content[first:stop]
        # Trailing furniture (related-article lists, paywall notes, a byline) lies outside.
        members, trailing_furniture = _strip_trailing_furniture(members)
        prose = sum(len(line.text) for line in members if line.kind == "body")
        if trailing_furniture and prose < 200 and number + 1 < len(starts):
            continue  # a page's teaser paragraph before the report it advertises
        if not any(line.kind in ("body", "salutation") for line in members):
            continue  # an outline or a list of links: no report without prose
        report = Report(start=members[0].start, end=_report_end(text, members[-1]))
        if members[0].kind == "title":
            title_start, title_end = members[0].start, members[0].end
            while title_end > title_start + 1 and text[title_end - 1] in " |":
                title_end -= 1  # a page's separator after the title: 标题 |
            report.title = text[title_start:title_end]
            report.title_start, report.title_end = title_start, title_end
        reports.append(report)
    reports = _drop_teasers(text, reports)
    if not reports:
        reports.append(Report(start=content[0].start, end=content[-1].end))
    _assign_genres(text, reports)
    return reports


def _unglue(line: Line, near_top: bool) -> list[Line]:
    """Split a physical line where a title, a salutation or furniture was glued to prose.

    Flattened pages run "…工作总结为全面建成…", "…的讲话同志们:今天…",
    "标题 标题 正文…" or "…而努力奋斗。以下内容与本文…相关" together on one line.
    """
    if line.kind == "blank" or len(line.text) < 12:
        return [line]
    text = line.text
    cuts: set[int] = set()
    head = text[:90]
    salutation = _salutation_anywhere_re().search(head, 2)
    if salutation:
        cuts.add(salutation.start())
    if near_top:
        # Site text glued before a title ("精选优质文档-倾情为你奉上<title>") is cut off.
        prefix = 0
        for match in _furniture_re().finditer(head, 0, 40):
            if _OPENS_TITLE_RE.match(head, match.end()):
                prefix = match.end()
        if prefix:
            cuts.add(prefix)
        title_part = head[prefix : salutation.start() if salutation else len(head)]
        cuts.update(
            prefix + c for c in _glued_title_cuts(title_part, closed=salutation is not None)
        )
    for match in _furniture_re().finditer(text):
        before = text.rfind("。", 0, match.start())
        if before >= 0 and match.start() - before <= 6 and before + 1 < len(text):
            cuts.add(before + 1)
            break
    bounds = [0, *sorted(c for c in cuts if 0 < c < len(text)), len(text)]
    if len(bounds) == 2:
        return [line]
    pieces = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        piece = text[a:b]
        stripped = piece.strip()
        if not stripped:
            continue
        offset = line.start + a + (len(piece) - len(piece.lstrip()))
        pieces.append(
            Line(offset, offset + len(stripped), offset, stripped, line.indented and a == 0)
        )
    return pieces


def _glued_title_cuts(head: str, closed: bool = False) -> list[int]:
    """Cut points around titles glued to each other or to the prose of a line's start.

    ``closed``: ``head`` ends where a salutation starts, so a title may run to its end.
    """
    cuts: list[int] = []
    # "标题 标题 正文": space-separated title pieces before the prose.
    position = 0
    for space in _SPACE_RUN_RE.finditer(head):
        piece = head[position : space.start()]
        if _is_title(piece):
            cuts += [position, space.end()]
            position = space.end()
        else:
            break
    rest = head[position:]
    # Chunk digits glued to a title ("12023年…", "1全面推行…总结") and an SEO title
    # repeated ("标题标题标题").
    digits = _CHUNK_DIGITS_RE.match(rest)
    if digits and _title_word_re().search(rest, digits.end(), digits.end() + 64):
        cuts.append(position + digits.end())
        position += digits.end()
        rest = head[position:]
    repeated = _REPEATED_RE.match(rest)
    if repeated and _title_word_re().search(repeated.group(1)):
        last = position + repeated.end() - len(repeated.group(1))
        cuts += [last, position + repeated.end()]
        return cuts
    matches = [m for m in _title_word_re().finditer(rest) if m.end() <= 88]
    if not matches:
        return cuts
    last_match = matches[-1]
    end = _TITLE_TAIL_RE.match(rest, last_match.end()).end()
    if end >= len(rest) and not closed:
        return cuts
    if not _TITLE_OPENING_RE.match(rest) or (not closed and len(rest) - end < 8):
        return cuts  # a title opens with a character, and a glued body is prose
    if end < len(rest) and rest[end] in "》”\"'" or "《" in rest[:end]:
        return cuts  # the title word sits inside a cited name
    if end < len(rest) and rest[end] in _NOT_AFTER_TITLE or _PUNCT_RE.search(rest, 0, end):
        return cuts  # the title word is part of a sentence ("…计划和2010年远景目标")
    if end < 6:
        return cuts
    cuts.append(position + end)
    if len(matches) >= 2:
        begin = _TITLE_TAIL_RE.match(rest, matches[-2].end()).end()
        if 0 < begin < last_match.start() and rest[begin] not in "的之与和及":
            cuts.append(position + begin)
    return cuts


@cache
def _salutation_anywhere_re() -> re.Pattern[str]:
    alternatives = alternation(load_lexicon("report_salutations.txt"))
    return compile_re(rf"(?<=\p{{Han}}|\s)(?:{alternatives})[^。,!]{{0,12}}:")


_TITLE_TAIL_RE = compile_re(
    r"(?:范文稿|范文|文稿|稿)?(?:\s?篇[一二三四五六七八九十\d]{1,3}|\d{0,2})"
    r"(?:[(【〔][^)】〕]{1,8}[)】〕])?"
)
# What may follow a title's last title word: 范文2, (2015年…), 篇一.
_TITLE_AFTER_WORD_RE = compile_re(
    r"(?:范文|参考|稿)?(?:\d{1,2}|[(【〔][^)】〕]{0,20}[)】〕]|篇.{0,3})?"
)
_TRAILING_CRUFT_RE = compile_re(
    r"(?<=[。!?;”])(?:\s*(?:\([\p{Han}A-Za-z ·]{1,10}\)|\|+|</?[A-Za-z][A-Za-z0-9]*>|\d+\s*第页))+\s*$"
)
_PIECE_MARKER_RE = compile_re(r"【第[一二三四五六七八九十\d]{1,3}篇】$")
_PIECE_TITLE_RE = compile_re(r"篇[一二三四五六七八九十\d]{1,3}")
_OPENS_TITLE_RE = compile_re(r"[\p{Han}\d]")
_SPACE_RUN_RE = compile_re(r" +(?!篇)")
_CHUNK_DIGITS_RE = compile_re(r"\d{1,2}、(?=\S)|\d{1,2}(?=\d{4}年)|\d(?=\p{Han})")
_REPEATED_RE = compile_re(r"(.{4,40}?)\1+")
_TITLE_OPENING_RE = compile_re(r"[\p{Han}\dxX*]")
_PUNCT_RE = compile_re(r"[。,;:!?]")
# After a title word these continue a sentence: 计划和…, 报告工作, 规划的…, 方案是…
_NOT_AFTER_TITLE = "。,;:!?、)工和与及的并是等中上下里内外期年要已将在"
_GLUED_TITLE_LINES = 8  # a title glued to prose is only looked for near the top of a file


def _report_end(text: str, last: Line) -> int:
    """The end of the last line, less what pages glue after the final sentence: a byline or
    source in parentheses (党办), (记者 郑学良), separators " |", tag remnants, "1 第页"."""
    cruft = _TRAILING_CRUFT_RE.search(text, last.start, last.end)
    return cruft.start() if cruft is not None and cruft.start() > last.start else last.end


def _strip_trailing_furniture(members: list[Line]) -> tuple[list[Line], bool]:
    """Cut at the last furniture line when nothing after it is prose or a heading."""
    cut = len(members)
    for index in range(len(members) - 1, 0, -1):
        kind = members[index].kind
        if kind in ("body", "heading", "salutation"):
            break
        if kind == "furniture":
            cut = index
    while cut > 1 and members[cut - 1].kind == "title":
        cut -= 1  # a title line with no body after it belongs to no report here
    return members[:cut], cut < len(members)


def _drop_teasers(text: str, reports: list[Report]) -> list[Report]:
    """Drop a short report whose title the next report repeats (an SEO teaser of it)."""
    kept = []
    for index, report in enumerate(reports):
        following = reports[index + 1] if index + 1 < len(reports) else None
        if (
            following is not None
            and report.title is not None
            and following.title is not None
            and report.title.replace(" ", "") == following.title.replace(" ", "")
            and report.end - report.start < 400
        ):
            continue
        kept.append(report)
    return kept


def _report_starts(content: list[Line]) -> list[int]:
    """Indices (into ``content``) of the first line of each report.

    Lines typed "title" open the next report (the last one before its body wins). Without a
    title, a report opens at its lead-in: a headline and meta lines (date, venue, speaker)
    just before its first prose. After a report's body, a salutation, an indented line (in a
    file where indented lines are rare) or a restart of 一、 numbering opens a new one, unless
    the numbering just continues or the previous line announced what follows ("如下:").
    """
    rare_indent = sum(1 for line in content if line.indented) <= max(2, len(content) // 8)
    next_heading = _next_headings(content)
    starts: list[int] = []
    has_body = False  # the current report has prose
    last_ordinal: dict[str, int] = {}  # per marker family, in the current report
    pending_title: int | None = None
    lead_in: int | None = None  # first short/meta line of the run before the next prose
    attachment = False  # an attachment (附件) of the current report has begun
    saluted = False  # the current report has addressed its audience
    for index, line in enumerate(content):
        kind = line.kind
        if kind == "title" and has_body and _is_section_title(content[index - 1]):
            # A line under a heading that ends in a title word is prose broken across lines
            # (一、2024年工作回顾 / 2024年是实现“十四五”规划 / 目标任务的关键一年。).
            kind = "body"
        if kind == "title":
            pending_title = index
            lead_in = None
            continue
        if kind == "furniture":
            if not has_body:
                pending_title = None  # furniture after a title: that title was page chrome
            lead_in = None
            continue
        if kind in ("meta", "short"):
            if lead_in is None:
                lead_in = index
            if not has_body:
                continue
        marker = line_marker(line.text) if kind == "heading" else None
        new_report = False
        if kind in ("meta", "short"):
            pass
        elif pending_title is not None or not starts:
            new_report = True
        elif has_body and kind == "salutation":
            # A speech addresses its audience again (各位代表: … 各位代表:): only a first
            # salutation opens a new report.
            new_report = not saluted
        elif has_body and rare_indent and line.indented:
            new_report = not _continues(content, index, next_heading, last_ordinal, saluted)
        elif has_body and marker is not None and marker[:2] == ("cn_dun", 1):
            # 一、 after a later number restarts, unless an attachment (附件) follows the
            # body or the line before announced a list ("以下几点:").
            new_report = (
                last_ordinal.get("cn_dun", 0) > 1
                and not attachment
                and not content[index - 1].text.endswith(":")
            )
        if line.text.startswith("附件"):
            attachment = True
        if new_report:
            if pending_title is not None:
                first = pending_title
            elif lead_in is not None and (not starts or not has_body or lead_in > starts[-1]):
                first = _lead_in_start(content, lead_in)
            else:
                first = index
            starts.append(first)
            pending_title = None
            has_body = False
            last_ordinal = {}
            attachment = False
            saluted = False
        if kind == "salutation":
            saluted = True
        if kind in ("body", "salutation"):
            has_body = True
        if marker is not None:
            last_ordinal[marker[0]] = marker[1]
        if kind not in ("meta", "short"):
            lead_in = None
    if not starts:
        starts.append(0)
    return starts


def _next_headings(content: list[Line]) -> list[tuple[str, int] | None]:
    """For each line, the (family, ordinal) of the first heading at or after it."""
    out: list[tuple[str, int] | None] = [None] * len(content)
    following: tuple[str, int] | None = None
    for index in range(len(content) - 1, -1, -1):
        if content[index].kind == "heading":
            marker = line_marker(content[index].text)
            if marker is not None:
                following = (marker[0], marker[1])
        out[index] = following
    return out


def _continues(
    content: list[Line],
    index: int,
    next_heading: list[tuple[str, int] | None],
    last_ordinal: dict[str, int],
    saluted: bool,
) -> bool:
    """An indented line that carries on the current report rather than opening one."""
    previous = content[index - 1].text if index else ""
    if previous.endswith(":"):
        return True  # "现将…总结如下:" announces what follows
    if index and _is_section_title(content[index - 1]):
        return True  # the first paragraph of the section the heading opened
    upcoming = next_heading[index]
    if upcoming is None:
        return False
    family, ordinal = upcoming
    if family not in last_ordinal:
        # a speech's first section after its salutation and opening paragraph (各位代表: …)
        return saluted and ordinal == 1
    return ordinal == last_ordinal[family] + 1


def _is_section_title(line: Line) -> bool:
    """A heading line that is a title alone (一、2024年工作回顾), not a numbered paragraph."""
    return line.kind == "heading" and _PUNCT_RE.search(line.text) is None


def _lead_in_start(content: list[Line], lead_in: int) -> int:
    """Open an untitled report at its lead-in; a headline there becomes its title."""
    first = content[lead_in]
    if first.kind == "short" and _is_headline(first.text):
        _make_title(first)
    return lead_in


def _make_title(line: Line) -> None:
    """Type a line as a title; a leading "?" (a lost mark) stays outside it."""
    line.kind = "title"
    lost = len(line.text) - len(line.text.lstrip("?"))
    line.start += lost
    line.text = line.text[lost:]


def _is_headline(text: str) -> bool:
    compact = text.replace(" ", "").rstrip("|")
    cjk = len(_CJK_RE.findall(compact))
    return 4 <= cjk and len(compact) <= 40 and compact[-1] not in _SENTENCE_END + ",、:"


def _assign_genres(text: str, reports: list[Report]) -> None:
    from reportminer.classifiers.genre import predict_genres

    unknown = []
    for report in reports:
        genre = title_genre(report.title) if report.title else None
        if genre is not None:
            report.genre = genre
        else:
            unknown.append(report)
    if unknown:
        genres = predict_genres([text[r.start : r.end] for r in unknown])
        for report, genre in zip(unknown, genres, strict=True):
            report.genre = genre
