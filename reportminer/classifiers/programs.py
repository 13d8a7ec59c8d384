"""The ``program`` component: is a candidate span the name of a programme (PROGRAM)?

Candidates come from :func:`reportminer.extractors.programs.candidates`; the model is a
logistic regression over hand-made sparse features of the candidate and its context
(character 1-3-grams of the span, its first and last characters, the characters around it,
its source rule, lexicon hits). No word segmentation: features are characters, so the model
is fast and needs no jieba. Training labels a candidate positive when it is exactly a gold
PROGRAM span.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportminer.classifiers.store import load_scorer, save_model
from reportminer.rules import load_lexicon, load_records

if TYPE_CHECKING:
    from reportminer.extractors.programs import Candidate

FEATURES_VERSION = 5
DEFAULT_THRESHOLD = 0.5
# Width of the hashed feature space (the saved model stays well under 1 MB).
_HASH_FEATURES = 2**16
# Score given to a candidate listed in program_names.txt, whatever the model says.
_LEXICON_SCORE = 0.95
# Honour-title endings (文明户, 示范村, 先进集体 ...): a strong hint that a quoted span is an
# HONOR, not a programme.
_HONOR_ENDINGS = (
    "户",
    "家庭",
    "社区",
    "单位",
    "村",
    "镇",
    "城市",
    "模范",
    "标兵",
    "先进",
    "集体",
    "之星",
    "好人",
    "卫士",
    "岗",
    "楼院",
    "邻里",
    "媳妇",
    "婆婆",
    "儿媳",
)


def candidate_features(text: str, start: int, end: int, source: str, repeats: int = 1) -> list[str]:
    """Sparse features of the candidate text[start:end] found by rule ``source``;
    ``repeats`` is how often the same string is a candidate in the report (names recur,
    descriptions vary). Runs for every candidate of every report, so it is kept lean."""
    words = _word_sets()
    span = text[start:end]
    size = len(span)
    quoted = source == "quote"
    left_edge = start - 1 if quoted else start
    right_edge = end + 1 if quoted else end
    left = text[max(0, left_edge - _CONTEXT) : max(0, left_edge)]
    right = text[right_edge : right_edge + _CONTEXT]
    length = _length_bucket(size)
    repeated = min(repeats, 3)
    tokens = [
        "src:" + source,
        "b1:" + span[:1],
        "b2:" + span[:2],
        "e1:" + span[-1:],
        "e2:" + span[-2:],
        "e3:" + span[-3:],
        "len:" + length,
        *map("c1:".__add__, span),
        "l1:" + left[-1:] if left else "l1:^",
        "r1:" + right[:1] if right else "r1:$",
        *map("c2:".__add__, map(str.__add__, span, span[1:])),
        "l2:" + left[-2:] if len(left) >= 2 else "l2:^",
        "r2:" + right[:2] if len(right) >= 2 else "r2:$",
        *["c3:" + span[i : i + 3] for i in range(size - 2)],
        "l3:" + left[-3:] if len(left) >= 3 else "l3:^",
        "r3:" + right[:3] if len(right) >= 3 else "r3:$",
    ]
    numerals = sum(map(_CN_NUMERALS.__contains__, span))
    if numerals:
        # Numbered abbreviations (三会一课, 六进社区, 一事一议) are a common shape of names.
        tokens += (f"cnum:{min(numerals, 3)}", "cnum_len:" + length, "cnum_src:" + source)
    tokens += (f"rep:{repeated}", f"src_rep:{source}:{repeated}")
    if any(map(str.isdigit, span)):
        tokens.append("has:digit")
    if "," in span:
        tokens.append("has:comma")
    if "、" in span:
        tokens.append("has:dun")
    if "“" in span:
        tokens.append("has:quote")
    if span in words["names"]:
        tokens.append("lex:program")
    if span in words["not_names"]:
        tokens.append("lex:not")
    if span.endswith(_HONOR_ENDINGS):
        tokens.append("honor_ending")
    if _is_honor_title(span):
        tokens.append("honor_title")
    left_words, suffixes, trailers = words["left"], words["suffixes"], words["trailers"]
    left_word = right_word = None
    for k in range(1, _CONTEXT + 1):
        if len(left) >= k and left[-k:] in left_words:
            left_word = left[-k:]
            tokens.append("lb:" + left_word)
        if span[-k:] in suffixes:
            tokens.append("suf:" + span[-k:])
        if len(right) >= k and right[:k] in trailers:
            right_word = right[:k]
            tokens.append("trail:" + right_word)
    tokens.append("lk:" + _edge_kind(left[-1:], left_word is not None))
    right_kind = "rk:" + _edge_kind(right[:1], right_word is not None)
    tokens.append(right_kind)
    core = span.strip("“”")
    if any(core[:k] in left_words for k in range(2, _CONTEXT + 1)):
        tokens.append("starts_with_verb")
    if quoted:
        tokens.extend(["q" + t for t in tokens[:7]])
        tokens.append("q" + right_kind)
    return tokens


# Characters of context each side (also the longest boundary/suffix/trailer word looked up).
_CONTEXT = 4
_CN_NUMERALS = frozenset("一二三四五六七八九十百千万两")
_PUNCT = frozenset("。,;:!?、()《》\n “”…—")


@cache
def _word_sets() -> dict[str, frozenset[str]]:
    return {
        "names": load_lexicon("program_names.txt"),
        "not_names": load_lexicon("program_not_names.txt"),
        "left": load_lexicon("program_left_boundaries.txt"),
        "suffixes": load_lexicon("program_suffixes.txt"),
        "trailers": load_lexicon("program_followers.txt"),
    }


def _edge_kind(char: str, next_to_word: bool) -> str:
    """What touches the candidate on one side: text edge, punctuation, a boundary verb
    (left) or trailer word (right), or other characters (a cut through a word)."""
    if not char:
        return "edge"
    if char in _PUNCT:
        return "punct"
    if next_to_word:
        return "word"
    return "han" if "\u4e00" <= char <= "\u9fff" else "other"


def _length_bucket(length: int) -> str:
    for limit, name in ((2, "2"), (4, "3-4"), (6, "5-6"), (10, "7-10"), (16, "11-16")):
        if length <= limit:
            return name
    return "17+"


@cache
def _honor_suffixes() -> tuple[str, ...]:
    """Honour-title endings (文明社区, 卫生村 ...), shared with the HONOR extractor."""
    return tuple(row["suffix"] for row in load_records("honor_suffixes.tsv"))


def _is_honor_title(surface: str) -> bool:
    """An honour title, or a campaign named after one (创建“文明社区”): never a PROGRAM
    (ANNOTATION.md)."""
    return surface.endswith(_honor_suffixes())


def features_for(text: str, found: Sequence[Candidate]) -> list[list[str]]:
    """Features of every candidate of one report (one batch)."""
    from collections import Counter

    repeats = Counter(text[c.start : c.end] for c in found)
    return [
        candidate_features(text, c.start, c.end, c.source, repeats[text[c.start : c.end]])
        for c in found
    ]


def rule_scores(text: str, found: Sequence[Candidate]) -> list[float]:
    """Scores without a model: established names, and quoted names that a programme word
    ends or that are followed by 活动/工程/行动/为载体…; never doctrines or honour titles."""
    names = load_lexicon("program_names.txt")
    not_names = load_lexicon("program_not_names.txt")
    suffixes = tuple(load_lexicon("program_suffixes.txt"))
    cues = ("活动", "工程", "行动", "为载体", "为抓手", "工作", "战略", "责任制", "制度")
    scores = []
    for cand in found:
        span = text[cand.start : cand.end]
        after = text[cand.end + 1 : cand.end + 4] if cand.quoted else ""
        if span in not_names or span.endswith(_HONOR_ENDINGS) or _is_honor_title(span):
            scores.append(0.0)
        elif span in names:
            scores.append(1.0)
        elif cand.quoted and (span.endswith(suffixes) or after.startswith(cues)):
            scores.append(0.8)
        else:
            scores.append(0.0)
    return scores


def _inside_longer(cand: Candidate, spans: list[tuple[int, int]]) -> bool:
    return any(
        a <= cand.start and cand.end <= b and (a, b) != (cand.start, cand.end) for a, b in spans
    )


def score_candidates(text: str, found: Sequence[Candidate]) -> tuple[list[float], float]:
    """(probability per candidate, threshold): one batched model call per report."""
    model = load_scorer("program")
    if model is None:
        return rule_scores(text, found), DEFAULT_THRESHOLD
    probabilities = model.predict_proba(features_for(text, found))[:, 1]
    names = load_lexicon("program_names.txt")
    not_names = load_lexicon("program_not_names.txt")
    quoted = [(c.start, c.end) for c in found if c.quoted]
    scores = []
    for cand, probability in zip(found, probabilities, strict=True):
        # The lexicons are decisions already made: established names in, doctrines out;
        # but a listed name inside a longer quoted name (“门前五包、门内达标”) is the
        # classifier's call.
        if cand.surface in not_names or _is_honor_title(cand.surface):
            scores.append(0.0)
        elif cand.surface in names and not _inside_longer(cand, quoted):
            scores.append(max(float(probability), _LEXICON_SCORE))
        else:
            scores.append(float(probability))
    return scores, float(getattr(model, "threshold", DEFAULT_THRESHOLD))


def build_model(c: float = 1.0) -> Any:
    """Hashed binary features (hashing is vectorised C code: one fast call per report)
    into a class-balanced logistic regression."""
    from sklearn.feature_extraction import FeatureHasher
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    model = Pipeline(
        [
            (
                "features",
                FeatureHasher(n_features=_HASH_FEATURES, input_type="string", alternate_sign=False),
            ),
            (
                "clf",
                LogisticRegression(
                    C=c, class_weight="balanced", solver="liblinear", max_iter=300, random_state=0
                ),
            ),
        ]
    )
    model.features_version = FEATURES_VERSION  # type: ignore[attr-defined]
    model.threshold = DEFAULT_THRESHOLD  # type: ignore[attr-defined]
    return model


def _report_ranges(doc: dict[str, Any], to_norm: Any, length: int) -> list[tuple[int, int]]:
    ranges = [
        (to_norm(s["start"]), to_norm(s["end"])) for s in doc["spans"] if s["label"] == "REPORT"
    ]
    return ranges or [(0, length)]


def examples(
    docs: Sequence[dict[str, Any]],
) -> tuple[list[list[str]], list[int], list[dict[str, Any]]]:
    """Features and labels of every candidate in the documents, plus per-document data
    for span-level scoring (candidates, gold spans, normalised text)."""
    from reportminer.extractors.programs import candidates
    from reportminer.normalise import normalise

    features: list[list[str]] = []
    labels: list[int] = []
    per_doc: list[dict[str, Any]] = []
    for doc in docs:
        norm = normalise(doc["text"])
        deleted = norm.offsets.deleted

        def to_norm(offset: int, deleted: tuple[int, ...] = deleted) -> int:
            return offset - bisect_left(deleted, offset)

        gold = {
            (to_norm(s["start"]), to_norm(s["end"]))
            for s in doc["spans"]
            if s["label"] == "PROGRAM"
        }
        found = []
        for a, b in _report_ranges(doc, to_norm, len(norm.text)):
            in_report = candidates(norm.text, a, b)
            features.extend(features_for(norm.text, in_report))
            found.extend(in_report)
        labels.extend(int((cand.start, cand.end) in gold) for cand in found)
        per_doc.append({"text": norm.text, "candidates": found, "gold": gold})
    return features, labels, per_doc


def _span_counts(
    model: Any, per_doc: list[dict[str, Any]], threshold: float
) -> tuple[int, int, int]:
    from reportminer.extractors.programs import select

    tp = fp = fn = 0
    for doc in per_doc:
        found = doc["candidates"]
        probabilities: list[float] = []
        if found:
            features = features_for(doc["text"], found)
            probabilities = [float(p) for p in model.predict_proba(features)[:, 1]]
        chosen = {(p.start, p.end) for p in select(found, probabilities, threshold)}
        tp += len(chosen & doc["gold"])
        fp += len(chosen - doc["gold"])
        fn += len(doc["gold"] - chosen)
    return tp, fp, fn


def span_scores(model: Any, per_doc: list[dict[str, Any]], threshold: float) -> dict[str, Any]:
    """Strict span P/R/F1 of the full extractor (candidates + model + selection)."""
    tp, fp, fn = _span_counts(model, per_doc, threshold)
    reachable = sum(
        len({(c.start, c.end) for c in doc["candidates"]} & doc["gold"]) for doc in per_doc
    )
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    gold_total = tp + fn
    return {
        "span_precision": round(precision, 4),
        "span_recall": round(recall, 4),
        "span_f1": round(f1, 4),
        "gold_spans": gold_total,
        "candidate_recall": round(reachable / gold_total, 4) if gold_total else None,
    }


_THRESHOLDS = (0.4, 0.5, 0.6, 0.7, 0.8)
_MIN_CV_DOCS = 10


def _cv_threshold(
    features: list[list[str]], labels: list[int], per_doc: list[dict[str, Any]], folds: int = 5
) -> tuple[float, float | None]:
    """(threshold, span F1) for the threshold with the best span F1 in a document-wise
    cross-validation over the training documents (the dev documents stay untouched).
    Too few documents for folds to mean anything keep the default."""
    if len(per_doc) < _MIN_CV_DOCS:
        return DEFAULT_THRESHOLD, None
    bounds = [0]
    for doc in per_doc:
        bounds.append(bounds[-1] + len(doc["candidates"]))
    counts = {t: [0, 0, 0] for t in _THRESHOLDS}  # tp, fp, fn
    for fold in range(folds):
        train_idx = [i for i in range(len(per_doc)) if i % folds != fold]
        test_docs = [per_doc[i] for i in range(len(per_doc)) if i % folds == fold]
        x = [features[j] for i in train_idx for j in range(bounds[i], bounds[i + 1])]
        y = [labels[j] for i in train_idx for j in range(bounds[i], bounds[i + 1])]
        if len(set(y)) < 2 or not test_docs:
            continue
        model = build_model()
        model.fit(x, y)
        for threshold in _THRESHOLDS:
            tp, fp, fn = _span_counts(model, test_docs, threshold)
            counts[threshold][0] += tp
            counts[threshold][1] += fp
            counts[threshold][2] += fn

    def f1(c: list[int]) -> float:
        return 2 * c[0] / (2 * c[0] + c[1] + c[2]) if c[0] else 0.0

    best = max(_THRESHOLDS, key=lambda t: (f1(counts[t]), -abs(t - DEFAULT_THRESHOLD)))
    return best, round(f1(counts[best]), 4)


def train(
    train_docs: Sequence[dict[str, Any]], dev_docs: Sequence[dict[str, Any]], out_dir: Path
) -> dict[str, Any]:
    """Fit the candidate classifier on ``train_docs``, score it on ``dev_docs``, save it."""
    x_train, y_train, train_per_doc = examples(train_docs)
    if len(set(y_train)) < 2:
        raise ValueError("program needs PROGRAM spans (and candidates that are not) to train")
    best = _cv_threshold(x_train, y_train, train_per_doc)
    model = build_model()
    model.fit(x_train, y_train)
    model.threshold = best[0]  # type: ignore[attr-defined]
    scores: dict[str, Any] = {
        "train_docs": len(train_docs),
        "dev_docs": len(dev_docs),
        "train_candidates": len(y_train),
        "train_positives": int(sum(y_train)),
        "threshold": best[0],
        "train_cv_span_f1": best[1],
    }
    if dev_docs:
        x_dev, y_dev, dev_per_doc = examples(dev_docs)
        scores["dev_candidates"] = len(y_dev)
        scores.update({f"dev_{k}": v for k, v in span_scores(model, dev_per_doc, best[0]).items()})
    data = json.dumps([x_train, y_train], ensure_ascii=False).encode("utf-8")
    extra = {
        "train_ids": sorted(str(d.get("id", "")) for d in train_docs),
        "dev_ids": sorted(str(d.get("id", "")) for d in dev_docs),
    }
    save_model("program", model, out_dir=out_dir, train_data=data, dev_scores=scores, extra=extra)
    return scores
