# Sourced by the bench scripts: puts a python3 with scikit-learn (peers, stop words), pandas
# (news_words.py) and pyarrow (the report reads Parquet) first on PATH. When the system python3
# lacks them they go into a virtual environment under target/, never the system Python.
# Needs $root, the project's folder.
if ! python3 -c 'import sklearn, pandas, pyarrow' 2>/dev/null; then
  venv="$root/target/bench-venv"
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/python" -m pip install -q --retries 0 scikit-learn pandas pyarrow
  export PATH="$venv/bin:$PATH"
fi
