"""Temporary stand-in for the py-ml branch's ``mixturelib._jvm`` (dropped at merge).

``session()`` returns the active SparkSession, or starts a local one with the jar built in
this checkout's ``target/`` for the running pyspark's Scala line.
"""
import glob
import os

import pyspark
from pyspark.sql import SparkSession


def _jar():
    scala = "2.13" if int(pyspark.__version__.split(".")[0]) >= 4 else "2.12"
    root = os.path.join(os.path.dirname(__file__), "..", "..", "target")
    jars = sorted(glob.glob(os.path.join(root, f"mixturelib-spark_{scala}-*.jar")))
    jars = [j for j in jars if not j.endswith(("-sources.jar", "-javadoc.jar", "-tests.jar"))]
    if not jars:
        raise RuntimeError(f"no mixturelib-spark_{scala} jar in {root}: run mvn package")
    return os.path.abspath(jars[-1])


def session():
    """The active SparkSession, or a local one started with the mixturelib jar."""
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    return (SparkSession.builder.master("local[2]").appName("mixturelib")
            .config("spark.jars", _jar()).config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "2").getOrCreate())
