"""scikit-learn's TfidfVectorizer on the JSON-lines corpus that bench/features.sh generates.

Same limits as newsdrift's defaults: at most 20,000 terms (max_features), a term in at least 3
documents (min_df), tokens of 2 or more characters (the default token pattern), lower-cased, with
scikit-learn's English stop words; each document is title + newline + text. Times reading the files
and fit_transform in this one process (scikit-learn's vectorizer is single-threaded) and prints one
'result ...' line.

    python3 bench/sklearn_tfidf.py CORPUS_DIR
"""
import glob
import json
import sys
import time

from sklearn.feature_extraction.text import TfidfVectorizer


def main(corpus):
    t0 = time.perf_counter()
    docs = []
    size = 0
    for path in sorted(glob.glob(corpus + "/*.jsonl")):
        with open(path, "rb") as f:
            for line in f:
                size += len(line)
                rec = json.loads(line)
                docs.append((rec.get("title") or "") + "\n" + (rec.get("text") or ""))
    t1 = time.perf_counter()
    vectorizer = TfidfVectorizer(
        lowercase=True, stop_words="english", min_df=3, max_features=20000
    )
    matrix = vectorizer.fit_transform(docs)
    t2 = time.perf_counter()
    print(
        "result docs=%d bytes=%d vocabulary=%d nnz=%d read_s=%.1f fit_transform_s=%.1f total_s=%.1f"
        % (len(docs), size, len(vectorizer.vocabulary_), matrix.nnz, t1 - t0, t2 - t1, t2 - t0)
    )


if __name__ == "__main__":
    main(sys.argv[1])
