# Databricks notebook source
# MAGIC %md
# MAGIC # A mixture of experts on the motorcycle-crash data (Python)
# MAGIC
# MAGIC The `mcycle` data (MASS) records a helmet's acceleration over the milliseconds after a
# MAGIC simulated motorcycle crash: flat, then a deep dip, a rebound and a damped oscillation,
# MAGIC with noise that grows after the impact. No single line fits it; a **mixture of experts**
# MAGIC does: a gate `pi(times)` hands each stretch of time to its own linear expert.
# MAGIC
# MAGIC Give the `mcycleCsv` widget the path of the real table (133 rows, columns `times` and
# MAGIC `accel`); left empty, the notebook draws data of that shape with Spark SQL.
# MAGIC
# MAGIC Which jar: `mixturelib-spark_2.12` for Spark 3.5 on Scala 2.12 (Databricks 14.3 to 16.4
# MAGIC LTS), `mixturelib-spark_2.13` for Spark 4 on Scala 2.13 (Databricks 17.x and 18 LTS); a
# MAGIC jar does not load on the other line (`docs/runtimes.md`). The figures need a classic
# MAGIC session (a dedicated cluster).

# COMMAND ----------

import base64
import os

dbutils.widgets.text("workDir", "/tmp/mixturelib-notebooks", "Folder for figures")
dbutils.widgets.text("mcycleCsv", "", "The mcycle table (CSV); empty: draw data of its shape")
work_dir = dbutils.widgets.get("workDir")
mcycle_csv = dbutils.widgets.get("mcycleCsv")
os.makedirs(work_dir, exist_ok=True)


def show_png(path):
    """Shows a PNG file in the notebook."""
    with open(str(path), "rb") as f:
        displayHTML(f'<img src="data:image/png;base64,{base64.b64encode(f.read()).decode()}"/>')

# COMMAND ----------

from pyspark.sql import functions as F

if mcycle_csv:
    mcycle = spark.read.option("header", "true").option("inferSchema", "true").csv(mcycle_csv)
else:
    # times in [2.4, 57.6] ms; the curve: 0 before the impact, a dip to about -120 near 21 ms,
    # a rebound to about +50 near 31 ms, a small second dip; noise sd 2 before the impact, up to
    # about 25 after.
    mcycle = (
        spark.range(0, 300, 1, 2)
        .select((F.rand(1) * 55.2 + 2.4).alias("times"), F.randn(2).alias("z"))
        .withColumn(
            "curve",
            F.expr(
                "-120 * exp(-pow((times - 21) / 4.5, 2)) + 50 * exp(-pow((times - 31) / 5, 2))"
                " - 15 * exp(-pow((times - 42) / 5, 2))"
            ),
        )
        .withColumn("sd", F.expr("2 + 22 * exp(-pow((times - 28) / 12, 2)) * cast(times > 14 as int)"))
        .withColumn("accel", F.col("curve") + F.col("sd") * F.col("z"))
        .select("times", "accel")
    )
display(mcycle.orderBy("times"))

# COMMAND ----------

# MAGIC %md
# MAGIC ## Three linear experts with a linear (softmax) gate
# MAGIC `gate = "linear"` is flexmix's multinomial-logit concomitant model: `pi(x) =
# MAGIC softmax(V x)`. Its M-step runs L-BFGS on gradients aggregated over the partitions.
# MAGIC `noiseModel` defaults to one variance per expert, so the quiet first milliseconds get
# MAGIC their own small noise. `setProgress()` prints one line per EM iteration.

# COMMAND ----------

import numpy as np
from pyspark.ml.feature import VectorAssembler
from mixturelib.ml import MixtureOfExperts, MixtureOfRegressions

data = VectorAssembler(inputCols=["times"], outputCol="features").transform(mcycle).cache()

# EM finds local optima, and a gate makes more of them: restarts (numInit) matter here.
experts = MixtureOfExperts(k=3, gate="linear", labelCol="accel", numInit=10).fit(data)

es = experts.summary
print("intercepts:", experts.intercepts)
print("slopes:    ", experts.coefficients.toArray()[:, 0])
print("noise sd:  ", np.sqrt(experts.noiseVariances.toArray()))
print("gate parameters:", experts.gateParameters)
print(f"log-likelihood {es.logLikelihood:.2f}, BIC {es.bic:.2f}, {es.numIterations} iterations, converged {es.converged}")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Against a mixture of regressions
# MAGIC The same three experts with constant weights cannot tell the stretches of time apart:
# MAGIC every expert competes for every time. The gate is worth its extra parameters.

# COMMAND ----------

regressions = MixtureOfRegressions(k=3, labelCol="accel", numInit=4, seed=2).fit(data)
rs = regressions.summary
print(f"mixture of regressions: log-likelihood {rs.logLikelihood:.2f}, BIC {rs.bic:.2f}")
print(f"mixture of experts:     log-likelihood {es.logLikelihood:.2f}, BIC {es.bic:.2f}")
assert es.bic < rs.bic, "the gated mixture should win on BIC"

# COMMAND ----------

# MAGIC %md
# MAGIC ## Predictions with uncertainty
# MAGIC `prediction` follows the expert the gate picks; `predictionStd` combines the experts'
# MAGIC noise, their parameter uncertainty and the spread between experts where the gate is
# MAGIC undecided, so it is small before the impact and large around it.

# COMMAND ----------

scored = experts.transform(data)
display(scored.select("times", "accel", "prediction", "predictionStd", "probability").orderBy("times"))

early = scored.filter(F.col("times") < 10).agg(F.avg("predictionStd")).first()[0]
impact = scored.filter(F.col("times").between(18, 35)).agg(F.avg("predictionStd")).first()[0]
print(f"mean predictive sd before 10 ms: {early:.1f}, between 18 and 35 ms: {impact:.1f}")
assert early < impact

# COMMAND ----------

# MAGIC %md
# MAGIC ## Figures
# MAGIC The experts over the data (points coloured by their most likely expert, the dashed line
# MAGIC the mixture mean) and the gate probabilities over time.

# COMMAND ----------

jvm = spark.sparkContext._jvm
plot = jvm.org.mixturelib.plot


def png(name):
    """A java.nio.file.Path in the work folder."""
    return jvm.java.io.File(os.path.join(work_dir, name)).toPath()


sample = plot.ScoredSample.of(experts._java_obj, data._jdf, ["times"], 2000, 7)
show_png(plot.ExpertsPlot.write(sample, png("mcycle-experts.png")))
show_png(plot.GatePlot.write(sample, png("mcycle-gate.png")))
show_png(plot.Rootogram.write(sample.posterior(), png("mcycle-rootogram.png")))
