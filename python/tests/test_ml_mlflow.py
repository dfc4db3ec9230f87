"""MLflow: mlflow.spark logs and loads mixture models and pipelines; pyfunc serves them with the jar."""

import json
import os
import subprocess
import sys
import textwrap

import mlflow
import mlflow.spark
import pytest
from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.feature import VectorAssembler

from mixturelib import ml

OUTPUTS = ["prediction", "probability", "responsibility", "componentPredictions", "predictionStd", "logLikelihood"]


@pytest.fixture()
def tracking(tmp_path, monkeypatch):
    """A local file tracking store (MLflow 3 wants MLFLOW_ALLOW_FILE_STORE for one)."""
    monkeypatch.setenv("MLFLOW_ALLOW_FILE_STORE", "true")
    uri = "file:" + str(tmp_path / "mlruns")
    mlflow.set_tracking_uri(uri)
    yield uri
    mlflow.set_tracking_uri(None)


def _scores(transformed):
    return [tuple(row) for row in transformed.select(*OUTPUTS).collect()]


def _log(model):
    with mlflow.start_run():
        return mlflow.spark.log_model(model, "model").model_uri


def test_a_fitted_model_round_trips_through_mlflow(tracking, moe_synth):
    model = ml.MixtureOfExperts(k=2, numInit=2).fit(moe_synth)
    loaded = mlflow.spark.load_model(_log(model))
    assert isinstance(loaded, PipelineModel) and isinstance(loaded.stages[0], ml.MixtureOfExpertsModel)
    assert _scores(loaded.transform(moe_synth)) == _scores(model.transform(moe_synth))


def test_a_pipeline_model_round_trips_through_mlflow(tracking, npreg):
    raw = npreg.drop("features")
    assembler = VectorAssembler(inputCols=["x", "x2"], outputCol="features")
    model = Pipeline(stages=[assembler, ml.MixtureOfRegressions(k=2, numInit=2)]).fit(raw)
    loaded = mlflow.spark.load_model(_log(model))
    assert isinstance(loaded.stages[1], ml.MixtureOfRegressionsModel)
    assert _scores(loaded.transform(raw)) == _scores(model.transform(raw))


_SERVE = """
    import json, sys
    import mlflow.pyfunc, pandas
    model = mlflow.pyfunc.load_model(sys.argv[1])
    rows = pandas.DataFrame(json.loads(sys.argv[2]))
    print(json.dumps([float(v) for v in model.predict(rows)]))
"""


def test_pyfunc_serves_a_pipeline_in_a_fresh_process_given_the_jar(tracking, spark, npreg):
    raw = npreg.drop("features")
    assembler = VectorAssembler(inputCols=["x", "x2"], outputCol="features")
    model = Pipeline(stages=[assembler, ml.MixtureOfRegressions(k=2, numInit=2)]).fit(raw)
    uri = _log(model)
    sample = raw.select("x", "x2").limit(5)
    expected = [r[0] for r in model.transform(sample).select("prediction").collect()]
    jar = spark.sparkContext._jvm.org.mixturelib.ml.LibraryInfo.location()[len("file:") :]
    env = dict(os.environ, MLFLOW_TRACKING_URI=tracking, PYSPARK_SUBMIT_ARGS=f"--jars {jar} pyspark-shell")
    rows = json.dumps({c: [r[c] for r in sample.collect()] for c in ("x", "x2")})
    served = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_SERVE), uri, rows], env=env, capture_output=True, text=True, timeout=300
    )
    assert served.returncode == 0, served.stderr[-3000:]
    assert json.loads(served.stdout.strip().splitlines()[-1]) == pytest.approx(expected, rel=1e-12)
