"""The Python module of the Java package ``org.mixturelib.jobs``: the formula's stage of a model folder.

pyspark finds the Python class of a Java stage by its Java name when it loads a ``PipelineModel``;
a folder that ``jobs/fit.sh --formula`` wrote holds ``org.mixturelib.jobs.FormulaFeatures``, so
``pyspark.ml.PipelineModel.load`` of such a folder needs this class. It runs the Java stage, which
holds the formula's columns and levels; nothing is computed in Python.
"""

from pyspark.ml.util import JavaMLReadable, JavaMLWritable
from pyspark.ml.wrapper import JavaTransformer

__all__ = ["FormulaFeatures"]


class FormulaFeatures(JavaTransformer, JavaMLReadable, JavaMLWritable):
    """A fitted R formula as ``jobs/fit.sh`` saves it: adds the features vector of each row."""
