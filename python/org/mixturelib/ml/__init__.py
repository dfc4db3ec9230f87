"""The Python module of the Java package ``org.mixturelib.ml``: mixturelib's pyspark.ml classes.

pyspark finds the Python class of a Java stage by its Java name (``org.mixturelib.ml.X``, e.g.
when it loads a ``PipelineModel`` holding a mixture model), so this module re-exports
:mod:`mixturelib.ml`; import from :mod:`mixturelib.ml` in your own code.
"""

from mixturelib.ml import *  # noqa: F401,F403
from mixturelib.ml import __all__  # noqa: F401
