"""mixturelib.ml over Spark Connect: a local Connect server with the jar, a Python client over sc://.

The module starts Spark Connect's server (``SparkConnectServer``, shipped in pyspark 4's jars) with
``spark-submit --jars <the 2.13 jar>`` on a free loopback port, connects a client, and through
the :mod:`mixturelib.ml` classes fits both estimators, transforms, evaluates, cross-validates,
saves and loads (alone and in a ``PipelineModel``), and reads the models' parameters (which the server's allow-list does not admit
as methods: :mod:`mixturelib.ml._connect`). The server is stopped at the end. Spark 3.5 has no
Connect ML server, so the module is skipped on pyspark < 4.
"""

import os
import socket
import subprocess
import time

import numpy as np
import pyspark
import pytest

if int(pyspark.__version__.split(".")[0]) < 4:
    pytest.skip(f"Spark Connect ML needs Spark 4; this is pyspark {pyspark.__version__}", allow_module_level=True)

from pyspark.ml.functions import vector_to_array  # noqa: E402
from pyspark.ml.tuning import CrossValidator, ParamGridBuilder  # noqa: E402
from pyspark.sql import functions as F  # noqa: E402

from mixturelib import _jvm  # noqa: E402
from mixturelib.ml import (  # noqa: E402
    MixtureLikelihoodEvaluator,
    MixtureOfExperts,
    MixtureOfExpertsModel,
    MixtureOfRegressions,
    MixtureOfRegressionsModel,
)

#: Seconds the server may take to listen (a loaded 2-core machine: about 20 s).
START_TIMEOUT = 300
SERVER_CLASS = "org.apache.spark.sql.connect.service.SparkConnectServer"


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def connect_server(tmp_path_factory):
    """A local Spark Connect server with the mixturelib jar on a free loopback port; yields its sc:// URL."""
    jar = _jvm.jar_path("2.13")
    assert jar, "no mixturelib-spark_2.13 jar: build it with mvn -Pspark4 -DskipTests package or set MIXTURELIB_JAR"
    spark_home = os.path.dirname(pyspark.__file__)
    port = _free_port()
    log_path = tmp_path_factory.mktemp("connect") / "server.log"
    command = [
        os.path.join(spark_home, "bin", "spark-submit"),
        "--master", "local[2]",
        "--class", SERVER_CLASS,
        "--name", "mixturelib-connect-test",
        "--jars", jar,
        "--driver-memory", "1g",
        "--conf", f"spark.connect.grpc.binding.port={port}",
        "--conf", "spark.connect.grpc.binding.address=127.0.0.1",
        "--conf", "spark.ui.enabled=false",
        "--conf", "spark.sql.shuffle.partitions=2",
        "--conf", "spark.default.parallelism=2",
        "spark-internal",
    ]
    env = dict(os.environ, SPARK_HOME=spark_home)
    env.pop("SPARK_REMOTE", None)
    with open(log_path, "w") as log:
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _listening(port):
            if server.poll() is not None:
                pytest.fail(f"the Connect server exited with {server.returncode}:\n{log_path.read_text()[-4000:]}")
            if time.monotonic() > deadline:
                pytest.fail(f"the Connect server did not listen within {START_TIMEOUT} s:\n{log_path.read_text()[-4000:]}")
            time.sleep(1)
        yield f"sc://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="module")
def remote(connect_server):
    """A Spark Connect client session (pyspark's ml classes go remote while it is open)."""
    from pyspark.sql.connect.session import SparkSession as RemoteSparkSession

    previous = os.environ.get("SPARK_CONNECT_MODE_ENABLED")
    os.environ["SPARK_CONNECT_MODE_ENABLED"] = "1"
    session = RemoteSparkSession.builder.remote(connect_server).create()
    try:
        yield session
    finally:
        session.stop()
        if previous is None:
            del os.environ["SPARK_CONNECT_MODE_ENABLED"]
        else:
            os.environ["SPARK_CONNECT_MODE_ENABLED"] = previous


@pytest.fixture(scope="module")
def planes(remote):
    """The 0.4 documentation's two planes, drawn on the server: y = 10 x1 (rows < 100), y = 30 x2, noise sd 5."""
    from pyspark.ml.feature import VectorAssembler

    first = F.col("id") < 100
    raw = (
        remote.range(0, 200, 1, 2)
        .select("id", F.randn(42).alias("a"), F.randn(43).alias("b"), F.randn(44).alias("noise"))
        .select(
            "id",
            F.when(first, F.col("a")).otherwise(F.col("a") * 0.8).alias("x1"),
            F.when(first, F.col("b") * 0.8).otherwise(F.col("b")).alias("x2"),
            "noise",
        )
        .withColumn("y", F.when(first, F.col("x1") * 10).otherwise(F.col("x2") * 30) + F.col("noise") * 5)
    )
    return VectorAssembler(inputCols=["x1", "x2"], outputCol="features").transform(raw).select("id", "features", "y")


@pytest.fixture(scope="module")
def regressions(planes):
    return MixtureOfRegressions(k=2, fitIntercept=False, labelCol="y", numInit=3, seed=42).fit(planes)


def _rows(df, *columns):
    return [tuple(r) for r in df.orderBy("id").select(*columns).collect()]


def test_a_mixture_of_regressions_fitted_over_connect_finds_the_two_planes(regressions, planes):
    assert type(planes.sparkSession).__module__.startswith("pyspark.sql.connect")
    assert isinstance(regressions, MixtureOfRegressionsModel)
    coefficients = regressions.coefficients.toArray()
    assert coefficients.shape == (2, 2)
    first, second = sorted(coefficients, key=lambda row: -row[0])
    np.testing.assert_allclose(first, [10, 0], atol=2)
    np.testing.assert_allclose(second, [0, 30], atol=2)
    np.testing.assert_array_equal(regressions.intercepts.toArray(), [0, 0])
    weights = regressions.mixingWeights.toArray()
    assert weights.sum() == pytest.approx(1, abs=1e-12)
    np.testing.assert_allclose(weights, [0.5, 0.5], atol=0.1)
    assert np.all(np.sqrt(regressions.noiseVariances.toArray()) < 8)
    assert regressions.numComponents == 2 and regressions.numFeatures == 2 and regressions.numOutputs == 1
    assert regressions.expertLink == "identity"
    np.testing.assert_array_equal(regressions.dispersions.toArray(), regressions.noiseVariances.toArray())


def test_transform_over_connect_gives_the_mixture_mean_of_the_experts(regressions, planes):
    scored = regressions.transform(planes)
    rows = scored.select(
        vector_to_array("probability").alias("p"),
        vector_to_array("componentPredictions").alias("c"),
        vector_to_array("responsibility").alias("r"),
        "prediction",
        "logLikelihood",
    ).collect()
    assert len(rows) == 200
    coefficients = regressions.coefficients.toArray()
    x = np.array([r.features.toArray() for r in planes.orderBy("id").collect()])
    for row in rows[:5]:
        assert row.prediction == pytest.approx(float(np.dot(row.p, row.c)), rel=1e-12, abs=1e-12)
        assert sum(row.r) == pytest.approx(1, abs=1e-12)
    # the experts' predictions are the parameters read over Connect applied to the features
    components = np.array([r.c for r in scored.orderBy("id").select(vector_to_array("componentPredictions").alias("c")).collect()])
    np.testing.assert_allclose(components, x @ coefficients.T, rtol=1e-12, atol=1e-9)


def test_the_evaluator_over_connect_is_the_mean_log_likelihood_of_the_rows(regressions, planes):
    scored = regressions.transform(planes)
    mean = scored.agg(F.avg("logLikelihood")).first()[0]
    assert MixtureLikelihoodEvaluator().evaluate(scored) == pytest.approx(mean, rel=1e-12)


def test_a_mixture_of_experts_fitted_over_connect_has_a_linear_gate(planes):
    model = MixtureOfExperts(k=2, gate="linear", fitIntercept=False, labelCol="y", numInit=3, seed=7).fit(planes)
    assert isinstance(model, MixtureOfExpertsModel)
    assert model.gateLayerSizes == [2, 2]
    # a linear gate: a 2 x 2 weight matrix and 2 biases
    assert len(model.gateParameters) == 6
    first, second = sorted(model.coefficients.toArray(), key=lambda row: -row[0])
    np.testing.assert_allclose(first, [10, 0], atol=2)
    np.testing.assert_allclose(second, [0, 30], atol=2)
    probability = model.transform(planes).select(vector_to_array("probability").alias("p")).collect()
    assert all(sum(r.p) == pytest.approx(1, abs=1e-12) for r in probability)


def test_cross_validation_over_connect_prefers_two_components(planes):
    estimator = MixtureOfRegressions(fitIntercept=False, labelCol="y", numInit=2, seed=3)
    grid = ParamGridBuilder().addGrid(estimator.k, [1, 2]).build()
    cv = CrossValidator(
        estimator=estimator,
        estimatorParamMaps=grid,
        evaluator=MixtureLikelihoodEvaluator(),
        numFolds=2,
        seed=11,
    ).fit(planes)
    assert len(cv.avgMetrics) == 2
    assert cv.avgMetrics[1] > cv.avgMetrics[0] + 0.1
    assert cv.bestModel.getOrDefault("k") == 2


def test_models_and_estimators_save_and_load_over_connect(regressions, planes, tmp_path):
    path = str(tmp_path / "model")
    regressions.write().overwrite().save(path)
    loaded = MixtureOfRegressionsModel.load(path)
    assert loaded.uid == regressions.uid
    np.testing.assert_array_equal(loaded.coefficients.toArray(), regressions.coefficients.toArray())
    np.testing.assert_array_equal(loaded.mixingWeights.toArray(), regressions.mixingWeights.toArray())
    assert _rows(loaded.transform(planes), "prediction", "logLikelihood") == _rows(
        regressions.transform(planes), "prediction", "logLikelihood"
    )
    estimator = MixtureOfExperts(k=3, gate="mlp", hiddenLayers=[4], labelCol="y")
    estimator.write().overwrite().save(str(tmp_path / "estimator"))
    again = MixtureOfExperts.load(str(tmp_path / "estimator"))
    assert again.getOrDefault("k") == 3
    assert again.getOrDefault("gate") == "mlp"
    assert list(again.getOrDefault("hiddenLayers")) == [4]


def test_a_pipeline_model_holding_a_mixture_saves_and_loads_over_connect(planes, tmp_path):
    from pyspark.ml import Pipeline, PipelineModel
    from pyspark.ml.feature import VectorAssembler

    raw = planes.select("id", vector_to_array("features").alias("v"), "y").select(
        "id", F.col("v")[0].alias("x1"), F.col("v")[1].alias("x2"), "y"
    )
    pipeline = Pipeline(stages=[
        VectorAssembler(inputCols=["x1", "x2"], outputCol="features"),
        MixtureOfRegressions(k=2, fitIntercept=False, labelCol="y", numInit=2, seed=42),
    ])
    fitted = pipeline.fit(raw)
    path = str(tmp_path / "pipeline")
    fitted.write().overwrite().save(path)
    loaded = PipelineModel.load(path)
    assert isinstance(loaded.stages[-1], MixtureOfRegressionsModel)
    np.testing.assert_array_equal(loaded.stages[-1].coefficients.toArray(), fitted.stages[-1].coefficients.toArray())
    assert _rows(loaded.transform(raw), "prediction") == _rows(fitted.transform(raw), "prediction")


def test_what_connect_cannot_reach_is_named(regressions):
    with pytest.raises(RuntimeError, match="summary is not reachable over Spark Connect"):
        regressions.summary
