"""The Python notebooks of ``notebooks/`` run headless, cell by cell, each in its own local session.

Each Databricks source notebook (``notebooks/*.py`` starting with ``# Databricks notebook
source``) runs in a process of its own through ``notebooks/run_notebook.py`` (as
``notebooks/run-local.sh`` runs it: the jar, and XChart for the figures) with stand-ins for ``display``,
``displayHTML`` and ``dbutils.widgets``, small sizes (``rows``) and a temporary ``workDir``; its
own ``assert`` cells check the story's results (the planes found, BIC's choice, the held-out
likelihood, the job's exit codes). A failing cell fails the test with the notebook's name and the
cell's number. The mcycle notebook reads the real table from the shared data folder when it is
there, and draws data of its shape otherwise.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
sys.path.insert(0, str(NOTEBOOKS))

import run_notebook  # noqa: E402

#: Seconds a notebook may take (notebook 03 fits 9 models; a loaded 2-core machine).
TIMEOUT = 1200


def _python_notebooks():
    return sorted(
        p for p in NOTEBOOKS.glob("*.py")
        if p.read_text(encoding="utf-8").startswith(run_notebook.HEADER)
    )


def test_every_scala_story_has_its_python_notebook():
    scala = sorted(p.stem for p in NOTEBOOKS.glob("*.scala"))
    assert scala, f"no Scala notebooks in {NOTEBOOKS}"
    assert [p.stem for p in _python_notebooks()] == scala


@pytest.mark.parametrize("notebook", _python_notebooks(), ids=lambda p: p.name)
def test_the_notebook_runs_cell_by_cell(notebook, tmp_path):
    shared = Path(os.environ.get("MIXTURELIB_SHARED", REPO.parent / "shared"))
    mcycle = shared / "data" / "mcycle.csv"
    widgets = {
        "workDir": str(tmp_path),
        "rows": "4000",
        "mcycleCsv": str(mcycle) if mcycle.is_file() else "",
    }
    code = [c for c in run_notebook.cells(notebook) if c.is_code]
    assert len(code) >= 2, f"{notebook.name} has fewer than two code cells"
    # its own process and session, as notebooks/run-local.sh runs it (with XChart for the figures)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO / "python"), os.environ.get("PYTHONPATH", "")]))
    for name in ("SPARK_CONNECT_MODE_ENABLED", "SPARK_REMOTE"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, str(NOTEBOOKS / "run_notebook.py"), str(notebook)] + [f"{k}={v}" for k, v in widgets.items()],
        env=env, capture_output=True, text=True, timeout=TIMEOUT,
    )
    (tmp_path / "transcript.txt").write_text(done.stdout + done.stderr, encoding="utf-8")
    if done.returncode != 0:
        failure = [line for line in done.stderr.splitlines() if line.startswith("run_notebook.py: ")]
        pytest.fail(
            (failure[-1] if failure else f"{notebook.name}: exit code {done.returncode}")
            + "\n" + done.stderr[-6000:],
            pytrace=False,
        )
    assert f"{notebook.name} ran to the end" in done.stdout


def test_a_failing_cell_is_named_with_its_notebook(spark, tmp_path):
    notebook = tmp_path / "broken.py"
    notebook.write_text(
        "\n".join([
            run_notebook.HEADER,
            "# MAGIC %md",
            "# MAGIC A markdown cell",
            run_notebook.SEPARATOR,
            "x = spark.range(3).count()",
            run_notebook.SEPARATOR,
            "assert x == 4, f'x is {x}'",
        ]),
        encoding="utf-8",
    )
    with pytest.raises(run_notebook.NotebookError, match=r"^broken.py, cell 3 failed: AssertionError: x is 3$"):
        run_notebook.run(notebook, spark)


def test_a_file_without_the_header_is_refused(tmp_path):
    notebook = tmp_path / "plain.py"
    notebook.write_text("print('hello')\n", encoding="utf-8")
    with pytest.raises(run_notebook.NotebookError, match="the first line is not '# Databricks notebook source'"):
        run_notebook.cells(notebook)
