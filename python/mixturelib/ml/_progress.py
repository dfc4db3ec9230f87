"""A fit that prints its progress: the Java fit runs on a thread while this one prints its lines."""

import sys

from pyspark import InheritableThread
from pyspark.ml.wrapper import JavaWrapper

#: Seconds between two looks at the fit's new lines.
POLL_SECONDS = 0.5


def fit_with_progress(java_estimator, java_dataset, out=None):
    """Fits a Java mixture estimator, printing each line of its ``FitProgress`` as it comes.

    The Java ``fit`` runs on a thread of its own (an ``InheritableThread``, so that it keeps the
    caller's job group and local properties); this thread prints the lines that the estimator's
    listener records, at most ``POLL_SECONDS`` late, to ``out`` (default: ``sys.stdout``, which a
    notebook cell shows), and returns the Java model or raises the fit's error.
    """
    out = out or sys.stdout
    progress = JavaWrapper._new_java_obj("org.mixturelib.ml.FitProgress")
    outcome = {}

    def fit():
        try:
            outcome["model"] = java_estimator.fit(java_dataset)
        except BaseException as error:  # handed to the caller's thread below
            outcome["error"] = error

    java_estimator.setListener(progress)
    try:
        worker = InheritableThread(target=fit, daemon=True)
        worker.start()
        running = True
        while running:
            worker.join(POLL_SECONDS)
            running = worker.is_alive()
            if not running:
                progress.finish()
            for line in progress.take():
                print(line, file=out, flush=True)
    finally:
        java_estimator.setListener(None)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["model"]
