"""0.4's mixture, fitted by the Java EM engine.

The :mod:`mixturelib.mixture` contains classes:

- :class:`mixturelib.mixture.Mixture`
- :class:`mixturelib.mixture.MixtureEM`
"""
import contextlib

import numpy as np

from mixturelib import _bridge
from mixturelib import hyper_models
from mixturelib.local_models import EachModel
from mixturelib.regularizers import Regularizers

__all__ = ["Mixture", "MixtureEM"]


class Mixture:
    """Base class of the mixtures (0.4's ``Mixture``): ``fit`` and ``predict``."""

    def fit(self, X=None, Y=None, epoch=None, progress=None):
        """Fits the hyper model and the local models."""
        raise NotImplementedError

    def predict(self, X):
        """The answers and the local models' weights for ``X``."""
        raise NotImplementedError


class MixtureEM(Mixture):
    """Local models weighed by a hyper model and fitted by EM (0.4's ``MixtureEM``), on
    ``org.mixturelib.mixture.MixtureEM``: the fit runs the library's EM engine on the JVM, on
    arrays or on a Spark DataFrame.

    :param HyperParameters: dict of hyperparameters: ``'beta'``, the local models' noise
        variance (its start; the fit updates it), and ``'alpha'`` for RegularizeModel
    :param HyperModel: the hyper model (gate), with one output per local model
    :param ListOfModels: the local models, :class:`~mixturelib.local_models.EachModelLinear`
        or :class:`~mixturelib.local_models.EachModelFamily` (one family for all)
    :param ListOfRegularizeModel: regularizers over these local models (may be None)
    :param model_type: ``'default'`` (each local model learns from all objects weighted by its
        responsibilities) or ``'sample'`` (each object goes to one local model drawn from its
        responsibilities)
    :param device: ``'cpu'``, accepted and ignored; a GPU device is refused

    Differences from 0.4 (its defects) are the Java front end's: beta is the noise variance
    over all objects, symmetry is broken by several short starts, a fit stops on a tolerance,
    'sample' mode gives each object to exactly one local model. After a fit the local models,
    the hyper model and ``HyperParameters['beta']`` hold the fitted values; ``log_likelihood``,
    ``bound_history``, ``iterations`` and ``converged`` (not in 0.4) describe the fit.
    """

    def __init__(self, HyperParameters=None, HyperModel=None, ListOfModels=None,
                 ListOfRegularizeModel=None, model_type="default", device="cpu"):
        _bridge.check_device(device)
        if HyperParameters is None:
            HyperParameters = {}
        if not isinstance(HyperModel, hyper_models.HyperModel):
            raise TypeError("HyperModel must be a mixturelib.hyper_models hyper model, got"
                            f" {type(HyperModel).__name__}")
        models = [] if ListOfModels is None else list(ListOfModels)
        if not models:
            raise ValueError("ListOfModels must hold at least one local model")
        for k, m in enumerate(models):
            if not isinstance(m, EachModel):
                raise TypeError(f"ListOfModels[{k}] is a {type(m).__name__}; the local models"
                                " must be mixturelib.local_models.EachModelLinear or"
                                " EachModelFamily")
        regularizers = [] if ListOfRegularizeModel is None else list(ListOfRegularizeModel)
        for k, r in enumerate(regularizers):
            if not isinstance(r, Regularizers):
                raise TypeError(f"ListOfRegularizeModel[{k}] is a {type(r).__name__}; it must"
                                " be a mixturelib.regularizers regularizer")
        self.HyperModel = HyperModel
        self.ListOfModels = models
        self.ListOfRegularizeModel = regularizers
        self.model_type = model_type
        self.device = device
        self.K = len(models)
        java_hyper = _bridge.hyper_parameters(HyperParameters)
        self._names = dict(HyperParameters)
        self.log_likelihood = None
        self.bound_history = None
        self.iterations = None
        self.converged = None
        with _bridge.java_errors():
            self._java = _bridge.jvm().org.mixturelib.mixture.MixtureEM(
                java_hyper, HyperModel._java,
                [m._java for m in models], [r._java for r in regularizers], str(model_type))

    @property
    def HyperParameters(self):
        """The hyperparameters as the Java mixture holds them (after a fit, the fitted
        ``'beta'``); a copy: change them through the constructor."""
        return _bridge.hyper_parameters_from_java(self._java.hyperParameters(), self._names)

    @contextlib.contextmanager
    def _callbacks(self, *more):
        """Java errors as Python ones; an error raised in R (RegularizeFunc) or in ``progress``
        comes out as itself."""
        links = [r._link for r in self.ListOfRegularizeModel if hasattr(r, "_link")]
        with _bridge.callback_errors(links + list(more)), _bridge.java_errors():
            yield

    def _xy(self, X, Y):
        d = self.ListOfModels[0].input_dim
        m = self.ListOfModels[0].output_dim
        x = _bridge.matrix(X, "X", cols=d)
        y = _bridge.matrix(Y, "Y", rows=x.shape[0], cols=m, vector_as_column=True)
        return _bridge.to_java(x), _bridge.to_java(y)

    def fit(self, X=None, Y=None, epoch=None, progress=None, featuresCol="features",
            labelCol="label"):
        """Fits the hyper model and the local models (0.4's ``fit``).

        :param X: num_elements x num_feature (an array, a pandas frame, a CPU torch tensor),
            or a Spark DataFrame with a vector column ``featuresCol`` and a numeric (or
            vector) column ``labelCol``; then ``Y`` stays None
        :param Y: num_elements x num_answers (or a vector)
        :param epoch: at most this many EM iterations; None (not 0.4's 10) for the engine's
            limit: the fit stops when the bound settles
        :param progress: as in 0.4, a function that takes an iterator and returns it, such as
            ``tqdm.tqdm``: it wraps ``range(epoch)`` and advances once per EM iteration of the
            fit (of the best start, then of the run that continues it; the other starts are
            not counted)
        """
        if epoch is None:
            epoch = self._java.config().maxIter()
        if isinstance(epoch, bool) or not isinstance(epoch, (int, np.integer)) or epoch < 1:
            raise ValueError(f"epoch must be a positive int, got {epoch!r}")
        listener = None if progress is None else _Progress(progress, int(epoch))
        try:
            with self._callbacks(*([] if listener is None else [listener])):
                result = self._fit(X, Y, int(epoch), listener, featuresCol, labelCol)
            if listener is not None:
                listener.advance(result.iterations())
        finally:
            if listener is not None:
                listener.close()
        self.HyperModel._java = self._java.hyperModel()
        self.log_likelihood = float(result.logLikelihood())
        self.bound_history = np.array(list(result.boundHistory()), dtype=float)
        self.iterations = int(result.iterations())
        self.converged = bool(result.converged())

    def _fit(self, X, Y, epoch, listener, features, label):
        if listener is not None:
            _bridge.start_callbacks()
        if _bridge.is_spark_frame(X):
            if Y is not None:
                raise ValueError("Y must be None when X is a Spark DataFrame: name the answers'"
                                 " column with labelCol")
            if not hasattr(X, "_jdf"):
                raise TypeError("X is a Spark Connect DataFrame: the 0.4 API needs a classic"
                                " SparkSession; use mixturelib.ml's estimators over Connect")
            for name, column in (("featuresCol", features), ("labelCol", label)):
                if column not in X.columns:
                    raise ValueError(f"{name}: the DataFrame has no column {column!r} (it has"
                                     f" {X.columns})")
            return self._java.fit(X._jdf, features, label, epoch, listener)
        x, y = self._xy(X, Y)
        if listener is None:
            return self._java.fit(x, y, epoch)
        return self._java.fit(x, y, epoch, listener)

    def E_step(self, X, Y):
        """0.4's ``E_step``: the responsibilities and the local models' posteriors at the
        current parameters; returns the bound (0.4 returned nothing)."""
        x, y = self._xy(X, Y)
        with self._callbacks():
            return float(self._java.eStep(x, y))

    def M_step(self, X, Y):
        """0.4's ``M_step``: the M-steps of the local models, the hyperparameters, the
        regularizers and the hyper model, from the last :meth:`E_step`."""
        x, y = self._xy(X, Y)
        with self._callbacks():
            self._java.mStep(x, y)
        self.HyperModel._java = self._java.hyperModel()

    def predict(self, X):
        """0.4's ``predict``: the answers ``sum_k pi_k(x) g_k(x)`` (num_elements x
        num_answers) and the weights ``pi`` (num_elements x num_models), numpy arrays."""
        if _bridge.is_spark_frame(X):
            raise TypeError("X: predict takes arrays; to score a Spark DataFrame use"
                            " mixturelib.ml's models")
        x = _bridge.matrix(X, "X", cols=self.ListOfModels[0].input_dim)
        with _bridge.java_errors():
            p = self._java.predict(_bridge.to_java(x))
        return _bridge.from_java(p.answers()), _bridge.from_java(p.pi())


class _Progress(_bridge.Callback):
    """0.4's ``progress`` as the engine's ``EmListener``: pulls one item of
    ``progress(range(epoch))`` per EM iteration of the fit as it happens. A fit whose best
    start already converged has no iterations after its starts; :meth:`advance` then catches up
    with the iterations the fit counts (the best start's)."""

    def __init__(self, progress, epoch):
        self.wrapped = progress(range(epoch))
        self.steps = iter(self.wrapped)
        self.done = 0

    def iteration(self, event):
        """The Java interface's method: one recorded bound."""
        if event.phase().name() == "FIT":
            self.guarded(self.advance, event.iteration())

    def advance(self, iterations):
        """Pulls items until ``iterations`` have been pulled."""
        while self.done < iterations:
            next(self.steps, None)
            self.done += 1

    def close(self):
        """Closes the wrapped iterator (a progress bar) when it can be closed."""
        close = getattr(self.wrapped, "close", None)
        if callable(close):
            close()

    class Java:
        implements = ["org.mixturelib.engine.EmListener"]
