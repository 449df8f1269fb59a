#!/usr/bin/env bash
# Topic-model benchmark: newsdrift's seeded online VB LDA, MLlib's online LDA, gensim's LdaMulticore
# and scikit-learn's LatentDirichletAllocation, in one run, on the same generated corpus and the
# same vocabulary (one exported doc-term matrix), k topics, the same passes and mini-batches, the
# same priors and step size. Reports fit seconds, tokens per second (tokens x passes / fit
# seconds), peak resident memory of each tool's process (/usr/bin/time) and NPMI of the top 10
# terms computed by one shared implementation (bench/topics_npmi.py). newsdrift also fits the first
# half of the corpus, to show how the cost grows with its size.
#
#   bench/topics.sh [ARTICLES] [WORK_DIR]     # defaults: 100000, /tmp/newsdrift-topics-bench
#   env: CORPUS (demo: the demo generator's articles; resampled: articles resampled from the
#        Reuters-21578 and ReCOVery articles that ingest accepts, real news language, see
#        io.newsdrift.testing.ResampledNews; SHARED_DATA, ../shared/data, is where they are read;
#        warehouse: the export bench/run made of its pipeline's training documents),
#        K (20), PASSES (1), BATCHES (20 mini-batches per pass), VOCAB (10000),
#        TOOLS ("ours mllib gensim sklearn"), SEED (42, every tool's), BENCH_DRIVER_MEMORY (6g),
#        ESTEP_DELAY (0: newsdrift's topics.estep_delay; 2 lags its E-step as LdaMulticore's one worker does)
#
# Needs Java 17 with the offline Maven repository, python3 with numpy, scipy and scikit-learn
# (pip), and Debian's python3-gensim (apt-get install -y python3-gensim) for /usr/bin/python3.
# Figures measured with it are on generated data and must say so (see BENCHMARKS.md).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
articles="${1:-100000}"
work="${2:-/tmp/newsdrift-topics-bench}"
k="${K:-20}"
passes="${PASSES:-1}"
batches="${BATCHES:-20}"
vocab="${VOCAB:-10000}"
tools="${TOOLS:-ours mllib gensim sklearn}"
gensim_python="${GENSIM_PYTHON:-/usr/bin/python3}"
sklearn_python="${SKLEARN_PYTHON:-python3}"

cd "$root"
mvn -B -o -q test-compile
mvn -B -o -q dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt
mkdir -p "$work/results"
export SPARK_LOCAL_IP=127.0.0.1

# shellcheck disable=SC2207  # the options file holds one line of JVM options
export SEED="${SEED:-42}"
jvm=(java -Xmx"${BENCH_DRIVER_MEMORY:-6g}" -Dbench.seed="$SEED" -Dbench.estep_delay="${ESTEP_DELAY:-0}" $(cat target/classes/io/newsdrift/jvm-options.txt)
  -Dlog4j2.configurationFile="$root/jobs/log4j2.properties"
  -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)"
  io.newsdrift.topics.TopicsBenchmark)

corpus="${CORPUS:-demo}"
echo "topics benchmark: ${articles} ${corpus} articles, k=${k}, ${passes} pass(es) x ${batches} mini-batches, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB RAM, $(java -version 2>&1 | head -1), commit $(git rev-parse --short HEAD)"
if [[ ! -s "$work/docs.txt" || "$(cat "$work/articles" 2>/dev/null)" != "$corpus $articles" ]]; then
  rm -rf "$work/corpus" "$work/docs.txt"
  case "$corpus" in
    demo) "${jvm[@]}" export "$work" "$articles" "$vocab" 2>"$work/export.log" | tee "$work/export.txt" ;;
    resampled)
      shared="$(cd "${SHARED_DATA:-$root/../shared/data}" && pwd)"
      sources="$work/source-warehouse"
      if [[ ! -d "$sources/articles" ]]; then
        rm -rf "$sources"
        echo "ingesting the shared corpora into $sources"
        jobs/newsdrift ingest --input "$shared/reuters21578" --format jsonl --warehouse "$sources" \
          --date 2024-01-01 >"$work/ingest-sources.log" 2>&1
        jobs/newsdrift ingest --input "$shared/recovery" --format csv --warehouse "$sources" \
          --map id=news_id,outlet=publisher,body=body_text,date=publish_date --date 2024-01-01 \
          >>"$work/ingest-sources.log" 2>&1
      fi
      "${jvm[@]}" export-resampled "$work" "$articles" "$vocab" "$sources" 2>"$work/export.log" \
        | tee "$work/export.txt" ;;
    warehouse)
      echo "CORPUS=warehouse: $work/docs.txt must hold TopicsBenchmark export-warehouse's export" \
        "of $articles documents (bench/run writes it)" >&2
      exit 2 ;;
    *) echo "unknown CORPUS=$corpus (demo, resampled or warehouse)" >&2; exit 2 ;;
  esac
  echo "$corpus $articles" >"$work/articles"
fi
docs=$(wc -l <"$work/docs.txt")
half=$((docs / 2))

# run NAME DOCS COMMAND...: the command writes $work/results/NAME.json; peak RSS from /usr/bin/time
run() {
  local name="$1" n="$2"
  shift 2
  /usr/bin/time -v -o "$work/results/$name.time" "$@" "$work/results/$name.json" \
    >"$work/results/$name.out" 2>"$work/results/$name.log"
  local rss
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/results/$name.time")
  echo "$name docs=$n peak_rss_mb=$((rss / 1024)) $(cat "$work/results/$name.out" | tail -1)"
  echo "$rss" >"$work/results/$name.rss"
}

for tool in $tools; do
  case "$tool" in
    ours)
      run ours-half "$half" "${jvm[@]}" ours "$work" "$half" "$k" "$passes" "$batches"
      run ours "$docs" "${jvm[@]}" ours "$work" "$docs" "$k" "$passes" "$batches" ;;
    mllib) run mllib "$docs" "${jvm[@]}" mllib "$work" "$docs" "$k" "$passes" "$batches" ;;
    gensim) run gensim "$docs" "$gensim_python" bench/topics_peers.py gensim "$work" "$docs" "$k" "$passes" "$batches" ;;
    sklearn) run sklearn "$docs" "$sklearn_python" bench/topics_peers.py sklearn "$work" "$docs" "$k" "$passes" "$batches" ;;
  esac
done

full=()
for tool in $tools; do full+=("$work/results/$tool.json"); done
python3 bench/topics_npmi.py "$work" "$docs" "${full[@]}" >"$work/results/npmi-full.jsonl"
if [[ -s "$work/results/ours-half.json" ]]; then
  python3 bench/topics_npmi.py "$work" "$half" "$work/results/ours-half.json" >"$work/results/npmi-half.jsonl"
fi

python3 - "$work/results" <<'PY'
import json, os, sys
d = sys.argv[1]
rows = []
for f in ("npmi-half.jsonl", "npmi-full.jsonl"):
    p = os.path.join(d, f)
    if os.path.exists(p):
        for line in open(p):
            r = json.loads(line)
            name = r["tool"] + ("-half" if f == "npmi-half.jsonl" else "")
            r["name"] = name
            r["rss_mb"] = int(open(os.path.join(d, name + ".rss")).read()) // 1024
            r["tps"] = r["tokens"] * r["passes"] / r["seconds"]
            rows.append(r)
# one row a fit, for bench/run's report (bench/pipeline_report.py)
with open(os.path.join(d, "summary.jsonl"), "w") as out:
    out.writelines(json.dumps(r) + "\n" for r in rows)
print()
print("| tool | docs | tokens | passes | fit s | tokens/s | peak RSS MB | NPMI (top 10) |")
print("|---|---|---|---|---|---|---|---|")
for r in rows:
    print(f"| {r['name']} | {r['docs']:,} | {r['tokens']:,.0f} | {r['passes']} | {r['seconds']:.1f} "
          f"| {r['tps']:,.0f} | {r['rss_mb']:,} | {r['npmi']:.4f} |")
by = {r["name"]: r for r in rows}
if "ours" in by and "gensim" in by:
    print(f"\nours / gensim tokens/s: {by['ours']['tps'] / by['gensim']['tps']:.2f}; "
          f"NPMI ours {by['ours']['npmi']:.4f} vs gensim {by['gensim']['npmi']:.4f}")
for peer in ("mllib", "sklearn"):
    if "ours" in by and peer in by:
        print(f"ours / {peer} tokens/s: {by['ours']['tps'] / by[peer]['tps']:.2f}")
if "ours" in by and "ours-half" in by:
    print(f"ours fit seconds, full / half corpus: {by['ours']['seconds'] / by['ours-half']['seconds']:.2f} "
          f"(tokens ratio {by['ours']['tokens'] / by['ours-half']['tokens']:.2f})")
PY
