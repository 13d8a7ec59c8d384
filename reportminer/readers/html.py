""".html reader: the visible text of a page, one line per block, page chrome dropped.

Scripts, styles, navigation, headers, footers, asides and hidden elements are not part of the
report; blocks (p, div, li, h1-h6, tr, br, ...) become lines, table cells are separated by a
tab, and inline markup (a, span, b) joins into its line. Whitespace is collapsed the way a
browser does, except that a line break between two Chinese characters disappears (it is
source formatting, not a word space); U+3000 and NBSP indentation are kept as written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import regex

from reportminer.errors import InputError

if TYPE_CHECKING:
    from reportminer.load import LoadedText, LoadOptions

DROPPED_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "nav",
        "header",
        "footer",
        "aside",
        "head",
        "iframe",
        "svg",
        "canvas",
        "form",
        "button",
        "select",
        "input",
        "textarea",
        "object",
        "embed",
        "audio",
        "video",
        "map",
        "menu",
        "dialog",
    }
)
BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "caption",
        "section",
        "article",
        "main",
        "blockquote",
        "pre",
        "address",
        "figure",
        "figcaption",
        "hr",
        "center",
        "body",
        "html",
        "fieldset",
        "details",
        "summary",
    }
)
CELL_TAGS = frozenset({"td", "th"})
# class/id tokens and ARIA roles that mark page chrome rather than content.
CHROME_TOKENS = frozenset(
    {
        "nav",
        "navbar",
        "navigation",
        "menu",
        "breadcrumb",
        "breadcrumbs",
        "sidebar",
        "footer",
        "copyright",
        "share",
        "social",
        "pagination",
        "pager",
        "advert",
        "ads",
        "comments",
        "related",
        "toolbar",
        "skip-link",
    }
)
CHROME_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"}
)
CELL_SEPARATOR = "\t"

_META_CHARSET = regex.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", regex.IGNORECASE
)
_XML_ENCODING = regex.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-]+)""")
_WIDE = r"[\p{Han}\u3000-\u303f\uff00-\uffef\u2018-\u201f\u2026]"
_BREAK = r"[ \t\r\n\f]*[\r\n][ \t\r\n\f]*"
_HAN_BREAK = regex.compile(rf"(?<={_WIDE}){_BREAK}|{_BREAK}(?={_WIDE})")
_SPACES = regex.compile(r"[ \t\r\n\f]+")
_HEADING = regex.compile(r"^h([1-6])$")


def read_html(path: Path, data: bytes, options: LoadOptions) -> list[LoadedText]:
    from reportminer.load import LoadedText, _source

    markup, encoding = decode_html(data, options.encoding)
    text, headings = html_to_text(markup)
    if not text.strip():
        raise InputError("the page has no visible text", hint="is the content loaded by a script?")
    hints: dict[str, Any] = {"format": "html", "heading_levels": headings}
    return [
        LoadedText(
            id=str(path), text=text, source=_source(path, data, encoding, "html"), hints=hints
        )
    ]


def decode_html(data: bytes, forced: str | None = None) -> tuple[str, str]:
    """Decode by BOM, forced encoding, ``<meta charset>``/XML declaration, else detection."""
    from reportminer.readers.text import detect_and_decode

    if forced or data[:4].startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return detect_and_decode(data, forced)
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if match:
        declared = match.group(1).decode("ascii").lower()
        if declared in ("gb2312", "gbk", "gb_2312-80", "x-gbk"):
            declared = "gb18030"  # pages declared GB2312 routinely hold GBK characters
        try:
            return data.decode(declared), declared
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common; fall back to detection
    return detect_and_decode(data)


def html_to_text(markup: str) -> tuple[str, dict[int, int]]:
    """Visible text of a page and ``{line offset: heading level}`` for h1-h6 lines."""
    from bs4 import BeautifulSoup, Comment, Doctype, ProcessingInstruction

    try:
        soup = BeautifulSoup(markup, "lxml")
    except Exception:  # bs4 raises FeatureNotFound if lxml is missing
        soup = BeautifulSoup(markup, "html.parser")
    lines: list[str] = []
    levels: list[int | None] = []
    current: list[str] = []
    state = {"heading": None}

    def flush() -> None:
        line = _collapse("".join(current))
        current.clear()
        if line.strip():
            lines.append(line.strip(" "))
            levels.append(state["heading"])

    def walk(node: Any, in_pre: bool, in_article: bool = False) -> None:
        for child in node.children:
            if isinstance(child, (Comment, Doctype, ProcessingInstruction)):
                continue
            name = getattr(child, "name", None)
            if name is None:
                text = str(child)
                current.append(text.replace("\n", "\x00") if in_pre else text)
                continue
            if in_article and name in ("header", "footer"):
                name = "div"  # an article's own header holds its title
            elif name in DROPPED_TAGS or _is_chrome(child):
                continue
            if name == "br":
                current.append("\x00")
                continue
            if name in CELL_TAGS:
                if current and "".join(current).strip():
                    current.append("\x01")
                walk(child, in_pre, in_article)
                continue
            heading = _HEADING.match(name)
            if name in BLOCK_TAGS or heading:
                flush()
                saved = state["heading"]
                if heading:
                    state["heading"] = int(heading.group(1))
                walk(child, in_pre or name == "pre", in_article or name in ("article", "main"))
                flush()
                state["heading"] = saved
                continue
            if name == "img":
                continue
            walk(child, in_pre, in_article)

    walk(soup, False)
    flush()
    # "\x00" marks a forced break (br, pre newline): split those into lines now.
    out_lines: list[str] = []
    out_levels: list[int | None] = []
    for line, level in zip(lines, levels, strict=True):
        for part in line.split("\x00"):
            if part.strip():
                out_lines.append(part.strip(" "))
                out_levels.append(level)
    headings: dict[int, int] = {}
    offset = 0
    for line, level in zip(out_lines, out_levels, strict=True):
        if level is not None:
            headings[offset] = level
        offset += len(line) + 1
    return "\n".join(out_lines), headings


def _collapse(text: str) -> str:
    text = _HAN_BREAK.sub("", text)
    text = _SPACES.sub(" ", text)
    return regex.sub(r" ?\x01 ?", CELL_SEPARATOR, text)


def _is_chrome(tag: Any) -> bool:
    attrs = getattr(tag, "attrs", None) or {}
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    style = attrs.get("style", "")
    if isinstance(style, str) and regex.search(
        r"display\s*:\s*none|visibility\s*:\s*hidden", style, regex.IGNORECASE
    ):
        return True
    if str(attrs.get("role", "")).lower() in CHROME_ROLES:
        return True
    tokens = set()
    for key in ("class", "id"):
        value = attrs.get(key)
        if isinstance(value, str):
            value = value.split()
        for token in value or ():
            tokens.add(str(token).lower())
    return bool(tokens & CHROME_TOKENS)
