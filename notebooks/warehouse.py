"""Read newsdrift's warehouse tables into pandas. Reading only: every number comes from the jobs."""

import glob
import os

import duckdb


def location(default="../warehouse"):
    """The warehouse root: $NEWSDRIFT_WAREHOUSE, else the demo's ./warehouse beside notebooks/."""
    return os.environ.get("NEWSDRIFT_WAREHOUSE", default)


def committed_files(warehouse, name):
    """The table's Parquet files a reader may see: none under `_staging`, and in a partition folder
    only once newsdrift wrote its `_COMMITTED` marker (a run killed half-way leaves it out)."""
    root = os.path.join(warehouse, name)
    files = []
    for path in sorted(glob.glob(os.path.join(root, "**", "*.parquet"), recursive=True)):
        folder = os.path.dirname(path)
        parts = os.path.relpath(folder, root).split(os.sep)
        if any(p.startswith(("_", ".")) for p in parts if p != "."):
            continue
        if folder != root and not os.path.exists(os.path.join(folder, "_COMMITTED")):
            continue
        files.append(path)
    return files


def table(warehouse, name, where="true", columns="*"):
    """A table (hive-partitioned Parquet) as a DataFrame, optionally filtered by a SQL condition."""
    files = committed_files(warehouse, name)
    if not files:
        raise FileNotFoundError(f"table {name} has no committed data in {warehouse}")
    sql = (
        f"select {columns} from read_parquet({files!r}, hive_partitioning = true,"
        f" union_by_name = true) where {where}"
    )
    return duckdb.sql(sql).df()
