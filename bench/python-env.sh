# Sourced by the bench scripts: puts a python3 with scikit-learn (peers, stop words), pandas
# (news_words.py), pyarrow, duckdb and fastavro (the report reads the Iceberg tables through
# notebooks/warehouse.py) first on PATH. When the system python3 lacks them they go into a virtual
# environment under target/, never the system Python.
# Needs $root, the project's folder.
if ! python3 -c 'import sklearn, pandas, pyarrow, duckdb, fastavro' 2>/dev/null; then
  venv="$root/target/bench-venv"
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/python" -m pip install -q --retries 0 scikit-learn pandas pyarrow duckdb fastavro
  export PATH="$venv/bin:$PATH"
fi
