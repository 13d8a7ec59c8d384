#!/usr/bin/env bash
# Retrain every shipped model exactly as it was trained. Each component learns from the
# project's annotations of its label plus the larger part of the shared dev sample (split by
# document id hash, `--holdout`); the rest of dev is the dev set whose scores go into the
# model's meta.json. The seed sample is never used. Stand-off annotations need the shared corpus.
# Usage: bash models/train.sh [OUT_DIR]        (REPORTMINER_SHARED defaults to ../shared)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-models}"
shared="${REPORTMINER_SHARED:-../shared}"
common=(--holdout "$shared/corpus/annotated/dev.jsonl" --corpus-root "$shared/corpus" --out "$out")
a=corpora/annotated

reportminer train report_genre line_furniture \
  --data "$a/reports.standoff.jsonl" --data "$a/samples.jsonl" "${common[@]}"
reportminer train honor_status honor_candidate \
  --data "$a/honors.standoff.jsonl" --data "$a/honors.jsonl" "${common[@]}"
reportminer train program \
  --data "$a/programs.standoff.jsonl" --data "$a/programs.jsonl" "${common[@]}"
# The figure filter learns from the stand-off pages only and is scored on all of dev: the rules
# already settle the samples' figures, and more rule-decided examples only echo the rules.
reportminer train figure_filter --data "$a/figures.standoff.jsonl" \
  --dev "$shared/corpus/annotated/dev.jsonl" --corpus-root "$shared/corpus" --out "$out"
