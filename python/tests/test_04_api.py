"""The 0.4 API's inputs, steps, callbacks and errors in Python."""
import numpy as np
import pandas as pd
import pytest

from mixturelib import _jvm
from mixturelib.hyper_models import HyperExpertNN, HyperModelDirichlet, HyperModelGateSparsed
from mixturelib.local_models import EachModelLinear
from mixturelib.mixture import MixtureEM
from mixturelib.regularizers import RegularizeFunc, RegularizeModel



@pytest.fixture(scope="module", autouse=True)
def doc(spark, shared_dir):
    """The tests' SparkSession (mixturelib's modules find it active), and the 0.4 documentation's
    example data: ``doc(name)`` reads ``reference/doc-examples/name`` as a 2-D array."""
    folder = shared_dir / "reference" / "doc-examples"
    return lambda name: np.loadtxt(folder / name, delimiter=",", ndmin=2)


@pytest.fixture(scope="module")
def planes(doc):
    """Chapter 3's two planes (seed 0 of the fixtures), X: 200 x 2, Y: 200 x 1."""
    return doc("two_planes_seed0.X.csv"), doc("two_planes_seed0.Y.csv")


def mixture(gate=None, model_type="default", **models):
    k = 2
    return MixtureEM(HyperParameters={"beta": 1.0},
                     HyperModel=gate or HyperModelDirichlet(output_dim=k),
                     ListOfModels=[EachModelLinear(input_dim=2, **models) for _ in range(k)],
                     model_type=model_type)


def fitted_planes(m):
    return np.hstack([model.W for model in m.ListOfModels])


class ArrayLike:
    """Only ``__array__``, as a CPU torch tensor offers."""

    def __init__(self, a):
        self.a = a

    def __array__(self, dtype=None, copy=None):
        return self.a if dtype is None else self.a.astype(dtype)


def test_numpy_pandas_array_like_and_spark_frame_give_the_same_fit(planes):
    x, y = planes
    reference = mixture()
    reference.fit(x, y)
    expected = fitted_planes(reference)
    assert reference.converged
    frame = pd.DataFrame(x, columns=["x1", "x2"])
    for X, Y in [(frame, pd.Series(y[:, 0])), (ArrayLike(x), ArrayLike(y)),
                 (x.tolist(), y.ravel())]:
        m = mixture()
        m.fit(X, Y)
        np.testing.assert_array_equal(fitted_planes(m), expected)
        assert m.log_likelihood == reference.log_likelihood
    from pyspark.ml.linalg import Vectors
    spark = _jvm.session()
    df = spark.createDataFrame([(Vectors.dense(row), float(t)) for row, t in zip(x, y[:, 0])],
                               ["features", "label"])
    # one partition: the rows in the arrays' order, the same starts, the same fit
    m = mixture()
    pulled = []
    m.fit(df.coalesce(1), progress=lambda steps: (pulled.append(s) or s for s in steps))
    assert pulled == list(range(m.iterations))
    np.testing.assert_allclose(fitted_planes(m), expected, rtol=0, atol=1e-9)
    assert abs(m.log_likelihood - reference.log_likelihood) < 1e-9
    assert m.HyperParameters["beta"] == pytest.approx(reference.HyperParameters["beta"],
                                                      abs=1e-9)
    # three partitions: the starts draw other rows, and EM reaches the same optimum
    m = mixture()
    m.fit(df.repartition(3))
    np.testing.assert_allclose(fitted_planes(m), expected, rtol=0, atol=1e-3)
    assert abs(m.log_likelihood - reference.log_likelihood) < 1e-5


def test_the_default_mode_separates_the_planes_and_beta_is_the_noise_variance(planes):
    x, y = planes
    m = mixture()
    m.fit(x, y)
    w = fitted_planes(m)
    truth = np.array([[10.0, 0.0], [0.0, 30.0]])
    order = [0, 1] if abs(w[0, 0] - 10) < abs(w[0, 1] - 10) else [1, 0]
    assert np.abs(w[:, order] - truth).max() < 2.0
    assert 15 < m.HyperParameters["beta"] < 40  # noise sd 5
    answers, pi = m.predict(x[:4])
    assert answers.shape == (4, 1) and pi.shape == (4, 2)
    np.testing.assert_allclose(pi.sum(axis=1), 1.0, rtol=1e-12)
    expected = sum(pi[:, [k]] * m.ListOfModels[k](x[:4]) for k in range(2))
    np.testing.assert_allclose(answers, expected, rtol=1e-12)


def test_epoch_bounds_the_iterations_and_progress_advances_once_per_iteration(planes,
                                                                            monkeypatch):
    x, y = planes
    calls = []
    from mixturelib import mixture as module
    told = []
    original = module._Progress.iteration
    monkeypatch.setattr(module._Progress, "iteration",
                        lambda self, event: told.append(event.line()) or original(self, event))

    class Bar:
        def __init__(self, iterable):
            calls.append(("total", len(iterable)))
            self.iterable = iterable

        def __iter__(self):
            for item in self.iterable:
                calls.append(("step", item))
                yield item

        def close(self):
            calls.append(("close",))

    m = mixture(gate=HyperExpertNN(input_dim=2, hidden_dim=5, output_dim=2, epochs=20))
    m.fit(x, y, epoch=7, progress=Bar)
    assert m.iterations <= 7
    assert calls[0] == ("total", 7)
    steps = [c[1] for c in calls if c[0] == "step"]
    assert steps == list(range(m.iterations))
    assert calls[-1] == ("close",)
    # the JVM called back during the fit: the starts' iterations and the fit's
    assert any(line.startswith("start") for line in told)
    assert any(line.startswith("iteration") for line in told)


def test_step_by_step_e_and_m_steps_never_lower_the_bound(planes):
    x, y = planes
    m = mixture()
    bounds = []
    for _ in range(5):
        bounds.append(m.E_step(x, y))
        m.M_step(x, y)
    assert all(b2 >= b1 - 1e-9 for b1, b2 in zip(bounds, bounds[1:])), bounds
    assert bounds[-1] > bounds[0]
    assert m.HyperModel.m.sum() == pytest.approx(2 + len(x))


def test_regularize_func_inside_a_fit_leaves_its_stationary_point(planes):
    """R = -||W0||^2 with A = diag(2, 2) held fixed: after the last M-step each prior mean is
    the maximiser W / (1 + 2 * 2) of the regularizer's problem."""
    x, y = planes
    models = [EachModelLinear(input_dim=2, A=np.array([2.0, 2.0]), w=np.zeros(2),
                              OptimizedHyper={"beta"}) for _ in range(2)]
    calls = []

    def R(w0):
        calls.append(1)
        return -(w0 ** 2).sum()

    m = MixtureEM(HyperParameters={"beta": 1.0}, HyperModel=HyperModelDirichlet(output_dim=2),
                  ListOfModels=models,
                  ListOfRegularizeModel=[RegularizeFunc(ListOfModels=models, R=R)])
    m.fit(x, y, epoch=30)
    assert calls
    for model in models:
        np.testing.assert_allclose(model.w_0, model.W / 5, atol=1e-6)
        np.testing.assert_allclose(model.A, np.diag([2.0, 2.0]), rtol=1e-12, atol=0)


def test_an_error_in_r_or_in_progress_comes_out_as_itself(planes):
    x, y = planes
    models = [EachModelLinear(input_dim=2, A=np.ones(2), w=np.zeros(2)) for _ in range(2)]

    def R(w0):
        raise KeyError("my link failed")

    Rg = RegularizeFunc(ListOfModels=models, R=R)
    with pytest.raises(KeyError, match="my link failed"):
        Rg.M_step(x, y, None, {})
    m = MixtureEM(HyperParameters={"beta": 1.0}, HyperModel=HyperModelDirichlet(output_dim=2),
                  ListOfModels=models, ListOfRegularizeModel=[Rg])
    with pytest.raises(KeyError, match="my link failed"):
        m.fit(x, y)

    def broken_bar(steps):
        for step in steps:
            raise ZeroDivisionError("the bar broke")
            yield step

    with pytest.raises(ZeroDivisionError, match="the bar broke"):
        mixture().fit(x, y, progress=broken_bar)


def test_r_written_with_torch_gets_its_gradient_from_autograd():
    """Runs where torch is installed (it is not a test requirement: about 200 MB)."""
    torch = pytest.importorskip("torch")
    model = EachModelLinear(input_dim=2, A=np.ones(2), w=np.zeros(2))
    model.W = [[1.0], [1.0]]
    seen = []

    def R(w0):
        seen.append(type(w0))
        return -torch.sum(w0 ** 2)

    RegularizeFunc(ListOfModels=[model], R=R).M_step(None, None, None, {})
    np.testing.assert_allclose(model.w_0.ravel(), [1 / 3, 1 / 3], atol=1e-9)
    assert set(seen) == {torch.Tensor}


def test_regularize_model_in_a_fit_takes_alpha_from_the_hyperparameters(planes):
    x, y = planes
    models = [EachModelLinear(input_dim=2, A=np.ones(2), w=np.zeros(2), OptimizedHyper={"beta"})
              for _ in range(2)]
    m = MixtureEM(HyperParameters={"beta": 1.0, "alpha": 1e-8},
                  HyperModel=HyperModelDirichlet(output_dim=2), ListOfModels=models,
                  ListOfRegularizeModel=[RegularizeModel(ListOfModels=models)])
    m.fit(x, y, epoch=20)
    # a tiny alpha pulls the two prior means together
    np.testing.assert_allclose(models[0].w_0, models[1].w_0, atol=1e-5)
    assert m.HyperParameters["alpha"] == 1e-8


def test_several_answers():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(300, 2))
    half = np.arange(300) < 150
    y = np.where(half[:, None], x @ [[2.0, -1.0], [0.0, 1.0]], x @ [[-3.0, 0.0], [1.0, 4.0]])
    y = y + 0.1 * rng.normal(size=y.shape)
    models = [EachModelLinear(input_dim=2, output_dim=2) for _ in range(2)]
    m = MixtureEM(HyperParameters={"beta": 1.0}, HyperModel=HyperModelDirichlet(output_dim=2),
                  ListOfModels=models)
    m.fit(x, y)
    found = sorted([model.W for model in models], key=lambda w: w[0, 0])
    np.testing.assert_allclose(found[0], [[-3.0, 0.0], [1.0, 4.0]], atol=0.05)
    np.testing.assert_allclose(found[1], [[2.0, -1.0], [0.0, 1.0]], atol=0.05)


def test_sparse_gate_fits_and_predicts_population_weights_for_new_objects(planes):
    x, y = planes
    m = mixture(gate=HyperModelGateSparsed(output_dim=2))
    m.fit(x, y)
    _, pi = m.predict(np.zeros((3, 2)))
    np.testing.assert_allclose(pi, np.tile(pi[0], (3, 1)))
    assert np.all(pi > 0.2)


@pytest.mark.parametrize("make, message", [
    (lambda x, y: mixture().fit(x[:, :1], y), "X has 1 columns, expected 2"),
    (lambda x, y: mixture().fit(x, y[:-1]), "Y has 199 rows, expected 200"),
    (lambda x, y: mixture().fit(np.where(x == x[5, 1], np.nan, x), y),
     r"X has a non-finite value \(nan\) at row 5, column 1"),
    (lambda x, y: mixture().fit(x, y, epoch=0), "epoch must be a positive int"),
    (lambda x, y: mixture().fit(x[0], y), "X must be two-dimensional"),
    (lambda x, y: MixtureEM(HyperParameters={"beta": 1.0},
                            HyperModel=HyperModelDirichlet(output_dim=3),
                            ListOfModels=[EachModelLinear(input_dim=2)] * 2),
     "HyperModel has 3 outputs but ListOfModels has 2 local models"),
    (lambda x, y: MixtureEM(HyperParameters={}, HyperModel=HyperModelDirichlet(output_dim=2),
                            ListOfModels=[EachModelLinear(input_dim=2)] * 2), "'beta'"),
    (lambda x, y: mixture(model_type="greedy"), "greedy"),
    (lambda x, y: EachModelLinear(input_dim=2, A=np.ones(3), w=np.zeros(2)),
     "A has 3 rows, expected 2"),
    (lambda x, y: EachModelLinear(input_dim=2, A=np.ones(2)), "A and w"),
    (lambda x, y: EachModelLinear(input_dim=2, OptimizedHyper={"gamma"}), "OptimizedHyper"),
    (lambda x, y: EachModelLinear(input_dim=2).E_step(x, y, np.ones((200, 2)), {"beta": 1.0}),
     "Z has 2 columns, expected 1"),
    (lambda x, y: HyperModelDirichlet(output_dim=2).E_step(x, y, np.ones((200, 3)), {}),
     "Z has 3 columns, expected 2"),
    (lambda x, y: HyperModelGateSparsed(output_dim=3, mu=[1.0, 2.0]),
     "mu has 2 entries, but output_dim is 3"),
    (lambda x, y: RegularizeModel(ListOfModels=[EachModelLinear(input_dim=2)]),
     "at least 2 local models"),
])
def test_bad_input_names_the_argument(planes, make, message):
    x, y = planes
    with pytest.raises(ValueError, match=message):
        make(x, y)


def test_a_spark_frame_names_its_columns(planes):
    x, y = planes
    from pyspark.ml.linalg import Vectors
    df = _jvm.session().createDataFrame([(Vectors.dense(x[0]), 1.0)], ["f", "label"])
    with pytest.raises(ValueError, match="featuresCol: the DataFrame has no column 'features'"):
        mixture().fit(df)
    with pytest.raises(ValueError, match="Y must be None"):
        mixture().fit(df, y, featuresCol="f")


@pytest.mark.parametrize("device", ["cuda", "cuda:0", "gpu"])
def test_a_gpu_device_is_refused_and_cpu_accepted(device):
    with pytest.raises(ValueError, match=f"device='{device}'.*use device='cpu'"):
        EachModelLinear(input_dim=2, device=device)
    with pytest.raises(ValueError, match="device="):
        HyperExpertNN(input_dim=2, output_dim=2, device=device)
    assert EachModelLinear(input_dim=2, device="cpu").W.shape == (2, 1)


def test_regularize_func_with_several_answers_sees_models_by_features_by_answers():
    """R = -||W0||^2 with A = diag(1, 3) and two answers: w0 = W / (1 + 2 a) per feature."""
    models = [EachModelLinear(input_dim=2, A=np.array([1.0, 3.0]), w=np.zeros((2, 2)))
              for _ in range(2)]
    models[0].W = [[1.0, 2.0], [3.0, 4.0]]
    models[1].W = [[-1.0, 0.5], [7.0, 0.0]]
    shapes = []

    def R(w0):
        shapes.append(w0.shape)
        return -(w0 ** 2).sum()

    RegularizeFunc(ListOfModels=models, R=R).M_step(None, None, None, {})
    assert set(shapes) == {(2, 2, 2)}
    for model in models:
        np.testing.assert_allclose(model.w_0, model.W / np.array([[3.0], [7.0]]), atol=1e-8)
