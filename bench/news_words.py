"""The content words of the real shared corpora, one line per article, for the benchmark corpus.

    python3 bench/news_words.py SHARED_DATA OUT_FILE

Reads Reuters-21578 (`reuters21578/reuters21578.jsonl.gz`) and ReCOVery (`recovery/*/*.csv`) from
SHARED_DATA (../shared/data), keeps each distinct body with at least MIN_WORDS content words, and writes
its content words in order, space-separated, one article a line: lower-case runs of letters of three or
more, scikit-learn's English stop words left out. `GenerateCorpus.java` draws the generated articles'
background words from these lines (see `DemoCorpusGenerator`), so the benchmark corpus has the
vocabulary, word frequencies and within-article repetition of real news.

Prints what it kept and, on stderr, how the vocabulary grows with the tokens read (Heaps' law) and the
share of one half's tokens the other half's vocabulary lacks: the figures the generator's rare-word
tail is set from.
"""

import glob
import gzip
import json
import math
import os
import re
import sys

import pandas as pd
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

MIN_WORDS = 40
WORD = re.compile(r"[a-z]{3,}")


def bodies(shared):
    with gzip.open(os.path.join(shared, "reuters21578", "reuters21578.jsonl.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            yield json.loads(line).get("body") or ""
    for path in sorted(glob.glob(os.path.join(shared, "recovery", "*", "*.csv"))):
        for text in pd.read_csv(path, usecols=["body_text"])["body_text"]:
            yield text if isinstance(text, str) else ""


def content_words(text):
    return [w for w in WORD.findall(text.lower()) if w not in ENGLISH_STOP_WORDS]


def main(shared, out_file):
    seen = set()
    articles = []
    for text in bodies(shared):
        words = content_words(text)
        key = " ".join(words)
        if len(words) >= MIN_WORDS and key not in seen:
            seen.add(key)
            articles.append(words)
    with open(out_file, "w", encoding="utf-8") as out:
        for words in articles:
            out.write(" ".join(words) + "\n")
    tokens = sum(len(w) for w in articles)
    print(f"articles={len(articles)} tokens={tokens} terms={len({w for a in articles for w in a})}")

    # Heaps' law, V = K n^beta, from the vocabulary at two points of one pass; and the share of the
    # even articles' tokens that the odd articles' vocabulary lacks.
    vocab, n, points = set(), 0, {}
    for words in articles:
        vocab.update(words)
        n += len(words)
        for mark in (tokens // 8, tokens):
            if mark not in points and n >= mark:
                points[mark] = (n, len(vocab))
    (n1, v1), (n2, v2) = sorted(points.values())
    beta = math.log(v2 / v1) / math.log(n2 / n1)
    odd = {w for a in articles[1::2] for w in a}
    even = [w for a in articles[0::2] for w in a]
    unseen = sum(w not in odd for w in even) / len(even)
    print(
        f"heaps: {v1} terms in {n1} tokens, {v2} in {n2}: beta={beta:.3f}; "
        f"tokens of even articles not in the odd ones' vocabulary: {unseen:.4f}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
