"""Fixtures of the Python tests: a local SparkSession with the jar, and the shared data sets."""

import os
from pathlib import Path

import pytest
from pyspark.sql import SparkSession

import mixturelib

#: The repository's root (python/tests/conftest.py is two levels below it).
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def spark():
    """A local[2] SparkSession with the mixturelib jar (mixturelib.configure), quiet, 2 shuffle partitions."""
    builder = mixturelib.configure(
        SparkSession.builder.master("local[2]")
        .appName("mixturelib-python-tests")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "1g")
    )
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def shared_dir():
    """The shared folder beside the repository (``../shared``, or $MIXTURELIB_SHARED); skips when absent."""
    folder = Path(os.environ.get("MIXTURELIB_SHARED", REPO.parent / "shared"))
    if not folder.is_dir():
        pytest.skip(f"no shared data folder at {folder}")
    return folder


@pytest.fixture(scope="session")
def shared_data(shared_dir):
    """A function giving the path of a data set under ``<shared>/data``; skips when the file is absent."""

    def path(name):
        file = shared_dir / "data" / name
        if not file.is_file():
            pytest.skip(f"no data set {file}")
        return str(file)

    return path


@pytest.fixture(scope="session")
def npreg(spark, shared_data):
    """flexmix's NPreg (200 rows) with features [x, x^2] and label yn, cached."""
    from pyspark.ml.feature import VectorAssembler
    from pyspark.sql import functions as F

    raw = spark.read.csv(shared_data("npreg.csv"), header=True, inferSchema=True)
    raw = raw.withColumn("x2", F.col("x") ** 2).withColumnRenamed("yn", "label")
    return VectorAssembler(inputCols=["x", "x2"], outputCol="features").transform(raw).cache()


@pytest.fixture(scope="session")
def moe_synth(spark, shared_data):
    """The two-expert synthetic data with a logistic gate on x (1,000 rows): features [x], label y, cached."""
    from pyspark.ml.feature import VectorAssembler

    raw = spark.read.csv(shared_data("moe_synth_k2.csv"), header=True, inferSchema=True)
    return VectorAssembler(inputCols=["x"], outputCol="features").transform(raw.withColumnRenamed("y", "label")).cache()
