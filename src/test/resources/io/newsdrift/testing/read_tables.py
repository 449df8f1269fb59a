"""Reads tables with notebooks/warehouse.py for the tests (testing/PythonTables) and writes what it got as JSON.

    read_tables.py NOTEBOOKS_DIR REQUEST.json RESULT.json

The request is a list of reads: {"id", "source", "name" (or null), "as_of": null | {"run": id} |
{"snapshot": id}}, or of snapshot lists (with "snapshots": true). The result maps each id to
{"columns", "dtypes", "rows"} or to {"error"}. Every value is written as text the Java side can
produce from Spark's rows: None for null, exact decimals for doubles, ISO dates, UTC timestamps to
the microsecond; lists as lists, structs and maps as objects.
"""

import datetime
import decimal
import json
import math
import sys

import numpy as np
import pandas as pd

sys.path.insert(0, sys.argv[1])
import warehouse  # noqa: E402  (the notebooks' module, from the folder given)


def canon(v):
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, (bool, np.bool_)):
        return "true" if v else "false"
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, (float, np.floating)):
        v = float(v)
        if math.isnan(v):
            return None  # pandas shows a null double as NaN: the two cannot be told apart
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        return "0" if v == 0 else format(decimal.Decimal(v), "f")
    if isinstance(v, str):
        return v
    if isinstance(v, (bytes, bytearray, memoryview)):
        return bytes(v).hex()  # binary columns (signatures' sets) by content
    if isinstance(v, pd.Timestamp):
        if v.tzinfo is None:
            # DATE columns reach pandas as naive midnight timestamps (newsdrift has no naive
            # timestamp columns); anything else shows as itself and fails the comparison.
            return v.strftime("%Y-%m-%d") if v == v.normalize() else v.isoformat()
        return v.tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(v, datetime.datetime):
        return canon(pd.Timestamp(v))
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, dict):
        return {canon(k): canon(x) for k, x in v.items()}
    if isinstance(v, (list, tuple, np.ndarray)):
        return [canon(x) for x in v]
    raise TypeError(f"no canonical form for {type(v)}: {v!r}")


def read(r):
    as_of = r["as_of"]
    if as_of is not None:
        as_of = as_of["run"] if "run" in as_of else int(as_of["snapshot"])
    try:
        if r.get("snapshots"):
            df = warehouse.snapshots(r["source"], r["name"])
            df = df[["snapshot_id", "parent_id", "committed_at", "operation"]]
        elif r["name"] is None:
            df = warehouse.table(r["source"], as_of=as_of)
        else:
            df = warehouse.table(r["source"], r["name"], as_of=as_of)
    except Exception as e:  # the Java side checks the type and message
        return {"error": f"{type(e).__name__}: {e}"}
    return {
        "columns": list(df.columns),
        "dtypes": [str(t) for t in df.dtypes],
        "rows": [[canon(v) for v in row] for row in df.itertuples(index=False, name=None)],
    }


with open(sys.argv[2], encoding="utf-8") as f:
    requests = json.load(f)
with open(sys.argv[3], "w", encoding="utf-8") as f:
    json.dump({r["id"]: read(r) for r in requests}, f)
