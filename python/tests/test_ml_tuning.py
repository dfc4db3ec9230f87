"""The stages in Pipeline, CrossValidator and TrainValidationSplit, with the likelihood evaluator."""

import numpy as np
import pytest
from pyspark.ml import Pipeline
from pyspark.ml.feature import VectorAssembler
from pyspark.ml.tuning import CrossValidator, ParamGridBuilder, TrainValidationSplit

from mixturelib import ml


def test_the_evaluator_is_the_mean_log_likelihood_per_row(npreg):
    model = ml.MixtureOfRegressions(k=2, numInit=2).fit(npreg)
    scored = model.transform(npreg)
    evaluator = ml.MixtureLikelihoodEvaluator()
    per_row = np.array([r[0] for r in scored.select("logLikelihood").collect()])
    assert evaluator.isLargerBetter()
    assert evaluator.evaluate(scored) == pytest.approx(per_row.mean(), rel=1e-12)
    assert evaluator.evaluate(scored) == pytest.approx(model.logLikelihood(npreg) / 200, rel=1e-12)
    weighted = scored.withColumn("w", scored["x"])
    weights = np.array([r[0] for r in weighted.select("w").collect()])
    assert ml.MixtureLikelihoodEvaluator(weightCol="w").evaluate(weighted) == pytest.approx(
        np.sum(weights * per_row) / np.sum(weights), rel=1e-12
    )


def test_a_pipeline_fits_as_the_estimator_alone(npreg):
    raw = npreg.drop("features")
    assembler = VectorAssembler(inputCols=["x", "x2"], outputCol="features")
    fitted = Pipeline(stages=[assembler, ml.MixtureOfRegressions(k=2, numInit=2)]).fit(raw)
    alone = ml.MixtureOfRegressions(k=2, numInit=2).fit(npreg)
    assert isinstance(fitted.stages[-1], ml.MixtureOfRegressionsModel)
    assert fitted.stages[-1].summary.logLikelihood == pytest.approx(alone.summary.logLikelihood, abs=1e-9)
    np.testing.assert_allclose(fitted.stages[-1].coefficients.toArray(), alone.coefficients.toArray(), atol=1e-9)


def _grid(estimator):
    return ParamGridBuilder().addGrid(estimator.k, [1, 2]).build()


def test_cross_validation_prefers_two_components_on_npreg(npreg):
    estimator = ml.MixtureOfRegressions(numInit=2)
    cv = CrossValidator(
        estimator=estimator,
        estimatorParamMaps=_grid(estimator),
        evaluator=ml.MixtureLikelihoodEvaluator(),
        numFolds=3,
        seed=1,
    ).fit(npreg)
    one, two = cv.avgMetrics
    assert two > one + 0.25  # held-out log-likelihood per row (about -3.3 against -3.7): two curves beat one
    assert cv.bestModel.numComponents == 2 and isinstance(cv.bestModel, ml.MixtureOfRegressionsModel)


def test_train_validation_split_prefers_two_components_on_npreg(npreg):
    estimator = ml.MixtureOfRegressions(numInit=2)
    tvs = TrainValidationSplit(
        estimator=estimator,
        estimatorParamMaps=_grid(estimator),
        evaluator=ml.MixtureLikelihoodEvaluator(),
        trainRatio=0.75,
        seed=1,
    ).fit(npreg)
    one, two = tvs.validationMetrics
    assert two > one + 0.25
    assert tvs.bestModel.numComponents == 2
