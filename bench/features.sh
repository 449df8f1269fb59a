#!/usr/bin/env bash
# Features benchmark: newsdrift's analyzer + phrases + vocabulary/IDF + term_stats (Spark,
# local[CORES]) and scikit-learn's TfidfVectorizer (one process) on the same generated JSON lines,
# in one run; prints MB/s per core for both and the ratio.
#
#   bench/features.sh [SIZE_MB] [WORK_DIR]     # defaults: 1024 MB, /tmp/newsdrift-features-bench
#
# Needs Java 17, the offline Maven repository and python3 with scikit-learn (installed with pip
# from the machine's wheel store when missing). The corpus is generated once per size and kept in
# WORK_DIR (delete it afterwards). Figures measured with it are on generated data (see
# BENCHMARKS.md). BENCH_CORES (default: nproc) sets Spark's local[N]; BENCH_DRIVER_MEMORY its heap.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
mb="${1:-1024}"
work="${2:-/tmp/newsdrift-features-bench}"
cores="${BENCH_CORES:-$(nproc)}"
mkdir -p "$work"
python3 -c 'import sklearn' 2>/dev/null || python3 -m pip install -q scikit-learn

cd "$root"
mvn -B -o -q test-compile
mvn -B -o -q dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt
cp="target/classes:target/test-classes:$(cat target/bench-classpath.txt)"

corpus="$work/corpus-$mb"
if [ ! -f "$work/generate-$mb.txt" ]; then
  rm -rf "$corpus"
  java -Xmx2g -cp "$cp" "$here/GenerateCorpus.java" "$corpus" "$mb" > "$work/generate-$mb.txt"
  mv "$corpus/planted.json" "$work/planted-$mb.json"
fi
bytes=$(cat "$corpus"/*.jsonl | wc -c)

echo "features benchmark: ${bytes} bytes of generated JSON lines ($(cat "$work/generate-$mb.txt"))"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); commit: $(git rev-parse --short HEAD)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB RAM, $(java -version 2>&1 | head -1), $(python3 -c 'import sklearn, sys; print("python", sys.version.split()[0], "scikit-learn", sklearn.__version__)')"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

# shellcheck disable=SC2046  # the options file holds one line of JVM options
java -Xmx"${BENCH_DRIVER_MEMORY:-8g}" \
  $(cat target/classes/io/newsdrift/jvm-options.txt) \
  -Dlog4j2.configurationFile="$root/jobs/log4j2.properties" \
  -cp "$cp" io.newsdrift.features.FeaturesBenchmark "$corpus" "$work/out-$mb" "$cores" \
  2> "$work/spark-$mb.log" | tee "$work/newsdrift-$mb.txt"
echo "load between: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$here/sklearn_tfidf.py" "$corpus" | tee "$work/sklearn-$mb.txt"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

nd_s=$(grep -o 'total_s=[0-9.]*' "$work/newsdrift-$mb.txt" | cut -d= -f2)
sk_s=$(grep -o 'total_s=[0-9.]*' "$work/sklearn-$mb.txt" | cut -d= -f2)
awk -v b="$bytes" -v nd="$nd_s" -v sk="$sk_s" -v c="$cores" 'BEGIN {
  m = b / 1048576; ndc = m / nd / c; skc = m / sk;
  printf "newsdrift: %.1f MB in %.1f s on %d cores = %.2f MB/s per core\n", m, nd, c, ndc;
  printf "scikit-learn: %.1f MB in %.1f s on 1 core = %.2f MB/s per core\n", m, sk, skc;
  printf "ratio newsdrift / scikit-learn per core: %.2f\n", ndc / skc }'
