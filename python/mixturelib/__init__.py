"""mixturelib for Python: mixtures of regression models and mixtures of experts on Apache Spark.

The maths runs in the mixturelib jar; this package gives it ``pyspark.ml`` classes
(:mod:`mixturelib.ml`) and adds the jar to a session::

    from pyspark.sql import SparkSession
    import mixturelib
    spark = mixturelib.configure(SparkSession.builder.master("local[*]")).getOrCreate()
"""

from ._jvm import MixturelibJarError, configure, coordinate, jar_path
from ._version import __version__

__all__ = ["MixturelibJarError", "configure", "coordinate", "jar_path", "__version__"]
