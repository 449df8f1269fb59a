#!/usr/bin/env bash
# Ingest throughput benchmark on generated JSON lines (demo corpus with wire-copy republications).
# Usage: bench/ingest-throughput.sh [SIZE_MB ...]   (default: 256 512 1024)
# For each size: generates the corpus under $BENCH_DIR (default /tmp/newsdrift-bench), runs
# `jobs/newsdrift ingest` on it with local[*] under /usr/bin/time, and prints one result line:
# size, records, wall seconds, seconds of the read+canonicalise stage, MB/s per core for both, and
# the peak resident memory of the driver JVM (local mode: the driver is also the executor).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
work="${BENCH_DIR:-/tmp/newsdrift-bench}"
cores="$(nproc)"
mkdir -p "$work"
(cd "$root" && mvn -B -q -o -DskipTests package)
cp="$root/target/newsdrift-job.jar:$(cat "$root/target/provided-classpath.txt")"
sizes=("$@")
if [ ${#sizes[@]} -eq 0 ]; then sizes=(256 512 1024); fi
echo "date=$(date -u +%FT%TZ) cores=$cores mem=$(free -g | awk '/Mem:/{print $2}')G java=$(java -version 2>&1 | head -1)"
for mb in "${sizes[@]}"; do
  corpus="$work/corpus-$mb"
  if [ ! -f "$work/planted-$mb.json" ]; then
    java -Xmx1g -cp "$cp" "$here/GenerateCorpus.java" "$corpus" "$mb" > "$work/generate-$mb.txt"
    # planted.json is the answer key, not input: out of the folder that ingest reads.
    mv "$corpus/planted.json" "$work/planted-$mb.json"
  fi
  bytes=$(cat "$corpus"/*.jsonl | wc -c)
  rm -rf "$work/wh-$mb"
  /usr/bin/time -v -o "$work/time-$mb.txt" \
    env NEWSDRIFT_DRIVER_MEMORY="${NEWSDRIFT_DRIVER_MEMORY:-8g}" "$root/jobs/newsdrift" ingest \
    --input "$corpus" --format jsonl --warehouse "$work/wh-$mb" --date 2024-04-01 \
    > "$work/out-$mb.txt" 2> "$work/log-$mb.txt"
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$work/time-$mb.txt")
  rss_kb=$(awk -F': ' '/Maximum resident set size/{print $2}' "$work/time-$mb.txt")
  cpu_s=$(awk -F': ' '/User time|System time/{s+=$2} END{print s}' "$work/time-$mb.txt")
  # "<stage> done in W ms (task CPU C ms, ...)": wall and task CPU of the stage (JobGroups/SparkWork)
  stage() { sed -n "s/.*$1 done in \([0-9]*\) ms (task CPU \([0-9]*\) ms[,)].*/\\$2/p" "$work/log-$mb.txt"; }
  parse_ms=$(stage 'read and canonicalise raw records' 1); parse_cpu_ms=$(stage 'read and canonicalise raw records' 2)
  dedup_ms=$(stage 'find exact and near duplicates' 1); dedup_cpu_ms=$(stage 'find exact and near duplicates' 2)
  awk -v mb="$mb" -v bytes="$bytes" -v wall="$wall" -v cpu="$cpu_s" -v pms="$parse_ms" -v pcpu="$parse_cpu_ms" \
    -v dms="$dedup_ms" -v dcpu="$dedup_cpu_ms" -v rss="$rss_kb" -v cores="$cores" \
    -v summary="$(tail -1 "$work/out-$mb.txt")" 'BEGIN {
      m = bytes / 1048576;
      # per core by wall: MB / wall / cores (needs an idle machine); per core by CPU: MB / task CPU
      # seconds (what one core does, also on a loaded machine)
      printf "size_mb=%.0f wall_s=%.0f process_cpu_s=%.0f parse_wall_s=%.1f parse_task_cpu_s=%.1f dedup_wall_s=%.1f dedup_task_cpu_s=%.1f MBps_per_core_parse_wall=%.1f MBps_per_core_parse_cpu=%.1f MBps_per_core_total_wall=%.2f MBps_per_core_total_cpu=%.2f peak_rss_mb=%.0f | %s\n",
        m, wall, cpu, pms / 1000, pcpu / 1000, dms / 1000, dcpu / 1000, m / (pms / 1000) / cores, m / (pcpu / 1000),
        m / wall / cores, m / cpu, rss / 1024, summary }'
done
