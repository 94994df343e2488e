#!/usr/bin/env bash
# Every row of the ablation table in eval/README.md, as one command each.
# Usage: eval/ablate.sh [NAME ...]   (default: all rows). Reports go to eval/reports/NAME.{json,md}.
# Variants that change the index build their own index under ${ABLATION_INDEX:-/tmp/assistant-ablation}.
set -euo pipefail
cd "$(dirname "$0")/.."
A=${ASSISTANT:-.venv/bin/assistant}
IDX=${ABLATION_INDEX:-/tmp/assistant-ablation}
declare -A ROWS=(
  [default]=""
  [baseline-fixed1000-rrf]="--set chunker=fixed --set window_chars=1000 --set window_overlap=200 --set section_prefix=false --set expand_abbreviations=false --set fusion=rrf"
  [fusion-rrf]="--set fusion=rrf"
  [rrf-with-sentences]="--set fusion=rrf --set sentence_weight=1"
  [weighted-with-sentences]="--set sentence_weight=0.5"
  [dense-weight-1.5]="--set dense_weight=1.5"
  [lexical-weight-1.5]="--set lexical_weight=1.5"
  [chunk60]="--set chunk_words=60"
  [chunk120]="--set chunk_words=120"
  [chunk150]="--set chunk_words=150"
  [overlap0]="--set chunk_overlap=0"
  [overlap2]="--set chunk_overlap=2"
  [no-section-prefix]="--set section_prefix=false"
  [no-abbrev-expansion]="--set expand_abbreviations=false"
  [bm25s]="--set lexical_engine=bm25s"
)
ALL=(default baseline-fixed1000-rrf fusion-rrf rrf-with-sentences weighted-with-sentences dense-weight-1.5 lexical-weight-1.5 chunk60 chunk120 chunk150 overlap0 overlap2 no-section-prefix no-abbrev-expansion bm25s)
names=("$@")
[ ${#names[@]} -gt 0 ] || names=("${ALL[@]}")
for name in "${names[@]}"; do
  # shellcheck disable=SC2086
  $A --index "$IDX/$name" ${ROWS[$name]} eval --no-answers --out "eval/reports/$name" > /dev/null
  $A --index "$IDX/$name" ${ROWS[$name]} eval --no-answers --questions eval/holdout.jsonl \
    --out "eval/reports/holdout-$name" > /dev/null
  echo "$name done" >&2
done
