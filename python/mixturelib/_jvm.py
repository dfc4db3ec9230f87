"""The JVM half of mixturelib: which jar a session needs, how to add it, and the check that it is there.

mixturelib's maths runs in its jar (``mixturelib-spark_<scala>-<version>.jar``), one per Spark line:
Scala 2.12 for Spark 3.5, Scala 2.13 for Spark 4. :func:`configure` adds the matching jar to a
``SparkSession.Builder``; :func:`session` gives the modules of this package a session (the active
one, or a local one started with the jar); :func:`check` makes sure, once per JVM, that the JVM
holds the classes of this package's version and raises :class:`MixturelibJarError` otherwise.
"""

import os
import re
from pathlib import Path

from ._version import __version__

#: Environment variable naming the jar to use, overriding the packaged and the checkout's jar.
JAR_ENV = "MIXTURELIB_JAR"

#: The JVM option that gives the jar's hot loops the Vector API. Spark 4's launcher adds it to
#: every JVM itself; on Spark 3.5 :func:`configure` adds it to the driver's and executors' Java
#: options (without it the scalar loops run, with the same results, more slowly).
VECTOR_MODULE_OPTION = "--add-modules=jdk.incubator.vector"

_PACKAGE_DIR = Path(__file__).resolve().parent
# In a checkout: <repo>/python/mixturelib/_jvm.py, and Maven writes the jar to <repo>/target.
_CHECKOUT_TARGET = _PACKAGE_DIR.parent.parent / "target"

# The gateways (one per JVM) whose classes have passed check().
_checked = set()


class MixturelibJarError(RuntimeError):
    """The mixturelib jar is missing from the JVM, of another version, or there more than once."""


def scala_line(spark_version=None):
    """The Scala binary version of the mixturelib jar for a Spark version (default: pyspark's).

    Spark 3.5 runs on Scala 2.12, Spark 4 on Scala 2.13; other versions raise
    :class:`MixturelibJarError`.
    """
    if spark_version is None:
        import pyspark

        spark_version = pyspark.__version__
    match = re.match(r"(\d+)\.(\d+)", spark_version)
    major, minor = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
    if major == 4:
        return "2.13"
    if (major, minor) == (3, 5):
        return "2.12"
    raise MixturelibJarError(
        f"mixturelib runs on Spark 3.5 (Scala 2.12) and Spark 4 (Scala 2.13); this is Spark {spark_version}"
    )


def jar_name(scala=None):
    """The file name of the jar for a Scala line (default: the running pyspark's)."""
    return f"mixturelib-spark_{scala or scala_line()}-{__version__}.jar"


def coordinate(scala=None):
    """The Maven coordinate of the jar for a Scala line, for ``spark.jars.packages``."""
    return f"org.mixturelib:mixturelib-spark_{scala or scala_line()}:{__version__}"


def jar_path(scala=None):
    """The path of the jar for a Scala line (default: the running pyspark's), or None if none is found.

    Looks at, in order: the file named by the ``MIXTURELIB_JAR`` environment variable; the jar
    packaged under ``mixturelib/jars/``; in a source checkout, the jar Maven built in
    ``<repo>/target``. A ``-SNAPSHOT`` jar of this version counts as this version.
    """
    scala = scala or scala_line()
    named = os.environ.get(JAR_ENV)
    if named:
        if not Path(named).is_file():
            raise MixturelibJarError(f"{JAR_ENV}: no such file: {named}")
        return str(Path(named).resolve())
    ours = re.compile(rf"mixturelib-spark_{re.escape(scala)}-{re.escape(__version__)}(-SNAPSHOT)?\.jar")
    for folder in (_PACKAGE_DIR / "jars", _CHECKOUT_TARGET):
        if folder.is_dir():
            for candidate in sorted(folder.iterdir()):
                if ours.fullmatch(candidate.name):
                    return str(candidate)
    return None


def _how_to_add(scala, jar):
    where = f" (found here: {jar})" if jar else ""
    return (
        f"Add {jar_name(scala)}{where} before the session starts, in one of three ways: "
        f"spark.jars (mixturelib.configure(SparkSession.builder).getOrCreate() does it, or "
        f".config('spark.jars', '/path/to/{jar_name(scala)}')); "
        f"spark.jars.packages with the Maven coordinate {coordinate(scala)}; "
        f"or on Databricks a cluster library (Maven coordinate {coordinate(scala)} or the jar file), "
        f"then restart the cluster."
    )


def configure(builder):
    """Adds the mixturelib jar matching the running pyspark to a ``SparkSession.Builder`` and returns it.

    The jar is appended to ``spark.jars`` (the jars already set there are kept). On Spark 3.5,
    :data:`VECTOR_MODULE_OPTION` is appended to ``spark.driver.extraJavaOptions`` and
    ``spark.executor.extraJavaOptions`` (the options already set there are kept): the driver's
    JVM starts with the session, so this must happen before ``getOrCreate``; the JVM then prints
    one line ``WARNING: Using incubator modules: jdk.incubator.vector`` on its stderr. A builder
    for Spark Connect (``.remote(...)``) is returned unchanged: the jar belongs on the Connect
    server.

    >>> spark = mixturelib.configure(SparkSession.builder.master("local[*]")).getOrCreate()

    Raises :class:`MixturelibJarError` when no jar is found (see :func:`jar_path`).
    """
    options = getattr(builder, "_options", {})
    if "spark.remote" in options:
        return builder
    scala = scala_line()
    jar = jar_path(scala)
    if jar is None:
        raise MixturelibJarError(
            f"mixturelib: {jar_name(scala)} is neither packaged in {_PACKAGE_DIR / 'jars'} nor built in "
            f"{_CHECKOUT_TARGET} (run `mvn -DskipTests package`{' -Pspark4' if scala == '2.13' else ''}), "
            f"and {JAR_ENV} is not set. {_how_to_add(scala, None)}"
        )
    jars = [j for j in str(options.get("spark.jars", "")).split(",") if j.strip()]
    if jar not in jars:
        jars.append(jar)
    if scala == "2.12":
        for key in ("spark.driver.extraJavaOptions", "spark.executor.extraJavaOptions"):
            current = str(options.get(key, "")).split()
            if VECTOR_MODULE_OPTION not in current:
                builder = builder.config(key, " ".join(current + [VECTOR_MODULE_OPTION]))
    return builder.config("spark.jars", ",".join(jars))


def is_connect(spark):
    """Whether a session is a Spark Connect client (no JVM on this side)."""
    return type(spark).__module__.startswith("pyspark.sql.connect")


def session():
    """The SparkSession mixturelib runs on: the active one, else a new local one with the jar.

    A classic session is checked with :func:`check`.
    """
    from pyspark.sql import SparkSession

    spark = SparkSession.getActiveSession()
    if spark is None:
        spark = configure(SparkSession.builder.master("local[*]").appName("mixturelib")).getOrCreate()
    check(spark)
    return spark


def check(spark):
    """Checks, once per JVM, that a classic session's JVM holds mixturelib's classes of this version.

    Raises :class:`MixturelibJarError` naming the jar expected, the Spark and Scala line, and how
    to add it, when the classes are missing, of another version or Scala line, or when several
    mixturelib jars are on the classpath. A Spark Connect session is not checked here: its
    server holds the classes, and reports a missing one when a stage is created.
    """
    if is_connect(spark):
        return
    from py4j.java_gateway import JavaClass

    sc = spark.sparkContext
    key = id(sc._gateway)
    if key in _checked:
        return
    jvm = sc._jvm
    running_scala = jvm.scala.util.Properties.versionNumberString()
    scala = ".".join(running_scala.split(".")[:2])
    line = f"Spark {spark.version}, Scala {scala}"
    info = jvm.org.mixturelib.ml.LibraryInfo
    if not isinstance(info, JavaClass):
        raise MixturelibJarError(
            f"mixturelib: the JVM of this SparkSession ({line}) does not have mixturelib's classes. "
            + _how_to_add(scala, jar_path(scala) if scala in ("2.12", "2.13") else None)
        )
    copies = list(info.copies())
    if len(copies) > 1:
        raise MixturelibJarError(
            f"mixturelib: {len(copies)} mixturelib jars are on this SparkSession's classpath ({line}): "
            + "; ".join(copies)
            + f". Keep only {jar_name(scala)}: remove the others from spark.jars, spark.jars.packages "
            "and the cluster's libraries."
        )
    if info.scalaBinaryVersion() != scala:
        raise MixturelibJarError(
            f"mixturelib: the JVM holds {info.artifactId()} (built for Scala {info.scalaBinaryVersion()}) "
            f"at {info.location()}, but this SparkSession runs {line}. " + _how_to_add(scala, None)
        )
    if info.baseVersion() != __version__:
        raise MixturelibJarError(
            f"mixturelib: the JVM holds {info.artifactId()} version {info.version()} at {info.location()}, "
            f"but the Python package is version {__version__} ({line}). "
            + _how_to_add(scala, jar_path(scala))
        )
    _checked.add(key)
