"""PROGRAM: named initiatives, campaigns, systems and recurring activities (ANNOTATION.md).

Candidates come from rules: quoted spans (“清河行动”, span without the quotes), established
names from ``program_names.txt`` (河长制, 厕所革命), and unquoted names that end in a
programme word (…制, …行动, …工程, …活动, …战略, ``program_suffixes.txt``) or just before a
word that follows a name (…工作, …活动, ``program_trailers.txt``), starting after punctuation
or a verb such as 开展/实施/落实 (``program_left_boundaries.txt``). A trained classifier
(:mod:`reportminer.classifiers.programs`) scores every candidate of a report in one batch and
tells names from slogans, themes, doctrines, descriptions and honour titles; the best
non-overlapping candidates above its threshold are kept. Without a model, rules decide.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import regex

from reportminer.patterns import alternation
from reportminer.rules import load_lexicon
from reportminer.types import Heading, Program

# Longest quoted name and longest unquoted candidate we consider (characters).
_MAX_QUOTED = 40
_MAX_UNQUOTED = 24
_MIN_LENGTH = 2
# Characters an unquoted name is made of: Han, digits, masked digits, and quoted parts
# (除“四害”, “四五”普法) and parentheses of a year range.
_NAME_CHAR = r"[\p{Han}0-9xX×]"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible PROGRAM span (normalised offsets); ``source`` says which rule found it."""

    start: int
    end: int
    source: str  # "quote", "lexicon" or "pattern"
    surface: str = ""

    @property
    def quoted(self) -> bool:
        return self.source == "quote"


@cache
def _patterns() -> dict[str, regex.Pattern[str]]:
    return {
        "quote": regex.compile(rf"“([^“”\n。]{{1,{_MAX_QUOTED}}})”"),
        "lexicon": regex.compile(rf"(?:{alternation(load_lexicon('program_names.txt'))})"),
        # An end right after a programme word, or right before a trailer word.
        "suffix_end": regex.compile(
            rf"(?<={_NAME_CHAR}|”)(?:{alternation(load_lexicon('program_suffixes.txt'))})"
        ),
        "trailer": regex.compile(
            rf"(?<={_NAME_CHAR}|”)(?:{alternation(load_lexicon('program_trailers.txt'))})"
        ),
        "left_word": regex.compile(
            rf"(?:{alternation(load_lexicon('program_left_boundaries.txt'))})"
        ),
        # The run of name characters (with quoted parts) that ends at a candidate end.
        # Searched backwards from the end, so the match is the run that ends there.
        "run": regex.compile(
            rf"(?r)(?:{_NAME_CHAR}|“[^“”\n]{{1,12}}”|\(\d{{4}}-\d{{4}}年\)){{1,{_MAX_UNQUOTED}}}"
        ),
        "masked": regex.compile(r"^[xX×*_\s]+$"),
        "has_han": regex.compile(r"\p{Han}"),
    }


def candidates(text: str, start: int, end: int) -> list[Candidate]:
    """Every PROGRAM candidate in ``text[start:end]``, sorted and without duplicates."""
    patterns = _patterns()
    found: dict[tuple[int, int], str] = {}
    for match in patterns["quote"].finditer(text, start, end):
        a, b = match.span(1)
        if not _masked(text[a:b], patterns, allow_digits=True):
            found[(a, b)] = "quote"
    for match in patterns["lexicon"].finditer(text, start, end, overlapped=True):
        found.setdefault(match.span(), "lexicon")
    ends: set[int] = set()
    for match in patterns["suffix_end"].finditer(text, start, end, overlapped=True):
        ends.add(match.end())
    for match in patterns["trailer"].finditer(text, start, end, overlapped=True):
        ends.add(match.start())
    run_re, left_re = patterns["run"], patterns["left_word"]
    for stop in sorted(ends):
        window_start = max(start, stop - _MAX_UNQUOTED - 8)
        run = run_re.search(text, window_start, stop)
        if run is None or run.end() != stop:
            continue
        # The run's own start is a boundary unless the window cut it.
        starts = {run.start()} if run.start() > window_start or window_start == start else set()
        for word in left_re.finditer(text, run.start(), stop - _MIN_LENGTH, overlapped=True):
            starts.add(word.end())
        quote = text.find("“", run.start(), stop)
        while quote >= 0:  # “三大”攻坚战
            starts.add(quote)
            quote = text.find("“", quote + 1, stop)
        for a in starts:
            piece = text[a:stop]
            if (
                stop - a >= _MIN_LENGTH
                and piece.count("“") == piece.count("”")
                and not piece.startswith("”")
                and not _masked(piece, patterns)
            ):
                found.setdefault((a, stop), "pattern")
    return [Candidate(a, b, source, text[a:b]) for (a, b), source in sorted(found.items())]


def _masked(
    piece: str, patterns: dict[str, regex.Pattern[str]], allow_digits: bool = False
) -> bool:
    """A fully masked name (“×”工程, “xx”), or one without any Han character (a quoted
    number such as “125”工程 may still be a name)."""
    core = piece.replace("“", "").replace("”", "")
    if patterns["masked"].match(core):
        return True
    return not patterns["has_han"].search(core) and not (allow_digits and core.isdigit())


def find_programs(text: str, start: int, end: int, headings: list[Heading]) -> list[Program]:
    """PROGRAM items in ``text[start:end]`` (normalised offsets)."""
    from reportminer.classifiers.programs import score_candidates

    found = candidates(text, start, end)
    if not found:
        return []
    scores, threshold = score_candidates(text, found)
    return _join_quoted_lists(text, found, scores, select(found, scores, threshold))


# Between two quoted names of one list: nothing (“浙里来消费”“浙夜好生活”), 、 or a conjunction.
_LIST_GAPS = frozenset({"", "、", "和", "与", "及", ",", "，"})
# A list member the classifier all but rules out (a generic word such as “共建”) stays out;
# list members the annotation takes score 0.13-0.42 on their own.
_LIST_MIN_SCORE = 0.1


def _join_quoted_lists(
    text: str, found: list[Candidate], scores: list[float], chosen: list[Program]
) -> list[Program]:
    """Quoted names listed side by side share the verdict of a chosen one.

    A list “A”“B”“C”等活动 names things of one kind, and the annotation takes every member;
    the classifier, reading each alone, often keeps only the first. A member the rules or the
    classifier rule out (an honour title, a listed non-name, a generic word) stays out.
    """
    quoted = [c for c in found if c.quoted]  # candidates come sorted by offset
    taken = {(p.start, p.end): p for p in chosen}
    score_of = {(c.start, c.end): s for c, s in zip(found, scores, strict=True)}
    changed = True
    while changed:
        changed = False
        for left, right in zip(quoted, quoted[1:], strict=False):
            gap = text[left.end + 1 : right.start - 1]
            if gap not in _LIST_GAPS:
                continue
            for source, target in ((left, right), (right, left)):
                key, other = (source.start, source.end), (target.start, target.end)
                if (
                    key in taken
                    and other not in taken
                    and score_of[other] >= _LIST_MIN_SCORE
                    and not _overlaps(target, taken)
                ):
                    taken[other] = _program(target, taken[key].score or 0.0)
                    changed = True
    return sorted(taken.values(), key=lambda p: p.start)


def select(found: list[Candidate], scores: list[float], threshold: float) -> list[Program]:
    """The best-scoring candidates above ``threshold`` that do not overlap a better one."""
    order = sorted(
        range(len(found)),
        key=lambda i: (-scores[i], found[i].start - found[i].end, found[i].start),
    )
    taken: list[tuple[int, int]] = []
    chosen: list[Program] = []
    for index in order:
        if scores[index] < threshold:
            break
        cand = found[index]
        if _overlaps(cand, taken):
            continue
        taken.append((cand.start, cand.end))
        chosen.append(_program(cand, scores[index]))
    # A name the report uses once is a name wherever it recurs: other occurrences of a
    # chosen string join at the score of their best occurrence.
    best_by_text: dict[str, float] = {}
    surfaces = {(c.start, c.end): c.surface for c in found}
    for program in chosen:
        surface = surfaces[(program.start, program.end)]
        best_by_text[surface] = max(best_by_text.get(surface, 0.0), program.score or 0.0)
    for index, cand in enumerate(found):
        surface = cand.surface
        if surface not in best_by_text or scores[index] >= threshold:
            continue
        if _overlaps(cand, taken):
            continue
        taken.append((cand.start, cand.end))
        chosen.append(_program(cand, best_by_text[surface]))
    chosen.sort(key=lambda p: p.start)
    return chosen


def _overlaps(cand: Candidate, spans: Iterable[tuple[int, int]]) -> bool:
    return any(cand.start < b and a < cand.end for a, b in spans)


def _program(cand: Candidate, score: float) -> Program:
    return Program(start=cand.start, end=cand.end, quoted=cand.quoted, score=round(float(score), 4))
