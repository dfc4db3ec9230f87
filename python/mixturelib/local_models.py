"""0.4's local models, running on the Java engine.

The :mod:`mixturelib.local_models` contains classes:

- :class:`mixturelib.local_models.EachModel`
- :class:`mixturelib.local_models.EachModelLinear`
- :class:`mixturelib.local_models.EachModelFamily` (not in 0.4: any registered family)

Each object holds its Java counterpart (``org.mixturelib.mixture.EachModelLinear``); the
methods convert their arguments and call it. Arrays come back as numpy arrays that also have
0.4's ``.numpy()``.
"""
import json

import numpy as np

from mixturelib import _bridge

__all__ = ["EachModel", "EachModelLinear", "EachModelFamily"]

_DEFAULT_OPTIMIZED = frozenset({"A", "w_0", "beta"})


class EachModel:
    """Base class of the local models (0.4's ``EachModel``): a subclass holds its Java model
    in ``_java`` and its dimensions in ``input_dim`` and ``output_dim``."""

    _java = None
    input_dim = None
    output_dim = None

    def _rows(self, X, Y=None, Z=None, z_cols=1):
        """X, Y and Z checked against this model and one another, as Java matrices."""
        x = _bridge.matrix(X, "X", cols=self.input_dim)
        out = [_bridge.to_java(x)]
        if Y is not None:
            out.append(_bridge.to_java(_bridge.matrix(Y, "Y", rows=x.shape[0],
                                                      cols=self.output_dim,
                                                      vector_as_column=True)))
        if Z is not None:
            out.append(_bridge.to_java(_bridge.matrix(Z, "Z", rows=x.shape[0], cols=z_cols,
                                                      vector_as_column=True)))
        return out

    def E_step(self, X, Y, Z, HyperParameters):
        """0.4's ``E_step``: fits the model's parameters to the objects weighted by ``Z``
        (num_elements x 1)."""
        x, y, z = self._rows(X, Y, Z)
        with _bridge.java_errors():
            self._java.eStep(x, y, z, _bridge.hyper_parameters(HyperParameters))

    def M_step(self, X, Y, Z, HyperParameters):
        """0.4's ``M_step``: updates the model's own hyperparameters."""
        x, y, z = self._rows(X, Y, Z)
        with _bridge.java_errors():
            self._java.mStep(x, y, z, _bridge.hyper_parameters(HyperParameters))

    def LogLikeLihoodExpectation(self, X, Y, HyperParameters):
        """0.4's ``LogLikeLihoodExpectation``: the expected log-likelihood of each object,
        num_elements x 1."""
        x, y = self._rows(X, Y)
        with _bridge.java_errors():
            values = self._java.logLikelihoodExpectation(
                x, y, _bridge.hyper_parameters(HyperParameters))
        return _bridge.vector_from_java(values).reshape(-1, 1)

    def OptimizeHyperParameters(self, X, Y, Z, HyperParameters, Parameter):
        """0.4's ``OptimizeHyperParameters``: this model's additive part of the new value of
        ``HyperParameters[Parameter]``."""
        x, y, z = self._rows(X, Y, Z)
        with _bridge.java_errors():
            return float(self._java.optimizeHyperParameters(
                x, y, z, _bridge.hyper_parameters(HyperParameters), str(Parameter)))

    def forward(self, input):
        """0.4's ``forward``: the model's answers for ``input``, num_elements x num_answers."""
        (x,) = self._rows(input)
        with _bridge.java_errors():
            return _bridge.from_java(self._java.predict(x))

    __call__ = forward


class EachModelLinear(EachModel):
    """A Bayesian linear regression ``y = x^T w`` with the prior ``w ~ N(w_0, A)`` or none
    (0.4's ``EachModelLinear``), on ``org.mixturelib.mixture.EachModelLinear``.

    :param input_dim: the number of features (positive)
    :param device: ``'cpu'``, accepted and ignored (the JVM computes); a GPU device is refused
    :param A: the prior covariance, input_dim x input_dim, or its diagonal (length input_dim),
        kept diagonal by the evidence updates; set with ``w`` or not at all
    :param w: the prior mean, length input_dim, or input_dim x num_answers
    :param OptimizedHyper: what the M-steps may update, a subset of ``{'A', 'w_0', 'beta'}``
    :param output_dim: the number of answers (not in 0.4, which had one): taken from ``w``
        when it is given, else 1

    Attributes (numpy arrays, read from the Java model at each access): ``W`` (posterior mean,
    input_dim x num_answers), ``B`` (posterior covariance, or None before the first E-step),
    ``A`` and ``w_0`` (prior covariance and mean, or None without a prior).
    """

    def __init__(self, input_dim=20, device="cpu", A=None, w=None,
                 OptimizedHyper=_DEFAULT_OPTIMIZED, output_dim=None):
        _bridge.check_device(device)
        if isinstance(input_dim, bool) or not isinstance(input_dim, (int, np.integer)):
            raise TypeError(f"input_dim must be an int, got {input_dim!r}")
        self.input_dim = int(input_dim)
        self.device = device
        hyper = set(OptimizedHyper)
        mean = cov = None
        diagonal = False
        if w is not None:
            mean = _bridge.matrix(w, "w", rows=self.input_dim, vector_as_column=True)
        if output_dim is None:
            output_dim = 1 if mean is None else mean.shape[1]
        self.output_dim = int(output_dim)
        if mean is not None and mean.shape[1] != self.output_dim:
            raise ValueError(f"w has {mean.shape[1]} columns, but output_dim is"
                             f" {self.output_dim}")
        if A is not None:
            diagonal = np.ndim(A) == 1
            cov = _bridge.matrix(A, "A", rows=self.input_dim,
                                 cols=1 if diagonal else self.input_dim,
                                 vector_as_column=True)
        jvm = _bridge.jvm()
        java_class = jvm.org.mixturelib.mixture.EachModelLinear
        java_mean = None if mean is None else _bridge.vector_to_java(mean.ravel(order="F"))
        java_cov = None if cov is None else _bridge.vector_to_java(cov.ravel(order="F"))
        java_hyper = jvm.java.util.HashSet()
        for h in hyper:
            java_hyper.add(str(h))
        with _bridge.java_errors():
            if diagonal:
                self._java = java_class.withDiagonalPrior(self.input_dim, self.output_dim,
                                                          java_cov, java_mean, java_hyper)
            else:
                self._java = java_class(self.input_dim, self.output_dim, java_cov, java_mean,
                                        java_hyper)
        self.OptimizedHyper = hyper

    @property
    def W(self):
        """The posterior mean of the parameters, input_dim x num_answers."""
        return _bridge.from_java(self._java.W())

    @W.setter
    def W(self, value):
        w = _bridge.matrix(value, "W", rows=self.input_dim, cols=self.output_dim,
                           vector_as_column=True)
        with _bridge.java_errors():
            self._java.setW(_bridge.to_java(w))

    @property
    def B(self):
        """The posterior covariance, input_dim x input_dim (None before the first E-step)."""
        return _bridge.from_java(self._java.B())

    @property
    def A(self):
        """The prior covariance, input_dim x input_dim (None without a prior)."""
        return _bridge.from_java(self._java.A())

    @property
    def w_0(self):
        """The prior mean, input_dim x num_answers (None without a prior)."""
        return _bridge.from_java(self._java.w0())


def _setting_text(name, value):
    """A family setting's value as the text the Java family reads: a list as a JSON array of
    strings (``labelLevels``), a bool as true / false, anything else as its string."""
    if isinstance(value, (list, tuple)):
        return json.dumps([str(v) for v in value])
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, np.integer, np.floating, str)):
        return str(value)
    raise TypeError(f"family setting {name!r} must be a number, a string, a bool or a list,"
                    f" got {type(value).__name__}")


class EachModelFamily(EachModel):
    """One local model of any registered family (not in 0.4, which had linear models only):
    ``'negbin'``, ``'zipoisson'``, ``'zinegbin'``, ``'tobit'``, ``'multinomial'``, the GLM
    families (``'poisson'``, ``'binomial'``, ``'gamma'``), or a family of one's own, on
    ``org.mixturelib.mixture.EachModelFamily``. A list of them of one family and settings is
    that family's experts in :class:`~mixturelib.mixture.MixtureEM`, fitted as the Spark ML
    estimators fit it with ``family=...``.

    :param family: the family's type id, as the Spark ML param ``family``
    :param input_dim: the number of features (positive; an intercept is a column of ones)
    :param device: ``'cpu'``, accepted and ignored (the JVM computes)
    :param settings: the family's own settings, named as its Spark ML params: ``link='log'``,
        ``lower=0`` and ``upper=...`` (tobit), ``labelLevels=['bus', 'car', 'train']``
        (multinomial, whose answer is then the level's index)

    Attributes: ``W`` (the coefficients on the link scale, input_dim x 1, or input_dim x
    (levels - 1) for a categorical answer), ``family``.
    """

    def __init__(self, family, input_dim=20, device="cpu", **settings):
        _bridge.check_device(device)
        if isinstance(input_dim, bool) or not isinstance(input_dim, (int, np.integer)):
            raise TypeError(f"input_dim must be an int, got {input_dim!r}")
        if not isinstance(family, str):
            raise TypeError(f"family must be a string (a family's type id), got {family!r}")
        self.input_dim = int(input_dim)
        self.output_dim = 1
        self.device = device
        self.family = family
        jvm = _bridge.jvm()
        java_settings = jvm.java.util.HashMap()
        for name, value in settings.items():
            java_settings.put(str(name), _setting_text(name, value))
        with _bridge.java_errors():
            self._java = jvm.org.mixturelib.mixture.EachModelFamily(family, self.input_dim,
                                                                     java_settings)

    @property
    def W(self):
        """The coefficients on the link scale, input_dim x columns."""
        with _bridge.java_errors():
            return _bridge.from_java(self._java.W())
