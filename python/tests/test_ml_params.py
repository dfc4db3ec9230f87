"""The Python stages declare exactly the Java stages' params: names, docs, types and defaults."""

import inspect
import json
import math

import pytest
from pyspark.ml.param import TypeConverters

from mixturelib import ml

STAGES = [
    ml.MixtureOfRegressions,
    ml.MixtureOfExperts,
    ml.MixtureOfRegressionsModel,
    ml.MixtureOfExpertsModel,
    ml.MixtureLikelihoodEvaluator,
]

# The type converter each Java Param class needs on the Python side.
CONVERTERS = {
    "Param": TypeConverters.toString,
    "IntParam": TypeConverters.toInt,
    "LongParam": TypeConverters.toInt,
    "DoubleParam": TypeConverters.toFloat,
    "BooleanParam": TypeConverters.toBoolean,
    "DoubleArrayParam": TypeConverters.toListFloat,
    "IntArrayParam": TypeConverters.toListInt,
    "StringArrayParam": TypeConverters.toListString,
}

_SPECIAL_DOUBLES = {"Inf": math.inf, "-Inf": -math.inf}


def _java_default(entry):
    value = entry["default"]
    if entry["type"] == "DoubleParam":
        return _SPECIAL_DOUBLES.get(value, value)
    return value


def _java_catalog(spark, cls):
    return json.loads(spark.sparkContext._jvm.org.mixturelib.ml.ParamCatalog.of(f"org.mixturelib.ml.{cls.__name__}"))


def _python_stage(cls):
    return cls() if not cls.__name__.endswith("Model") else cls(None)


@pytest.mark.parametrize("cls", STAGES, ids=lambda c: c.__name__)
def test_python_params_equal_the_java_ones(spark, cls):
    java = {entry["name"]: entry for entry in _java_catalog(spark, cls)}
    stage = _python_stage(cls)
    python = {p.name: p for p in stage.params}
    assert sorted(python) == sorted(java)
    for name, entry in java.items():
        param = python[name]
        assert param.doc == entry["doc"], name
        assert param.typeConverter is CONVERTERS[entry["type"]], name
        assert stage.hasDefault(param) == (entry["default"] is not None), name
        default = stage.getOrDefault(param)
        assert default == _java_default(entry), name
        assert type(default) is type(param.typeConverter(_java_default(entry))), name


@pytest.mark.parametrize("cls", [c for c in STAGES if not c.__name__.endswith("Model")], ids=lambda c: c.__name__)
def test_keyword_constructors_setters_and_getters_cover_every_param(cls):
    stage = cls()
    signature = inspect.signature(cls.__init__).parameters
    assert inspect.signature(cls.setParams).parameters.keys() == signature.keys()
    for param in stage.params:
        keyword = signature[param.name]
        assert keyword.kind is inspect.Parameter.KEYWORD_ONLY, param.name
        assert param.typeConverter(keyword.default) == stage.getOrDefault(param), param.name
        suffix = param.name[0].upper() + param.name[1:]
        assert callable(getattr(stage, "set" + suffix)) and callable(getattr(stage, "get" + suffix)), param.name


def test_a_keyword_sets_the_java_param(spark, npreg):
    estimator = ml.MixtureOfRegressions(k=3, maxIter=7, tol=1e-4, seed=7, priorMean=[1, 2], noiseModel="shared")
    estimator._transfer_params_to_java()
    java = estimator._java_obj
    assert (java.getK(), java.getMaxIter(), java.getTol(), java.getSeed()) == (3, 7, 1e-4, 7)
    assert list(java.getPriorMean()) == [1.0, 2.0] and java.getNoiseModel() == "shared"
    assert estimator.setParams(k=4).getK() == 4 and estimator.setK(5).getK() == 5


def test_a_fitted_models_params_are_the_declared_ones(npreg):
    model = ml.MixtureOfExperts(k=2, gate="mlp", hiddenLayers=[3], numInit=1, maxIter=5).fit(npreg)
    declared = {p.name for p in _python_stage(ml.MixtureOfExpertsModel).params}
    assert {p.name for p in model.params} == declared
    assert model.getGate() == "mlp" and model.getHiddenLayers() == [3] and model.getMaxIter() == 5
