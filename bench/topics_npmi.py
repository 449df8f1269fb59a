"""NPMI of every tool's topics, computed one way for all (bench/topics.sh runs this).

    python topics_npmi.py DIR DOCS RESULT.json [RESULT.json ...]

Document co-occurrence over the first DOCS lines of DIR/docs.txt, the same formula as newsdrift's
TopicQuality: for each pair of a topic's top 10 terms, ln(p(a,b) / (p(a) p(b))) / -ln p(a,b), -1
when the pair never co-occurs, 1 when it is in every document; a topic's NPMI is the mean over its
45 pairs, a model's the mean over its topics. Prints one JSON line per result with "npmi" added.
"""
import itertools
import json
import math
import sys
from collections import Counter


def npmi(df_a, df_b, df_ab, n):
    if df_ab == 0 or n == 0:
        return -1.0
    pab, pa, pb = df_ab / n, df_a / n, df_b / n
    if pab >= 1.0:
        return 1.0
    return math.log(pab / (pa * pb)) / -math.log(pab)


def main():
    d, n = sys.argv[1], int(sys.argv[2])
    results = [json.load(open(p)) for p in sys.argv[3:]]
    wanted = {w for r in results for topic in r["topics"] for w in topic}
    single, pair = Counter(), Counter()
    with open(f"{d}/docs.txt") as f:
        for i, line in enumerate(f):
            if i >= n:
                break
            present = sorted({int(p.split(":")[0]) for p in line.split()} & wanted)
            single.update(present)
            pair.update(itertools.combinations(present, 2))
    for r in results:
        per_topic = []
        for topic in r["topics"]:
            scores = [npmi(single[a], single[b], pair[(min(a, b), max(a, b))], n)
                      for a, b in itertools.combinations(topic, 2)]
            per_topic.append(sum(scores) / len(scores))
        r["npmi"] = sum(per_topic) / len(per_topic)
        r["npmi_docs"] = n
        print(json.dumps({k: v for k, v in r.items() if k != "topics"}))


if __name__ == "__main__":
    main()
