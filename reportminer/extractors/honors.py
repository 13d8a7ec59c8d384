"""HONOR: honour titles with status, level and year (ANNOTATION.md, HONOR).

Candidates come from rules: a title ends with a known title word (``honor_suffixes.tsv``:
…文明城市, …卫生村, …示范户, 先进集体, 标兵…), or is a quoted title that opens with a title
word (“最美女农民”); it runs back to the nearest boundary (punctuation, a governing verb, a
previous title), so lists and titles run together split into one span each. A leading year
and issuer stay in the span; quotation marks, batch words (首批) and list punctuation do not.

Attributes, in order of trust: the governing verb next to the title (获/荣获/被评为 →
received, 评选/表彰 by the unit → granted, 争创/申报/创建 → sought, 巩固/保持 → received),
cues right after it ((保持), 复审, 候选, …评选活动), the level word or issuer in the title
(xx市 → city), an issuer before the verb (被自治区政府授予), a level after a list (…五块省级
“金字招牌”), and for titles a unit gives its own people the tier of the reporting unit.
Two trained classifiers settle what the rules leave open: ``honor_candidate`` (is a
candidate without a verb or level word an honour or a campaign name?) and ``honor_status``
(status when no verb governs the title); without models, rule defaults apply.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import cache

from reportminer.patterns import alternation, compile_re
from reportminer.rules import load_lexicon, load_records
from reportminer.types import Heading, Honor, Item

# How far a title may run back from its title word, and how far cues are looked for.
_MAX_PREFIX = 26
_LEFT_WINDOW = 30
_RIGHT_WINDOW = 14
# Characters that end the text before a title (a title never holds them).
_HARD_STOPS = set("。,，、;；:：!！?？“”\"'‘’《》〈〉()（）[]【】{}\n\r\t 　·•|/\\—…~")
# Clause ends, which cues do not cross.
_CLAUSE_STOPS = set("。;；!！?？\n")
# Between two titles of one list: punctuation or 和/及, maybe after a count (…示范户45户、…).
_LIST_SEPARATORS = compile_re(r"(?:\d+\p{Han}?)?(?:[、,，]|和|及|与|以及)(?:\d+\p{Han}?)?")
_YEAR_RE = compile_re(r"^(?:(\d{4})(?:\s*[-—~至到]\s*(\d{4}))?年度?|(\d{4})(?=[xX×*]))")
_MASKED_YEAR_RE = compile_re(r"^(?:\d{0,2}[xX×*]{1,4}|\d{2}[xX×*]{1,2})\s*年度?")
# Issuer at the head of a title: a place name of up to 4 characters (or a masked xx) and an
# administrative word, optionally with 级; 社区/小区/城市 are not issuers.
_ISSUER_RE = compile_re(
    r"^(?:(?P<nat>全国|国家级?|中央)|(?P<unit>校级|院级|厂级|局级|公司级)"
    r"|(?P<name>[xX×*]{1,4}|(?![整各每该本此两多])\p{Han}{0,4}?)"
    r"(?P<adm>自治区|省|(?<![城都超])市|州|盟|(?<![城])县|旗|(?<![社小园景城街辖山库片矿新])区"
    r"|乡镇|(?<![城])乡|(?<![城村])镇|街道)级?)"
    r"(?![委府政长域划间内外])"
)
_DOCUMENT_END_RE = compile_re(r"》|(?:意见|通知|方案|办法|决定|规划|纲要|细则)\?|[《\n]")
_STRONG_RECEIVED_RE = compile_re(r"荣获|获得|获评|被评为|评为|被授予|被命名为|命名为|荣膺")
_LEVEL_RANK = {"unit": 0, "township": 1, "county": 2, "city": 3, "province": 4, "national": 5}
_ADMIN_CHARS = set("省市县区州盟旗乡镇")
_RECIPIENT_RE = compile_re(
    r"\p{Han}{1,8}?(?:局|医院|学校|中学|小学|公司|分公司|支行|委员会|办公室|中心|厂|站|大队|中队)"
)
_AWARDED_QUOTE_RE = compile_re(r"(?:命名为|授予|荣获|评为|获得)“$")
# Between two quoted titles of a list: nothing, 、/和/及, or a count (“文明家庭”35户、“好邻居”).
_QUOTE_LIST_GAP_RE = compile_re(r"(?:\d+\p{Han}?)?(?:、|和|及|与)?")
# A title after an award verb, up to the next punctuation (被评为省级美丽宜居村庄、…).
_AWARDED_RUN_RE = compile_re(
    r"(?:被评为|荣获|被授予|被命名为|获评)了?"
    r"([\p{Han}xX×*\d][^,，。;；、:：“”\n()]{1,19}?)(?=[、,，。;；\n]|等|称号|荣誉)"
)
_TITLE_WORD_AFTER_RE = compile_re(r"(?:荣誉)?称号")
_INNER_LEVEL_RE = compile_re(r"全国|国家级?|自治区级?|省级|市级|县级|(?<!自治)区级")
_LEVEL_WORD_BEFORE = compile_re(
    r"(全国|国家级|国家|自治区级|省级|市级|县级|区级|乡镇级|乡级|镇级)\s*“?$"
)
_LIST_TAIL_LEVEL = compile_re(
    r"^\s*”?\s*(?:等)?[一二三四五六七八九十两\d]*[块项个张]?\s*(全国|国家级|自治区级|省级|市级|县级|区级)"
)
_PASSIVE_ISSUER = compile_re(
    r"被(?P<issuer>[^被。;!?\n]{1,10}?)(?:授予|评为|命名|以|表彰|确定)"
    r"|获得?(?P<giver>\p{Han}{1,6}?)颁发的"
)
_REPORTER_RE = compile_re(r"(?:我|全|本)(市|县|区|乡|镇|街道|社区|村|局|院|校|所|单位|公司)")
_QUOTE_RE = compile_re(r"“[^“”\n]{1,24}”")
_TRAILING_RUN_RE = compile_re(r"[^。,，、;；:：!！?？“”\n ]*$")
_LIST_ITEM_RE = compile_re(r"[^、,]+")
_AND_RE = compile_re(r"[和及与]")
_NAME_CHARS_RE = compile_re(r"[\p{Han}\dxX()]+")
_ADMIN_WORD_RE = compile_re(r"全国|国家|中央|自治区|省|市|州|县|区|乡|镇|街道")
_CREATE_BEFORE_RE = compile_re(r"(?:创建|创立|(?<![争申])创)$")
_SELF_BODY_RE = compile_re(r"社区|村委会|居委会|医院|学校|[乡镇]党委|[乡镇]政府")


@cache
def _place_level() -> dict[str, str]:
    """Administrative and level words → level (honor_levels.tsv)."""
    return {row["word"]: row["level"] for row in load_records("honor_levels.tsv")}


@cache
def _reporter_tiers() -> dict[str, str]:
    """我X/全X/本X self-references → the reporting unit's tier (honor_reporter_tiers.tsv)."""
    return {row["word"]: row["tier"] for row in load_records("honor_reporter_tiers.tsv")}


@dataclass(slots=True)
class Candidate:
    """A possible honour title and what the rules found around it (normalised offsets)."""

    start: int
    end: int
    suffix_start: int
    kind: str
    quoted: bool = False
    list_id: int = -1
    list_size: int = 1
    year: int | None = None
    issuer: str | None = None
    level: str | None = None
    level_source: str = ""  # "title", "before", "passive", "tail", "reporter"
    status: str | None = None
    cue: str = ""
    cue_side: str = ""
    cue_distance: int = 99
    campaign: bool = False
    decided: bool = False  # the rules are sure it is (or, with campaign, is not) an HONOR
    tier: str | None = None  # the reporting unit's tier near the title
    left_context: str = ""
    right_context: str = ""


@dataclass(frozen=True, slots=True)
class _Rules:
    suffix_re: re.Pattern[str]
    suffix_kind: dict[str, str]
    prefix_titles: tuple[str, ...]
    boundary_re: re.Pattern[str]
    left_cue_re: re.Pattern[str]
    left_cues: dict[str, str]
    right_cues: dict[str, str]
    right_cue_re: re.Pattern[str]
    not_titles_re: re.Pattern[str]
    batch_re: re.Pattern[str]
    not_followers_re: re.Pattern[str]
    bare_suffixes: frozenset[str]
    campaign_followers_re: re.Pattern[str]
    issuer_tiers: tuple[tuple[str, str], ...]


@cache
def _rules() -> _Rules:
    suffix_kind = {row["suffix"]: row["kind"] for row in load_records("honor_suffixes.tsv")}
    cues = load_records("honor_status_cues.tsv")
    left_cues = {row["cue"]: row["status"] for row in cues if row["side"] == "left"}
    right_cues = {row["cue"]: row["status"] for row in cues if row["side"] == "right"}
    boundaries = set(load_lexicon("honor_left_boundaries.txt")) | set(left_cues)
    return _Rules(
        # A title word, optionally closed by a short parenthesis: 先进示范社区(村), 先进县(区).
        suffix_re=compile_re(rf"(?:{alternation(suffix_kind)})(?:\((?!保持)\p{{Han}}{{1,3}}\))?"),
        suffix_kind=suffix_kind,
        prefix_titles=tuple(sorted(load_lexicon("honor_prefix_titles.txt"), key=len, reverse=True)),
        # 创 alone governs a title only before 文明/卫生 (创文明城市), not in 文明创建先进单位.
        boundary_re=compile_re(rf"(?:{alternation(boundaries)})(?!谐)|创(?=文明|卫生)"),
        left_cue_re=compile_re(alternation(left_cues)),
        left_cues=left_cues,
        right_cues=right_cues,
        right_cue_re=compile_re(alternation(right_cues)),
        not_titles_re=compile_re(alternation(load_lexicon("honor_not_titles.txt"))),
        batch_re=compile_re(rf"(?:{alternation(load_lexicon('honor_batch_words.txt'))})"),
        issuer_tiers=tuple(
            (row["ending"], row["min_level"]) for row in load_records("honor_issuer_tiers.tsv")
        ),
        bare_suffixes=load_lexicon("honor_bare_suffixes.txt"),
        not_followers_re=compile_re(alternation(load_lexicon("honor_not_followers.txt"))),
        campaign_followers_re=compile_re(
            rf"”?(?:的)?(?:{alternation(load_lexicon('honor_campaign_followers.txt'))})"
        ),
    )


# ---------------------------------------------------------------------------------------------
# Candidates


def _quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Inner spans of “…” pairs (at most 24 characters, one line) in the range."""
    return [(m.start() + 1, m.end() - 1) for m in _QUOTE_RE.finditer(text, start, end)]


def _title_kind(title: str, rules: _Rules) -> str | None:
    """The kind of a quoted title, or None when it is not shaped like a title."""
    match = rules.suffix_re.search(title)
    if match is not None and match.end() == len(title):
        return rules.suffix_kind.get(match.group().split("(")[0], "place")
    if title.startswith(rules.prefix_titles):
        return "person"
    return None


def _left_start(text: str, suffix_start: int, suffix: str, floor: int, rules: _Rules) -> int:
    """Where a title ending in a title word at ``suffix_start`` begins."""
    i = suffix_start
    limit = max(floor, suffix_start - _MAX_PREFIX)
    while i > limit:
        char = text[i - 1]
        if char == "”":
            # Cross a quoted name inside a title (xx市“平安家庭”创建活动先进单位) only when an
            # issuer or a year stands before it.
            opening = text.rfind("“", max(limit, i - 12), i - 1)
            if opening <= limit:
                break
            lead = _TRAILING_RUN_RE.search(text[limit:opening])
            chunk = lead.group() if lead else ""
            if not (_YEAR_RE.match(chunk) or chunk.endswith(("市", "省", "县", "区"))):
                break
            i = opening
            continue
        if char in _HARD_STOPS:
            break
        i -= 1
    year = _YEAR_RE.match(text[i:suffix_start]) or _MASKED_YEAR_RE.match(text[i:suffix_start])
    last_end = i
    strong_end = -1
    for match in rules.boundary_re.finditer(
        text, i + (year.end() if year else 0), suffix_start + 2
    ):
        if match.end() > suffix_start:
            break
        if year and match.group() == "创建" and "活动" in text[match.end() : suffix_start]:
            continue  # a title that opens with its year is whole (2024年度创建…活动先进村居)
        if _STRONG_RECEIVED_RE.fullmatch(match.group()):
            strong_end = match.end()
        elif strong_end >= 0 and match.group() == "的":
            strong_end = match.end()  # 获得镇颁发的道路网化建设先进村
        last_end = max(last_end, match.end())
    # After 被评为/荣获 the whole run is the title (被评为全国创建文明村镇工作先进村镇).
    i = strong_end if strong_end >= 0 else last_end
    while i < suffix_start and text[i] in "了为":
        i += 1
    batch = rules.batch_re.match(text, i, suffix_start)
    if batch is not None:
        i = batch.end()
    head = text[i:suffix_start]
    year = _YEAR_RE.match(head) or _MASKED_YEAR_RE.match(head)
    after_year = i + (year.end() if year else 0)
    issuer = _ISSUER_RE.match(text[after_year:suffix_start])
    if issuer is not None and not _issuer_fits(issuer, suffix, rules):
        return after_year + issuer.end() if not year else after_year + issuer.end()
    # Noise before a level word: start at the level word (…高度重视全国文明城市, 并就省级…),
    # unless an issuer stands before it (宁波市市级卫生村).
    level = _INNER_LEVEL_RE.search(text, after_year + 1, suffix_start)
    if level is not None and text[level.start() - 1] not in _ADMIN_CHARS:
        return level.start()
    if issuer is not None:
        # A recipient between issuer and title stays out (民权县财政局文明单位).
        recipient = _RECIPIENT_RE.match(text, after_year + issuer.end(), suffix_start)
        if recipient is not None and recipient.end() == suffix_start:
            return suffix_start
    if issuer is None and year is None:
        if suffix_start - i > 6 and text[i - 1 : i] != "、":
            return suffix_start  # a long run with no issuer is not part of the title
    return i


def _issuer_fits(issuer: re.Match[str], suffix: str, rules: _Rules) -> bool:
    """Whether the issuer's tier can confer a title with this ending."""
    word = issuer.group("nat") or issuer.group("adm")
    if not word:
        return True
    level = _place_level().get(_level_key(word) if not word.startswith("国家") else "国家")
    if level is None:
        return True
    bare = suffix.split("(")[0]
    for ending, minimum in rules.issuer_tiers:
        if bare.endswith(ending):
            return _LEVEL_RANK[level] >= _LEVEL_RANK[minimum]
    return True


def _candidates(text: str, start: int, end: int, rules: _Rules) -> list[Candidate]:
    found: list[Candidate] = []
    quotes = _quote_spans(text, start, end)
    quote_at_end = {qe: qs for qs, qe in quotes}
    taken_quotes: set[int] = set()
    previous_title_quote_end = -1
    previous_kind = "unit"
    # Quoted titles, split at 、 ("“好婆婆、好媳妇”" is two titles).
    for qs, qe in quotes:
        parts = [(m.start(), m.end()) for m in _LIST_ITEM_RE.finditer(text, qs, qe)]
        kinds = [_title_kind(text[a:b], rules) for a, b in parts]
        if (
            len(parts) == 1
            and not kinds[0]
            and _AWARDED_QUOTE_RE.search(text, max(start, qs - 4), qs)
            or len(parts) == 1
            and not kinds[0]
            and _TITLE_WORD_AFTER_RE.match(text, qe + 1)
        ):
            kinds = ["unit"]  # 被命名为“…”, “…”称号: a title whatever its wording
        elif (
            len(parts) == 1
            and not kinds[0]
            and previous_title_quote_end >= 0
            and _QUOTE_LIST_GAP_RE.fullmatch(text, previous_title_quote_end, qs - 1)
        ):
            kinds = [previous_kind]  # the next of a quoted list of titles (被评为“…”、“…”)
        if not all(kinds) or any(b - a < 2 for a, b in parts):
            continue
        for (a, b), kind in zip(parts, kinds, strict=True):
            word = rules.suffix_re.search(text, a, b)
            suffix_start = word.start() if word is not None and word.end() == b else b
            found.append(Candidate(a, b, suffix_start, kind or "person", quoted=True))
        taken_quotes.add(qs)
        previous_title_quote_end = qe + 1
        previous_kind = kinds[-1] or "unit"
    quoted_starts = [qs for qs, _ in quotes if qs in taken_quotes]
    quoted_ends = [qe for qs, qe in quotes if qs in taken_quotes]
    # Unquoted titles ending in a title word.
    previous_end = start
    for match in rules.suffix_re.finditer(text, start, end):
        s_start, s_end = match.span()
        inside = bisect_right(quoted_starts, s_start) - 1
        if inside >= 0 and s_start < quoted_ends[inside]:
            continue
        kind = rules.suffix_kind.get(match.group().split("(")[0], "place")
        title_start = _left_start(text, s_start, match.group(), max(previous_end, start), rules)
        if s_end in quote_at_end and title_start == quote_at_end[s_end]:
            continue  # a quoted name that is not a title as a whole
        if s_end - title_start < 2:
            continue
        found.append(Candidate(title_start, s_end, s_start, kind, quoted=False))
        previous_end = s_end
    found.extend(_awarded_runs(text, start, end, found))
    found.sort(key=lambda c: (c.start, c.end))
    # Overlaps: keep the first (quoted titles win over a run that crosses their mark).
    kept: list[Candidate] = []
    for cand in found:
        if kept and cand.start < kept[-1].end:
            continue
        if rules.not_titles_re.search(text, cand.start, cand.end):
            continue
        if rules.not_followers_re.match(text, cand.end + cand.quoted):
            continue
        if not cand.quoted and text[cand.start : cand.end] in rules.bare_suffixes:
            continue
        if _inside_document_title(text, cand.start, cand.end):
            continue
        kept.append(cand)
    kept = _merge_run_ons(text, kept)
    _add_list_members(text, kept)
    return kept


def _merge_run_ons(text: str, cands: list[Candidate]) -> list[Candidate]:
    """Join a title to the next when the next opens with neither a year nor an issuer
    (全国创建文明村镇 + 工作先进村镇 is one title; 江苏省生态村 + 2024年度xx市… are two)."""
    merged: list[Candidate] = []
    for cand in cands:
        if merged and not cand.quoted and not merged[-1].quoted and cand.start == merged[-1].end:
            head = text[cand.start : cand.suffix_start]
            if not (_YEAR_RE.match(head) or _MASKED_YEAR_RE.match(head) or _ISSUER_RE.match(head)):
                merged[-1].end = cand.end
                merged[-1].kind = cand.kind
                continue
        merged.append(cand)
    return merged


def _awarded_runs(text: str, start: int, end: int, found: list[Candidate]) -> list[Candidate]:
    """Titles after an award verb that end in no known title word but name their issuer
    or level (被评为xx区平安社区, 被评为市级美丽河湖)."""
    taken = sorted((c.start, c.end) for c in found)
    starts = [a for a, _ in taken]
    extra = []
    for match in _AWARDED_RUN_RE.finditer(text, start, end):
        a, b = match.span(1)
        index = bisect_right(starts, b) - 1
        if index >= 0 and taken[index][1] > a:
            continue  # a known title already covers it
        head = text[a:b]
        if _AND_RE.search(head):
            continue  # 荣获国家和省市荣誉: levels, no title
        issuer = _ISSUER_RE.match(head)
        if (issuer is None or issuer.end() > len(head) - 2) and not _INNER_LEVEL_RE.match(head):
            continue
        extra.append(Candidate(a, b, b, "place"))
    return extra


def _inside_document_title(text: str, start: int, end: int) -> bool:
    """A name inside a 《》 title is not annotated (ANNOTATION.md nesting rule)."""
    opening = max(
        text.rfind("《", max(0, start - 60), start), text.rfind("?关于", max(0, start - 60), start)
    )
    if opening < 0 or "》" in text[opening:start] or "\n" in text[opening:start]:
        return False
    closing = _DOCUMENT_END_RE.search(text, end, min(len(text), end + 60))
    return closing is not None and closing.group() not in ("《", "\n")


def _add_list_members(text: str, cands: list[Candidate]) -> None:
    """A short segment between two titles of a 、-list is a title too (…示范区、旅游度假区、…)."""
    extra: list[Candidate] = []
    for left, right in zip(cands, cands[1:], strict=False):
        gap = text[left.end : right.start]
        parts = gap.split("、")
        if len(parts) < 3 or parts[0].strip("”") or parts[-1].strip("“"):
            continue
        pos = left.end + len(parts[0]) + 1
        for part in parts[1:-1]:
            inner = part.strip("“”")
            offset = part.find(inner) if inner else 0
            if 2 <= len(inner) <= 14 and _NAME_CHARS_RE.fullmatch(inner):
                a = pos + offset
                batch = _rules().batch_re.match(text, a, a + len(inner))
                if batch is not None:
                    a = batch.end()
                b = pos + offset + len(inner)
                extra.append(Candidate(a, b, b, "place"))
            pos += len(part) + 1
    cands.extend(extra)
    cands.sort(key=lambda c: (c.start, c.end))


def _group_lists(text: str, cands: list[Candidate]) -> list[list[Candidate]]:
    """Runs of titles separated only by list punctuation, quotes or 和/及."""
    groups: list[list[Candidate]] = []
    for cand in cands:
        if groups:
            prev = groups[-1][-1]
            gap = text[prev.end : cand.start].strip('“”"')
            batch = _rules().batch_re.search(gap)
            if batch is not None and batch.end() == len(gap):
                gap = gap[: batch.start()]
            if cand.start >= prev.end and (gap == "" or _LIST_SEPARATORS.fullmatch(gap)):
                groups[-1].append(cand)
                continue
        groups.append([cand])
    for number, group in enumerate(groups):
        for cand in group:
            cand.list_id = number
            cand.list_size = len(group)
    return groups


# ---------------------------------------------------------------------------------------------
# Attributes


def _title_attributes(text: str, cand: Candidate) -> None:
    """Year, issuer and level written in the title itself."""
    title = text[cand.start : cand.end]
    head = title[: cand.suffix_start - cand.start] if cand.suffix_start > cand.start else ""
    year = _YEAR_RE.match(head)
    if year is not None:
        cand.year = int(year.group(2) or year.group(1) or year.group(3))
        head = head[year.end() :]
    else:
        masked = _MASKED_YEAR_RE.match(head)
        if masked is not None:
            head = head[masked.end() :]
    issuer = _ISSUER_RE.match(head)
    if issuer is not None and issuer.end() > len(title) - 2:
        issuer = None  # the whole title is no issuer (旅游度假区)
    if issuer is not None:
        cand.issuer = issuer.group()
        word = issuer.group("nat") or issuer.group("adm")
        if issuer.group("unit"):
            cand.level = "unit"
        elif word:
            cand.level = _place_level().get(
                _level_key(word) if not word.startswith("国家") else "国家"
            )
        if cand.level is not None:
            cand.level_source = "title"


def _clause_left(text: str, pos: int, floor: int) -> str:
    lo = max(floor, pos - _LEFT_WINDOW)
    chunk = text[lo:pos]
    for i in range(len(chunk) - 1, -1, -1):
        if chunk[i] in _CLAUSE_STOPS:
            return chunk[i + 1 :]
    return chunk


def _clause_right(text: str, pos: int, ceiling: int) -> str:
    chunk = text[pos : min(ceiling, pos + _RIGHT_WINDOW)]
    for i, char in enumerate(chunk):
        if char in _CLAUSE_STOPS:
            return chunk[:i]
    return chunk


def _left_cue(left: str, rules: _Rules) -> tuple[str, str, int] | None:
    """The governing verb nearest the title in ``left``: (cue, status, distance)."""
    best: tuple[str, str, int] | None = None
    for match in rules.left_cue_re.finditer(left):
        cue = match.group()
        status = rules.left_cues[cue]
        before = left[max(0, match.start() - 16) : match.start()]
        if status == "granted" and "被" in before:
            status = "received"  # 被自治区政府授予
        distance = len(left) - match.end()
        best = (cue, status, distance)
    passive = left.rfind("被")
    if passive >= 0 and (best is None or len(left) - passive - 1 < best[2]):
        best = ("被", "received", len(left) - passive - 1)
    return best


def _right_cue(right: str, rules: _Rules) -> tuple[str, str, int] | None:
    match = rules.right_cue_re.search(right)
    if match is None:
        return None
    return match.group(), rules.right_cues[match.group()], match.start()


class _TierIndex:
    """Self-references of the reporting unit in a report (我乡/全镇 → township, 我社区 →
    unit), indexed once so each title asks only about the text around it."""

    def __init__(self, text: str, start: int, end: int) -> None:
        marks: list[tuple[int, str, int]] = []
        for match in _REPORTER_RE.finditer(text, start, end):
            weight = 2 if match.group().startswith("我") else 1
            marks.append((match.start(), _reporter_tiers()[match.group(1)], weight))
        for match in _SELF_BODY_RE.finditer(text, start, end):
            marks.append((match.start(), "township" if match.group()[0] in "乡镇" else "unit", 1))
        marks.sort()
        self.positions = [m[0] for m in marks]
        self.marks = marks

    def tier(self, start: int, end: int) -> str | None:
        """The most referred-to tier in ``[start, end)``."""
        counts: Counter[str] = Counter()
        lo, hi = bisect_left(self.positions, start), bisect_left(self.positions, end)
        for _, tier, weight in self.marks[lo:hi]:
            counts[tier] += weight
        if not counts:
            return None
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def _reporter_tier(text: str, start: int, end: int) -> str | None:
    """The tier of the unit that writes the text between ``start`` and ``end``."""
    return _TierIndex(text, start, end).tier(start, end)


def _attributes(
    text: str, groups: list[list[Candidate]], start: int, end: int, rules: _Rules
) -> None:
    previous_end = start
    tiers = _TierIndex(text, start, end) if groups else None
    for group in groups:
        head, tail = group[0], group[-1]
        head_start = head.start - (1 if head.quoted else 0)
        tail_end = tail.end + (1 if tail.quoted else 0)
        tier = tiers.tier(head.start - 1500, tail.end + 300) if tiers else None
        left = _clause_left(text, head_start, max(start, previous_end))
        previous_end = tail_end
        right = _clause_right(text, tail_end, end)
        left_cue = _left_cue(left, rules)
        right_cue = _right_cue(right, rules)
        tail_level = _LIST_TAIL_LEVEL.match(right)
        passive = _PASSIVE_ISSUER.search(left)
        for cand in group:
            _title_attributes(text, cand)
            own_right = _clause_right(text, cand.end + (1 if cand.quoted else 0), end)
            own_cue = _right_cue(own_right, rules)
            if cand.level is None:
                before = _LEVEL_WORD_BEFORE.search(text, max(start, cand.start - 6), cand.start)
                if before is not None:
                    cand.level = _place_level().get(_level_key(before.group(1)))
                    cand.level_source = "before"
                elif passive is not None and _issuer_level(
                    passive.group("issuer") or passive.group("giver")
                ):
                    cand.level = _issuer_level(passive.group("issuer") or passive.group("giver"))
                    cand.level_source = "passive"
                elif tail_level is not None:
                    cand.level = _place_level().get(_level_key(tail_level.group(1)))
                    cand.level_source = "tail"
            _status(cand, left_cue, own_cue if own_cue and own_cue[2] <= 2 else right_cue)
            _campaign(text, cand, start, rules, left_cue)
            cand.tier = tier
        if tail.campaign and len(group) > 1:
            for cand in group:
                if cand.level is None and not cand.decided:
                    cand.campaign = cand.decided = True  # 带动了文明社区和文明小区的创建
        for cand in group:
            cand.left_context = left
            cand.right_context = _clause_right(text, cand.end, end)


def _level_key(word: str) -> str:
    word = word.removesuffix("级")
    return word if word in _place_level() else word[:1]


def _issuer_level(issuer: str) -> str | None:
    match = _ADMIN_WORD_RE.search(issuer)
    return _place_level().get(match.group()) if match else None


def _status(
    cand: Candidate, left_cue: tuple[str, str, int] | None, right_cue: tuple[str, str, int] | None
) -> None:
    """Status from the nearest governing cue; an adjacent right cue ((保持), 复审) wins."""
    if (
        right_cue is not None
        and right_cue[1] == "granted"
        and cand.level in ("national", "province")
    ):
        right_cue = None  # 全国文明城市评比: the contest of a higher tier, not the unit's award
    if right_cue is not None and right_cue[2] <= 2 and right_cue[0] not in ("称号", "荣誉称号"):
        cand.status, cand.cue, cand.cue_side, cand.cue_distance = (
            right_cue[1], right_cue[0], "right", right_cue[2])  # fmt: skip
    elif left_cue is not None:
        cand.status, cand.cue, cand.cue_side, cand.cue_distance = (
            left_cue[1], left_cue[0], "left", left_cue[2])  # fmt: skip
    elif right_cue is not None:
        cand.status, cand.cue, cand.cue_side, cand.cue_distance = (
            right_cue[1], right_cue[0], "right", right_cue[2])  # fmt: skip
    if cand.cue == "创建" and cand.cue_side == "right" and cand.kind in ("household", "person"):
        cand.status = "granted"  # a unit's own 文明户/好媳妇 creation activity confers titles
    if cand.kind == "staff" and (cand.status is None or cand.cue_side == "right"):
        cand.status = "sought"  # the unit's staff compete for its own titles (…评比, …创建)


def _campaign(
    text: str,
    cand: Candidate,
    floor: int,
    rules: _Rules,
    left_cue: tuple[str, str, int] | None = None,
) -> None:
    """创建 + a title with no level word is a campaign reference, not an HONOR.

    Sets ``decided`` where the rules are sure either way: a level word or year makes an
    honour, and so does a governing verb right before the title (争创, 荣获, 评选…).
    """
    title = text[cand.start : cand.end]
    if cand.level is not None or (cand.year is not None and ("年度" in title or cand.issuer)):
        cand.decided = True
        return
    near_left = text[max(floor, cand.start - 3) : cand.start].rstrip("“")
    cue, status, distance = (
        left_cue if left_cue is not None and cand.cue_side != "left" else
        (cand.cue, cand.status, cand.cue_distance) if cand.cue_side == "left" else ("", None, 99)
    )  # fmt: skip
    strong_cue = distance <= 2 and (
        status in ("received", "granted") or cue.startswith(("争", "申"))
    )
    if strong_cue:
        cand.decided = True
        return
    after = text[cand.end : cand.end + 4]
    if _CREATE_BEFORE_RE.search(near_left) or (
        cand.kind in ("place", "unit")
        and rules.campaign_followers_re.match(after)
        and not (
            cand.cue_side == "right"
            and cand.status in ("granted", "received")
            and not cand.cue.endswith("成果")  # …文明城市创建成果 is still the campaign
        )
    ):
        cand.campaign = True
        cand.decided = True


# ---------------------------------------------------------------------------------------------
# Classifier features and decisions


def candidate_features(text: str, cand: Candidate) -> dict[str, float]:
    """Features for the honour classifiers: char n-grams of the title and its context, and
    what the rules found (no word segmentation, so the hot path stays fast)."""
    feats: dict[str, float] = {}
    title = text[cand.start : cand.end]
    tier = cand.tier
    near_left = cand.left_context[-8:]
    near_right = cand.right_context[:8]
    for zone, chunk in (("L", near_left), ("T", title[-6:]), ("R", near_right)):
        padded = f"^{chunk}$"
        for n in (1, 2, 3):
            for i in range(len(padded) - n + 1):
                feats[f"{zone}{n}:{padded[i : i + n]}"] = 1.0
    feats[f"kind={cand.kind}"] = 1.0
    feats[f"cue={cand.cue_side}:{cand.cue}"] = 1.0
    feats[f"rule_status={cand.status}"] = 1.0
    feats[f"level={cand.level_source or 'none'}"] = 1.0
    feats[f"tier={tier}"] = 1.0
    feats["quoted"] = float(cand.quoted)
    feats["campaign"] = float(cand.campaign)
    feats["year"] = float(cand.year is not None)
    feats["cue_near"] = float(cand.cue_distance <= 4)
    feats["in_list"] = float(cand.list_size > 1)
    feats["rule_accept"] = float(_rule_accepts(cand))
    return feats


def _rule_accepts(cand: Candidate) -> bool:
    """The rules' default for a candidate they could not settle: titles of people and
    households are honours, others only with a governing verb close by."""
    return cand.kind in ("household", "person", "staff") or cand.cue_distance <= 6


def _predict(name: str, rows: list[dict[str, float]]) -> list[str] | None:
    if not rows:
        return []
    from reportminer.classifiers.store import load_scorer

    model = load_scorer(name)
    if model is None:
        return None
    return [str(label) for label in model.predict(rows)]


def _propagate_status(text: str, chosen: list[Candidate]) -> None:
    """A title mentioned with no verb keeps the status its other mentions in the report have
    (a speech on the 国家卫生城市 re-inspection speaks of a title held throughout)."""
    votes: dict[str, Counter[str]] = {}
    for cand in chosen:
        if cand.status is not None and cand.cue_distance <= 12:
            votes.setdefault(text[cand.start : cand.end], Counter())[cand.status] += 1
    for cand in chosen:
        if cand.status is None or cand.cue_distance > 12:
            counts = votes.get(text[cand.start : cand.end])
            if counts:
                cand.status = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
                cand.cue, cand.cue_side, cand.cue_distance = "same-title", "report", 12


def _reporter_level(cand: Candidate) -> None:
    """Titles a unit confers (or runs internal competitions for) take the unit's tier."""
    if cand.level is not None or cand.tier is None:
        return
    if cand.status == "granted" or (
        cand.status == "sought"
        and (cand.kind == "staff" or (cand.tier == "unit" and cand.kind in ("household", "unit")))
    ):
        cand.level = cand.tier
        cand.level_source = "reporter"


def honor_candidates(text: str, start: int, end: int) -> list[Candidate]:
    """All candidates of a report with their rule attributes (also used for training)."""
    rules = _rules()
    cands = _candidates(text, start, end, rules)
    groups = _group_lists(text, cands)
    _attributes(text, groups, start, end, rules)
    return cands


def find_honors(text: str, start: int, end: int, headings: list[Heading]) -> list[Item]:
    """HONOR items of the report ``[start, end)`` of the normalised ``text``."""
    cands = honor_candidates(text, start, end)
    undecided = [c for c in cands if not c.decided]
    verdicts = _predict("honor_candidate", [candidate_features(text, c) for c in undecided])
    keep: set[int] = set()
    for i, cand in enumerate(undecided):
        accepted = verdicts[i] == "honor" if verdicts is not None else _rule_accepts(cand)
        if accepted:
            keep.add(id(cand))
    chosen = [c for c in cands if (c.decided and not c.campaign) or id(c) in keep]
    _propagate_status(text, chosen)
    open_status = [c for c in chosen if c.cue_distance > 12 or c.status is None]
    statuses = _predict("honor_status", [candidate_features(text, c) for c in open_status])
    for i, cand in enumerate(open_status):
        if statuses is not None:
            cand.status = statuses[i]
        elif cand.status is None:
            cand.status = "granted" if cand.kind in ("household", "person") else "sought"
    for cand in chosen:
        _reporter_level(cand)
    return [
        Honor(
            start=c.start,
            end=c.end,
            status=c.status or "other",
            level=c.level,
            year=c.year,
            issuer=c.issuer,
        )
        for c in chosen
        if c.start >= start and c.end <= end
    ]
