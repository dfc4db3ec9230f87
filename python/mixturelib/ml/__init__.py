"""Spark ML (``pyspark.ml``) classes of mixturelib, wrapping the Java ones of the same names.

- :class:`MixtureOfRegressions`, :class:`MixtureOfExperts`: estimators;
- :class:`MixtureOfRegressionsModel`, :class:`MixtureOfExpertsModel`: their models, with the
  experts' parameters as properties and a :class:`MixtureSummary`;
- :class:`MixtureLikelihoodEvaluator`: held-out mean log-likelihood for model selection.

They work in ``Pipeline``, ``CrossValidator`` and ``TrainValidationSplit``, save and load (also
stages saved from Java or Scala), and need the mixturelib jar in the session
(:func:`mixturelib.configure`).
"""

from ._stages import (
    MixtureLikelihoodEvaluator,
    MixtureOfExperts,
    MixtureOfExpertsModel,
    MixtureOfRegressions,
    MixtureOfRegressionsModel,
    MixtureSummary,
)

__all__ = [
    "MixtureLikelihoodEvaluator",
    "MixtureOfExperts",
    "MixtureOfExpertsModel",
    "MixtureOfRegressions",
    "MixtureOfRegressionsModel",
    "MixtureSummary",
]
