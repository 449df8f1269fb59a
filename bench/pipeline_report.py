"""The tables of bench/run, from the files it leaves in its results folder.

    python3 pipeline_report.py npmi WAREHOUSE OUT.txt      # mean NPMI of the run's topic model
    python3 pipeline_report.py report RESULTS SIZE_MB TOPICS_RESULTS [RESAMPLED_TOPICS_RESULTS]

A nightly run's folder (results/nightly-MB-cCORES, or nightly-MB-cluster for a local-cluster run)
holds: bytes (corpus size), corpus.txt (GenerateCorpus's line: articles, days), out.txt (the summary line), log.txt (the job's log: "stage X took S s" per
stage from RunLog, "<stage>: ... done in W ms (task CPU C ms)" per piece of work from JobGroups),
time.txt (/usr/bin/time -v of the whole run), rss.txt ("epoch_seconds driver_rss_kb [executor_rss_kb]"
once a second), gc.log (the driver JVM's -Xlog:gc with wall-clock times; executor-gc.log* the
executor JVM's in a local-cluster run), jit.txt ("epoch_seconds ticks": the CPU of the JVM's JIT
compiler threads so far, once a second) and npmi.txt.

Stage wall times are RunLog's; stage CPU is the task CPU of the stage's Spark work (executor threads;
the driver's own CPU, e.g. the topic model's M-step, is only in the process CPU of the whole run).
Memory per stage: the peak resident set sampled during the stage, and the most heap in use right
after a garbage collection during the stage (what stays live). In local mode the driver and the
executors are one JVM, so both figures are for the two together; the local-cluster runs show them apart.
"""
import datetime
import glob
import json
import os
import re
import statistics
import sys

STAGES = ["ingest", "features", "topics", "coverage"]
MB = 1048576.0


def mean_npmi(warehouse, out_txt):
    # The tables are Iceberg tables: read the current snapshot's files as the notebooks do, never
    # every Parquet file under the table's folder (older snapshots' files are still there).
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "notebooks"))
    import warehouse as iceberg

    model = re.search(r"model_id=(\S+)", open(out_txt).read()).group(1)
    quality = iceberg.table(warehouse, "topic_quality", where=f"model_id = '{model}' AND topic_id >= 0")
    values = [v for v in quality["npmi"] if v == v]  # NaN: a topic without a score
    print(f"model_id={model} topics={len(values)} mean_npmi={sum(values) / len(values):.4f}")


def clock(hms, day_start):
    """Seconds since the run's first log line for an HH:MM:SS stamp (runs may cross midnight)."""
    h, m, s = (int(x) for x in hms.split(":"))
    t = h * 3600 + m * 60 + s
    return t if t >= day_start else t + 86400


def time_v(path):
    """Wall seconds, CPU seconds (user + system) and peak RSS in MB from /usr/bin/time -v."""
    wall = cpu = rss = 0.0
    for line in open(path):
        key, _, value = line.strip().rpartition(": ")
        if key.startswith("Elapsed (wall clock)"):
            parts = [float(p) for p in value.split(":")]
            wall = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
        elif key in ("User time (seconds)", "System time (seconds)"):
            cpu += float(value)
        elif key == "Maximum resident set size (kbytes)":
            rss = float(value) / 1024
    return wall, cpu, rss


def nightly(folder):
    """Everything one nightly run measured."""
    log = open(os.path.join(folder, "log.txt")).read().splitlines()
    stamps = [ln[:8] for ln in log if re.match(r"\d\d:\d\d:\d\d ", ln)]
    first = clock(stamps[0], 0) if stamps else 0
    r = {"bytes": int(open(os.path.join(folder, "bytes")).read()), "stages": {}}
    r["mb"] = r["bytes"] / MB
    r["wall"], r["cpu"], r["rss"] = time_v(os.path.join(folder, "time.txt"))
    for ln in log:
        m = re.match(r"(\d\d:\d\d:\d\d) INFO RunLog: stage (\w+) took ([0-9.]+) s", ln)
        if m and m.group(2) in STAGES:
            end = clock(m.group(1), first)
            s = r["stages"].setdefault(m.group(2), {"task_cpu": 0.0})
            s.update(wall=float(m.group(3)), end=end, start=end - float(m.group(3)))
        m = re.search(r"JobGroups: (\w+): .* done in \d+ ms \(task CPU (\d+) ms[,)]", ln)
        if m and m.group(1) in STAGES:
            s = r["stages"].setdefault(m.group(1), {"task_cpu": 0.0})
            s["task_cpu"] += int(m.group(2)) / 1000
        m = re.search(r"fitted topic model \S+ \(k=\d+\) on (\d+) articles, (\d+) tokens", ln)
        if m:
            r["fit_docs"], r["fit_tokens"] = int(m.group(1)), int(m.group(2))
        m = re.search(r"JobGroups: topics: fit k=\d+ on \d+ articles done in (\d+) ms", ln)
        if m:
            r["fit_s"] = int(m.group(1)) / 1000
        m = re.search(r"text analysis \(.*\): ([\d,]+) articles, ([\d,]+) characters, ([0-9.]+) s of task CPU", ln)
        if m:
            r["analysis"] = {"articles": int(m.group(1).replace(",", "")),
                             "chars": int(m.group(2).replace(",", "")), "cpu": float(m.group(3))}
        m = re.search(r"vocabulary \S+ of (\d+) terms from \d+ articles", ln)
        if m:
            r["terms"] = int(m.group(1))
    # peak RSS and post-GC heap inside each stage's window, of the driver JVM and the executor JVM
    driver_rss, executor_rss = [], []
    rss_file = os.path.join(folder, "rss.txt")
    if os.path.exists(rss_file):
        for line in open(rss_file):
            parts = line.split()
            if len(parts) >= 2:
                t = clock(datetime.datetime.fromtimestamp(int(parts[0])).strftime("%H:%M:%S"), first)
                driver_rss.append((t, int(parts[1]) / 1024))
                if len(parts) == 3:
                    executor_rss.append((t, int(parts[2]) / 1024))
    jit_file = os.path.join(folder, "jit.txt")
    if os.path.exists(jit_file):
        ticks = [int(p[1]) for p in (line.split() for line in open(jit_file)) if len(p) == 2]
        r["jit"] = max(ticks, default=0) / os.sysconf("SC_CLK_TCK")
    heap = gc_heap([os.path.join(folder, "gc.log")], first)
    executor_heap = gc_heap(sorted(glob.glob(os.path.join(folder, "executor-gc.log*"))), first)
    for s in r["stages"].values():
        if "start" in s:
            s["rss"] = window_max(driver_rss, s)
            s["heap"] = window_max(heap, s)
            s["executor_heap"] = window_max(executor_heap, s)
    whole_run = {"start": float("-inf"), "end": float("inf")}
    r["heap"], r["driver_rss"], r["executor_rss"], r["executor_heap"] = (
        window_max(samples, whole_run) for samples in (heap, driver_rss, executor_rss, executor_heap))
    corpus_file = os.path.join(folder, "corpus.txt")
    if os.path.exists(corpus_file):
        m = re.search(r"days=(\d+)", open(corpus_file).read())
        r["days"] = int(m.group(1)) if m else None
    summary = open(os.path.join(folder, "out.txt")).read()
    m = re.search(r"records=(\d+)", summary)
    r["records"] = int(m.group(1)) if m else None
    npmi_file = os.path.join(folder, "npmi.txt")
    if os.path.exists(npmi_file):
        m = re.search(r"mean_npmi=([-0-9.]+)", open(npmi_file).read())
        r["npmi"] = float(m.group(1)) if m else None
    for f in ("load-before", "load-after"):
        p = os.path.join(folder, f)
        r[f] = open(p).read().strip() if os.path.exists(p) else "?"
    return r


def gc_heap(files, first):
    """(seconds since the run's start, MB of heap in use after the collection) of each collecting pause.

    Only young, mixed and full collections count: G1's Remark and Cleanup pauses log the heap in use
    at that moment, garbage and all, since they free nothing themselves (not the live data)."""
    heap = []
    for path in files:
        if os.path.exists(path):
            for line in open(path):
                m = re.match(r"\[\d{4}-\d\d-\d\dT(\d\d:\d\d:\d\d)\.\d+[^\]]*\].* Pause (?:Young|Full)\b.* "
                             r"(\d+)M->(\d+)M\(\d+M\)", line)
                if m:
                    heap.append((clock(m.group(1), first), int(m.group(3))))
    return heap


def window_max(samples, stage):
    return max([v for t, v in samples if stage["start"] <= t <= stage["end"]], default=None)


# a local[2] run on fewer MB than this is the floor run, not part of the scaling series
FLOOR_BELOW_MB = 100


def fmt(v, spec=",.1f"):
    return "" if v is None else format(v, spec)


def stage_table(run, cores):
    print("| stage | wall s | task CPU s | MB/s per core (wall) | MB per task-CPU s | topic fit tokens/s "
          "| peak RSS MB | peak heap after GC MB | NPMI (mean, top 10) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name in STAGES:
        s = run["stages"].get(name)
        if not s or "wall" not in s:
            continue
        tps = npmi = None
        if name == "topics" and run.get("fit_s"):
            tps = run["fit_tokens"] * run["passes"] / run["fit_s"]
            npmi = run.get("npmi")
        print(f"| {name} | {fmt(s['wall'])} | {fmt(s['task_cpu'])} | {fmt(run['mb'] / s['wall'] / cores, '.2f')} "
              f"| {fmt(run['mb'] / s['task_cpu'] if s['task_cpu'] else None, '.2f')} | {fmt(tps, ',.0f')} "
              f"| {fmt(s.get('rss'), ',.0f')} | {fmt(s.get('heap'), ',.0f')} | {fmt(npmi, '.4f')} |")
    print(f"| **whole run** | {fmt(run['wall'])} | process CPU {fmt(run['cpu'])} "
          f"| {fmt(run['mb'] / run['wall'] / cores, '.2f')} | {fmt(run['mb'] / run['cpu'], '.2f')} (process) | "
          f"| {fmt(run['rss'], ',.0f')} | {fmt(run['heap'], ',.0f')} | |")


def kv(path):
    """key=value pairs of the last line of a file that has them."""
    out = {}
    if os.path.exists(path):
        for line in open(path):
            pairs = re.findall(r"(\w+)=([-0-9.]+)", line)
            if pairs:
                out = {k: float(v) for k, v in pairs}
    return out


def topic_fits(results):
    """bench/topics.sh's fits in a results folder, by name (ours, ours-half, mllib, ...)."""
    summary = os.path.join(results, "summary.jsonl") if results else None
    if not summary or not os.path.exists(summary):
        return {}
    return {t["name"]: t for t in map(json.loads, open(summary))}


def topic_peer_rows(topics, corpus):
    """One row of the peers table per peer fit beside ours: tokens/s and NPMI, ours / peer."""
    ours = topics.get("ours")
    labels = {"mllib": "MLlib online LDA", "gensim": "gensim LdaMulticore", "sklearn": "scikit-learn LDA"}
    for peer, label in labels.items():
        if ours and peer in topics:
            p = topics[peer]
            print(f"| topic fit{corpus}: tokens/s, NPMI | {ours['tps']:,.0f}, {ours['npmi']:.4f} | {label} "
                  f"{p['tps']:,.0f}, {p['npmi']:.4f} | {ours['tps'] / p['tps']:.2f}x, NPMI {ours['npmi'] - p['npmi']:+.4f} |")


def report(res, size_mb, topics_results, resampled_results=None):
    print(open(os.path.join(res, "machine.txt")).read().strip().replace("\n", "  \n"))
    runs, clustered = {}, []  # local[c] runs by (MB, c); local-cluster runs as (MB, run)
    for name in sorted(os.listdir(res)):
        m = re.match(r"nightly-(\d+)-(?:c(\d+)|cluster)$", name)
        # a run without its npmi.txt did not finish (failed or still running): left out
        if m and os.path.exists(os.path.join(res, name, "npmi.txt")):
            run = nightly(os.path.join(res, name))
            if m.group(2):
                runs[(int(m.group(1)), int(m.group(2)))] = run
            else:
                clustered.append((int(m.group(1)), run))
    passes = int(kv(os.path.join(res, "topics-export.txt")).get("passes", 2))
    for r in runs.values():
        r["passes"] = passes
    main = runs[(size_mb, 2)]

    print(f"\n### The nightly pipeline on {main['mb']:,.0f} MB ({main['records']:,} articles), local[2]\n")
    print(f"load average before {main['load-before']}, after {main['load-after']}; "
          f"the features model's vocabulary: {fmt(main.get('terms'), ',.0f')} terms\n")
    stage_table(main, 2)

    print("\n### Peers on the same data, same run\n")
    ceiling = kv(os.path.join(res, "ceiling.txt"))
    feat = main["stages"]["features"]
    ours_feat = main["mb"] / feat["wall"] / 2
    print("| job | this project | peer | ratio (ours / peer) |")
    print("|---|---|---|---|")
    tfidf = kv(os.path.join(res, "sklearn-tfidf.txt"))
    if tfidf:
        sk = main["mb"] / tfidf["total_s"]
        print(f"| features: MB/s per core (wall) | {ours_feat:.2f} | scikit-learn TfidfVectorizer {sk:.2f} "
              f"(1 core, {tfidf['total_s']:.0f} s) | {ours_feat / sk:.2f} |")
    analysis = main.get("analysis")
    if tfidf and analysis and analysis["cpu"] > 0:
        # The part of the features stage TfidfVectorizer does too, timed inside the tasks (thread CPU
        # of each article's analysis): per article, as the nightly analyses only the articles left
        # after deduplication while scikit-learn vectorizes every record of the corpus.
        ours_docs = analysis["articles"] / analysis["cpu"]
        sk_fit = tfidf["docs"] / tfidf["fit_transform_s"]
        print(f"| features, text analysis only (tokenize, stem, count): articles per CPU second | "
              f"{ours_docs:,.0f} ({analysis['articles']:,} articles in {analysis['cpu']:.0f} s) | scikit-learn "
              f"TfidfVectorizer fit_transform {sk_fit:,.0f} (1 core; {tfidf['docs'] / tfidf['total_s']:,.0f} "
              f"with reading the JSON) | {ours_docs / sk_fit:.2f} |")
    topics = topic_fits(topics_results)
    ours = topics.get("ours")
    topic_peer_rows(topics, "")
    topic_peer_rows(topic_fits(resampled_results), ", resampled real news")
    if tfidf and ours and "gensim" in topics:
        python = tfidf["total_s"] + topics["gensim"]["seconds"]
        ours_ft = feat["wall"] + main["stages"]["topics"]["wall"]
        print(f"| end to end: TF-IDF + topic fit, s | features + topics stages {ours_ft:.0f} "
              f"(whole nightly {main['wall']:.0f}) | scikit-learn TF-IDF + gensim fit {python:.0f} "
              f"| peers' time / ours: {python / ours_ft:.2f} ({python / main['wall']:.2f} against the whole "
              f"nightly); above 1 = newsdrift faster |")
        if main.get("fit_s"):
            # the features stage (vocabulary and IDF over every article, plus phrases and the per-outlet
            # tables) and the one fit gensim's is compared with; not the stability fit, NPMI or apply
            same = feat["wall"] + main["fit_s"]
            print(f"| end to end, the fit alone: TF-IDF + topic fit, s | features stage + the topic fit "
                  f"{same:.0f} | scikit-learn TF-IDF + gensim fit {python:.0f} | peers' time / ours: "
                  f"{python / same:.2f} |")
    if ceiling:
        print(f"| features vs the tokenization ceiling | {ours_feat:.2f} MB/s per core | plain Java "
              f"read + lower-case + split, 1 thread: {ceiling['MBps_median']:.1f} MB/s (median of "
              f"{ceiling['runs']:.0f}) | {ours_feat / ceiling['MBps_median']:.3f} of it |")
    if ceiling and analysis and analysis["cpu"] > 0:
        chars_mb = analysis["chars"] / MB / analysis["cpu"]
        print(f"| text analysis vs the tokenization ceiling | {chars_mb:.1f} MB of title and body text "
              f"per CPU second (a character as a byte) | {ceiling['MBps_median']:.1f} MB/s of JSON lines | "
              f"{chars_mb / ceiling['MBps_median']:.2f} of it |")

    for txt, title in (("topics.txt", "the pipeline's training documents"),
                       ("topics-resampled.txt", "articles resampled from the real shared corpora")):
        if os.path.exists(os.path.join(res, txt)):
            print(f"\n### Topic models on {title} (bench/topics.sh)\n")
            print("".join(ln for ln in open(os.path.join(res, txt)) if ln.startswith("|")), end="")

    scaling = sorted((mb, r) for (mb, c), r in runs.items() if c == 2 and mb >= FLOOR_BELOW_MB)
    floors = sorted((mb, r) for (mb, c), r in runs.items() if c == 2 and mb < FLOOR_BELOW_MB)
    if len(scaling) > 1:
        print("\n### Scaling, local[2]: cost per GB of input\n")
        head = "| size MB | articles | days | vocabulary terms | wall s | wall s/GB | process CPU s/GB | JIT compiler CPU s |"
        head += "".join(f" {s} task CPU s/GB |" for s in STAGES)
        print(head + " peak RSS MB | peak heap after GC MB | load before, after |")
        print("|" + "---|" * (11 + len(STAGES)))
        # the JIT compiler's CPU is most of the fixed part: it is Spark's warm-up, not the data's work
        with_jit = all("jit" in r for _, r in scaling)
        per_gb = {"wall": [], "cpu": []} | ({"cpu less the JIT compiler": []} if with_jit else {})
        for mb, r in scaling:
            gb = r["mb"] / 1024
            per_gb["wall"].append(r["wall"] / gb)
            per_gb["cpu"].append(r["cpu"] / gb)
            if with_jit:
                per_gb["cpu less the JIT compiler"].append((r["cpu"] - r["jit"]) / gb)
            cells = "".join(f" {r['stages'].get(s, {}).get('task_cpu', 0) / gb:,.0f} |" for s in STAGES)
            print(f"| {r['mb']:,.0f} | {r['records']:,} | {fmt(r.get('days'), ',.0f')} | {fmt(r.get('terms'), ',.0f')} | {r['wall']:,.0f} "
                  f"| {r['wall'] / gb:,.0f} "
                  f"| {r['cpu'] / gb:,.0f} | {fmt(r.get('jit'), ',.0f')} |{cells} {r['rss']:,.0f} | {fmt(r['heap'], ',.0f')} "
                  f"| {r['load-before']}; {r['load-after']} |")
        gbs = [r["mb"] / 1024 for _, r in scaling]
        for what, values in per_gb.items():
            print(f"\n{what} per GB: spread (max / min - 1) {max(values) / min(values) - 1:.1%} "
                  f"(goal: within 15%), median {statistics.median(values):,.0f} s/GB")
            # cost = fixed + per_gb x GB: a per-GB cost that falls with size is a fixed cost, not curvature
            totals = [v * gb for v, gb in zip(values, gbs)]
            fit = statistics.linear_regression(gbs, totals)
            worst = max(abs(t - (fit.intercept + fit.slope * gb)) / t for t, gb in zip(totals, gbs))
            print(f"{what} as a line: {fit.intercept:,.0f} s fixed + {fit.slope:,.0f} s per GB; "
                  f"the farthest size is {worst:.1%} off the line")
            steps = [(b - a) / (gb_b - gb_a) for a, b, gb_a, gb_b in zip(totals, totals[1:], gbs, gbs[1:])]
            print(f"{what}, marginal s per GB from each size to the next: {', '.join(f'{m:,.0f}' for m in steps)}"
                  + (f" (spread {max(steps) / min(steps) - 1:.1%})" if len(steps) > 1 and min(steps) > 0 else ""))
        if floors:
            # the floor: a nightly on next to no data, i.e. the part of every run that does not grow with it
            floor = floors[0][1]
            fgb = floor["mb"] / 1024
            print(f"\nThe floor, a nightly on {floor['mb']:,.1f} MB ({floor['records']:,} articles): wall "
                  f"{floor['wall']:,.0f} s, process CPU {floor['cpu']:,.0f} s "
                  f"(JIT compiler {fmt(floor.get('jit'), ',.0f')} s); per stage wall "
                  + ", ".join(f"{st} {floor['stages'][st]['wall']:,.1f}" for st in STAGES
                              if "wall" in floor["stages"].get(st, {})) + " s.")
            for what in ("wall", "cpu"):
                above = [(r[what] - floor[what]) / (r["mb"] / 1024 - fgb) for _, r in scaling]
                spread = f" (spread {max(above) / min(above) - 1:.1%}; goal: within 15%)" if min(above) > 0 else ""
                print(f"{what} per GB above the floor: {', '.join(f'{v:,.0f}' for v in above)} s/GB{spread}")

    if clustered:
        print("\n### Driver and executor apart (local-cluster[1,2]: the driver JVM and one executor JVM)\n")
        # (no CPU column: /usr/bin/time does not count the executor, which the driver's Worker starts)
        print("| size MB | articles | wall s | driver peak RSS MB | driver heap after GC MB, "
              "most (ingest / features / topics / coverage) | executor peak RSS MB | executor heap after GC MB |")
        print("|---|---|---|---|---|---|---|")
        for mb, r in sorted(clustered):
            per_stage = " / ".join(fmt(r["stages"].get(s, {}).get("heap"), ",.0f") for s in STAGES)
            print(f"| {r['mb']:,.0f} | {r['records']:,} | {r['wall']:,.0f} "
                  f"| {fmt(r['driver_rss'], ',.0f')} | {fmt(r['heap'], ',.0f')} ({per_stage}) "
                  f"| {fmt(r['executor_rss'], ',.0f')} | {fmt(r['executor_heap'], ',.0f')} |")
        if len(clustered) > 1:
            small, big = min(clustered)[1], max(clustered)[1]
            print(f"\ndriver heap after GC, most: {fmt(small['heap'], ',.0f')} MB at {small['mb']:,.0f} MB of input, "
                  f"{fmt(big['heap'], ',.0f')} MB at {big['mb']:,.0f} MB ({big['mb'] / small['mb']:.1f}x the input)")

    pairs = [(mb, runs[(mb, 1)], runs[(mb, 2)]) for (mb, c) in runs if c == 1 and (mb, 2) in runs]
    for mb, one, two in pairs:
        print(f"\n### local[1] against local[2] on {one['mb']:,.0f} MB\n")
        print("| stage | local[1] wall s | local[2] wall s | speed-up |")
        print("|---|---|---|---|")
        for s in STAGES:
            if "wall" in one["stages"].get(s, {}) and "wall" in two["stages"].get(s, {}):
                a, b = one["stages"][s]["wall"], two["stages"][s]["wall"]
                print(f"| {s} | {a:,.1f} | {b:,.1f} | {a / b:.2f} |")
        print(f"| whole run | {one['wall']:,.1f} | {two['wall']:,.1f} | {one['wall'] / two['wall']:.2f} |")


def main():
    if sys.argv[1] == "npmi":
        mean_npmi(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "report":
        report(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5] if len(sys.argv) > 5 else None)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
