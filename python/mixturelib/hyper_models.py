"""0.4's hyper models (gates), running on the Java engine.

The :mod:`mixturelib.hyper_models` contains classes:

- :class:`mixturelib.hyper_models.HyperModel`
- :class:`mixturelib.hyper_models.HyperModelDirichlet`
- :class:`mixturelib.hyper_models.HyperExpertNN`
- :class:`mixturelib.hyper_models.HyperModelGateSparsed`

Each object holds its Java gate (``org.mixturelib.hypermodels``); after
:meth:`mixturelib.mixture.MixtureEM.fit` it holds the fitted one. ``HyperParameters``
arguments are accepted as in 0.4 and not used: the gates have none.
"""
import numpy as np

from mixturelib import _bridge

__all__ = ["HyperModel", "HyperModelDirichlet", "HyperExpertNN", "HyperModelGateSparsed"]


class HyperModel:
    """Base class of the hyper models (0.4's ``HyperModel``): a subclass holds its Java gate
    in ``_java`` and the number of local models in ``output_dim``."""

    _java = None
    output_dim = None

    def _x(self, X):
        x = _bridge.matrix(X, "X")
        return x, _bridge.to_java(x)

    def _z(self, Z, rows):
        return _bridge.to_java(_bridge.matrix(Z, "Z", rows=rows, cols=self.output_dim))

    def E_step(self, X, Y, Z, HyperParameters):
        """0.4's ``E_step`` with the responsibilities ``Z`` (num_elements x num_models)."""
        x, java_x = self._x(X)
        y = _bridge.to_java(_bridge.matrix(Y, "Y", rows=x.shape[0], vector_as_column=True))
        with _bridge.java_errors():
            self._java.eStep(java_x, y, self._z(Z, x.shape[0]))

    def M_step(self, X, Y, Z, HyperParameters):
        """0.4's ``M_step``: does nothing for this hyper model (as in 0.4)."""

    def LogPiExpectation(self, X, Y, HyperParameters):
        """0.4's ``LogPiExpectation``: ``E[log pi]`` of each local model for each object,
        num_elements x num_models."""
        _, java_x = self._x(X)
        with _bridge.java_errors():
            return _bridge.from_java(self._java.logPiExpectation(java_x))

    def PredictPi(self, X, HyperParameters):
        """0.4's ``PredictPi``: the weight of each local model for each object,
        num_elements x num_models."""
        _, java_x = self._x(X)
        with _bridge.java_errors():
            return _bridge.from_java(self._java.predictPi(java_x))


def _count(value, name):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an int, got {value!r}")
    return int(value)


class HyperModelDirichlet(HyperModel):
    """Mixing weights that do not depend on the object, with the prior ``pi ~ Dir(1)``
    (0.4's ``HyperModelDirichlet``; a mixture of models).

    :param output_dim: the number of local models
    :param device: ``'cpu'``, accepted and ignored; a GPU device is refused

    Attribute: ``m``, the Dirichlet parameter (the prior's ones plus, after an E-step, the
    responsibilities' column sums), a numpy vector.
    """

    def __init__(self, output_dim=2, device="cpu"):
        _bridge.check_device(device)
        self.output_dim = _count(output_dim, "output_dim")
        self.device = device
        with _bridge.java_errors():
            self._java = _bridge.jvm().org.mixturelib.hypermodels.HyperModelDirichlet(
                self.output_dim)

    @property
    def m(self):
        """The current Dirichlet parameter."""
        return _bridge.vector_from_java(self._java.posterior())


class HyperExpertNN(HyperModel):
    """A gate that depends on the object: 0.4's network (Linear input_dim -> hidden_dim, ReLU,
    Linear hidden_dim -> hidden_dim, ReLU, Linear hidden_dim -> output_dim, softmax), 0.4's
    ``HyperExpertNN``.

    :param input_dim: the number of features
    :param hidden_dim: the width of both hidden layers
    :param output_dim: the number of local models
    :param epochs: the network's optimisation budget per M-step: L-BFGS iterations (0.4 ran
        this many epochs of Adam)
    :param device: ``'cpu'``, accepted and ignored; a GPU device is refused
    :param seed: the seed of the initial weights (not in 0.4, which drew them from torch's
        global generator)
    """

    def __init__(self, input_dim=20, hidden_dim=10, output_dim=10, epochs=100, device="cpu",
                 seed=0):
        _bridge.check_device(device)
        self.input_dim = _count(input_dim, "input_dim")
        self.hidden_dim = _count(hidden_dim, "hidden_dim")
        self.output_dim = _count(output_dim, "output_dim")
        self.epochs = _count(epochs, "epochs")
        self.device = device
        with _bridge.java_errors():
            self._java = _bridge.jvm().org.mixturelib.hypermodels.HyperExpertNN(
                self.input_dim, self.hidden_dim, self.output_dim, self.epochs, int(seed))

    def _x(self, X):
        x = _bridge.matrix(X, "X", cols=self.input_dim)
        return x, _bridge.to_java(x)

    def M_step(self, X, Y, Z, HyperParameters):
        """0.4's ``M_step``: fits the network to the soft targets ``Z`` (num_elements x
        num_models), at most ``epochs`` L-BFGS iterations."""
        x, java_x = self._x(X)
        with _bridge.java_errors():
            self._java.mStep(java_x, self._z(Z, x.shape[0]))

    def forward(self, input):
        """0.4's ``forward``: the network's outputs for ``input``, shifted per object so that
        their softmax is the weights (the same as :meth:`LogPiExpectation`; only the softmax
        of 0.4's outputs had a meaning)."""
        return self.LogPiExpectation(input, None, None)

    __call__ = forward


class HyperModelGateSparsed(HyperModel):
    """Per-object mixing weights ``pi_i ~ Dir(gamma * mu / sum(mu))``, 0.4's
    ``HyperModelGateSparsed``: each training object keeps its own posterior; a new object gets
    the training objects' mean (0.4 could not predict for new objects).

    :param output_dim: the number of local models
    :param gamma: the prior's total weight
    :param mu: the prior's proportions (length output_dim, positive), ones by default
    :param device: ``'cpu'``, accepted and ignored; a GPU device is refused
    """

    def __init__(self, output_dim=2, gamma=1.0, mu=None, device="cpu"):
        _bridge.check_device(device)
        self.output_dim = _count(output_dim, "output_dim")
        self.device = device
        self.gamma = float(gamma)
        if mu is None:
            mu = np.ones(self.output_dim)
        shape = _bridge.matrix(mu, "mu", cols=1, vector_as_column=True)
        if shape.shape[0] != self.output_dim:
            raise ValueError(f"mu has {shape.shape[0]} entries, but output_dim is"
                             f" {self.output_dim}")
        if not (self.gamma > 0 and np.isfinite(self.gamma)):
            raise ValueError(f"gamma must be finite and > 0, got {gamma!r}")
        if not np.all(shape > 0):
            raise ValueError(f"mu must be positive, got {np.ravel(shape)}")
        self.mu = shape.ravel() / shape.sum()
        with _bridge.java_errors():
            self._java = _bridge.jvm().org.mixturelib.hypermodels.HyperModelGateSparsed(
                _bridge.vector_to_java(self.gamma * self.mu))
