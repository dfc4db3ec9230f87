"""The 0.4 API over the families beyond the Gaussian (EachModelFamily in MixtureEM): a planted
mixture is recovered and the fit equals the Spark ML estimator's with the same family."""
import numpy as np
import pytest
from pyspark.ml.linalg import Vectors

from mixturelib import ml
from mixturelib.hyper_models import HyperModelDirichlet
from mixturelib.local_models import EachModelFamily
from mixturelib.mixture import MixtureEM

N = 2000
#: (slope, intercept) per component
TRUTH = {"negbin": [(1.0, 0.5), (-1.0, 2.5)], "tobit": [(1.0, 0.5), (-1.5, 2.0)]}


def planted(family, rng):
    x = rng.uniform(-1, 1, N)
    c = (rng.uniform(size=N) < 0.4).astype(int)
    slope = np.array([TRUTH[family][k][0] for k in c])
    intercept = np.array([TRUTH[family][k][1] for k in c])
    eta = slope * x + intercept
    if family == "negbin":
        y = rng.poisson(rng.gamma(5.0, 1 / 5.0, N) * np.exp(eta)).astype(float)
    else:
        y = np.maximum(0.0, eta + 0.5 * rng.standard_normal(N))
    return x, y


@pytest.mark.parametrize("family, settings", [("negbin", {}), ("tobit", {"lower": 0})])
def test_a_planted_mixture_is_fitted_as_the_spark_estimator_fits_it(spark, family, settings):
    x, y = planted(family, np.random.default_rng(11))
    X = np.column_stack([x, np.ones(N)])  # the intercept last, as the estimators place it
    models = [EachModelFamily(family, input_dim=2, **settings) for _ in range(2)]
    em = MixtureEM(HyperModel=HyperModelDirichlet(output_dim=2), ListOfModels=models)
    em._java.config().tol(1e-10).maxIter(2000).seed(3).numInit(10).initIterations(50)
    em.fit(X, y)

    frame = spark.createDataFrame([(Vectors.dense([a]), float(b)) for a, b in zip(x, y)],
                                  ["features", "label"]).repartition(2)
    model = ml.MixtureOfRegressions(k=2, family=family, tol=1e-10, maxIter=2000, seed=3,
                                    **{k: float(v) for k, v in settings.items()}).fit(frame)

    mine = sorted((m.W[0, 0], m.W[1, 0]) for m in models)
    theirs = sorted(zip(model.coefficients.toArray()[:, 0], model.intercepts.toArray()))
    planted_ = sorted(TRUTH[family])
    for (slope, intercept), (s, i), (ts, ti) in zip(mine, theirs, planted_):
        assert slope == pytest.approx(ts, abs=0.15) and intercept == pytest.approx(ti, abs=0.15)
        assert slope == pytest.approx(s, abs=1e-3) and intercept == pytest.approx(i, abs=1e-3)
    assert em._java.lastFit().logLikelihood() == pytest.approx(model.summary.logLikelihood,
                                                               rel=1e-6)


def test_bad_families_and_settings_are_named(spark):
    with pytest.raises(Exception, match="family 'poisonn' is unknown"):
        EachModelFamily("poisonn", input_dim=2)
    with pytest.raises(Exception, match="setting 'lower' .* must be below setting 'upper'"):
        EachModelFamily("tobit", input_dim=2, lower=1, upper=0)
    with pytest.raises(TypeError, match="family setting 'lower'"):
        EachModelFamily("tobit", input_dim=2, lower={"a": 1})
