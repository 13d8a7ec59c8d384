"""A self-contained HTML page: each document's gold and predicted spans side by side.

Everything is inline (CSS, JS, data): the page opens from a file with no network. Spans are
coloured by outcome — matched, attribute wrong, boundary (overlap only), missed (gold
without partner), false alarm (prediction without partner) — and underlined in the colour of
their label. REPORT spans, which cover whole texts, show as bracket badges at their ends.
A control bar filters by label, by document and to errors only; the same state can be set
from the URL fragment (``page.html#labels=FIGURE,HONOR&errors=1&doc=3``).
"""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING, Any

from reportminer.evaluation.report import attribute_lines, summary_table
from reportminer.evaluation.scorer import DocumentScore, attribute_errors, attribute_names

if TYPE_CHECKING:
    from reportminer.evaluation import Evaluation

# Outcome -> (CSS class, background colour, legend text). Colours are opaque so nested
# highlights stay readable (and a screenshot test can find them).
STATUS_STYLES: dict[str, tuple[str, str]] = {
    "ok": ("#b7e4b7", "matched"),
    "attr": ("#d9c2ff", "matched, attribute wrong"),
    "boundary": ("#ffe680", "boundary differs (overlap only)"),
    "miss": ("#ff8f8f", "missed (gold only)"),
    "false": ("#ffb84d", "false alarm (prediction only)"),
}
LABEL_COLOURS: dict[str, str] = {
    "REPORT": "#444444",
    "HEADING": "#1f4e9c",
    "MEASURE": "#2e8b57",
    "PROGRAM": "#8b008b",
    "DOCUMENT": "#b8860b",
    "FIGURE": "#d2451e",
    "HONOR": "#c71585",
}
_OTHER_LABEL_COLOUR = "#666666"

_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;color:#222;background:#fff}
header{position:sticky;top:0;z-index:5;background:#f4f4f4;border-bottom:1px solid #ccc;padding:6px 12px;font-size:13px}
header label{margin-right:10px;white-space:nowrap}
header .legend span{display:inline-block;padding:0 6px;margin-right:6px;border-radius:2px}
main{padding:8px 12px}
pre.scores{font-size:12px;background:#fafafa;border:1px solid #ddd;padding:6px;overflow-x:auto}
article.doc{border-top:2px solid #999;margin-top:14px;padding-top:4px}
article.doc h2{font-size:15px;margin:4px 0;word-break:break-all}
.docscores{font-size:12px;color:#555}
table.errors{border-collapse:collapse;font-size:12px;margin:6px 0;max-width:100%}
table.errors td,table.errors th{border:1px solid #ddd;padding:2px 5px;vertical-align:top;text-align:left}
table.errors tr.hidden{display:none}
details{margin:4px 0}
.errwrap{max-height:45vh;overflow:auto;max-width:100%}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:12px}
.col h3{font-size:13px;margin:4px 0;color:#555}
.text{white-space:pre-wrap;word-break:break-all;font-size:14px;line-height:1.9;border:1px solid #ddd;padding:6px;background:#fff}
.m{border-bottom:2px solid transparent;border-radius:2px}
.b{font-size:11px;padding:0 3px;margin:0 1px;border-radius:3px;color:#000}
body.errors-only .m.st-ok{background:transparent!important;border-bottom-color:transparent!important}
body.errors-only .b.st-ok{display:none}
body.errors-only table.errors tr.st-ok{display:none}
article.doc.hidden{display:none}
"""

_JS = r"""
(function(){
  var labels = JSON.parse(document.getElementById('rm-labels').textContent);
  var body = document.body;
  function boxes(){ return Array.prototype.slice.call(document.querySelectorAll('input.label-filter')); }
  function apply(){
    boxes().forEach(function(box){ body.classList.toggle('hide-' + box.value, !box.checked); });
    body.classList.toggle('errors-only', document.getElementById('errors-only').checked);
    var choice = document.getElementById('doc-select').value;
    document.querySelectorAll('article.doc').forEach(function(a){
      a.classList.toggle('hidden', choice !== 'all' && a.getAttribute('data-doc') !== choice);
    });
    var visible = 0;
    document.querySelectorAll('table.errors tr.err').forEach(function(row){
      var shown = !body.classList.contains('hide-' + row.getAttribute('data-label'));
      row.classList.toggle('hidden', !shown);
      var art = row.closest('article.doc');
      if (shown && !art.classList.contains('hidden')) { visible += 1; }
    });
    document.getElementById('visible-errors').textContent = String(visible);
  }
  function fromHash(){
    var params = {};
    location.hash.replace(/^#/, '').split('&').forEach(function(kv){
      var i = kv.indexOf('='); if (i > 0) { params[decodeURIComponent(kv.slice(0, i))] = decodeURIComponent(kv.slice(i + 1)); }
    });
    if (params.labels) {
      var wanted = params.labels.split(',');
      boxes().forEach(function(box){ box.checked = wanted.indexOf(box.value) >= 0; });
    }
    if (params.errors) { document.getElementById('errors-only').checked = params.errors === '1'; }
    if (params.doc) { document.getElementById('doc-select').value = params.doc; }
  }
  document.querySelectorAll('input.label-filter, #errors-only, #doc-select').forEach(function(el){
    el.addEventListener('change', apply);
  });
  document.getElementById('all-labels').addEventListener('click', function(){
    boxes().forEach(function(box){ box.checked = true; }); apply();
  });
  window.addEventListener('hashchange', function(){ fromHash(); apply(); });
  fromHash(); apply();
  body.setAttribute('data-ready', labels.length ? '1' : '0');
})();
"""


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _label_class(label: str) -> str:
    """A CSS-safe class suffix for a label name."""
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in label)


def _describe(span: dict[str, Any], status: str, side: str, partner: dict[str, Any] | None) -> str:
    """Tooltip: label, outcome, attributes (with the other side's value where they differ)."""
    parts = [f"{span['label']} [{span['start']}, {span['end']}) {side}: {STATUS_STYLES[status][1]}"]
    for name in attribute_names(span) if side == "gold" else _pred_attribute_names(span):
        value = json.dumps(span.get(name), ensure_ascii=False)
        line = f"{name} = {value}"
        if partner is not None and status == "attr":
            gold, pred = (span, partner) if side == "gold" else (partner, span)
            if name in attribute_errors(gold, pred):
                other = json.dumps(partner.get(name), ensure_ascii=False)
                line += f"   ({'pred' if side == 'gold' else 'gold'}: {other})"
        parts.append(line)
    return "\n".join(parts)


def _pred_attribute_names(span: dict[str, Any]) -> list[str]:
    return [k for k in span if k not in ("start", "end", "label", "text")]


def _statuses(doc: DocumentScore) -> tuple[list[str], list[str], dict[int, int], dict[int, int]]:
    m = doc.matching
    gold_status = ["miss"] * len(m.gold)
    pred_status = ["false"] * len(m.pred)
    g2p: dict[int, int] = {}
    p2g: dict[int, int] = {}
    for gi, pi, exact in m.pairs:
        g2p[gi] = pi
        p2g[pi] = gi
        if not exact:
            status = "boundary"
        elif attribute_errors(m.gold[gi], m.pred[pi]):
            status = "attr"
        else:
            status = "ok"
        gold_status[gi] = pred_status[pi] = status
    return gold_status, pred_status, g2p, p2g


def _render_text(
    text: str,
    spans: list[dict[str, Any]],
    statuses: list[str],
    side: str,
    doc_index: int,
    partners: list[dict[str, Any] | None],
) -> str:
    """The text with nested highlight elements, split where spans cross."""
    prefix = "g" if side == "gold" else "p"
    inline = [i for i, s in enumerate(spans) if s["label"] != "REPORT"]
    reports = [i for i, s in enumerate(spans) if s["label"] == "REPORT"]
    bounds = {0, len(text)}
    for i in inline:
        bounds.add(spans[i]["start"])
        bounds.add(spans[i]["end"])
    badges_at: dict[int, list[str]] = {}
    for i in reports:
        s = spans[i]
        bounds.add(s["start"])
        bounds.add(s["end"])
        cls = f"b l-{_label_class(s['label'])} st-{statuses[i]}"
        tip = _esc(_describe(s, statuses[i], side, partners[i]))
        anchor = f"d{doc_index}-{prefix}{i}"
        badges_at.setdefault(s["end"], []).append(
            f'<span class="{cls}" title="{tip}">REPORT⟧</span>'
        )
        badges_at.setdefault(s["start"], []).append(
            f'<span class="{cls}" id="{anchor}" data-s="{prefix}{i}" title="{tip}">⟦REPORT {_esc(str(s.get("genre", "")))}</span>'
        )
    starts: dict[int, list[int]] = {}
    for i in inline:
        starts.setdefault(spans[i]["start"], []).append(i)
    ordered = sorted(bounds)
    active: list[int] = []
    opened: set[int] = set()
    out: list[str] = []
    tips: dict[int, str] = {}
    for k, pos in enumerate(ordered):
        out.extend(badges_at.get(pos, ()))
        if k + 1 == len(ordered):
            break
        nxt = ordered[k + 1]
        active = [i for i in active if spans[i]["end"] > pos]
        active.extend(starts.get(pos, ()))
        active.sort(key=lambda i: (spans[i]["start"], -spans[i]["end"], i))
        segment = _esc(text[pos:nxt])
        if not active:
            out.append(segment)
            continue
        opening = []
        for i in active:
            s = spans[i]
            if i not in tips:
                tips[i] = _esc(_describe(s, statuses[i], side, partners[i]))
            attrs = f'class="m l-{_label_class(s["label"])} st-{statuses[i]}" data-s="{prefix}{i}" title="{tips[i]}"'
            if i not in opened:
                attrs += f' id="d{doc_index}-{prefix}{i}"'
                opened.add(i)
            opening.append(f"<span {attrs}>")
        out.append("".join(opening) + segment + "</span>" * len(active))
    return "".join(out)


def _error_rows(doc: DocumentScore, doc_index: int) -> list[str]:
    rows = []
    for e in doc.errors():
        kind = e["kind"]
        status = {
            "missed": "miss",
            "false alarm": "false",
            "boundary": "boundary",
            "attribute": "attr",
        }[kind]
        gold_cell = pred_cell = ""
        if e["gold"] is not None:
            gold_cell = (
                f'<a href="#d{doc_index}-g{e["gold_index"]}">{_esc(_clip(e["gold"]["text"]))}</a>'
            )
        if e["pred"] is not None:
            pred_cell = (
                f'<a href="#d{doc_index}-p{e["pred_index"]}">{_esc(_clip(e["pred"]["text"]))}</a>'
            )
        detail = ""
        if kind == "attribute":
            detail = "; ".join(
                f"{name}: gold {json.dumps(v['gold'], ensure_ascii=False)}, "
                f"pred {json.dumps(v['pred'], ensure_ascii=False)}"
                for name, v in e["attributes"].items()
            )
        label = e["label"]
        rows.append(
            f'<tr class="err l-{_label_class(label)} k-{status}" data-label="{_esc(_label_class(label))}">'
            f'<td>{_esc(label)}</td><td><span class="b st-{status}">{_esc(kind)}</span></td>'
            f"<td>{e['start']}</td><td>{gold_cell}</td><td>{pred_cell}</td><td>{_esc(detail)}</td></tr>"
        )
    return rows


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _document_section(doc: DocumentScore, index: int) -> str:
    m = doc.matching
    gold_status, pred_status, g2p, p2g = _statuses(doc)
    gold_partners = [m.pred[g2p[i]] if i in g2p else None for i in range(len(m.gold))]
    pred_partners = [m.gold[p2g[i]] if i in p2g else None for i in range(len(m.pred))]
    micro = doc.summary().micro()
    sp, sr, sf = micro.strict_prf()
    of = micro.overlap_prf()[2]
    rows = _error_rows(doc, index)
    errors = (
        "<details open><summary>"
        f'{len(rows)} errors</summary><div class="errwrap"><table class="errors"><tr><th>label</th><th>kind</th>'
        "<th>offset</th><th>gold</th><th>pred</th><th>attributes</th></tr>"
        + "".join(rows)
        + "</table></div></details>"
        if rows
        else '<p class="docscores">no errors</p>'
    )
    gold_html = _render_text(doc.text, m.gold, gold_status, "gold", index, gold_partners)
    pred_html = _render_text(doc.text, m.pred, pred_status, "pred", index, pred_partners)
    return (
        f'<article class="doc" data-doc="{index}" id="doc-{index}">'
        f"<h2>{_esc(doc.id)}</h2>"
        f'<p class="docscores">gold {micro.gold}, pred {micro.pred}; strict P {sp:.3f} R {sr:.3f} '
        f"F1 {sf:.3f}; overlap F1 {of:.3f}</p>{errors}"
        '<div class="cols">'
        f'<div class="col gold"><h3>gold</h3><div class="text">{gold_html}</div></div>'
        f'<div class="col pred"><h3>predicted</h3><div class="text">{pred_html}</div></div>'
        "</div></article>"
    )


def _label_css(labels: list[str]) -> str:
    rules = []
    for status, (colour, _) in STATUS_STYLES.items():
        rules.append(f".st-{status}{{background:{colour}}}")
    for label in labels:
        cls = _label_class(label)
        colour = LABEL_COLOURS.get(label, _OTHER_LABEL_COLOUR)
        rules.append(f".m.l-{cls}{{border-bottom-color:{colour}}}")
        rules.append(
            f"body.hide-{cls} .m.l-{cls}{{background:transparent!important;"
            f"border-bottom-color:transparent!important}}"
        )
        rules.append(f"body.hide-{cls} .b.l-{cls}{{display:none}}")
    return "\n".join(rules)


def render_html(evaluation: Evaluation) -> str:
    """The whole page as one string (UTF-8, no external resources)."""
    ev = evaluation
    labels = list(ev.summary.labels)
    source = "extracted from gold texts" if ev.extracted else f"pred {ev.pred_path}"
    title = f"reportminer evaluation: {ev.gold_path}"
    checkboxes = "".join(
        f'<label><input type="checkbox" class="label-filter" value="{_esc(_label_class(lb))}" checked>'
        f' <span style="border-bottom:2px solid {LABEL_COLOURS.get(lb, _OTHER_LABEL_COLOUR)}">{_esc(lb)}</span></label>'
        for lb in labels
    )
    options = '<option value="all">all documents</option>' + "".join(
        f'<option value="{i}">{_esc(doc.id)}</option>' for i, doc in enumerate(ev.documents)
    )
    legend = "".join(
        f'<span class="st-{status}">{_esc(text)}</span>'
        for status, (_, text) in STATUS_STYLES.items()
    )
    scores = "\n".join(summary_table(ev.summary) + [""] + attribute_lines(ev.summary))
    unscored = _unscored_html(ev)
    documents = "".join(_document_section(doc, i) for i, doc in enumerate(ev.documents))
    labels_json = json.dumps([_label_class(lb) for lb in labels]).replace("</", "<\\/")
    return (
        '<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_esc(title)}</title><style>{_CSS}\n{_label_css(labels)}</style></head>"
        "<body><header>"
        f"<div><b>{_esc(ev.gold_path or 'gold')}</b> vs {_esc(source)} — "
        f"{len(ev.documents)} documents scored; visible errors: "
        '<b id="visible-errors">0</b></div>'
        f"<div>labels: {checkboxes}"
        '<button type="button" id="all-labels">all</button> '
        '<label><input type="checkbox" id="errors-only"> errors only</label> '
        f'<select id="doc-select">{options}</select></div>'
        f'<div class="legend">{legend}</div>'
        "</header><main>"
        f'<pre class="scores">{_esc(scores)}</pre>{unscored}{documents}'
        "</main>"
        f'<script type="application/json" id="rm-labels">{labels_json}</script>'
        f"<script>{_JS}</script></body></html>\n"
    )


def _unscored_html(ev: Evaluation) -> str:
    p = ev.pairing
    items = [f"text differs: {_esc(d['id'])} — {_esc(d['detail'])}" for d in p.text_differs]
    items += [f"missing in pred: {_esc(i)}" for i in p.missing_in_pred]
    items += [f"missing in gold: {_esc(i)}" for i in p.missing_in_gold]
    items += [
        f"extraction failed: {_esc(d['id'])} — {_esc(d['error'])}" for d in p.extraction_failed
    ]
    items += [f"text not found: {_esc(d['file'])}: {_esc(d['id'])}" for d in p.text_not_found]
    if not items:
        return ""
    return "<h3>Not scored</h3><ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"
