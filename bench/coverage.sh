#!/usr/bin/env bash
# Benchmark of the coverage aggregations (CoverageJob: theme matching, theme_attention, shifts) on
# generated articles at BASE_MB of JSON lines and at twice that, in one run, and the ratio.
#
#   bench/coverage.sh [BASE_MB] [WORK_DIR]      # defaults: 1024 MB, /tmp/newsdrift-bench
#
# Needs Java 17 and the offline Maven repository; builds the test classes first. The generated
# corpora and warehouses (about 3x BASE_MB x 2 on disk) are left in WORK_DIR; delete it afterwards.
# Figures measured with it are on generated data and must say so (see BENCHMARKS.md).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
base_mb="${1:-1024}"
work="${2:-/tmp/newsdrift-bench}"

cd "$root"
mvn -B -o -q test-compile
mvn -B -o -q dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt
mkdir -p "$work"

echo "coverage benchmark: base ${base_mb} MB, work dir ${work}, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB RAM, $(java -version 2>&1 | head -1)"
# shellcheck disable=SC2046  # the options file holds one line of JVM options
java -Xmx"${BENCH_DRIVER_MEMORY:-8g}" \
  $(cat target/classes/io/newsdrift/jvm-options.txt) \
  -Dlog4j2.configurationFile="$root/jobs/log4j2.properties" \
  -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" \
  io.newsdrift.coverage.CoverageBenchmark "$work" "$base_mb"
