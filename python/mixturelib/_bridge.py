"""What the 0.4 API's classes share: the JVM, arrays in and out, errors, devices.

Arrays cross py4j as one block of bytes (numpy's little-endian doubles, row after row) that
``org.mixturelib.mixture.PythonBridge`` turns into ``double[][]`` and back, never element by
element. A Java ``IllegalArgumentException`` (bad input, named by the Java side) comes out as a
Python ``ValueError`` with the Java message, not as a py4j trace.
"""
import contextlib
import struct

import numpy as np

from mixturelib import _jvm

_state = {}


class Array(np.ndarray):
    """A numpy array that also answers 0.4's ``tensor.numpy()`` (code such as
    ``mixture.ListOfModels[0].W.numpy()`` runs unchanged); ``numpy()`` returns a plain
    ``numpy.ndarray``."""

    def numpy(self):
        """The same values as a plain ``numpy.ndarray``."""
        return np.asarray(self).view(np.ndarray)


def jvm():
    """The py4j view of the JVM of ``mixturelib._jvm.session()`` (a classic SparkSession)."""
    spark = _jvm.session()
    if _jvm.is_connect(spark):
        raise RuntimeError("the 0.4 API (mixturelib.mixture and its components) calls the JVM"
                           " through py4j and needs a classic SparkSession; under Spark Connect"
                           " use the estimators of mixturelib.ml")
    return spark.sparkContext._jvm


def python_bridge():
    """``org.mixturelib.mixture.PythonBridge``."""
    return jvm().org.mixturelib.mixture.PythonBridge


def start_callbacks():
    """Starts py4j's callback server (once), so that Java can call Python objects."""
    from pyspark.java_gateway import ensure_callback_server_started
    ensure_callback_server_started(_jvm.session().sparkContext._gateway)


@contextlib.contextmanager
def java_errors():
    """Turns the Java side's IllegalArgumentException into a ValueError with its message, and
    IllegalStateException into a RuntimeError; other Java errors pass unchanged. (py4j raises
    a Py4JJavaError; pyspark, once it has patched py4j, its own IllegalArgumentException.)"""
    from py4j.protocol import Py4JJavaError
    from pyspark.errors.exceptions.captured import CapturedException
    try:
        yield
    except (Py4JJavaError, CapturedException) as e:
        cause = e.java_exception if isinstance(e, Py4JJavaError) else getattr(e, "_origin", None)
        if cause is None:
            raise
        name = cause.getClass().getName()
        if name == "java.lang.IllegalArgumentException":
            raise ValueError(cause.getMessage()) from None
        if name == "java.lang.IllegalStateException":
            raise RuntimeError(cause.getMessage()) from None
        raise


class Callback:
    """Base of the Python objects that Java calls back through py4j's callback server. An
    exception raised in one is kept, so that :func:`callback_errors` raises it again, as itself,
    once the Java call that led to it has failed."""

    error = None

    def guarded(self, function, *args):
        """``function(*args)``, keeping any exception it raises."""
        try:
            return function(*args)
        except BaseException as e:
            self.error = e
            raise


@contextlib.contextmanager
def callback_errors(callbacks):
    """A context in which a failure caused by one of ``callbacks`` comes out as the callback's
    own exception instead of the Java error that carried it."""
    callbacks = list(callbacks)
    for c in callbacks:
        c.error = None
    try:
        yield
    except Exception:
        for c in callbacks:
            error, c.error = c.error, None
            if error is not None:
                raise error from None
        raise


def check_device(device):
    """Accepts 0.4's ``device='cpu'`` (a string or a torch device); refuses any other."""
    if str(device) != "cpu":
        raise ValueError(f"device={device!r}: mixturelib runs on the JVM's CPUs (Spark), not on"
                         " a GPU; use device='cpu'")


def is_spark_frame(value):
    """Whether ``value`` is a Spark DataFrame (classic or Spark Connect)."""
    return type(value).__name__ == "DataFrame" and type(value).__module__.startswith(
        "pyspark.sql")


def matrix(value, name, rows=None, cols=None, vector_as_column=False):
    """``value`` (a numpy array, anything with ``__array__``: a CPU torch tensor, a pandas
    frame) as a float64 N x C numpy array, checked: numeric, finite, two-dimensional (a
    one-dimensional one is a column when ``vector_as_column``), of the given shape."""
    if value is None:
        raise ValueError(f"{name} is missing")
    if is_spark_frame(value):
        raise TypeError(f"{name}: a Spark DataFrame is read by MixtureEM.fit only; pass an"
                        " array here")
    try:
        a = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError, RuntimeError) as e:
        raise TypeError(f"{name}: cannot read {type(value).__name__} as an array of numbers"
                        f" ({e})") from None
    if a.ndim == 1 and vector_as_column:
        a = a.reshape(-1, 1)
    if a.ndim != 2:
        raise ValueError(f"{name} must be two-dimensional (num_elements x columns), got shape"
                         f" {a.shape}")
    if rows is not None and a.shape[0] != rows:
        raise ValueError(f"{name} has {a.shape[0]} rows, expected {rows}")
    if cols is not None and a.shape[1] != cols:
        raise ValueError(f"{name} has {a.shape[1]} columns, expected {cols}")
    bad = np.argwhere(~np.isfinite(a))
    if bad.size:
        i, j = bad[0]
        raise ValueError(f"{name} has a non-finite value ({a[i, j]}) at row {i}, column {j}")
    return a


def to_java(a):
    """A checked float64 2-D numpy array as a Java ``double[][]``."""
    data = np.ascontiguousarray(a, "<f8").tobytes()
    return python_bridge().matrix(data, a.shape[0], a.shape[1])


def vector_to_java(v):
    """A 1-D sequence of numbers as a Java ``double[]``."""
    data = np.ascontiguousarray(np.ravel(v), "<f8").tobytes()
    return python_bridge().vector(data)


def from_java(java_matrix):
    """A Java ``double[][]`` as an :class:`Array` (None for null)."""
    if java_matrix is None:
        return None
    data = python_bridge().bytes(java_matrix)
    rows, cols = struct.unpack_from("<ii", data)
    return np.frombuffer(data, "<f8", rows * cols, 8).reshape(rows, cols).copy().view(Array)


def vector_from_java(java_vector):
    """A Java ``double[]`` as a 1-D :class:`Array`."""
    data = python_bridge().bytes(java_vector)
    return np.frombuffer(data, "<f8").copy().view(Array)


def hyper_parameters(values):
    """A dict of 0.4 hyperparameters (name to a number or a vector) as the Java
    ``HyperParameters``."""
    if values is None:
        values = {}
    if not isinstance(values, dict):
        raise TypeError(f"HyperParameters must be a dict, got {type(values).__name__}")
    java = jvm().org.mixturelib.mixture.HyperParameters()
    for name, value in values.items():
        try:
            v = np.asarray(value, dtype=np.float64).ravel()
        except (TypeError, ValueError, RuntimeError) as e:
            raise TypeError(f"HyperParameters[{name!r}]: not a number or a vector ({e})") from None
        if v.size == 0 or not np.all(np.isfinite(v)):
            raise ValueError(f"HyperParameters[{name!r}] must be finite numbers, got {value!r}")
        java.set(str(name), vector_to_java(v))
    return java


def hyper_parameters_from_java(java, like):
    """The Java ``HyperParameters``' values for the names of the dict ``like``: a float where
    ``like`` holds one number, a numpy vector otherwise."""
    out = {}
    for name, value in like.items():
        v = vector_from_java(java.get(name)).view(np.ndarray)
        out[name] = float(v[0]) if np.ndim(value) == 0 and v.size == 1 else v
    return out
