# Databricks notebook source
# MAGIC %md
# MAGIC # Model selection: how many components? (Python)
# MAGIC
# MAGIC A mixture's number of components `k` is not learnt by EM: more components always fit
# MAGIC the training data at least as well. Information criteria trade the fit against the
# MAGIC number of free parameters `p` (smaller is better):
# MAGIC
# MAGIC - AIC = -2 log L + 2 p
# MAGIC - BIC = -2 log L + p log N
# MAGIC - ICL = BIC + 2 x (entropy of the responsibilities): also penalises components that
# MAGIC   do not separate.
# MAGIC
# MAGIC This notebook fits k = 1..5 on data with three planted lines, as flexmix's `stepFlexmix`
# MAGIC does, and then checks the choice on held-out data with Spark ML's `TrainValidationSplit`
# MAGIC and the `MixtureLikelihoodEvaluator`.
# MAGIC
# MAGIC Which jar: `mixturelib-spark_2.12` for Spark 3.5 on Scala 2.12 (Databricks 14.3 to 16.4
# MAGIC LTS), `mixturelib-spark_2.13` for Spark 4 on Scala 2.13 (Databricks 17.x and 18 LTS); a
# MAGIC jar does not load on the other line (`docs/runtimes.md`). The figures need a classic
# MAGIC session (a dedicated cluster).

# COMMAND ----------

import base64
import os

dbutils.widgets.text("workDir", "/tmp/mixturelib-notebooks", "Folder for figures")
work_dir = dbutils.widgets.get("workDir")
os.makedirs(work_dir, exist_ok=True)


def show_png(path):
    """Shows a PNG file in the notebook."""
    with open(str(path), "rb") as f:
        displayHTML(f'<img src="data:image/png;base64,{base64.b64encode(f.read()).decode()}"/>')

# COMMAND ----------

from pyspark.ml.feature import VectorAssembler
from pyspark.sql import functions as F

# Three lines on x in [0, 10] with weights 0.5 / 0.3 / 0.2: y = 2x, y = 20 - x, y = 5, sd 0.7.
lines = (
    spark.range(0, 600, 1, 2)
    .select((F.rand(11) * 10).alias("x"), F.rand(12).alias("u"), F.randn(13).alias("e"))
    .withColumn(
        "y",
        F.when(F.col("u") < 0.5, F.col("x") * 2).when(F.col("u") < 0.8, F.lit(20) - F.col("x")).otherwise(F.lit(5))
        + F.col("e") * 0.7,
    )
    .select("x", "y")
)
data = VectorAssembler(inputCols=["x"], outputCol="features").transform(lines).cache()

# COMMAND ----------

# MAGIC %md
# MAGIC ## Criteria for k = 1..5

# COMMAND ----------

from mixturelib.ml import MixtureLikelihoodEvaluator, MixtureOfRegressions

fits = {k: MixtureOfRegressions(k=k, labelCol="y", numInit=3, seed=k).fit(data) for k in range(1, 6)}
table = []
for k, m in fits.items():
    s = m.summary
    table.append((k, s.logLikelihood, s.numFreeParameters, s.aic, s.bic, s.icl, s.converged))
    print(
        f"k={k} logLik {s.logLikelihood:9.2f}  p {s.numFreeParameters:2d}  AIC {s.aic:8.2f}  "
        f"BIC {s.bic:8.2f}  ICL {s.icl:8.2f}  converged {s.converged}"
    )
best = min(table, key=lambda row: row[4])[0]
print(f"BIC chooses k = {best}; ICL chooses k = {min(table, key=lambda row: row[5])[0]}")
assert best == 3, f"BIC chose {best}"

# COMMAND ----------

jvm = spark.sparkContext._jvm
plot = jvm.org.mixturelib.plot


def png(name):
    """A java.nio.file.Path in the work folder."""
    return jvm.java.io.File(os.path.join(work_dir, name)).toPath()


def doubles(values):
    """A Java double[] of Python numbers."""
    array = spark.sparkContext._gateway.new_array(jvm.double, len(values))
    for i, v in enumerate(values):
        array[i] = float(v)
    return array


ks = spark.sparkContext._gateway.new_array(jvm.int, len(table))
for i, row in enumerate(table):
    ks[i] = row[0]
show_png(
    plot.CriteriaPlot.write(
        ks, doubles([r[3] for r in table]), doubles([r[4] for r in table]), doubles([r[5] for r in table]),
        best, "BIC", png("criteria.png"),
    )
)

# COMMAND ----------

# MAGIC %md
# MAGIC ## The chosen model, and a check on held-out data
# MAGIC `TrainValidationSplit` fits each k on 75% of the rows and scores the held-out
# MAGIC log-likelihood per row (`MixtureLikelihoodEvaluator`, larger is better). Overfitting
# MAGIC shows as held-out likelihood that stops improving.

# COMMAND ----------

chosen = fits[best]
print("intercepts:", chosen.intercepts)
print("mixing weights:", chosen.mixingWeights)
sample = plot.ScoredSample.of(chosen._java_obj, data._jdf, ["x"], 2000, 7)
show_png(plot.ExpertsPlot.write(sample, png("chosen-experts.png")))
show_png(plot.Rootogram.write(sample.posterior(), png("chosen-rootogram.png")))

# COMMAND ----------

from pyspark.ml.tuning import ParamGridBuilder, TrainValidationSplit

estimator = MixtureOfRegressions(labelCol="y", numInit=2, seed=5)
grid = ParamGridBuilder().addGrid(estimator.k, [1, 2, 3, 4]).build()
tvs = TrainValidationSplit(
    estimator=estimator,
    evaluator=MixtureLikelihoodEvaluator(),
    estimatorParamMaps=grid,
    trainRatio=0.75,
    seed=7,
).fit(data)
for i, metric in enumerate(tvs.validationMetrics):
    print(f"k = {i + 1}: held-out log-likelihood per row {metric:.3f}")
held_out = tvs.validationMetrics
assert held_out[2] > held_out[1] + 0.3, "three components beat two on held-out data"
