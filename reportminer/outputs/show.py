"""Review page: one document with every extracted span highlighted, its section outline and a
side table of figures. A single self-contained HTML file (inline CSS and a few lines of
script, no fonts or libraries fetched), so it opens offline and can be mailed around.
"""

from __future__ import annotations

import html
from collections import Counter
from typing import Any

from reportminer.outputs.results import FlatItem, FlatResult, flatten

LABEL_COLOURS: dict[str, str] = {
    "HEADING": "#9ecbff",
    "MEASURE": "#ffd27f",
    "PROGRAM": "#b6f0a0",
    "DOCUMENT": "#e0b3ff",
    "FIGURE": "#ff9e9e",
    "HONOR": "#ffe96b",
}
LABEL_NAMES = {
    "HEADING": "heading 标题",
    "MEASURE": "measure 措施",
    "PROGRAM": "programme 项目",
    "DOCUMENT": "document 文件",
    "FIGURE": "figure 数字",
    "HONOR": "honour 荣誉",
}
# Outer labels first when spans start at the same place: they nest around the inner ones.
_NEST_ORDER = {"HEADING": 0, "MEASURE": 1, "DOCUMENT": 2, "HONOR": 3, "PROGRAM": 4, "FIGURE": 5}
_ATTRIBUTES = (
    "level",
    "role",
    "marker",
    "ordinal",
    "value",
    "unit",
    "kind",
    "approx",
    "masked",
    "status",
    "year",
    "metric",
)

_CSS = """
body{margin:0;font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",
"WenQuanYi Zen Hei",sans-serif;color:#222;background:#fafafa}
header{padding:10px 16px;background:#263238;color:#fff}
header h1{font-size:18px;margin:0}
header .meta{font-size:12px;opacity:.8}
.legend{padding:6px 16px;background:#eceff1;font-size:13px;position:sticky;top:0;z-index:2}
.legend label{margin-right:12px;cursor:pointer;white-space:nowrap}
.legend .swatch{display:inline-block;width:12px;height:12px;vertical-align:middle;
border:1px solid #888;margin-right:3px}
.wrap{display:flex;gap:12px;padding:12px;align-items:flex-start}
nav.outline{flex:0 0 230px;font-size:13px;max-height:88vh;overflow:auto;position:sticky;top:40px}
nav.outline ul{padding-left:14px;margin:2px 0}
nav.outline a{color:#1a4f8b;text-decoration:none}
main{flex:1 1 auto;min-width:0}
.report{background:#fff;border:1px solid #cfd8dc;border-radius:4px;padding:10px 14px;
margin-bottom:12px}
.report h2{font-size:15px;margin:0 0 6px 0;color:#37474f}
.text{white-space:pre-wrap;line-height:1.9;font-size:15px}
.outside{white-space:pre-wrap;color:#999;font-size:13px}
mark{padding:1px 0;border-radius:2px;color:inherit}
mark.HEADING{font-weight:bold}
aside.figures{flex:0 0 360px;font-size:12px;max-height:88vh;overflow:auto;position:sticky;
top:40px}
aside table{border-collapse:collapse;width:100%;background:#fff}
aside th,aside td{border:1px solid #cfd8dc;padding:2px 4px;text-align:left;vertical-align:top}
aside th{background:#eceff1}
.error{padding:16px;color:#b71c1c}
"""
_SCRIPT = """
document.querySelectorAll('.legend input').forEach(function(box){
  box.addEventListener('change',function(){
    document.body.classList.toggle('hide-'+box.value,!box.checked);});});
"""


def render_page(result: Any, *, title: str | None = None) -> str:
    """The review page of one result (a Document, or a result dict holding ``text``)."""
    flat = flatten(result)
    page_title = title or flat.id
    parts = [
        '<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8">',
        f"<title>{_esc(page_title)} — reportminer</title><style>{_CSS}",
        "".join(
            f"mark.{label}{{background:{colour}}}body.hide-{label} mark.{label}"
            f"{{background:none;font-weight:inherit}}"
            for label, colour in LABEL_COLOURS.items()
        ),
        "</style></head><body>",
    ]
    parts.append(
        f'<header><h1>{_esc(page_title)}</h1><div class="meta">'
        f"{_esc(_source_line(flat))}</div></header>"
    )
    if flat.status != "ok":
        raw = flat.raw
        parts.append(
            f'<div class="error">{_esc(raw.get("error"))}: {_esc(raw.get("cause"))}'
            f"{' — ' + _esc(raw.get('hint')) if raw.get('hint') else ''}</div>"
        )
        parts.append("</body></html>")
        return "".join(parts)
    if flat.text is None:
        raise ValueError(f"{flat.id}: the result holds no text; show the input file instead")
    counts = Counter(item.label for item in flat.items)
    parts.append('<div class="legend">')
    for label, colour in LABEL_COLOURS.items():
        parts.append(
            f'<label><input type="checkbox" value="{label}" checked>'
            f'<span class="swatch" style="background:{colour}"></span>'
            f"{_esc(LABEL_NAMES[label])} ({counts.get(label, 0)})</label>"
        )
    parts.append(f"<span>reports: {len(flat.reports)}</span></div>")
    anchors = {id(item): f"{item.label.lower()}-{number}" for number, item in enumerate(flat.items)}
    parts.append('<div class="wrap"><nav class="outline"><b>Outline 提纲</b>')
    parts.append(_outline(flat, anchors))
    parts.append("</nav><main>")
    parts.append(_body(flat, anchors))
    parts.append('</main><aside class="figures">')
    parts.append(_figure_table(flat, anchors))
    parts.append(f"</aside></div><script>{_SCRIPT}</script></body></html>")
    return "".join(parts)


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _source_line(flat: FlatResult) -> str:
    source = flat.raw.get("source") or {}
    bits = [str(source.get(k)) for k in ("path", "format", "encoding") if source.get(k)]
    if source.get("record"):
        bits.append(f"record {source['record']}")
    if flat.text is not None:
        bits.append(f"{len(flat.text)} characters")
    return " · ".join(bits)


def _outline(flat: FlatResult, anchors: dict[int, str]) -> str:
    out = []
    headings = [it for it in flat.items if it.label == "HEADING"]
    for index, report in enumerate(flat.reports):
        title = report.get("title") or f"report {index + 1}"
        out.append(f'<div><a href="#report-{index}">{_esc(title)}</a>')
        own = [h for h in headings if h.report_index == index]
        out.append(_heading_list(own, anchors))
        out.append("</div>")
    return "".join(out)


def _heading_list(headings: list[FlatItem], anchors: dict[int, str]) -> str:
    """Nested lists by heading level (levels may skip; a deeper level opens a sublist)."""
    out: list[str] = []
    depth = 0
    for heading in headings:
        level = heading.data.get("level")
        level = level if isinstance(level, int) and level > 0 else 1
        while depth < level:
            out.append("<ul>")
            depth += 1
        while depth > level:
            out.append("</ul>")
            depth -= 1
        text = heading.data.get("text") or ""
        out.append(f'<li><a href="#{anchors[id(heading)]}">{_esc(text[:40])}</a></li>')
    out.append("</ul>" * depth)
    return "".join(out)


def _body(flat: FlatResult, anchors: dict[int, str]) -> str:
    text = flat.text or ""
    out: list[str] = []
    position = 0
    for index, report in enumerate(flat.reports):
        start = max(position, _offset(report.get("start"), 0, len(text)))
        end = max(start, _offset(report.get("end"), len(text), len(text)))
        if start > position:
            out.append(f'<div class="outside">{_esc(text[position:start])}</div>')
        items = [it for it in flat.items if it.report_index == index]
        title = report.get("title") or f"report {index + 1}"
        genre = report.get("genre") or ""
        out.append(
            f'<section class="report" id="report-{index}"><h2>{_esc(title)}'
            f' <small>{_esc(genre)}</small></h2><div class="text">'
        )
        out.append(highlight(text, start, end, items, anchors))
        out.append("</div></section>")
        position = end
    if position < len(text):
        out.append(f'<div class="outside">{_esc(text[position:])}</div>')
    return "".join(out)


def _offset(value: Any, default: int, limit: int) -> int:
    return min(max(value, 0), limit) if isinstance(value, int) else default


def highlight(
    text: str, start: int, end: int, items: list[FlatItem], anchors: dict[int, str]
) -> str:
    """``text[start:end]`` as HTML with nested ``<mark>`` per item; crossing spans are split."""
    spans = []
    for item in items:
        s, e = item.data.get("start"), item.data.get("end")
        if isinstance(s, int) and isinstance(e, int) and start <= s < e <= end:
            spans.append((s, e, item))
    spans.sort(key=lambda t: (t[0], -t[1], _NEST_ORDER.get(t[2].label, 9)))
    bounds = sorted({start, end, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out: list[str] = []
    open_stack: list[int] = []  # indexes into spans
    opened_once: set[int] = set()
    for left, right in zip(bounds, bounds[1:], strict=False):
        wanted = [i for i, (s, e, _) in enumerate(spans) if s <= left and e >= right]
        common = 0
        while common < min(len(open_stack), len(wanted)) and open_stack[common] == wanted[common]:
            common += 1
        for _ in range(len(open_stack) - common):
            out.append("</mark>")
        open_stack = open_stack[:common]
        for index in wanted[common:]:
            out.append(_open_mark(spans[index][2], anchors, first=index not in opened_once))
            opened_once.add(index)
            open_stack.append(index)
        out.append(html.escape(text[left:right], quote=False))
    out.append("</mark>" * len(open_stack))
    return "".join(out)


def _open_mark(item: FlatItem, anchors: dict[int, str], first: bool) -> str:
    tip = [item.label]
    for name in _ATTRIBUTES:
        value = item.data.get(name)
        if value not in (None, "", [], False):
            tip.append(f"{name}={value}")
    anchor = f' id="{anchors[id(item)]}"' if first else ""
    return f'<mark class="{item.label}"{anchor} title="{_esc(" ".join(tip))}">'


def _figure_table(flat: FlatResult, anchors: dict[int, str]) -> str:
    figures = [it for it in flat.items if it.label == "FIGURE"]
    out = [
        f"<b>Figures 数字 ({len(figures)})</b><table><tr><th>figure</th><th>value</th>"
        "<th>unit</th><th>kind</th><th>section</th></tr>"
    ]
    for figure in figures:
        data = figure.data
        value = data.get("value")
        if isinstance(value, list):
            value = "–".join(_number(v) for v in value)
        elif data.get("masked"):
            value = "masked"
        else:
            value = _number(value)
        approx = {"over": "≥", "about": "≈", "under": "≤"}.get(str(data.get("approx")), "")
        section = " > ".join(figure.section_path[-2:])
        out.append(
            f'<tr><td><a href="#{anchors[id(figure)]}">{_esc(data.get("text"))}</a></td>'
            f"<td>{_esc(approx)}{_esc(value)}</td><td>{_esc(data.get('unit'))}</td>"
            f"<td>{_esc(data.get('kind'))}</td><td>{_esc(section)}</td></tr>"
        )
    out.append("</table>")
    return "".join(out)


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    return "" if value is None else str(value)
