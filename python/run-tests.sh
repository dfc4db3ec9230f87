#!/usr/bin/env bash
# Runs the Python tests (pytest python/tests) against a mixturelib jar, in a virtual environment
# for its Spark line. Maven calls it in integration-test (mvn verify; -DskipPythonTests skips it):
#   python/run-tests.sh <spark version, e.g. 3.5.9> <jar> [pytest arguments...]
# The environment is ~/.cache/mixturelib/venv-spark<major><minor> (or $MIXTURELIB_VENV), created
# with $PYTHON (default python3) and refreshed when requirements-test-spark<major><minor>.txt,
# pyproject.toml or the checkout's path change. A run that collects no test fails.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 <spark version> <jar> [pytest arguments...]" >&2
  exit 2
fi
spark_version=$1
jar=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
line=$(echo "$spark_version" | cut -d. -f1,2 | tr -d .)
requirements="$here/requirements-test-spark$line.txt"
if [ ! -f "$requirements" ]; then
  echo "run-tests.sh: Spark $spark_version has no $requirements" >&2
  exit 2
fi
if [ ! -f "$jar" ]; then
  echo "run-tests.sh: no jar at $jar (build it first: mvn -DskipTests package)" >&2
  exit 2
fi
venv=${MIXTURELIB_VENV:-$HOME/.cache/mixturelib/venv-spark$line}
if [ ! -x "$venv/bin/python" ]; then
  echo "run-tests.sh: creating $venv"
  "${PYTHON:-python3}" -m venv "$venv"
fi
stamp="$venv/.mixturelib-requirements"
# the checkout's path counts too: the package is installed editable from it
wanted=$( (cat "$requirements" "$here/pyproject.toml"; echo "$here") | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "run-tests.sh: installing $requirements and the package (editable) into $venv"
  "$venv/bin/python" -m pip install -q -r "$requirements"
  "$venv/bin/python" -m pip install -q --no-deps -e "$here" --config-settings editable_mode=compat
  echo "$wanted" > "$stamp"
fi
installed=$("$venv/bin/python" -c 'import pyspark; print(pyspark.__version__)')
if [ "$installed" != "$spark_version" ]; then
  echo "run-tests.sh: $venv has pyspark $installed, the build is Spark $spark_version: make $requirements pin pyspark==$spark_version" >&2
  exit 2
fi
export MIXTURELIB_JAR
MIXTURELIB_JAR=$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")
cd "$here"
set +e
"$venv/bin/python" -m pytest tests -p no:cacheprovider "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "run-tests.sh: pytest collected no tests; that is a failure" >&2
  exit 1
fi
exit "$status"
