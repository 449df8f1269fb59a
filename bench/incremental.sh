#!/usr/bin/env bash
# What one more night costs as the archive grows (issue 29): a nightly that adds one day (about
# 1,200 articles: six outlets, OUTLET_DAY_ARTICLES each) on top of archives of several sizes, the
# same night on an empty warehouse, and a refit night apart.
#
#   bench/incremental.sh              # archive sizes from SIZES ["256 512 1024 2048"] MB
#
# One corpus of the largest size, generated as bench/run generates its corpora (the same
# $BENCH_DIR/corpus-MB, so the two share it), is delivered in order into one feed folder, the way a
# real feed grows:
#   1. the days that make the smallest archive, by nightlies as in 2 (not timed as the subject);
#   2. for each size: the next day alone, `nightly --date DAY` (timed: `MB add-day`); then the days up
#      to the next size by nightlies of at most GROW_STEP_MB [256] of the corpus each (`MB grow-K`,
#      not the subject: each takes every date it brings, so it is run with nightly.late_days large
#      enough);
#   3. after the smallest and the largest size's night, `nightly --refit-topics` with nothing new
#      (`MB refit`: the model refitted over the archive and applied to every article, and coverage
#      recomputed: what a scheduled refit costs);
#   4. once, `empty`: the smallest size's night file alone into an empty warehouse given the
#      archive's vocabulary and topic model (the same night's work, with no archive).
# nightly.refit_days is 0 throughout, so that only the refit nights refit. The archive sizes are
# measured as the bytes of the files delivered before each timed night.
# Each archive is kept (archive-MB, with the list of the feed's files) before its night is added:
# REMEASURE=1 times the add-day and empty nights again on them (other code, same archives) without
# building anything, and FROM_MB=MB goes on building from the archive kept for MB (after a failure).
# Results: $BENCH_DIR/incremental/results.txt (results-remeasure.txt), one line per run (name, wall
# seconds, stage seconds), and the ratios the issue asks for.
#
# Environment: BENCH_DIR [/tmp/newsdrift-bench], SIZES, GROW_STEP_MB [256], OUTLET_DAY_ARTICLES [200],
# BENCH_DRIVER_MEMORY [8g], SHARED_DATA [../shared/data], CORPUS_MB [the largest of SIZES: the
# corpus the archives were built from, for REMEASURE of a few sizes]. Figures are on generated data.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
bench="${BENCH_DIR:-/tmp/newsdrift-bench}"
work="$bench/incremental"
sizes="${SIZES-256 512 1024 2048}"
density="${OUTLET_DAY_ARTICLES:-200}"
memory="${BENCH_DRIVER_MEMORY:-8g}"
export SPARK_LOCAL_IP=127.0.0.1
export SHARED_DATA="${SHARED_DATA:-$root/../shared/data}"
mkdir -p "$work"
results="$work/results.txt"
[ "${REMEASURE:-0}" != 1 ] || results="$work/results-remeasure.txt"
from="${FROM_MB:-}"
[ -n "$from" ] || rm -f "$results"

cd "$root"
echo "bench/incremental.sh: building ..." >&2
mvn -B -q -DskipTests package >&2
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >&2
cp="target/classes:$(cat target/bench-classpath.txt)"
. "$here/python-env.sh"
words="$bench/news-words.txt"
[ -s "$words" ] || python3 "$here/news_words.py" "$SHARED_DATA" "$words" >"$bench/news-words.log" 2>&1

largest="${sizes##* }"
# The corpus is of the largest size of the full series, also when REMEASURE times a few of them.
corpus_mb="${CORPUS_MB:-$largest}"
corpus="$bench/corpus-$corpus_mb"
if [ ! -s "$bench/generate-$corpus_mb.txt" ]; then
  rm -rf "$corpus"
  java -Xmx2g -cp "$cp" "$here/GenerateCorpus.java" "$corpus" "$corpus_mb" "$words" "$density" \
    >"$bench/generate-$corpus_mb.txt"
  echo "density=$density" >>"$bench/generate-$corpus_mb.txt"
  mv "$corpus/planted.json" "$bench/planted-$corpus_mb.json"
fi
end="$(sed -n 's/.* end=\([0-9-]*\) .*/\1/p' "$bench/generate-$corpus_mb.txt")"
days="$(sed -n 's/.* days=\([0-9]*\) .*/\1/p' "$bench/generate-$corpus_mb.txt")"
start="$(date -u -d "$end - $days day" +%F)"

{
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ); commit: $(git rev-parse --short HEAD)"
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB RAM, $(java -version 2>&1 | head -1)"
  echo "corpus: $corpus_mb MB, $days days from $start; articles per outlet-day $density; heap $memory, local[2]"
} | tee -a "$results"

# The night after each archive size: the day at that share of the corpus's days.
nights=()
for mb in $sizes; do
  nights+=("$(date -u -d "$start + $((days * mb / corpus_mb)) day" +%F)")
done
[ "$largest" != "$corpus_mb" ] || nights[-1]="$(date -u -d "$end - 1 day" +%F)"

# deliver NAME FROM TO: the corpus's lines dated FROM to TO (inclusive) as the feed's files NAME-*
# (written once into the store, then linked into the feed: a file keeps its modification time, so a
# restored archive's input_files still knows it)
store="$work/store" feed="$work/feed"
deliver() {
  local name="$1" from="$2" to="$3"
  for f in "$corpus"/*.jsonl; do
    local file="$name-$(basename "$f")"
    [ -s "$store/$file" ] || awk -v from="$from" -v to="$to" '
      match($0, /"date":"[0-9-]+/) { d = substr($0, RSTART + 8, 10); if (d >= from && d <= to) print }
    ' "$f" >"$store/$file"
    ln -f "$store/$file" "$feed/$file"
  done
}

config="--set nightly.refit_days=0"
grow_config="$config --set nightly.late_days=3650"

# run NAME WAREHOUSE DATE SETTINGS [ARGS...]: one timed nightly over the feed (SETTINGS: --set
# options, split on spaces); appends "NAME wall-seconds stage=seconds..." to the results
run() {
  local name="$1" wh="$2" date="$3" conf="$4"
  shift 4
  local out="$work/runs/$name" input="${INPUT:-$feed}"
  mkdir -p "$out"
  local start_s end_s
  start_s="$(date +%s.%N)"
  NEWSDRIFT_DRIVER_MEMORY="$memory" "$root/jobs/newsdrift" nightly --date "$date" \
    --input "$input" --format jsonl --warehouse "$wh" $conf \
    --conf spark.master=local[2] "$@" >"$out/out.txt" 2>"$out/log.txt" ||
    { tail -20 "$out/log.txt" >&2; exit 1; }
  end_s="$(date +%s.%N)"
  printf '%s %.1f %s\n' "$name" "$(echo "$end_s - $start_s" | bc)" \
    "$(sed -n 's/.* RunLog: stage \([a-z]*\) took \([0-9.]*\) s.*/\1=\2/p' "$out/log.txt" | tr '\n' ' ')" |
    tee -a "$results"
}

# grow NAME FROM TO: the days FROM to TO delivered and ingested by nightlies of at most
# GROW_STEP_MB of the corpus each (one nightly of 1 GB at once ran out of an 8 GB heap)
step_days=$((days * ${GROW_STEP_MB:-256} / corpus_mb))
[ "$step_days" -ge 1 ] || step_days=1
grow() {
  local name="$1" from="$2" to="$3" k=0 last
  while [[ ! "$from" > "$to" ]]; do
    last="$(date -u -d "$from + $((step_days - 1)) day" +%F)"
    [[ ! "$last" > "$to" ]] || last="$to"
    deliver "$name-$k" "$from" "$last"
    run "$name-$k" "$wh" "$last" "$grow_config"
    from="$(date -u -d "$last + 1 day" +%F)"
    k=$((k + 1))
  done
}

wh="$work/warehouse"
rm -rf "$feed" "$wh" "$work/runs" "$work/empty"
mkdir -p "$feed" "$store"
set -- $sizes
first="$1"
# restore MB: the warehouse and feed as they were before size MB's night (REMEASURE=1)
restore() {
  rm -rf "$wh" "$feed"
  cp -a "$work/archive-$1" "$wh"
  mkdir -p "$feed"
  while read -r file; do ln -f "$store/$file" "$feed/$file"; done <"$work/archive-$1.files"
}
if [ "${REMEASURE:-0}" != 1 ] && [ -z "$from" ]; then
  rm -rf "$work"/archive-*
  grow "$first-archive" "$start" "$(date -u -d "${nights[0]} - 1 day" +%F)"
fi
i=0
for mb in $sizes; do
  night="${nights[$i]}"
  if [ -n "$from" ] && [ "$mb" -lt "$from" ]; then
    i=$((i + 1))
    continue
  fi
  if [ "${REMEASURE:-0}" = 1 ] || [ "$mb" = "$from" ]; then
    restore "$mb"
  else
    # kept, so that REMEASURE=1 times this night again with other code, without the archive build
    cp -a "$wh" "$work/archive-$mb"
    ls "$feed" >"$work/archive-$mb.files"
  fi
  echo "archive-bytes $mb $(cat "$feed"/*.jsonl | wc -c)" | tee -a "$results"
  deliver "night-$night" "$night" "$night"
  run "$mb-add-day" "$wh" "$night" "$config"
  if [ "$mb" = "$first" ]; then
    # the same night with no archive: an empty warehouse given the archive's vocabulary and model
    rm -rf "$work/empty"
    mkdir -p "$work/empty/feed" "$work/empty/warehouse"
    cp "$feed"/night-"$night"-*.jsonl "$work/empty/feed/"
    cp -r "$work/archive-$first/models" "$work/empty/warehouse/models"
    INPUT="$work/empty/feed" run "$mb-empty" "$work/empty/warehouse" "$night" "$config"
  fi
  if [ "${REMEASURE:-0}" != 1 ] && { [ "$mb" = "$first" ] || [ "$mb" = "$largest" ]; }; then
    run "$mb-refit" "$wh" "$night" "$config" --refit-topics
  fi
  i=$((i + 1))
  if [ "${REMEASURE:-0}" != 1 ] && [ $i -lt ${#nights[@]} ]; then
    next="${nights[$i]}"
    grow "$mb-grow" "$(date -u -d "$night + 1 day" +%F)" "$(date -u -d "$next - 1 day" +%F)"
  fi
done

# The issue's ratios: the add-day nights' spread across sizes, and each against the empty night.
awk '
  $1 ~ /-add-day$/ { add[++n] = $2; name[n] = $1; if (min == "" || $2 < min) min = $2; if ($2 > max) max = $2 }
  $1 ~ /-empty$/ { empty = $2 }
  END {
    printf "add-day spread (largest / smallest wall): %.2f\n", max / min
    for (i = 1; i <= n; i++) printf "%s / empty: %.2f\n", name[i], add[i] / empty
  }' "$results" | tee -a "$results"
echo "bench/incremental.sh: results in $results" >&2
