""".pdf reader: text lines in reading order, wrapped lines rejoined, page furniture dropped.

A typeset Chinese report wraps every line at the right margin, so a sentence, a number or a
name can be cut in two (``通过全面\\n深入的``); pages carry running headers, footers and page
numbers (``— 3 —``) that would land inside sentences. Lines are rebuilt from the characters
(so letter-spaced titles and the gap before a Latin-font digit do not become spaces), repeated
top/bottom lines and page numbers are dropped, and a line is joined to the previous one when
the previous one ran to the right margin or did not end a sentence, unless the new line is
indented or opens with a section marker. Paragraphs are separated by one newline.
"""

from __future__ import annotations

import io
import logging
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import regex

from reportminer.errors import InputError

if TYPE_CHECKING:
    from reportminer.load import LoadedText, LoadOptions

log = logging.getLogger(__name__)

MAX_PAGES = 2000
# A page band this close to the top or bottom edge (fraction of the height) may hold furniture.
FURNITURE_BAND = 0.12
MIN_TEXT_CHARS_PER_PAGE = 5

_CJK = regex.compile(
    r"[\p{Han}\p{InCJK_Symbols_and_Punctuation}\p{InHalfwidth_and_Fullwidth_Forms}]"
)
_PAGE_NUMBER = regex.compile(
    r"^[\s\-—–－_·•]*(?:第\s*\d+\s*页(?:\s*[,，/／]?\s*共\s*\d+\s*页)?|\d{1,4}\s*(?:/\s*\d{1,4})?"
    r"|[IVXLCivxlc]{1,6}|(?:page|Page)\s*\d+(?:\s*of\s*\d+)?)[\s\-—–－_·•]*$"
)
_SENTENCE_END = tuple("。！？；：!?;:…")
_CLOSERS = "”’」』）)》】〕"
# A line opening with one of these starts a new paragraph (a heading or a list item).
_MARKER_START = regex.compile(
    r"^(?:[一二三四五六七八九十百]+[、.．]|[（(〔【][一二三四五六七八九十百\d]+[）)〕】]|\d{1,3}[、.．](?!\d)"
    r"|[①-⑳⑴-⒇⒈-⒛]|第[一二三四五六七八九十百\d]+[章节条款部分篇项]|[●■◆□▪•]"
    r"|[一二三四五六七八九十]是|附件|附表)"
)


@dataclass(slots=True)
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int


def read_pdf(path: Path, data: bytes, options: LoadOptions) -> list[LoadedText]:
    from reportminer.load import LoadedText, _source

    pages, heights = _extract_lines(data)
    total_chars = sum(len(line.text.strip()) for page in pages for line in page)
    if total_chars < MIN_TEXT_CHARS_PER_PAGE * max(1, len(pages)):
        raise InputError(
            "no text layer; OCR it first",
            hint="run OCR (e.g. ocrmypdf -l chi_sim) and load the result",
        )
    unmapped = sum(line.text.count("(cid:") for page in pages for line in page)
    if unmapped * 6 > total_chars:
        raise InputError(
            "the text layer has no Unicode mapping (fonts without ToUnicode); OCR it first",
            hint="run OCR (e.g. ocrmypdf -l chi_sim --force-ocr)",
        )
    pages = _drop_furniture(pages, heights)
    text = _join_lines([line for page in pages for line in page])
    return [
        LoadedText(
            id=str(path),
            text=text,
            source=_source(path, data, None, "pdf"),
            hints={"format": "pdf", "pages": len(pages)},
        )
    ]


def _extract_lines(data: bytes) -> tuple[list[list[_Line]], list[float]]:
    import pdfplumber  # slow to import
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PDFPasswordIncorrect as exc:
        raise InputError("the PDF is encrypted", hint="remove the password and retry") from exc
    except PDFSyntaxError as exc:
        raise InputError(f"damaged PDF ({exc})", hint="re-export or repair the PDF") from exc
    pages: list[list[_Line]] = []
    heights: list[float] = []
    with pdf:
        if len(pdf.pages) > MAX_PAGES:
            raise InputError(f"{len(pdf.pages)} pages (limit {MAX_PAGES})", hint="split the PDF")
        for number, page in enumerate(pdf.pages):
            lines = []
            for raw in page.extract_text_lines(return_chars=True, x_tolerance=3):
                text = _line_text(raw["chars"])
                if not text.strip():
                    continue
                sizes = [c.get("size", 0) for c in raw["chars"]] or [0]
                lines.append(
                    _Line(
                        text.strip(),
                        raw["x0"],
                        raw["x1"],
                        raw["top"],
                        raw["bottom"],
                        max(sizes),
                        number,
                    )
                )
            pages.append(lines)
            heights.append(float(page.height or 1))
    return pages, heights


def _line_text(chars: list[dict[str, Any]]) -> str:
    """Characters of one line; a gap becomes a space only where it separates words.

    Between CJK characters a gap is justification or letter-spacing (``税 务 总 局``), so only
    a gap of about a full character is kept as a space; between Latin characters 3 pt is.
    """
    out: list[str] = []
    previous = None
    for char in chars:
        glyph = char["text"]
        if glyph == "\u00ad":
            glyph = "-"  # pdfminer maps a typeset hyphen to a soft hyphen
        if previous is not None:
            gap = char["x0"] - previous["x1"]
            size = max(char.get("size", 10), previous.get("size", 10))
            cjk = bool(_CJK.match(glyph) or _CJK.match(previous["text"]))
            if gap > (0.9 * size if cjk else 3.0):
                out.append(" ")
        out.append(glyph)
        previous = char
    return "".join(out)


def _furniture_key(text: str) -> str:
    return regex.sub(r"\d+", "#", regex.sub(r"\s+", "", text))


def _drop_furniture(pages: list[list[_Line]], heights: list[float]) -> list[list[_Line]]:
    """Drop page numbers and lines repeated at the top or bottom of several pages."""

    def in_band(line: _Line) -> bool:
        height = heights[line.page] if line.page < len(heights) else 1.0
        return line.top < FURNITURE_BAND * height or line.bottom > (1 - FURNITURE_BAND) * height

    counts: Counter[str] = Counter()
    for page in pages:
        keys = {_furniture_key(line.text) for line in page if in_band(line)}
        counts.update(keys)
    repeated_min = max(2, (len(pages) + 1) // 2)
    kept_pages = []
    for page in pages:
        kept = []
        for index, line in enumerate(page):
            edge = index in (0, len(page) - 1) or in_band(line)
            if edge and _PAGE_NUMBER.match(line.text):
                continue
            if (
                len(pages) > 1
                and in_band(line)
                and counts[_furniture_key(line.text)] >= repeated_min
            ):
                continue
            kept.append(line)
        kept_pages.append(kept)
    return kept_pages


def _join_lines(lines: list[_Line]) -> str:
    if not lines:
        return ""
    # The body's left edge and right margin: the most common line start and the furthest end.
    lefts = Counter(round(line.x0) for line in lines)
    body_left = min(x for x, n in lefts.items() if n >= max(2, lefts.most_common(1)[0][1] // 4))
    right = max(line.x1 for line in lines)
    paragraphs: list[str] = [lines[0].text]
    previous = lines[0]
    for line in lines[1:]:
        if _continues(previous, line, body_left, right):
            paragraphs[-1] = _glue(paragraphs[-1], line.text)
        else:
            paragraphs.append(line.text)
        previous = line
    return "\n".join(paragraphs)


def _continues(previous: _Line, line: _Line, body_left: float, right: float) -> bool:
    size = line.size or 10
    if _MARKER_START.match(line.text):
        return False
    if line.x0 > body_left + 1.5 * size:  # indented: a new paragraph (or a centred title)
        return False
    if line.page == previous.page and line.top < previous.bottom - 0.3 * size:
        return False  # side by side (a block beside two lines), not one below the other
    if abs(previous.size - line.size) > 1.5:  # a title line and the body below it
        return False
    full = previous.x1 >= right - 2.0 * size
    ends_sentence = previous.text.rstrip(_CLOSERS).endswith(_SENTENCE_END)
    return full or not ends_sentence and previous.x1 >= right - 6 * size


def _glue(left: str, right: str) -> str:
    """Join a wrapped line: CJK joins without a space, Latin words with one."""
    if (
        left
        and right
        and left[-1].isascii()
        and left[-1].isalnum()
        and right[0].isascii()
        and right[0].isalpha()
        and not left[-1].isdigit()
    ):
        return left + " " + right
    return left + right
