"""0.4's regularizers, running on the Java engine.

The :mod:`mixturelib.regularizers` contains classes:

- :class:`mixturelib.regularizers.Regularizers`
- :class:`mixturelib.regularizers.RegularizeModel`
- :class:`mixturelib.regularizers.RegularizeFunc`

Both link the prior means ``w_0`` of :class:`mixturelib.local_models.EachModelLinear` models
in the M-step; their ``E_step`` does nothing (as in 0.4) and their ``M_step`` does not read
``X``, ``Y`` and ``Z`` (as in 0.4).
"""
import struct

import numpy as np

from mixturelib import _bridge
from mixturelib.local_models import EachModelLinear

__all__ = ["Regularizers", "RegularizeModel", "RegularizeFunc"]

try:
    import torch
except ImportError:
    torch = None


class Regularizers:
    """Base class of the regularizers (0.4's ``Regularizers``): a subclass holds its Java
    regularizer in ``_java`` and its local models in ``ListOfModels``."""

    _java = None
    ListOfModels = None

    def E_step(self, X, Y, Z, HyperParameters):
        """0.4's ``E_step``: does nothing."""

    def M_step(self, X, Y, Z, HyperParameters):
        """0.4's ``M_step``: moves the prior means ``w_0`` of ``ListOfModels`` in place (their
        ``W`` is unchanged)."""
        with _bridge.java_errors():
            self._java.mStep(None, None, None, _bridge.hyper_parameters(HyperParameters))


def _linear_models(models, least):
    models = [] if models is None else list(models)
    for k, m in enumerate(models):
        if not isinstance(m, EachModelLinear):
            raise TypeError(f"ListOfModels[{k}] is a {type(m).__name__}; regularizers link"
                            " EachModelLinear models")
    if len(models) < least:
        raise ValueError(f"ListOfModels must hold at least {least} local model"
                         f"{'s' if least > 1 else ''}, got {len(models)}")
    return models


class RegularizeModel(Regularizers):
    """Draws the prior means of several linear models together (0.4's ``RegularizeModel``).

    With ``alpha = HyperParameters['alpha']`` a variance per feature (or one for all), the
    M-step sets the prior means to the maximiser of
    ``sum_k -KL(q(W_k) || N(w0_k, A_k)) - sum_{k<k'} sum_d (w0_kd - w0_k'd)^2 / (2 alpha_d)``:
    a small alpha pulls the means to a common value. It reproduces 0.4's documented example
    (``w_0`` of [0.3333, 0.5] and [0.6667, 0.5] for ``alpha = [1, 1e-10]``).

    :param ListOfModels: the EachModelLinear models to regularize (at least two, with priors)
    :param device: ``'cpu'``, accepted and ignored; a GPU device is refused
    """

    def __init__(self, ListOfModels=None, device="cpu"):
        _bridge.check_device(device)
        self.ListOfModels = _linear_models(ListOfModels, 2)
        self.device = device
        with _bridge.java_errors():
            self._java = _bridge.jvm().org.mixturelib.mixture.RegularizeModel(
                [m._java for m in self.ListOfModels])


class RegularizeFunc(Regularizers):
    """Links the prior means through a function ``R`` (0.4's ``RegularizeFunc``): the M-step
    maximises ``sum_k [-1/2 w0_k^T A_k^-1 w0_k + w0_k^T A_k^-1 E[w_k]] + R(W0)`` over the prior
    means by L-BFGS on the JVM, to a tolerance (0.4 stopped after ``epoch`` Adam steps).

    How ``R`` is evaluated: the JVM's optimiser calls back into this Python process (py4j's
    callback server, as Spark's ``foreachBatch`` does) for ``R(W0)`` and its gradient.
    ``W0`` is the stacked prior means, num_models x input_dim (0.4's shape; num_models x
    input_dim x num_answers with several answers). When torch is installed, ``W0`` is a float64
    torch tensor, as in 0.4, and the gradient comes from autograd; otherwise ``W0`` is a numpy
    array and the gradient is taken by central differences (a step of ``6e-6 * max(1, |w|)``
    per coordinate, two calls of R each: the prior means are few). R must return one finite
    number.

    :param ListOfModels: the EachModelLinear models to regularize (with priors)
    :param R: the link function, a log-density to maximise; 0.4's default is the sum
    :param epoch: the optimiser's iteration budget per M-step (at least 500 inside a fit)
    :param device: ``'cpu'``, accepted and ignored; a GPU device is refused
    """

    def __init__(self, ListOfModels=None, R=lambda x: x.sum(), epoch=100, device="cpu"):
        _bridge.check_device(device)
        if not callable(R):
            raise TypeError(f"R must be a function of the prior means, got {R!r}")
        self.ListOfModels = _linear_models(ListOfModels, 1)
        self.R = R
        self.epoch = int(epoch)
        self.device = device
        first = self.ListOfModels[0]
        self._link = _Link(R, first.input_dim, first.output_dim)
        _bridge.start_callbacks()
        bridge = _bridge.python_bridge()
        with _bridge.java_errors():
            self._java = _bridge.jvm().org.mixturelib.mixture.RegularizeFunc(
                [m._java for m in self.ListOfModels], bridge.link(self._link), self.epoch)

    def M_step(self, X, Y, Z, HyperParameters):
        """0.4's ``M_step``: moves the prior means ``w_0`` of ``ListOfModels`` in place to the
        maximiser (their ``W`` is unchanged)."""
        with _bridge.callback_errors([self._link]):
            super().M_step(X, Y, Z, HyperParameters)


class _Link(_bridge.Callback):
    """``R`` as the Java ``PythonBridge.Link``: prior means in as bytes, ``R`` and its gradient
    out as bytes."""

    def __init__(self, R, input_dim, output_dim):
        self.R = R
        self.shape = (input_dim, output_dim)

    def valueAndGradient(self, data, experts, size):
        """The Java interface's method (see ``PythonBridge.Link``)."""
        return self.guarded(self._answer, data, experts)

    def _answer(self, data, experts):
        d, m = self.shape
        # each expert's prior mean comes column-major D x M: as numpy, M x D transposed
        w0 = np.frombuffer(bytes(data), "<f8").reshape(experts, m, d).transpose(0, 2, 1)
        w0 = w0[:, :, 0] if m == 1 else w0
        value, grad = _value_and_gradient(self.R, np.array(w0, order="C"))
        grad = grad.reshape(experts, d, m).transpose(0, 2, 1)
        return struct.pack("<d", value) + np.ascontiguousarray(grad, "<f8").tobytes()

    class Java:
        implements = ["org.mixturelib.mixture.PythonBridge$Link"]


def _value_and_gradient(R, w0):
    """``R(w0)`` and its gradient: autograd on a float64 tensor when torch is installed,
    central differences on the numpy array otherwise (``w0`` C-contiguous: its coordinates
    are moved in place)."""
    if torch is not None:
        t = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
        value = R(t)
        if not isinstance(value, torch.Tensor) or value.numel() != 1:
            raise TypeError(f"R must return one number as a tensor, got {value!r}")
        if value.requires_grad:
            value.backward()
            return _finite(value.item()), t.grad.numpy()
        return _finite(value.item()), np.zeros_like(w0)
    value = _finite(R(w0))
    flat = w0.reshape(-1)  # a view: w0 is C-contiguous
    g = np.zeros(flat.size)
    for j in range(flat.size):
        step = 6e-6 * max(1.0, abs(flat[j]))
        keep = flat[j]
        flat[j] = keep + step
        up = _finite(R(w0))
        flat[j] = keep - step
        down = _finite(R(w0))
        flat[j] = keep
        g[j] = (up - down) / (2 * step)
    return value, g.reshape(w0.shape)


def _finite(value):
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"R must return one number, got {value!r}") from None
    if not np.isfinite(v):
        raise ValueError(f"R returned {v} at the current prior means")
    return v
