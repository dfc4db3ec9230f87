"""Stages saved from Java load in Python and the other way round, scoring bit for bit the same."""

import pytest
from pyspark.errors import IllegalArgumentException
from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.feature import VectorAssembler
from pyspark.sql import DataFrame

from mixturelib import ml

OUTPUTS = ["prediction", "probability", "responsibility", "componentPredictions", "predictionStd", "logLikelihood"]


def _scores(transformed):
    return [tuple(row) for row in transformed.select(*OUTPUTS).collect()]


def _java_array(spark, java_class, items):
    array = spark.sparkContext._gateway.new_array(java_class, len(items))
    for i, item in enumerate(items):
        array[i] = item
    return array


def test_a_model_saved_from_java_loads_in_python(spark, npreg, tmp_path):
    java = spark.sparkContext._jvm.org.mixturelib.ml.MixtureOfRegressions().setK(2).setNumInit(2).fit(npreg._jdf)
    java.write().save(str(tmp_path / "model"))
    loaded = ml.MixtureOfRegressionsModel.load(str(tmp_path / "model"))
    assert isinstance(loaded, ml.MixtureOfRegressionsModel) and loaded.uid == java.uid()
    assert _scores(loaded.transform(npreg)) == _scores(DataFrame(java.transform(npreg._jdf), spark))


def test_a_model_saved_from_python_loads_in_java(spark, moe_synth, tmp_path):
    model = ml.MixtureOfExperts(k=2, numInit=2, predictionCol="mean").fit(moe_synth)
    model.write().overwrite().save(str(tmp_path / "model"))
    java = spark.sparkContext._jvm.org.mixturelib.ml.MixtureOfExpertsModel.load(str(tmp_path / "model"))
    assert java.getPredictionCol() == "mean"
    java.setPredictionCol("prediction")
    model.setPredictionCol("prediction")
    assert _scores(model.transform(moe_synth)) == _scores(DataFrame(java.transform(moe_synth._jdf), spark))


def test_a_pipeline_model_saved_from_java_loads_in_python(spark, moe_synth, tmp_path):
    jvm = spark.sparkContext._jvm
    raw = moe_synth.drop("features")
    assembler = jvm.org.apache.spark.ml.feature.VectorAssembler().setOutputCol("features")
    assembler.setInputCols(_java_array(spark, jvm.java.lang.String, ["x"]))
    experts = jvm.org.mixturelib.ml.MixtureOfExperts().setK(2).setNumInit(2)
    stages = _java_array(spark, jvm.org.apache.spark.ml.PipelineStage, [assembler, experts])
    java = jvm.org.apache.spark.ml.Pipeline().setStages(stages).fit(raw._jdf)
    java.write().save(str(tmp_path / "pipeline"))
    loaded = PipelineModel.load(str(tmp_path / "pipeline"))
    assert isinstance(loaded.stages[1], ml.MixtureOfExpertsModel)
    assert loaded.stages[1].getGate() == "linear" and loaded.stages[1].gateLayerSizes == [1, 2]
    assert _scores(loaded.transform(raw)) == _scores(DataFrame(java.transform(raw._jdf), spark))


def test_a_pipeline_model_saved_from_python_loads_in_java(spark, npreg, tmp_path):
    raw = npreg.drop("features")
    assembler = VectorAssembler(inputCols=["x", "x2"], outputCol="features")
    model = Pipeline(stages=[assembler, ml.MixtureOfRegressions(k=2, numInit=2)]).fit(raw)
    model.save(str(tmp_path / "pipeline"))
    java = spark.sparkContext._jvm.org.apache.spark.ml.PipelineModel.load(str(tmp_path / "pipeline"))
    assert java.stages()[1].getClass().getName() == "org.mixturelib.ml.MixtureOfRegressionsModel"
    assert _scores(model.transform(raw)) == _scores(DataFrame(java.transform(raw._jdf), spark))
    again = PipelineModel.load(str(tmp_path / "pipeline"))
    assert _scores(again.transform(raw)) == _scores(model.transform(raw))


def test_estimators_and_the_evaluator_keep_their_params(tmp_path):
    estimator = ml.MixtureOfExperts(k=3, gate="mlp", hiddenLayers=[4, 2], activation="relu", priorCovariance=10.0)
    estimator.save(str(tmp_path / "estimator"))
    loaded = ml.MixtureOfExperts.load(str(tmp_path / "estimator"))
    assert isinstance(loaded, ml.MixtureOfExperts)
    assert loaded.getK() == 3 and loaded.getHiddenLayers() == [4, 2] and loaded.getActivation() == "relu"
    assert loaded.getPriorCovariance() == 10.0 and loaded.getGate() == "mlp"
    evaluator = ml.MixtureLikelihoodEvaluator(weightCol="w")
    evaluator.save(str(tmp_path / "evaluator"))
    assert ml.MixtureLikelihoodEvaluator.load(str(tmp_path / "evaluator")).getWeightCol() == "w"


def test_loading_a_missing_folder_names_it(tmp_path):
    with pytest.raises(IllegalArgumentException, match=str(tmp_path / "nothing")):
        ml.MixtureOfRegressionsModel.load(str(tmp_path / "nothing"))


def test_a_model_folder_of_the_fit_job_with_a_formula_loads_in_python(spark, shared_data, tmp_path):
    jvm = spark.sparkContext._jvm
    csv = str(shared_data("biochemists.csv"))
    folder = str(tmp_path / "model")
    args = ["fit", "--input", csv, "--formula", "art ~ fem + ment + fem:ment", "--family", "poisson",
            "--k", "2", "--num-init", "2", "--output", folder, "--quiet"]
    sink = jvm.java.io.PrintStream(jvm.java.io.ByteArrayOutputStream())
    assert jvm.org.mixturelib.jobs.Main.run(sink, sink, _java_array(spark, jvm.java.lang.String, args)) == 0
    rows = spark.read.option("header", "true").option("inferSchema", "true").csv(csv)
    loaded = PipelineModel.load(folder)
    assert type(loaded.stages[0]).__name__ == "FormulaFeatures"
    java = jvm.org.apache.spark.ml.PipelineModel.load(folder)
    assert _scores(loaded.transform(rows)) == _scores(DataFrame(java.transform(rows._jdf), spark))
