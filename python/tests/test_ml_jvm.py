"""The jar: configure() adds the right one, and a JVM without it, or with another, says so clearly."""

import os
import subprocess
import sys
import textwrap
import zipfile

import pyspark
import pytest
from pyspark.sql import SparkSession

import mixturelib
from mixturelib import _jvm


def test_scala_line_follows_the_spark_line():
    assert _jvm.scala_line("3.5.9") == "2.12"
    assert _jvm.scala_line("4.0.1") == "2.13"
    assert _jvm.scala_line("4.1.0") == "2.13"
    with pytest.raises(mixturelib.MixturelibJarError, match="this is Spark 3.4.1"):
        _jvm.scala_line("3.4.1")


def test_configure_appends_the_jar_of_the_running_pyspark_and_keeps_the_users_jars():
    builder = SparkSession.builder.config("spark.jars", "/opt/a.jar,/opt/b.jar")
    assert mixturelib.configure(builder) is builder
    jars = builder._options["spark.jars"].split(",")
    scala = "2.13" if pyspark.__version__.startswith("4.") else "2.12"
    assert jars[:2] == ["/opt/a.jar", "/opt/b.jar"]
    assert len(jars) == 3 and os.path.basename(jars[2]).startswith(f"mixturelib-spark_{scala}-{mixturelib.__version__}")
    mixturelib.configure(builder)
    assert builder._options["spark.jars"].split(",") == jars


def test_configure_gives_spark_35_jvms_the_vector_module_and_keeps_the_users_options():
    builder = SparkSession.builder.config("spark.driver.extraJavaOptions", "-Dx=1 -Xss4m")
    mixturelib.configure(builder)
    mixturelib.configure(builder)
    driver = builder._options["spark.driver.extraJavaOptions"].split()
    executor = builder._options.get("spark.executor.extraJavaOptions", "").split()
    if pyspark.__version__.startswith("4."):
        # Spark 4's launcher adds the module to every JVM itself
        assert driver == ["-Dx=1", "-Xss4m"] and executor == []
    else:
        assert driver == ["-Dx=1", "-Xss4m", _jvm.VECTOR_MODULE_OPTION]
        assert executor == [_jvm.VECTOR_MODULE_OPTION]


def test_the_sessions_jvm_runs_the_vector_loops(spark):
    support = spark.sparkContext._jvm.org.mixturelib.linalg.VectorSupport
    assert support.moduleResolved() and support.describe() == "vector"


def test_configure_leaves_a_spark_connect_builder_alone():
    builder = SparkSession.builder.remote("sc://localhost")
    mixturelib.configure(builder)
    assert "spark.jars" not in builder._options


def test_the_sessions_jvm_holds_this_versions_classes(spark):
    _jvm.check(spark)
    info = spark.sparkContext._jvm.org.mixturelib.ml.LibraryInfo
    assert info.baseVersion() == mixturelib.__version__
    assert info.location() == "file:" + mixturelib.jar_path()  # the jar configure() added
    assert list(info.copies()) and len(info.copies()) == 1


def test_another_version_of_the_jar_is_refused(spark, monkeypatch):
    monkeypatch.setattr(_jvm, "__version__", "9.9.9")
    monkeypatch.setattr(_jvm, "_checked", set())
    with pytest.raises(mixturelib.MixturelibJarError) as error:
        _jvm.check(spark)
    message = str(error.value)
    assert "version 0.1.0" in message and "Python package is version 9.9.9" in message
    assert "org.mixturelib:mixturelib-spark_" in message and ":9.9.9" in message


def _run_python(code, **env):
    """Runs code in a fresh Python (a JVM of its own) without MIXTURELIB_JAR; returns its stderr."""
    environment = {k: v for k, v in os.environ.items() if k != _jvm.JAR_ENV}
    environment.update(env)
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], env=environment, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 3, result.stdout + result.stderr
    return result.stdout


_EXPECT_ERROR = """
    import sys
    from pyspark.sql import SparkSession
    import mixturelib
    from mixturelib.ml import MixtureOfRegressions
    spark = SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false"){config}.getOrCreate()
    try:
        MixtureOfRegressions(k=2)
    except mixturelib.MixturelibJarError as e:
        print(e)
        sys.exit(3)
"""


def test_a_session_without_the_jar_names_the_jar_and_the_ways_to_add_it():
    message = _run_python(_EXPECT_ERROR.format(config=""))
    scala = "2.13" if pyspark.__version__.startswith("4.") else "2.12"
    version = mixturelib.__version__
    assert f"does not have mixturelib's classes" in message
    assert f"Spark {pyspark.__version__}, Scala {scala}" in message
    assert f"mixturelib-spark_{scala}-{version}.jar" in message
    assert "spark.jars" in message and "spark.jars.packages" in message and "Databricks" in message
    assert f"org.mixturelib:mixturelib-spark_{scala}:{version}" in message
    assert "JavaPackage" not in message


def test_two_mixturelib_jars_on_one_classpath_are_named(spark, tmp_path):
    ours = spark.sparkContext._jvm.org.mixturelib.ml.LibraryInfo.location()[len("file:"):]
    other = tmp_path / "mixturelib-spark-other.jar"
    with zipfile.ZipFile(ours) as source, zipfile.ZipFile(other, "w") as copy:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "org/mixturelib/library.properties":
                data = data.replace(b"version=", b"version=0.0.9-")
            copy.writestr(item, data)
    message = _run_python(_EXPECT_ERROR.format(config=f'.config("spark.jars", "{ours},{other}")'))
    assert "2 mixturelib jars are on this SparkSession's classpath" in message
    assert str(other) in message and ours in message and "0.0.9-" in message
