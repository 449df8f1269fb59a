"""The Python peers of the topic-model benchmark (bench/topics.sh runs this).

    python topics_peers.py gensim|sklearn DIR DOCS K PASSES BATCHES OUT.json

Reads the first DOCS lines of DIR/docs.txt (the doc-term matrix newsdrift exported: one document a
line, `term_id:count` pairs), fits LDA with K topics, PASSES passes in BATCHES mini-batches per pass,
with the same priors (alpha = eta = 1/K), step size (offset 1, decay 0.5) and E-step limits (50
iterations, mean change 0.001) as newsdrift, and writes the fit seconds and each topic's top 10
term ids. Only the fit is timed, not reading the file.
"""
import json
import os
import sys
import time

import numpy as np


def read_docs(path, n):
    docs = []
    with open(path) as f:
        for i, line in enumerate(f):
            if i >= n:
                break
            pairs = [p.split(":") for p in line.split()]
            docs.append([(int(a), int(b)) for a, b in pairs])
    return docs


def main():
    tool, d, n, k, passes, batches, out = sys.argv[1:8]
    n, k, passes, batches = int(n), int(k), int(passes), int(batches)
    vocab = open(f"{d}/vocab.txt").read().split("\n")
    vocab = [v for v in vocab if v]
    docs = read_docs(f"{d}/docs.txt", n)
    tokens = sum(c for doc in docs for _, c in doc)
    chunk = (len(docs) + batches - 1) // batches
    if tool == "gensim":
        from gensim.models import LdaMulticore

        start = time.perf_counter()
        model = LdaMulticore(
            corpus=docs,
            num_topics=k,
            id2word={i: w for i, w in enumerate(vocab)},
            workers=1,  # 2 cores: one worker process plus the master that updates the model
            chunksize=chunk,
            passes=passes,
            batch=False,
            alpha="symmetric",
            eta=1.0 / k,
            decay=0.5,
            offset=1.0,
            iterations=50,
            gamma_threshold=0.001,
            eval_every=None,
            random_state=int(os.environ.get("SEED", "42")),
        )
        seconds = time.perf_counter() - start
        beta = model.get_topics()
    elif tool == "sklearn":
        from scipy.sparse import csr_matrix
        from sklearn.decomposition import LatentDirichletAllocation

        rows, cols, vals = [], [], []
        for i, doc in enumerate(docs):
            for w, c in doc:
                rows.append(i)
                cols.append(w)
                vals.append(c)
        x = csr_matrix((vals, (rows, cols)), shape=(len(docs), len(vocab)), dtype=np.float64)
        start = time.perf_counter()
        model = LatentDirichletAllocation(
            n_components=k,
            doc_topic_prior=1.0 / k,
            topic_word_prior=1.0 / k,
            learning_method="online",
            learning_decay=0.5 + 1e-9,  # sklearn wants (0.5, 1]
            learning_offset=1.0,
            max_iter=passes,
            batch_size=chunk,
            evaluate_every=-1,
            max_doc_update_iter=50,
            mean_change_tol=0.001,
            n_jobs=2,
            random_state=int(os.environ.get("SEED", "42")),
        )
        model.fit(x)
        seconds = time.perf_counter() - start
        beta = model.components_
    else:
        raise SystemExit(f"unknown tool {tool}")
    top = [list(map(int, np.argsort(-row, kind="stable")[:10])) for row in beta]
    result = {"tool": tool, "docs": len(docs), "tokens": tokens, "passes": passes,
              "seconds": round(seconds, 3), "topics": top}
    with open(out, "w") as f:
        json.dump(result, f)
    print({key: v for key, v in result.items() if key != "topics"})


if __name__ == "__main__":
    main()
