"""Spark Connect support of the :mod:`mixturelib.ml` models (pyspark 4 clients over ``sc://``).

Over Spark Connect the client has no JVM: pyspark sends each ``fit``, ``transform``, ``evaluate``,
``save`` and ``load`` to the server, which makes mixturelib's registered Java classes there (the
jar's ``META-INF/services`` files). The models' attributes need this module. The server calls a
model's methods only from an allow-list fixed in Spark (``MLUtils.ALLOWED_ATTRIBUTES``), which
admits ``toString`` alone for a mixturelib model, so ``model.coefficients`` would fail with
``JVM_ATTRIBUTE_NOT_SUPPORTED``. :func:`attribute` gets the same values another way that the
server admits: it saves the model to a folder the server writes (``model.write().save``) and runs
the registered Java transformer ``org.mixturelib.ml.MixtureModelParameters`` on it, which loads
the model and returns the Java accessors' values as one row (matrices as ``DenseMatrix``, vectors
as ``DenseVector``). The values are read once per model and kept. The training summary is not
saved with a model, so it is not reachable over Connect (see ``docs/runtimes.md``).
"""

import os
import shutil
import tempfile
import uuid

from pyspark.ml.param import Param, Params, TypeConverters
from pyspark.ml.wrapper import JavaTransformer
from pyspark.sql.utils import is_remote

__all__ = ["MixtureModelParameters", "attribute", "is_connect", "parameters"]

#: Environment variable naming a folder on the Connect server for the models that
#: :func:`parameters` saves (default: a new temporary folder on this machine, which is the
#: server's own when it runs here, as in a local Connect server).
PARAMETERS_DIR_ENV = "MIXTURELIB_CONNECT_DIR"


def is_connect():
    """Whether the active session is a Spark Connect client (pyspark 4), not a classic one."""
    return is_remote() and "PYSPARK_NO_NAMESPACE_SHARE" not in os.environ


class MixtureModelParameters(JavaTransformer):
    """The parameters of a saved mixture model as a one-row DataFrame (Java ``MixtureModelParameters``).

    ``transform(df)`` loads the model saved in ``modelPath`` on the server and returns one row with
    the Java accessors' values (``coefficients``, ``intercepts``, ``noiseVariances``,
    ``dispersions``, ``expertLink``, ``mixingWeights``, ``gateParameters``, ``gateLayerSizes``,
    ``posteriorCovariances``, ``numComponents``, ``numFeatures``, ``numOutputs``,
    ``modelClass``); the rows of ``df`` are not read. :func:`parameters` uses it.
    """

    _java_class = "org.mixturelib.ml.MixtureModelParameters"

    modelPath = Param(
        Params._dummy(),
        "modelPath",
        "folder of a saved MixtureOfRegressionsModel or MixtureOfExpertsModel",
        typeConverter=TypeConverters.toString,
    )

    def __init__(self, *, modelPath=""):
        super().__init__()
        self._java_obj = self._new_java_obj(self._java_class, self.uid)
        self._setDefault(modelPath="")
        self._set(modelPath=modelPath)


def parameters(model, path=None):
    """The fitted parameters of a remote model as a dict of column name to value (see the module doc).

    ``path`` is a folder the Connect server can write, where the model is saved first (default: a new
    folder under the one ``MIXTURELIB_CONNECT_DIR`` names, which is left there, else a new temporary
    folder on this machine, removed afterwards). The result is kept on the model, so later calls
    read nothing.
    """
    cached = getattr(model, "_mixturelib_connect_parameters", None)
    if cached is not None:
        return cached
    own = None
    if path is None:
        base = os.environ.get(PARAMETERS_DIR_ENV)
        if base:
            path = f"{base.rstrip('/')}/mixturelib-model-{uuid.uuid4().hex}"
        else:
            own = tempfile.mkdtemp(prefix="mixturelib-connect-")
            path = os.path.join(own, "model")
    try:
        model.write().overwrite().save(path)
        session = _active_session()
        row = MixtureModelParameters(modelPath=path).transform(session.range(1)).first()
    finally:
        if own is not None:
            shutil.rmtree(own, ignore_errors=True)
    values = row.asDict()
    model._mixturelib_connect_parameters = values
    return values


#: The accessors :func:`attribute` reaches (the columns of ``MixtureModelParameters``).
ATTRIBUTES = (
    "numComponents",
    "numFeatures",
    "numOutputs",
    "coefficients",
    "intercepts",
    "noiseVariances",
    "dispersions",
    "expertLink",
    "mixingWeights",
    "gateParameters",
    "gateLayerSizes",
    "posteriorCovariances",
)


def attribute(model, name):
    """One of a remote model's Java accessors (``coefficients``, ``mixingWeights``, ...) by name.

    Raises a RuntimeError naming what to use instead for the accessors that Spark Connect cannot
    reach (``summary``, ``hasSummary``, ``logLikelihood``).
    """
    if name not in ATTRIBUTES:
        raise RuntimeError(
            f"{type(model).__name__}.{name} is not reachable over Spark Connect (its server calls no "
            "mixturelib method, and the training summary is not saved with a model): score data with "
            "transform (its logLikelihood column) or MixtureLikelihoodEvaluator, or fit in a classic "
            "session or with the fit job (docs/runtimes.md)"
        )
    return parameters(model)[name]


def _active_session():
    from pyspark.sql.connect.session import SparkSession

    session = SparkSession.getActiveSession()
    if session is None:
        raise RuntimeError("mixturelib: no active Spark Connect session")
    return session
