"""Corpus overview: counts over many results, as a text summary, a JSON file and PNG plots.

Plots are drawn with matplotlib's Agg backend (no display needed). Chinese labels need a CJK
font: the first installed one of ``CJK_FONTS`` is used (Debian: ``fonts-noto-cjk``); without
one the plots are still written, the summary says why their Chinese labels show as boxes.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportminer.outputs.results import ITEM_LABELS, flatten

log = logging.getLogger(__name__)

CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "AR PL UMing CN",
    "Droid Sans Fallback",
)
CJK_FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)
TOP_N = 20
PLOT_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2")


@dataclass(slots=True)
class CorpusStats:
    documents: int = 0
    errors: int = 0
    reports: int = 0
    characters: int = 0
    labels: Counter[str] = field(default_factory=Counter)
    figure_kinds: Counter[str] = field(default_factory=Counter)
    figure_units: Counter[str] = field(default_factory=Counter)
    figures_masked: int = 0
    honour_levels: Counter[str] = field(default_factory=Counter)
    honour_statuses: Counter[str] = field(default_factory=Counter)
    honour_level_status: Counter[tuple[str, str]] = field(default_factory=Counter)
    programmes: Counter[str] = field(default_factory=Counter)
    genres: Counter[str] = field(default_factory=Counter)
    heading_roles: Counter[str] = field(default_factory=Counter)
    error_causes: Counter[str] = field(default_factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "errors": self.errors,
            "reports": self.reports,
            "characters": self.characters,
            "labels": {label: self.labels.get(label, 0) for label in ("REPORT", *ITEM_LABELS)},
            "figures_by_kind": dict(self.figure_kinds.most_common()),
            "figures_by_unit": dict(self.figure_units.most_common()),
            "figures_masked": self.figures_masked,
            "honours_by_level": dict(self.honour_levels.most_common()),
            "honours_by_status": dict(self.honour_statuses.most_common()),
            "honours_by_level_and_status": {
                f"{lv}/{st}": n for (lv, st), n in sorted(self.honour_level_status.items())
            },
            "top_programmes": dict(self.programmes.most_common(TOP_N)),
            "reports_by_genre": dict(self.genres.most_common()),
            "headings_by_role": dict(self.heading_roles.most_common()),
            "error_causes": dict(self.error_causes.most_common()),
        }


def collect(results: Iterable[Any]) -> CorpusStats:
    stats = CorpusStats()
    for result in results:
        flat = flatten(result)
        if flat.status != "ok":
            stats.errors += 1
            stats.error_causes[str(flat.raw.get("cause") or flat.raw.get("error") or "?")] += 1
            continue
        stats.documents += 1
        length = flat.raw.get("text_length")
        stats.characters += length if isinstance(length, int) else len(flat.text or "")
        for report in flat.reports:
            stats.reports += 1
            stats.labels["REPORT"] += 1
            stats.genres[str(report.get("genre") or "other")] += 1
        for item in flat.items:
            data = item.data
            stats.labels[item.label] += 1
            if item.label == "FIGURE":
                stats.figure_kinds[str(data.get("kind") or "other")] += 1
                stats.figure_units[str(data.get("unit") or "(none)")] += 1
                stats.figures_masked += bool(data.get("masked"))
            elif item.label == "HONOR":
                level = str(data.get("level") or "(none)")
                status = str(data.get("status") or "other")
                stats.honour_levels[level] += 1
                stats.honour_statuses[status] += 1
                stats.honour_level_status[(level, status)] += 1
            elif item.label == "PROGRAM":
                stats.programmes[str(data.get("text") or "")] += 1
            elif item.label == "HEADING":
                stats.heading_roles[str(data.get("role") or "other")] += 1
    return stats


def summary_text(stats: CorpusStats, font_note: str | None = None) -> str:
    data = stats.to_dict()
    lines = [
        "reportminer corpus overview",
        f"documents: {stats.documents}   errors: {stats.errors}   reports: {stats.reports}   "
        f"characters: {stats.characters:,}",
        "",
        "items per label:",
        *(f"  {label:<9}{count:>8}" for label, count in data["labels"].items()),
    ]

    def block(title: str, counter: dict[str, Any], limit: int = TOP_N) -> None:
        lines.extend(["", f"{title}:"])
        if not counter:
            lines.append("  (none)")
        for key, count in list(counter.items())[:limit]:
            lines.append(f"  {_pad(key, 16)}{count:>8}")

    block("figures by kind", data["figures_by_kind"])
    block("figures by unit (top 20)", data["figures_by_unit"])
    lines.append(f"  masked figures: {stats.figures_masked}")
    block("honours by level", data["honours_by_level"])
    block("honours by status", data["honours_by_status"])
    block("top programmes", data["top_programmes"])
    block("reports by genre", data["reports_by_genre"])
    block("headings by role", data["headings_by_role"])
    if stats.errors:
        block("errors", data["error_causes"])
    if font_note:
        lines.extend(["", f"note: {font_note}"])
    return "\n".join(lines) + "\n"


def _pad(text: str, width: int) -> str:
    """Left-align by display width: a Chinese character takes two columns in a terminal."""
    import unicodedata

    shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(1, width - shown)


def write_stats(results: Iterable[Any], out_dir: str | Path) -> list[Path]:
    """Write summary.txt, stats.json and the PNG plots into ``out_dir``; returns the paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stats = collect(results)
    plots, font_note = _plots(stats, out)
    summary = out / "summary.txt"
    summary.write_text(summary_text(stats, font_note), encoding="utf-8")
    data_path = out / "stats.json"
    data_path.write_text(
        json.dumps(stats.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return [summary, data_path, *plots]


def cjk_font_name() -> str | None:
    """The family name of an installed CJK font, registering known files with matplotlib."""
    from matplotlib import font_manager

    available = {font.name for font in font_manager.fontManager.ttflist}
    for name in CJK_FONTS:
        if name in available:
            return name
    for path in CJK_FONT_FILES:  # installed after matplotlib built its font cache
        if Path(path).exists():
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError) as exc:
                log.warning("cannot load font %s: %s", path, exc)
                continue
            return font_manager.FontProperties(fname=path).get_name()
    return None


def _plots(stats: CorpusStats, out: Path) -> tuple[list[Path], str | None]:
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    font = cjk_font_name()
    note = None
    rc: dict[str, Any] = {"axes.unicode_minus": False, "figure.dpi": 100}
    if font is not None:
        rc["font.sans-serif"] = [font, "DejaVu Sans"]
        rc["font.family"] = "sans-serif"
    else:
        note = (
            "no CJK font found (install fonts-noto-cjk); Chinese labels in the plots show as boxes"
        )
        log.warning(note)
    data = stats.to_dict()
    charts = [
        ("labels.png", "Items per label", data["labels"], "bar"),
        ("figures_by_kind.png", "Figures by kind", data["figures_by_kind"], "bar"),
        (
            "figures_by_unit.png",
            "Figures by unit (top 20)",
            dict(list(data["figures_by_unit"].items())[:TOP_N]),
            "barh",
        ),
        ("reports_by_genre.png", "Reports by genre", data["reports_by_genre"], "bar"),
        ("top_programmes.png", "Top programmes", data["top_programmes"], "barh"),
    ]
    written = []
    import warnings

    with plt.rc_context(rc), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        for name, title, counts, kind in charts:
            path = out / name
            _bar_chart(plt, path, title, counts, kind)
            written.append(path)
        path = out / "honours.png"
        _honour_chart(plt, path, stats)
        written.append(path)
    return written, note


def _bar_chart(plt: Any, path: Path, title: str, counts: dict[str, int], kind: str) -> None:
    labels = list(counts)
    values = [counts[k] for k in labels]
    height = 4.5 if kind == "bar" else max(3.0, 0.35 * len(labels) + 1.2)
    fig, ax = plt.subplots(figsize=(8, height))
    if not labels:
        ax.text(0.5, 0.5, "no data", ha="center", va="center", fontsize=14)
        ax.set_axis_off()
    elif kind == "bar":
        bars = ax.bar(
            labels, values, color=[PLOT_COLOURS[i % len(PLOT_COLOURS)] for i in range(len(labels))]
        )
        ax.bar_label(bars, fontsize=9)
        ax.set_ylabel("count")
        plt.setp(
            ax.get_xticklabels(),
            rotation=30 if len(labels) > 5 else 0,
            ha="right" if len(labels) > 5 else "center",
        )
    else:
        positions = list(range(len(labels)))[::-1]
        bars = ax.barh(positions, values, color=PLOT_COLOURS[0])
        ax.set_yticks(positions, labels)
        ax.bar_label(bars, fontsize=9)
        ax.set_xlabel("count")
    _integer_axes(ax)
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def _honour_chart(plt: Any, path: Path, stats: CorpusStats) -> None:
    """Honours by level, stacked by status: which tiers are won, granted or sought."""
    levels = [
        lv
        for lv in ("national", "province", "city", "county", "township", "unit", "(none)")
        if stats.honour_levels.get(lv)
    ]
    levels += [lv for lv in stats.honour_levels if lv not in levels]
    statuses = [
        st for st in ("received", "granted", "sought", "other") if stats.honour_statuses.get(st)
    ]
    statuses += [st for st in stats.honour_statuses if st not in statuses]
    fig, ax = plt.subplots(figsize=(8, 4.5))
    if not levels:
        ax.text(0.5, 0.5, "no honours", ha="center", va="center", fontsize=14)
        ax.set_axis_off()
    else:
        bottoms = [0] * len(levels)
        for number, status in enumerate(statuses):
            values = [stats.honour_level_status.get((lv, status), 0) for lv in levels]
            ax.bar(
                levels,
                values,
                bottom=bottoms,
                label=status,
                color=PLOT_COLOURS[number % len(PLOT_COLOURS)],
            )
            bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
        ax.legend(title="status")
        ax.set_ylabel("count")
    _integer_axes(ax)
    ax.set_title("Honours by level and status")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def _integer_axes(ax: Any) -> None:
    from matplotlib.ticker import MaxNLocator

    if ax.get_xlabel() == "count":
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.margins(x=0.08)  # room for the bar labels
    if ax.get_ylabel() == "count":
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.margins(y=0.08)
