"""Fits from Python equal fits of the Java estimators on the same data, and the summary holds up."""

import math
import re

import numpy as np
import pytest
from pyspark.errors import IllegalArgumentException
from pyspark.ml.linalg import DenseMatrix, DenseVector

from mixturelib import ml

Z95 = 1.959963984540054  # the standard normal's 0.975 quantile


def _java_estimator(spark, name, **setters):
    java = getattr(spark.sparkContext._jvm.org.mixturelib.ml, name)()
    for key, value in setters.items():
        getattr(java, "set" + key[0].upper() + key[1:])(value)
    return java


def _values(java_linalg):
    """A Java vector, or matrix (column-major), as a numpy array."""
    values = np.asarray(list(java_linalg.toArray()))
    if java_linalg.getClass().getSimpleName() == "DenseMatrix":
        return values.reshape(java_linalg.numCols(), java_linalg.numRows()).T
    return values


def test_mixture_of_regressions_equals_the_java_fit(spark, npreg):
    model = ml.MixtureOfRegressions(k=2, numInit=3).fit(npreg)
    java = _java_estimator(spark, "MixtureOfRegressions", k=2, numInit=3).fit(npreg._jdf)
    assert isinstance(model.coefficients, DenseMatrix) and isinstance(model.mixingWeights, DenseVector)
    np.testing.assert_allclose(model.coefficients.toArray(), _values(java.coefficients()), rtol=0, atol=1e-9)
    np.testing.assert_allclose(model.intercepts.toArray(), _values(java.intercepts()), rtol=0, atol=1e-9)
    np.testing.assert_allclose(model.mixingWeights.toArray(), _values(java.mixingWeights()), rtol=0, atol=1e-9)
    np.testing.assert_allclose(model.noiseVariances.toArray(), _values(java.noiseVariances()), rtol=0, atol=1e-9)
    assert model.summary.logLikelihood == pytest.approx(java.summary().logLikelihood(), abs=1e-9)


def test_mixture_of_experts_equals_the_java_fit(spark, moe_synth):
    model = ml.MixtureOfExperts(k=2, gate="linear", numInit=3).fit(moe_synth)
    java = _java_estimator(spark, "MixtureOfExperts", k=2, gate="linear", numInit=3).fit(moe_synth._jdf)
    np.testing.assert_allclose(model.coefficients.toArray(), _values(java.coefficients()), rtol=0, atol=1e-9)
    np.testing.assert_allclose(model.gateParameters.toArray(), _values(java.gateParameters()), rtol=0, atol=1e-9)
    assert model.gateLayerSizes == [1, 2]
    assert model.summary.logLikelihood == pytest.approx(java.summary().logLikelihood(), abs=1e-9)
    # flexmix with gating on x stops at -1103.3193 (data README); EM run to its tolerance goes a little higher
    assert -1103.3193 <= model.summary.logLikelihood < -1103.3193 + 0.01


def test_npreg_reaches_the_maximum_likelihood_of_the_data_readme(npreg):
    model = ml.MixtureOfRegressions(k=2).fit(npreg)
    # yn ~ x + x^2, k = 2: ML log-likelihood -642.5320 (flexmix stops at -642.5452)
    assert model.summary.logLikelihood == pytest.approx(-642.5320, abs=5e-4)
    truth = np.array([r["class"] for r in npreg.select("class").collect()])
    assigned = np.array([int(np.argmax(r["responsibility"])) for r in model.transform(npreg).collect()])
    agree = max(np.sum(assigned == truth - 1), np.sum(assigned == 2 - truth))
    assert agree == 190  # the README's 95/5 confusion: 95 % of the rows on their true component's side


def test_the_summary_follows_its_definitions(npreg):
    model = ml.MixtureOfRegressions(k=2).fit(npreg)
    s = model.summary
    n, p, ll = 200, s.numFreeParameters, s.logLikelihood
    assert p == 2 * 3 + 2 + 1  # two experts of 3 coefficients, 2 variances, 1 free weight
    assert s.aic == pytest.approx(-2 * ll + 2 * p, rel=1e-12)
    assert s.bic == pytest.approx(-2 * ll + p * math.log(n), rel=1e-12)
    assert s.icl >= s.bic
    assert s.totalWeight == n and s.numGroups == 0 and s.converged
    assert isinstance(s.objectiveHistory, np.ndarray) and s.objectiveHistory.size >= 1
    assert s.clusterSizes.sum() == pytest.approx(n) and s.componentWeights.sum() == pytest.approx(n)
    assert s.hasStandardErrors and s.standardErrorWarnings == []
    se = s.coefficientStandardErrors.toArray()
    lower, upper = s.coefficientConfidenceIntervals(0.95)
    estimate = np.hstack([model.coefficients.toArray(), model.intercepts.toArray()[:, None]])
    full_se = np.hstack([se, s.interceptStandardErrors.toArray()[:, None]])
    np.testing.assert_allclose(upper.toArray() - lower.toArray(), 2 * Z95 * full_se, rtol=1e-9)
    np.testing.assert_allclose((upper.toArray() + lower.toArray()) / 2, estimate, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(s.tValues.toArray(), estimate / full_se, rtol=1e-9)
    weights = model.mixingWeights.toArray()
    w_lower, w_upper = s.mixingWeightConfidenceIntervals(0.9)
    assert np.all(w_lower.toArray() < weights) and np.all(weights < w_upper.toArray())
    assert s.gateCoefficients.toArray()[0, 0] == pytest.approx(math.log(weights[1] / weights[0]), rel=1e-9)


def test_the_model_scores_new_rows_by_their_log_likelihood(npreg):
    model = ml.MixtureOfRegressions(k=2).fit(npreg)
    rows = model.transform(npreg).select("logLikelihood").collect()
    assert model.logLikelihood(npreg) == pytest.approx(sum(r[0] for r in rows), rel=1e-12)
    assert model.logLikelihood(npreg) == pytest.approx(model.summary.logLikelihood, rel=1e-9)
    assert (model.numComponents, model.numFeatures, model.numOutputs) == (2, 2, 1)
    assert model.expertLink == "identity"
    assert len(model.posteriorCovariances) == 2 and model.posteriorCovariances[0].numRows == 3


def test_progress_prints_the_starts_once_and_each_iteration_of_the_fit(npreg, capsys):
    ml.MixtureOfRegressions(k=2).fit(npreg)
    assert capsys.readouterr().out == ""
    estimator = ml.MixtureOfRegressions(k=2, numInit=1).setProgress(True)
    model = estimator.fit(npreg)
    lines = capsys.readouterr().out.splitlines()
    history = model.summary.objectiveHistory
    assert len(lines) == len(history)  # one line per E-step, the last one finding convergence
    for i, (line, bound) in enumerate(zip(lines, history), 1):
        assert re.fullmatch(rf"iteration {i}: bound {bound:.3f}, change \S+, \d+\.\d{{3}} s(, converged)?", line)
    assert lines[-1].endswith("converged")
    ml.MixtureOfRegressions(k=2, numInit=3).setProgress(True).copy().fit(npreg)
    lines = capsys.readouterr().out.splitlines()
    assert re.fullmatch(r"\d+ starts: best bound -642\.532, \d+ iterations, \d+\.\d s", lines[0])


def test_bad_input_is_refused_naming_the_param(npreg):
    with pytest.raises(IllegalArgumentException, match="featuresCol: column 'nope' does not exist"):
        ml.MixtureOfRegressions(featuresCol="nope").fit(npreg)
    with pytest.raises(IllegalArgumentException, match="k given invalid value 0"):
        ml.MixtureOfRegressions(k=0).fit(npreg)


def test_a_loaded_model_says_it_has_no_summary(npreg, tmp_path):
    ml.MixtureOfRegressions(k=2, numInit=1).fit(npreg).save(str(tmp_path / "m"))
    loaded = ml.MixtureOfRegressionsModel.load(str(tmp_path / "m"))
    assert not loaded.hasSummary
    with pytest.raises(RuntimeError, match="no training summary is available for this MixtureOfRegressionsModel"):
        loaded.summary


def test_components_below_min_prior_are_removed_and_named(npreg):
    model = ml.MixtureOfRegressions(k=4, minPrior=0.2, numInit=2).fit(npreg)
    s = model.summary
    assert s.requestedK == 4 and model.numComponents == len(s.componentWeights) < 4
    assert model.getK() == model.numComponents and len(s.removedComponents) == 4 - model.numComponents
    assert s.removedNote.startswith(f"{4 - model.numComponents} of 4 components removed below minPrior 0.2")
    assert model.transform(npreg).first()["probability"].size == model.numComponents


def test_shared_and_nested_coefficients_from_python(npreg):
    """fixedFeatures shares x^2's coefficient between the components; nestedFeatures gives x to component 1 only."""
    model = ml.MixtureOfRegressions(k=2, seed=3, fixedFeatures=[1], nestedFeatures="1:0").fit(npreg)
    coefficients = model.coefficients.toArray()  # K x [x, x^2]
    assert coefficients[0, 1] == coefficients[1, 1]
    assert coefficients[1, 0] == 0.0
    assert model.getFixedFeatures() == [1] and model.getNestedFeatures() == "1:0"
    # two intercepts, x in component 1, one shared x^2, two variances, one weight
    assert model.summary.numFreeParameters == 7
    with pytest.raises(IllegalArgumentException, match="fixedFeatures / nestedFeatures: feature 1 is both fixed and nested"):
        ml.MixtureOfRegressions(fixedFeatures=[1], nestedFeatures="1,2:1").fit(npreg)


def _zero_inflated_rows(seed, n, zero_width):
    """Zero-inflated Poisson rows (30% structural zeros, log-mean 0.5 + 0.4 x): (features, label), and a
    zero-part vector of ``zero_width`` standard normals when it is positive."""
    rng = np.random.default_rng(seed)
    rows = []
    for _ in range(n):
        x = float(rng.normal())
        y = 0.0 if rng.random() < 0.3 else float(rng.poisson(np.exp(0.5 + 0.4 * x)))
        zero = (DenseVector(rng.normal(size=zero_width).tolist()),) if zero_width > 0 else ()
        rows.append((DenseVector([x]), y) + zero)
    return rows


def test_a_zero_features_vector_of_another_width_is_refused_at_transform(spark):
    """zeroFeaturesCol at transform: a vector longer than the zero part's names is an error naming the column and both sizes."""
    train = spark.createDataFrame(_zero_inflated_rows(4, 200, 2), ["features", "label", "zf"])
    model = ml.MixtureOfRegressions(family="zipoisson", k=1, maxIter=30, zeroFeaturesCol="zf").fit(train)
    assert len(model.getZeroFeaturesNames()) == 2
    wide = spark.createDataFrame([(DenseVector([0.1]), 1.0, DenseVector([0.0, 1.0, 2.0]))], ["features", "label", "zf"])
    with pytest.raises(Exception, match=r"column 'zf': row 0 has 3 entries; expected 2"):
        model.transform(wide).collect()


def test_an_intercept_only_zero_part_with_constant_weights_is_noted_as_not_identified(spark):
    """Java's Identification note reaches Python's summary: k = 2 zero-inflated, constant weights, no zero columns."""
    train = spark.createDataFrame(_zero_inflated_rows(5, 300, 0), ["features", "label"])
    noted = ml.MixtureOfRegressions(family="zipoisson", k=2, maxIter=20, seed=3, minPrior=0.0).fit(train)
    assert any(n.startswith("not identified: with 2 components of constant weights") for n in noted.summary.notes)
    single = ml.MixtureOfRegressions(family="zipoisson", k=1, maxIter=20).fit(train)
    assert single.summary.notes == []
