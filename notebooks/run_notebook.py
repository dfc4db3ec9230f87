"""Runs a Python Databricks source notebook headless, cell by cell, as a Databricks cluster would.

A Databricks source notebook is a ``.py`` file whose first line is ``# Databricks notebook
source``, with cells separated by ``# COMMAND ----------`` lines; a cell of ``# MAGIC`` lines is
markdown (or another magic) and is not run. The code cells run in order in one namespace that
holds what a Databricks notebook finds defined: ``spark``, ``sc``, ``display``, ``displayHTML`` and
``dbutils.widgets`` (``text`` and ``get``; values given here override the widgets' defaults).

From the command line (``notebooks/run-local.sh`` calls this), with a local Spark session that
has the mixturelib jar (:func:`mixturelib.configure`) and XChart (:func:`plot_jar`)::

    python notebooks/run_notebook.py notebooks/01-getting-started-two-planes.py workDir=/tmp/nb

``python/tests/test_notebooks.py`` runs every notebook this way.
"""

import os
import re
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

#: The checkout this script belongs to (notebooks/run_notebook.py).
REPO = Path(__file__).resolve().parent.parent
HEADER = "# Databricks notebook source"
SEPARATOR = "# COMMAND ----------"
MAGIC = "# MAGIC"


@dataclass(frozen=True)
class Cell:
    """One cell of a notebook: its number (from 1) and its text."""

    index: int
    text: str

    @property
    def is_code(self):
        """Whether the cell is Python (not markdown or another magic cell, nor empty)."""
        lines = [line for line in self.text.splitlines() if line.strip()]
        return bool(lines) and not all(line.startswith(MAGIC) for line in lines)


class NotebookError(Exception):
    """A notebook that is no Databricks source notebook, or a cell that failed (named with its notebook)."""


def cells(path):
    """The cells of the Databricks source notebook at ``path``."""
    text = Path(path).read_text(encoding="utf-8")
    lines = text.splitlines()
    if not lines or lines[0].strip() != HEADER:
        raise NotebookError(f"{Path(path).name}: the first line is not '{HEADER}'")
    out, current = [], []
    for line in lines[1:]:
        if line.strip() == SEPARATOR:
            out.append(Cell(len(out) + 1, "\n".join(current).strip("\n")))
            current = []
        else:
            current.append(line)
    out.append(Cell(len(out) + 1, "\n".join(current).strip("\n")))
    return out


class _Widgets:
    """``dbutils.widgets``: text widgets whose values can be set before the notebook runs."""

    def __init__(self, values):
        self._given = dict(values)
        self._defaults = {}

    def text(self, name, defaultValue, label=""):
        """Defines a text widget with its default value."""
        self._defaults[name] = defaultValue

    def get(self, name):
        """The value given for the widget, else its default; an error for an undefined widget."""
        if name not in self._defaults:
            raise NotebookError(f"dbutils.widgets.get: no widget named '{name}' is defined")
        return self._given.get(name, self._defaults[name])


class _DbUtils:
    def __init__(self, widgets):
        self.widgets = widgets


def databricks_namespace(spark, widgets=None):
    """What a Databricks notebook finds defined before its first cell, for ``spark``."""

    def display(df):
        """Shows a DataFrame (the first 20 rows, not truncated)."""
        df.show(20, truncate=False)

    def displayHTML(html):
        """Reports the HTML that Databricks would render."""
        print(f"displayHTML: {len(html)} characters")

    namespace = {
        "__name__": "__main__",
        "spark": spark,
        "display": display,
        "displayHTML": displayHTML,
        "dbutils": _DbUtils(_Widgets(widgets or {})),
    }
    if not type(spark).__module__.startswith("pyspark.sql.connect"):
        namespace["sc"] = spark.sparkContext
    return namespace


def run(path, spark, widgets=None, log=print):
    """Runs the code cells of the notebook at ``path`` in order on ``spark``; returns the namespace.

    ``widgets`` maps widget names to values. A failing cell raises :class:`NotebookError` naming
    the notebook and the cell (its number among all cells, from 1), chained to the cell's error.
    """
    name = Path(path).name
    namespace = databricks_namespace(spark, widgets)
    for cell in cells(path):
        if not cell.is_code:
            continue
        log(f"--- {name}, cell {cell.index}")
        start = time.monotonic()
        try:
            exec(compile(cell.text, f"{name}, cell {cell.index}", "exec"), namespace)
        except Exception as error:
            raise NotebookError(f"{name}, cell {cell.index} failed: {type(error).__name__}: {error}") from error
        log(f"--- {name}, cell {cell.index} done in {time.monotonic() - start:.1f} s")
    return namespace


def plot_jar(pom=REPO / "pom.xml"):
    """The XChart jar, which the jar's figures (``org.mixturelib.plot``) need, from the local Maven repository.

    The mixturelib jar does not carry its dependencies; the build puts XChart (the pom's
    ``xchart.version``) into the local Maven repository (``$MAVEN_REPOSITORY``, default
    ``~/.m2/repository``). Raises :class:`NotebookError` naming the file when it is not there.
    """
    match = re.search(r"<xchart\.version>([^<]+)</xchart\.version>", Path(pom).read_text(encoding="utf-8"))
    if not match:
        raise NotebookError(f"{pom} has no xchart.version")
    version = match.group(1)
    repository = Path(os.environ.get("MAVEN_REPOSITORY", Path.home() / ".m2" / "repository"))
    jar = repository / "org" / "knowm" / "xchart" / "xchart" / version / f"xchart-{version}.jar"
    if not jar.is_file():
        raise NotebookError(f"no XChart jar at {jar}: build the project once (mvn -DskipTests package) to fetch it")
    return str(jar)


def main(argv):
    """``run_notebook.py NOTEBOOK.py [widget=value ...]`` on a local[2] session with the jar and XChart."""
    if not argv or not argv[0].endswith(".py"):
        print("usage: run_notebook.py NOTEBOOK.py [widget=value ...]", file=sys.stderr)
        return 2
    widgets = {}
    for arg in argv[1:]:
        key, sep, value = arg.partition("=")
        if not sep:
            print(f"run_notebook.py: '{arg}' is not widget=value", file=sys.stderr)
            return 2
        widgets[key] = value
    from pyspark.sql import SparkSession

    import mixturelib

    try:
        xchart = plot_jar()
    except NotebookError as error:
        print(f"run_notebook.py: {error}", file=sys.stderr)
        return 2
    spark = mixturelib.configure(
        SparkSession.builder.master("local[2]").appName("mixturelib-notebook")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.jars", xchart)
    ).getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    try:
        run(argv[0], spark, widgets)
    except NotebookError as error:
        if error.__cause__ is not None:
            traceback.print_exception(error.__cause__)
        print(f"run_notebook.py: {error}", file=sys.stderr)
        return 1
    finally:
        spark.stop()
    print(f"run_notebook.py: {Path(argv[0]).name} ran to the end")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
