"""Read newsdrift's warehouse tables into pandas. Reading only: every number comes from the jobs."""

import os

import duckdb


def location(default="../warehouse"):
    """The warehouse root: $NEWSDRIFT_WAREHOUSE, else the demo's ./warehouse beside notebooks/."""
    return os.environ.get("NEWSDRIFT_WAREHOUSE", default)


def table(warehouse, name, where="true", columns="*"):
    """A table (hive-partitioned Parquet) as a DataFrame, optionally filtered by a SQL condition."""
    path = os.path.join(warehouse, name, "**", "*.parquet")
    sql = (
        f"select {columns} from read_parquet('{path}', hive_partitioning = true,"
        f" union_by_name = true) where {where}"
    )
    return duckdb.sql(sql).df()
