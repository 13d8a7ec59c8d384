"""DOCUMENT: titles of cited documents, written in 《》 (ANNOTATION.md, DOCUMENT).

The span is the title inside the marks. Conversions lose marks: an opening 《 that became "?"
("?关于…的通告》"), both marks as "?" ("?关于…实施意见?"), or a closing 》 cut off with
the text. Those count too, when the surviving side and the title's shape (关于…, a document
word such as 通知/方案 at the end) agree that it is a title.
"""

from __future__ import annotations

from functools import cache

import regex

from reportminer.patterns import alternation
from reportminer.rules import load_lexicon
from reportminer.types import DocumentRef, Heading

# Longest title we accept; anything longer is a stray mark, not a title.
_MAX_TITLE = 120
# Characters a title never holds: line ends and sentence ends.
_NOT_IN_TITLE = "\n。!;"


@cache
def _patterns() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    doc_alt = alternation(load_lexicon("document_types.txt"))
    body = rf"[^《》?{_NOT_IN_TITLE}]"
    # 《 … 》 with at most one level of nested 《…》 inside (关于印发《…》的通知).
    marked = regex.compile(
        rf"《((?:{body}|《{body}{{0,{_MAX_TITLE}}}》){{1,{_MAX_TITLE}}})》"
        rf"|《({body}{{1,{_MAX_TITLE}}}?)(?=\n|$)"
    )
    # "?" standing for a lost 《, closed by 》 or by a second "?" after a document word.
    lost_open = regex.compile(
        rf"\?({body}{{2,{_MAX_TITLE}}}?)》"
        rf"|\?((?:关于{body}{{1,{_MAX_TITLE}}}?|{body}{{1,{_MAX_TITLE}}}?(?:{doc_alt})))\?"
    )
    trailing = regex.compile(r"[\s,、:]+$")
    return marked, lost_open, trailing


def find_documents(text: str, start: int, end: int, headings: list[Heading]) -> list[DocumentRef]:
    """DOCUMENT items in ``text[start:end]`` (normalised offsets)."""
    marked, lost_open, trailing = _patterns()
    found: list[DocumentRef] = []
    for match in marked.finditer(text, start, end):
        group = 1 if match.group(1) is not None else 2
        _add(found, text, match.start(group), match.end(group), trailing)
    taken = [(d.start, d.end) for d in found]
    for match in lost_open.finditer(text, start, end):
        group = 1 if match.group(1) is not None else 2
        a, b = match.start(group), match.end(group)
        if any(a < e and s < b for s, e in taken):
            continue
        _add(found, text, a, b, trailing)
    found.sort(key=lambda d: d.start)
    return found


def _add(found: list[DocumentRef], text: str, a: int, b: int, trailing: regex.Pattern[str]) -> None:
    """Append the title text[a:b], trimmed of spaces at both ends (and list punctuation
    at the end of a title whose closing mark was lost)."""
    title = text[a:b]
    cut = trailing.search(title)
    if cut:
        b -= len(title) - cut.start()
    while a < b and text[a].isspace():
        a += 1
    if b > a:
        found.append(DocumentRef(start=a, end=b, title=text[a:b]))
