# Databricks notebook source
# MAGIC %md
# MAGIC # Getting started: two planes (Python)
# MAGIC
# MAGIC The example of the mixturelib 0.4 documentation (chapter 3) on Spark: 200 objects with
# MAGIC two inputs, half of them near the plane `y = 10 x1`, half near `y = 30 x2`, noise sd 5.
# MAGIC A **mixture of regressions** (`MixtureOfRegressions`: two linear experts, constant mixing
# MAGIC weights) finds both planes without being told which object belongs to which.
# MAGIC
# MAGIC Attach the mixturelib jar and the `mixturelib` Python package to the cluster and run the
# MAGIC cells in order. The `workDir` widget names a folder for the model and the figures.
# MAGIC
# MAGIC Which jar: `mixturelib-spark_2.12` for Spark 3.5 on Scala 2.12 (Databricks 14.3 to 16.4
# MAGIC LTS), `mixturelib-spark_2.13` for Spark 4 on Scala 2.13 (Databricks 17.x and 18 LTS); a
# MAGIC jar does not load on the other line (`docs/runtimes.md`). The figures are drawn by the
# MAGIC jar's `org.mixturelib.plot` through the session's JVM, so they need a classic session
# MAGIC (a dedicated cluster); everything else also runs over Spark Connect.

# COMMAND ----------

import base64
import os

dbutils.widgets.text("workDir", "/tmp/mixturelib-notebooks", "Folder for models and figures")
work_dir = dbutils.widgets.get("workDir")
os.makedirs(work_dir, exist_ok=True)


def show_png(path):
    """Shows a PNG file in the notebook."""
    with open(str(path), "rb") as f:
        displayHTML(f'<img src="data:image/png;base64,{base64.b64encode(f.read()).decode()}"/>')

# COMMAND ----------

# MAGIC %md
# MAGIC ## The data
# MAGIC Drawn with Spark SQL's seeded random functions: the first half of the rows has `x2`
# MAGIC shrunk by 0.8 and lies on `y = 10 x1`, the second half has `x1` shrunk and lies on
# MAGIC `y = 30 x2`. The column `plane` keeps the truth, which the fit never sees.

# COMMAND ----------

from pyspark.sql import functions as F

n = 200
first = F.col("id") < n // 2
planes = (
    spark.range(0, n, 1, 2)
    .select("id", F.randn(42).alias("a"), F.randn(43).alias("b"), F.randn(44).alias("noise"))
    .select(
        "id",
        F.when(first, F.col("a")).otherwise(F.col("a") * 0.8).alias("x1"),
        F.when(first, F.col("b") * 0.8).otherwise(F.col("b")).alias("x2"),
        "noise",
    )
    .withColumn("y", F.when(first, F.col("x1") * 10).otherwise(F.col("x2") * 30) + F.col("noise") * 5)
    .withColumn("plane", F.when(first, 1).otherwise(2))
    .drop("noise")
)
display(planes)

# COMMAND ----------

# MAGIC %md
# MAGIC ## A mixture of regressions
# MAGIC The estimators read a vector column of features (`VectorAssembler`) and a numeric label.
# MAGIC The 0.4 planes go through the origin, so the experts get no intercept.

# COMMAND ----------

import numpy as np
from pyspark.ml.feature import VectorAssembler
from mixturelib.ml import MixtureOfRegressions, MixtureOfRegressionsModel

data = VectorAssembler(inputCols=["x1", "x2"], outputCol="features").transform(planes)
train, test = data.randomSplit([0.8, 0.2], 42)

model = MixtureOfRegressions(k=2, fitIntercept=False, labelCol="y", numInit=5, seed=42).fit(train)

print("coefficients (one row per expert):\n", model.coefficients)
print("mixing weights:", model.mixingWeights)
print("noise sd:", np.sqrt(model.noiseVariances.toArray()))
s = model.summary
print(f"log-likelihood {s.logLikelihood:.3f}, BIC {s.bic:.3f}, {s.numIterations} iterations, converged {s.converged}")

# COMMAND ----------

# The planes come back: one expert near [10, 0], the other near [0, 30].
rows = model.coefficients.toArray()
plane1 = max(rows, key=lambda r: r[0])
plane2 = max(rows, key=lambda r: r[1])
assert abs(plane1[0] - 10) < 2 and abs(plane1[1]) < 2, plane1
assert abs(plane2[0]) < 2 and abs(plane2[1] - 30) < 2, plane2

# COMMAND ----------

# MAGIC %md
# MAGIC ## Predictions
# MAGIC `transform` adds the mixture mean (`prediction`), the predictive standard deviation
# MAGIC (`predictionStd`: the spread between the experts plus their noise), each expert's
# MAGIC prediction, the mixing weights (`probability`) and, since the label is there, the
# MAGIC posterior probability of each expert (`responsibility`).

# COMMAND ----------

from pyspark.ml.functions import vector_to_array

scored = model.transform(test)
display(scored.select("x1", "x2", "y", "plane", "prediction", "predictionStd", "responsibility"))

# Each test object goes to the expert with the larger responsibility; compare with the truth.
expert1 = 1 if rows[0][0] > rows[1][0] else 2
assigned = (
    scored.withColumn("r", vector_to_array("responsibility"))
    .withColumn("expert", F.when(F.col("r")[0] >= F.col("r")[1], 1).otherwise(2))
    .withColumn("plane1", F.when(F.col("expert") == expert1, 1).otherwise(2))
)
accuracy = assigned.filter(F.col("plane1") == F.col("plane")).count() / assigned.count()
print(f"held-out objects assigned to their true plane: {100 * accuracy:.0f}%")
assert accuracy > 0.8, accuracy

# COMMAND ----------

# MAGIC %md
# MAGIC ## Figures
# MAGIC `org.mixturelib.plot` draws PNG files headless: the experts over the data (one panel per
# MAGIC input, points coloured by responsibility, each expert's plane cut through its points),
# MAGIC the bound per iteration, and flexmix's rootogram of posterior probabilities.

# COMMAND ----------

jvm = spark.sparkContext._jvm
plot = jvm.org.mixturelib.plot


def png(name):
    """A java.nio.file.Path in the work folder."""
    return jvm.java.io.File(os.path.join(work_dir, name)).toPath()


sample = plot.ScoredSample.of(model._java_obj, train._jdf, ["x1", "x2"], 2000, 7)
show_png(plot.ExpertsPlot.write(sample, png("two-planes-experts.png")))
show_png(plot.BoundPlot.write(model._java_obj.summary().objectiveHistory(), png("two-planes-bound.png")))
show_png(plot.Rootogram.write(sample.posterior(), png("two-planes-rootogram.png")))

# COMMAND ----------

# MAGIC %md
# MAGIC ## Save and load
# MAGIC Models are Spark ML writables: they save to any file system Spark reaches and load back
# MAGIC bit for bit.

# COMMAND ----------

path = f"{work_dir}/two-planes-model"
model.write().overwrite().save(path)
loaded = MixtureOfRegressionsModel.load(path)
assert np.array_equal(loaded.coefficients.toArray(), model.coefficients.toArray())
assert loaded.transform(test).select("prediction").collect() == scored.select("prediction").collect()
print(f"saved and reloaded from {path}")
