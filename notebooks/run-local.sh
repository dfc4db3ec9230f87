#!/usr/bin/env bash
# Runs one notebook of this folder on this machine, headless and cell by cell, as the tests do
# (docs/notebooks.md):
#   notebooks/run-local.sh NOTEBOOK.py [widget=value ...]
#       a Python notebook, with $PYTHON (default python3; it needs pyspark 3.5 or 4.0) and the
#       jar of its pyspark's line built in target/ (mvn -DskipTests package, with -Pspark4 for
#       pyspark 4) or named by $MIXTURELIB_JAR; mixturelib is imported from python/.
#   notebooks/run-local.sh NOTEBOOK.scala [maven options, e.g. -o -Pspark4]
#       a Scala notebook, through the Scala REPL of NotebooksTest (Maven); its transcript is
#       written to target/notebooks/NOTEBOOK.log.
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: $0 NOTEBOOK.py [widget=value ...] | NOTEBOOK.scala [maven options]" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
notebook=$1
shift
if [ ! -f "$notebook" ]; then
  echo "run-local.sh: no notebook at $notebook" >&2
  exit 2
fi
case "$notebook" in
  *.py)
    export PYTHONPATH="$repo/python${PYTHONPATH:+:$PYTHONPATH}"
    exec "${PYTHON:-python3}" "$here/run_notebook.py" "$notebook" "$@"
    ;;
  *.scala)
    name=$(basename "$notebook")
    if [ "$(cd "$(dirname "$notebook")" && pwd)" != "$here" ]; then
      echo "run-local.sh: NotebooksTest runs the Scala notebooks of $here only" >&2
      exit 2
    fi
    cd "$repo"
    mvn -q "$@" test -Dtest=NotebooksTest -Dmixturelib.notebook="$name" \
      -Dsurefire.failIfNoSpecifiedTests=false
    echo "run-local.sh: $name ran to the end; transcript in target/notebooks/${name%.scala}.log"
    ;;
  *)
    echo "run-local.sh: $notebook is neither a .py nor a .scala notebook" >&2
    exit 2
    ;;
esac
