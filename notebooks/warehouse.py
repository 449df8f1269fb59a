"""Read newsdrift's warehouse tables into pandas, without Spark. Reading only: every number comes
from the jobs.

The tables are Apache Iceberg tables (format version 2, Parquet data files) in a file-system
("hadoop") catalog at the warehouse root: table T lives in `<root>/news/T/`, its current metadata is
`metadata/vN.metadata.json` (N from `metadata/version-hint.text`). This module follows that
metadata to the snapshot asked for, lists the snapshot's live data files from its Avro manifests
and reads them with DuckDB.

    table(root, "theme_attention", "grain = 'week'")     # current rows
    table(root, "theme_attention", as_of=RUN_ID)          # as that newsdrift run left the table
    table(root, "theme_attention", as_of=SNAPSHOT_ID)     # an Iceberg snapshot (an int)
    table("/.../metadata/00007-....metadata.json")        # any catalog's table, by metadata file
    snapshots(root, "theme_attention")                    # the table's history

What it supports, and what it refuses rather than read wrongly:
- local files only: a path or a `file:` URI. Paths inside the metadata are absolute URIs; when the
  table folder is no longer where its metadata says (a warehouse copied from S3 or another machine,
  `aws s3 sync s3://bucket/warehouse ./warehouse`), paths under the table's recorded location are
  read from where the table is now. Other schemes (s3a://, hdfs://) are refused: read those with
  Spark, or with DuckDB's iceberg extension.
- columns are matched by name (DuckDB's `union_by_name`): a column added after some files were
  written reads as NULL in them, and a column of the schema that no file has yet is all NULL.
  Iceberg matches by field id; a table whose columns were renamed, or dropped and added again under
  an old name, is refused, since matching by name would read the wrong values.
- delete files (merge-on-read deletes and updates) are refused: newsdrift writes copy-on-write
  and never makes them, and this reader does not apply them.
- Parquet data files only (newsdrift's); Avro or ORC data files are refused.

Timestamps come back in UTC (pandas `datetime64[us, UTC]`), dates as `datetime64`.
"""

import gzip
import json
import numbers
import os
import re
import urllib.parse

import duckdb
import fastavro
import pandas as pd

NAMESPACE = "news"  # the embedded catalog's namespace (io.newsdrift.io.Warehouse.NAMESPACE)
RUNS = "runs"

_DELETED = 2  # manifest entry status; 0 existing and 1 added are live
_DATA = 0  # content of a data file; 1 position deletes, 2 equality deletes
_VERSION_FILE = re.compile(r"^v(\d+)(\.gz)?\.metadata\.json$")


def location(default="../warehouse"):
    """The warehouse root: $NEWSDRIFT_WAREHOUSE, else the demo's ./warehouse beside notebooks/."""
    return os.environ.get("NEWSDRIFT_WAREHOUSE", default)


def as_of():
    """The notebooks' `as_of`: the run id in $NEWSDRIFT_AS_OF, else None (the tables now)."""
    return os.environ.get("NEWSDRIFT_AS_OF") or None


def table(warehouse, name=None, where="true", columns="*", as_of=None):
    """A table as a DataFrame, optionally filtered by a SQL condition and projected on `columns`.

    `warehouse` is the warehouse root and `name` the table; or, with no `name`, a table folder or
    one of its `.metadata.json` files (for tables kept by another catalog, such as JDBC or REST,
    whose current metadata file you know). `as_of` reads an earlier state: an int is an Iceberg
    snapshot id, a str a newsdrift run id (the snapshot that run committed for this table, else the
    table's newest snapshot when the run finished). Columns follow the table's schema (for `as_of`,
    the schema of that snapshot); an empty table gives no rows and the same columns.
    """
    t = _Table.load(warehouse, name)
    snapshot = t.snapshot(as_of)
    schema = t.schema(snapshot if as_of is not None else None)
    t.refuse_renamed_columns(schema)
    files = t.data_files(snapshot)
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    if files:
        source = f"read_parquet({_sql_list(files)}, union_by_name = true)"
        present = {row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}
    else:
        source, present = "(SELECT 1) WHERE false", set()
    select = ", ".join(
        f"CAST({_ident(f['name']) if f['name'] in present else 'NULL'} AS {_duck_type(f['type'])})"
        f" AS {_ident(f['name'])}"
        for f in schema["fields"]
    )
    return con.sql(f"SELECT {columns} FROM (SELECT {select} FROM {source}) WHERE {where}").df()


def snapshots(warehouse, name=None):
    """The table's snapshots, oldest first: id, parent, commit time (UTC), operation, schema id,
    records added, deleted and in total, and whether it is the current one."""
    t = _Table.load(warehouse, name)
    current = t.meta.get("current-snapshot-id")
    history = sorted(t.meta.get("snapshots", []),
                     key=lambda s: (s["timestamp-ms"], s["snapshot-id"]))
    summaries = [s.get("summary", {}) for s in history]

    def ints(values):  # Int64 from the start: through float64, 19-digit ids would lose digits
        return pd.array([None if v is None else int(v) for v in values], dtype="Int64")

    return pd.DataFrame(
        {
            "snapshot_id": ints(s["snapshot-id"] for s in history),
            "parent_id": ints(s.get("parent-snapshot-id") for s in history),
            "committed_at": pd.to_datetime([s["timestamp-ms"] for s in history], unit="ms",
                                           utc=True).astype("datetime64[us, UTC]"),
            "operation": pd.array([m.get("operation") for m in summaries], dtype=object),
            "schema_id": ints(s.get("schema-id") for s in history),
            "added_records": ints(m.get("added-records") for m in summaries),
            "deleted_records": ints(m.get("deleted-records") for m in summaries),
            "total_records": ints(m.get("total-records") for m in summaries),
            "is_current": pd.array([s["snapshot-id"] == current for s in history], dtype=bool),
        }
    )


def data_files(warehouse, name=None, as_of=None):
    """The local paths of the Parquet files of a snapshot (arguments as for `table`), for reading
    them with other tools; columns added later are missing from older files."""
    t = _Table.load(warehouse, name)
    return t.data_files(t.snapshot(as_of))


class _Table:
    """One table's metadata, where it was found, and how to find the files it names."""

    def __init__(self, name, folder, metadata_file, meta, warehouse):
        self.name = name
        self.folder = folder  # the table folder as found on disk, None when unknown
        self.metadata_file = metadata_file
        self.meta = meta
        self.warehouse = warehouse  # the root, when given: as_of by run id reads its runs table

    @classmethod
    def load(cls, warehouse, name):
        if name is not None:
            root = _local(str(warehouse))
            folder = os.path.join(root, NAMESPACE, name)
            metadata_file = _current_metadata_file(folder)
            if metadata_file is None:
                hint = ""
                if os.path.isdir(os.path.join(root, name)):
                    hint = (f" ({os.path.join(root, name)} exists: a warehouse written before"
                            " newsdrift's tables were Iceberg tables; run the jobs again into a new"
                            " warehouse)")
                raise FileNotFoundError(
                    f"table {name!r} does not exist in the warehouse {root}: no"
                    f" {os.path.join(folder, 'metadata', 'vN.metadata.json')}{hint}; run the job"
                    " that writes it first")
            return cls(name, folder, metadata_file, _read_json(metadata_file), root)
        path = _local(str(warehouse))
        if os.path.isdir(path):
            metadata_file = _current_metadata_file(path)
            if metadata_file is None:
                raise FileNotFoundError(f"no Iceberg table in {path}: no metadata/vN.metadata.json")
            folder = path
        elif path.endswith(".metadata.json"):
            metadata_file = path
            parent = os.path.dirname(os.path.abspath(path))
            folder = os.path.dirname(parent) if os.path.basename(parent) == "metadata" else None
        else:
            raise FileNotFoundError(
                f"{path} is neither a table folder nor a .metadata.json file; to read a table of a"
                " warehouse, pass the warehouse root and the table name")
        meta = _read_json(metadata_file)
        return cls(os.path.basename(folder or path), folder, metadata_file, meta, None)

    def snapshot(self, as_of):
        """The snapshot to read (a dict of the metadata), or None for a table with none yet."""
        by_id = {s["snapshot-id"]: s for s in self.meta.get("snapshots", [])}
        if as_of is None:
            current = self.meta.get("current-snapshot-id")
            return None if current in (None, -1) else by_id[current]
        if isinstance(as_of, numbers.Integral) and not isinstance(as_of, bool):
            if int(as_of) not in by_id:
                raise LookupError(
                    f"table {self.name!r} has no snapshot {as_of}; it has {sorted(by_id)}"
                    " (snapshots(...) lists them)")
            return by_id[int(as_of)]
        if isinstance(as_of, str):
            return self._as_of_run(as_of, by_id)
        raise TypeError(f"as_of is a run id (str) or a snapshot id (int), not {as_of!r}")

    def _as_of_run(self, run_id, by_id):
        """As io.newsdrift.io.Warehouse.Pin does: the snapshot the run committed for this table,
        else the newest committed when the run finished (for tables it read but did not write)."""
        if self.warehouse is None:
            raise ValueError(
                f"as_of={run_id!r} is a run id, found in the warehouse's runs table: pass the"
                " warehouse root and the table name, or a snapshot id (an int)")
        runs = table(self.warehouse, RUNS, columns="run_id, table_snapshots, finished_at,"
                     " epoch_ms(finished_at) AS finished_ms")
        run = runs[runs["run_id"] == run_id]
        if run.empty:
            raise LookupError(f"no run {run_id!r} in the runs table of {self.warehouse}")
        run = run.iloc[0]
        committed = (run["table_snapshots"] or {}).get(self.name)
        if committed is not None:
            if committed not in by_id:
                raise LookupError(
                    f"run {run_id} committed snapshot {committed} of table {self.name!r}, which"
                    " the table no longer has (expired)")
            return by_id[committed]
        best = None
        for s in self.meta.get("snapshots", []):
            if s["timestamp-ms"] <= run["finished_ms"] and (
                    best is None or s["timestamp-ms"] >= best["timestamp-ms"]):
                best = s
        # None: no commit yet when the run finished (an empty write commits nothing), so the table
        # reads empty with its columns, as newsdrift's own pinned reads do.
        return best

    def schema(self, snapshot=None):
        """The current schema; with a snapshot, the schema it was written with (time travel shows
        the columns of its time, as Spark does; the current snapshot shows the current schema,
        which may have gained columns since)."""
        schemas = {s.get("schema-id", 0): s for s in self.meta.get("schemas", [])}
        if not schemas:  # format version 1 may keep only one schema
            return self.meta["schema"]
        if snapshot is not None and snapshot.get("schema-id") in schemas:
            return schemas[snapshot["schema-id"]]
        return schemas[self.meta.get("current-schema-id", 0)]

    def refuse_renamed_columns(self, schema):
        """Columns are matched by name: refuse when a name has meant another field id before."""
        history = self.meta.get("schemas") or [self.meta["schema"]]
        for field in schema["fields"]:
            others = {
                (f["id"], f["name"])
                for s in history
                for f in s["fields"]
                if (f["id"] == field["id"]) != (f["name"] == field["name"])
            }
            if others:
                raise NotImplementedError(
                    f"column {field['name']!r} (field id {field['id']}) of table {self.name!r} was"
                    f" renamed or dropped and added again (other schemas have {sorted(others)});"
                    " this reader matches columns by name and would read wrong values: read it"
                    " with Spark")

    def data_files(self, snapshot):
        """Local paths of the snapshot's live Parquet data files; refuses delete files."""
        if snapshot is None:
            return []
        if "manifest-list" in snapshot:
            manifests = [m["manifest_path"] for m in _avro(self.local(snapshot["manifest-list"]))]
        else:  # format version 1 may list the manifests in the snapshot itself
            manifests = snapshot.get("manifests", [])
        files = []
        for manifest in manifests:
            for entry in _avro(self.local(manifest)):
                if entry["status"] == _DELETED:
                    continue
                f = entry["data_file"]
                if f.get("content", _DATA) != _DATA:
                    raise NotImplementedError(
                        f"table {self.name!r} snapshot {snapshot['snapshot-id']} has delete files"
                        f" ({f['file_path']}); this reader does not apply deletes: read it with"
                        " Spark, or rewrite its data files first (CALL"
                        " <catalog>.system.rewrite_data_files)")
                if f["file_format"].upper() != "PARQUET":
                    raise NotImplementedError(
                        f"table {self.name!r} has a {f['file_format']} data file"
                        f" ({f['file_path']}); this reader reads Parquet only")
                files.append(self.local(f["file_path"]))
        return files

    def local(self, uri):
        """A path or URI from the metadata as a local path, under the table folder as found when
        the table has moved since the metadata was written."""
        recorded = self.meta.get("location", "").rstrip("/")
        if self.folder is not None and recorded and uri.startswith(recorded + "/"):
            return os.path.join(self.folder, *uri[len(recorded) + 1:].split("/"))
        return _local(uri)


def _current_metadata_file(folder):
    """As Iceberg's HadoopTableOperations: the version in version-hint.text, else the highest
    vN.metadata.json, then any newer version written after the hint."""
    metadata = os.path.join(folder, "metadata")
    if not os.path.isdir(metadata):
        return None
    versions = {}
    for f in os.listdir(metadata):
        m = _VERSION_FILE.match(f)
        if m:
            versions[int(m.group(1))] = os.path.join(metadata, f)
    if not versions:
        return None
    try:
        with open(os.path.join(metadata, "version-hint.text"), encoding="utf-8") as hint:
            version = int(hint.read().strip())
    except (OSError, ValueError):
        version = max(versions)
    if version not in versions:
        version = max(versions)
    while version + 1 in versions:
        version += 1
    return versions[version]


def _read_json(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":  # write.metadata.compression-codec=gzip
        data = gzip.decompress(data)
    return json.loads(data)


def _avro(path):
    with open(path, "rb") as f:
        return list(fastavro.reader(f))


def _local(uri):
    """A local path from a path or a `file:` URI (file:/x, file:///x, file://localhost/x)."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", uri) is None:
        return uri
    parsed = urllib.parse.urlparse(uri)
    if parsed.scheme != "file" or parsed.netloc not in ("", "localhost"):
        raise NotImplementedError(
            f"{uri}: this reader reads local files only (a path or a file: URI); read tables in"
            " object storage with Spark or DuckDB's iceberg extension, or copy the warehouse")
    # Hadoop writes paths unescaped, java.io.File.toURI escaped: take whichever exists.
    unquoted = urllib.parse.unquote(parsed.path)
    return parsed.path if os.path.exists(parsed.path) or not os.path.exists(unquoted) else unquoted


_PRIMITIVE = {
    "boolean": "BOOLEAN",
    "int": "INTEGER",
    "long": "BIGINT",
    "float": "FLOAT",
    "double": "DOUBLE",
    "date": "DATE",
    "time": "TIME",
    "timestamp": "TIMESTAMP",
    "timestamptz": "TIMESTAMPTZ",
    "timestamp_ns": "TIMESTAMP_NS",
    "timestamptz_ns": "TIMESTAMPTZ",
    "string": "VARCHAR",
    "uuid": "UUID",
    "binary": "BLOB",
}


def _duck_type(t):
    """The DuckDB type of an Iceberg type (a name, or a dict for struct, list and map)."""
    if isinstance(t, dict):
        if t["type"] == "struct":
            return "STRUCT(" + ", ".join(
                f"{_ident(f['name'])} {_duck_type(f['type'])}" for f in t["fields"]) + ")"
        if t["type"] == "list":
            return _duck_type(t["element"]) + "[]"
        if t["type"] == "map":
            return f"MAP({_duck_type(t['key'])}, {_duck_type(t['value'])})"
    elif t in _PRIMITIVE:
        return _PRIMITIVE[t]
    elif t.startswith("decimal"):
        return t.upper()
    elif t.startswith("fixed"):
        return "BLOB"
    raise NotImplementedError(f"Iceberg type {t!r} has no DuckDB equivalent in this reader")


def _ident(name):
    return '"' + name.replace('"', '""') + '"'


def _sql_list(paths):
    return "[" + ", ".join("'" + p.replace("'", "''") + "'" for p in paths) + "]"
