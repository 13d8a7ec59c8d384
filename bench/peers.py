"""Run reportminer on the peer test cases of Chinese number tools (../shared/numbers-dev).

    python bench/peers.py [--data DIR] [--list]

Two measures per suite:
- values: ``parse_figure`` on each expected surface, value compared with the peer's gold;
- spans: extraction (``find_figures`` over the normalised sentence) on ``mode: extract``
  cases: a gold result passes when a figure we find overlaps it with the same value, a
  negative passes when we find nothing.

Where a suite's convention conflicts with ANNOTATION.md, ANNOTATION.md wins: such cases are
set aside by rule-based categories (``conflict_reason``), counted and listed with ``--list``;
pass rates are over the cases that apply.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import regex

from reportminer.extractors.figures import find_figures, parse_figure
from reportminer.normalise import normalise

DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "numbers-dev"
if not DEFAULT_DATA.exists():
    DEFAULT_DATA = Path("/work/shared/numbers-dev")

# units a peer converts to (duckling grams, cents) while ANNOTATION.md keeps the written unit
_WEIGHT_WORDS = regex.compile(r"[斤两兩]|公斤|千克|毫克|磅|盎司|kg|mg")
_SUB_UNIT_MONEY = regex.compile(
    r"[元圆块塊美][零〇]?[0-9一二三四五六七八九]+[角毛分]?|[角毛]|美分|銭|块[零〇]"
)
_COLLOQUIAL_METRE = regex.compile(r"(?:^|[一二三四五六七八九两])米[一二三四五六七八九]")
_CANTONESE_FRACTION = regex.compile(r"[一二三四五六七八九十][份分][一二三四五六七八九十]")
_SPOON = regex.compile(r"匙")
_EXPONENT = regex.compile(r"\^|[0-9]e[0-9]")
_C2D_ODD = regex.compile(r"%万|[0-9]+[十百千]万|^万[一二三四五六七八九]")
_SUB_YUAN = regex.compile(r"[分角毛仙毫]")
_CANTONESE = regex.compile(r"[蚊個]|仙|毫子")
_DOZEN_PAIR = regex.compile(r"[打对對双雙]")
_VAGUE = regex.compile(r"[几幾数數]")
_HALF = regex.compile(r"半")
_APPROX_TO_RANGE = regex.compile(r"[多余餘]")


def conflict_reason(case: dict[str, Any], result: dict[str, Any], mode: str) -> str | None:
    """Why a gold result follows a convention ANNOTATION.md does not, or None."""
    text = result.get("text") or ""
    source = case["id"].split("/")[0]
    unit = result.get("unit")
    value = result.get("value")
    if case.get("category") == "ordinal" and text.startswith("第"):
        return "ordinal: not a FIGURE (ANNOTATION.md exclusions); the peer resolves 第X"
    if source == "duckling" and unit == "g" and _WEIGHT_WORDS.search(text):
        return "unit conversion: duckling normalises weights to grams; ANNOTATION keeps 斤/公斤"
    if (
        case.get("category") in ("money", "mixed", "number")
        and _SUB_UNIT_MONEY.search(text)
        and regex.search(r"[元圆块塊角毛分銭]", text)
        and not text.endswith(("万元", "亿元"))
    ):
        if regex.search(r"[角毛分銭]|块[零〇]?[一二三四五六七八九]$|美分", text):
            return (
                "sub-unit money (角/分/毛, 块零四, 美分): reports state 元/万元; no ANNOTATION rule"
            )
    if source == "duckling" and case.get("category") == "money" and _SUB_YUAN.search(text):
        return "sub-unit money (分/毫 cents converted to yuan): reports state 元/万元"
    if _COLLOQUIAL_METRE.search(text):
        return "colloquial length 米九 / 三米九 (1.9 m): spoken form, not report language"
    if source == "duckling" and _CANTONESE_FRACTION.search(text) and "分之" not in text:
        return "Cantonese fraction 二份一 / 三分一 (= 1/2, 1/3): outside report language"
    if _SPOON.search(text):
        return "unit conversion: spoons converted to millilitres; ANNOTATION keeps the unit"
    if _EXPONENT.search(text):
        return "exponent notation (2^-1, 1e13): not a report figure form"
    if "打" in text and case.get("category") == "number":
        return "dozen word 打 read as 12: a classifier in reports"
    if _HALF.search(text) and not regex.search(r"[0-9一二三四五六七八九十][^半]*半$", text):
        return "半 as a number (半, 一半, 半百): not a figure form of reports"
    if _CANTONESE.search(text) and source == "duckling":
        return "Cantonese money words (蚊/仙/個半): outside report language"
    if source == "duckling" and case.get("category") == "number" and _DOZEN_PAIR.search(text):
        return "dozen/pair words (打/对/双) read as 12/2: a classifier, not a number, in reports"
    if _VAGUE.search(text):
        return "vague amount (几/数): not a FIGURE in ANNOTATION.md"
    if isinstance(value, dict) and _APPROX_TO_RANGE.search(text):
        return "qualifier 多/余 read as a range; ANNOTATION: base value with approx=over"
    if source == "chinese2digits" and (_c2d_specific(result) or _C2D_ODD.search(text)):
        return "chinese2digits-specific reading (三零万, 300十万, 万三, 百四)"
    if source == "jionlp" and "八到九百亿" in text:
        return "documented ambiguity 八到九百亿 (JioNLP [8亿, 900亿])"
    if mode == "extract" and regex.match(r"^[一壹][^0-9一二三四五六七八九十百千万亿点]", text):
        return "一 + classifier with no scale: an article, not a count (ANNOTATION.md exclusions)"
    if mode == "extract" and _bare_numeral(case, result):
        return "bare numeral with no unit: ANNOTATION.md figures count or measure something"
    if (
        source == "microsoft-recognizers-text"
        and "点" in case["input"]
        and mode == "extract"
        and regex.search(r"[两兩]百点[两兩]", case["input"])
    ):
        return "RT splits 两百点两 into two numbers; read as one decimal"
    return None


def _c2d_specific(result: dict[str, Any]) -> bool:
    text = result.get("c2d_text") or ""
    return bool(
        regex.search(r"[零〇][万亿千百]|[0-9]+[十百千]万|^[万千百][一二三四五六七八九]", text)
    )


def _bare_numeral(case: dict[str, Any], result: dict[str, Any]) -> bool:
    """A Chinese numeral standing alone in a sentence (no unit follows it)."""
    end = result.get("end", 0)
    following = case["input"][end : end + 1]
    text = result.get("text") or ""
    chinese = not regex.search(r"[0-9]", text)
    return result.get("unit") is None and chinese and not following.strip("%％")[:1].isdigit()


def _gold_numbers(case: dict[str, Any], result: dict[str, Any]) -> list[Decimal] | None:
    value = result.get("value")
    if value is None:
        return None
    if isinstance(value, dict):
        bounds = [value.get("lo"), value.get("hi")]
        numbers = [Decimal(str(b)) for b in bounds if b is not None]  # open bound: the bound
    else:
        numbers = [Decimal(str(value))]
    return numbers


def _our_numbers(fig: Any, case: dict[str, Any], result: dict[str, Any]) -> list[Decimal] | None:
    value = fig.value
    if value is None:
        return None
    values = value if isinstance(value, list) else [value]
    numbers = [Decimal(str(v)) for v in values]
    if fig.kind == "percent" and case.get("percent_convert"):
        divisor = Decimal({"‰": 1000, "‱": 10000, "ppm": 10**6}.get(fig.unit or "", 100))
        numbers = [n / divisor for n in numbers]
    elif fig.unit == "‰" and result.get("unit") == "%":
        numbers = [n / 10 for n in numbers]
    elif fig.unit == "‱":
        numbers = [n / 100 for n in numbers]
    elif fig.unit == "ppm":
        numbers = [n / 10000 for n in numbers]
    return numbers


def _same(ours: list[Decimal] | None, gold: list[Decimal] | None, result: dict[str, Any]) -> bool:
    if ours is None or gold is None:
        return False
    if len(gold) == 1 and len(ours) == 2:
        return False
    if len(gold) == 2 and gold[0] == gold[1]:
        gold = gold[:1]  # 等于1535: a closed interval of one point
    if len(ours) != len(gold):
        return False
    return all(
        abs(a - b) <= Decimal("1e-6") * max(Decimal(1), abs(b))
        for a, b in zip(ours, gold, strict=True)
    )


def run(data: Path, show: bool) -> int:
    value_stats: dict[str, Counter[str]] = defaultdict(Counter)
    span_stats: dict[str, Counter[str]] = defaultdict(Counter)
    conflicts: list[tuple[str, str, str]] = []
    failures: list[str] = []
    for path in sorted(data.glob("*/*.jsonl")):
        suite = f"{path.parent.name}/{path.name}"
        for line in path.open(encoding="utf-8"):
            case = json.loads(line)
            if case.get("score") is False:
                continue
            # values: parse_figure on each expected surface
            for result in case["results"]:
                if result.get("value") is None or case.get("values_known") is False:
                    continue
                reason = conflict_reason(case, result, "whole")
                if reason:
                    value_stats[suite]["conflict"] += 1
                    conflicts.append((suite, result["text"], reason))
                    continue
                fig = parse_figure(result["text"])
                ok = fig is not None and _same(
                    _our_numbers(fig, case, result), _gold_numbers(case, result), result
                )
                value_stats[suite]["pass" if ok else "fail"] += 1
                if not ok:
                    got = None if fig is None else (fig.value, fig.unit)
                    failures.append(
                        f"VALUE {suite} {result['text']!r} gold={result['value']} got={got}"
                    )
            # spans: extraction on sentences
            if case.get("mode") != "extract":
                continue
            norm = normalise(case["input"])
            figures = []
            for fig in find_figures(norm.text, 0, len(norm.text), []):
                fig.start, fig.end = norm.span_to_original(fig.start, fig.end)
                figures.append(fig)
            if not case["results"]:
                if path.parent.name == "jionlp":
                    # a money extractor's negative: counts and durations are still FIGUREs
                    figures = [f for f in figures if f.kind == "money"]
                ok = not figures
                span_stats[suite]["pass" if ok else "fail"] += 1
                if not ok:
                    failures.append(
                        f"SPAN {suite} negative {case['input']!r} got "
                        f"{[case['input'][f.start : f.end] for f in figures]}"
                    )
                continue
            for result in case["results"]:
                reason = conflict_reason(case, result, "extract")
                if reason:
                    span_stats[suite]["conflict"] += 1
                    continue
                gold = _gold_numbers(case, result)
                hit = [f for f in figures if f.start < result["end"] and result["start"] < f.end]
                if gold is None:
                    ok = bool(hit)
                else:
                    ok = any(_same(_our_numbers(f, case, result), gold, result) for f in hit)
                span_stats[suite]["pass" if ok else "fail"] += 1
                if not ok:
                    failures.append(
                        f"SPAN {suite} {case['input']!r} gold={result['text']!r} got "
                        f"{[(case['input'][f.start : f.end], f.value) for f in figures]}"
                    )
    _print_table(value_stats, span_stats)
    if show:
        print("\nConflicts with ANNOTATION.md (set aside):")
        for reason, count in Counter(r for _, _, r in conflicts).most_common():
            print(f"  {count:4d}  {reason}")
        for suite, text, reason in conflicts:
            print(f"  {suite}: {text!r}: {reason}")
        print("\nFailures:")
        for failure in failures:
            print("  " + failure)
    return 0


def _rate(stats: Counter[str]) -> str:
    applies = stats["pass"] + stats["fail"]
    if not applies:
        return "     -     "
    return f"{stats['pass'] / applies:6.1%} ({stats['pass']}/{applies})"


def _print_table(value_stats: dict[str, Counter[str]], span_stats: dict[str, Counter[str]]) -> None:
    suites = sorted(set(value_stats) | set(span_stats))
    print(f"{'suite':58s} {'values':>18s} {'conflicts':>9s} {'spans':>18s} {'conflicts':>9s}")
    total_v: Counter[str] = Counter()
    total_s: Counter[str] = Counter()
    for suite in suites:
        v, s = value_stats[suite], span_stats[suite]
        total_v.update(v)
        total_s.update(s)
        print(f"{suite:58s} {_rate(v):>18s} {v['conflict']:9d} {_rate(s):>18s} {s['conflict']:9d}")
    print(
        f"{'ALL':58s} {_rate(total_v):>18s} {total_v['conflict']:9d} {_rate(total_s):>18s} "
        f"{total_s['conflict']:9d}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--list", action="store_true", help="list conflicts and failures")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"no peer data at {args.data}", file=sys.stderr)
        return 2
    return run(args.data, args.list)


if __name__ == "__main__":
    sys.exit(main())
