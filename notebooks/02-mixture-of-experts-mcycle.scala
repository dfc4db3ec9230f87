// Databricks notebook source
// MAGIC %md
// MAGIC # A mixture of experts on motorcycle-crash-like data
// MAGIC
// MAGIC The `mcycle` data (MASS) records a helmet's acceleration over the milliseconds after a
// MAGIC simulated motorcycle crash: flat, then a deep dip, a rebound and a damped oscillation,
// MAGIC with noise that grows after the impact. No single line fits it; a **mixture of experts**
// MAGIC does: a gate `pi(times)` hands each stretch of time to its own linear expert.
// MAGIC
// MAGIC This notebook draws data of that shape with Spark SQL (the real table is 133 rows; load
// MAGIC it with `spark.read.option("header", "true").option("inferSchema", "true").csv(path)`
// MAGIC and the cells below work unchanged).
// MAGIC
// MAGIC Which jar: `mixturelib-spark_2.12` (the default build) for Spark 3.5 on Scala 2.12
// MAGIC (Databricks 14.3 to 16.4 LTS), `mixturelib-spark_2.13` (`mvn -Pspark4 package`) for
// MAGIC Spark 4.0 on Scala 2.13 (Databricks 17.x LTS); a jar does not load on the other line.

// COMMAND ----------

dbutils.widgets.text("workDir", "/tmp/mixturelib-notebooks", "Folder for figures")
val workDir = dbutils.widgets.get("workDir")
java.nio.file.Files.createDirectories(java.nio.file.Paths.get(workDir))

/** Shows a PNG file in the notebook. */
def showPng(file: java.nio.file.Path): Unit = {
  val b64 = java.util.Base64.getEncoder.encodeToString(java.nio.file.Files.readAllBytes(file))
  displayHTML(s"""<img src="data:image/png;base64,$b64"/>""")
}

// COMMAND ----------

import org.apache.spark.sql.functions._

// times in [2.4, 57.6] ms; the curve: 0 before the impact, a dip to about -120 near 21 ms,
// a rebound to about +50 near 31 ms, a small second dip; noise sd 2 before the impact, up to
// about 25 after.
val mcycle = spark.range(0, 300, 1, 2)
  .select((rand(1) * 55.2 + 2.4).as("times"), randn(2).as("z"))
  .withColumn("curve", expr(
    "-120 * exp(-pow((times - 21) / 4.5, 2)) + 50 * exp(-pow((times - 31) / 5, 2))" +
    " - 15 * exp(-pow((times - 42) / 5, 2))"))
  .withColumn("sd", expr("2 + 22 * exp(-pow((times - 28) / 12, 2)) * cast(times > 14 as int)"))
  .withColumn("accel", col("curve") + col("sd") * col("z"))
  .select("times", "accel")
display(mcycle.orderBy("times"))

// COMMAND ----------

// MAGIC %md
// MAGIC ## Three linear experts with a linear (softmax) gate
// MAGIC `gate = "linear"` is flexmix's multinomial-logit concomitant model: `pi(x) =
// MAGIC softmax(V x)`. Its M-step runs L-BFGS on gradients aggregated over the partitions.
// MAGIC `noiseModel` defaults to one variance per expert, so the quiet first milliseconds get
// MAGIC their own small noise.

// COMMAND ----------

import org.apache.spark.ml.feature.VectorAssembler
import org.mixturelib.ml._

val data = new VectorAssembler().setInputCols(Array("times")).setOutputCol("features")
  .transform(mcycle).cache()

// EM finds local optima, and a gate makes more of them: restarts (numInit) matter here.
val experts = new MixtureOfExperts()
  .setK(3)
  .setGate("linear")
  .setLabelCol("accel")
  .setNumInit(10)
  .fit(data)

val es = experts.summary()
println("intercepts: " + experts.intercepts())
println("slopes:     " + experts.coefficients().colIter.next())
println("noise sd:   " + experts.noiseVariances().toArray.map(math.sqrt).mkString(", "))
println("gate parameters: " + experts.gateParameters())
println(f"log-likelihood ${es.logLikelihood}%.2f, BIC ${es.bic}%.2f, " +
  s"${es.numIterations} iterations, converged ${es.converged}")

// COMMAND ----------

// MAGIC %md
// MAGIC ## Against a mixture of regressions
// MAGIC The same three experts with constant weights cannot tell the stretches of time apart:
// MAGIC every expert competes for every time. The gate is worth its extra parameters.

// COMMAND ----------

val regressions = new MixtureOfRegressions()
  .setK(3)
  .setLabelCol("accel")
  .setNumInit(4)
  .setSeed(2)
  .fit(data)
val rs = regressions.summary()
println(f"mixture of regressions: log-likelihood ${rs.logLikelihood}%.2f, BIC ${rs.bic}%.2f")
println(f"mixture of experts:     log-likelihood ${es.logLikelihood}%.2f, BIC ${es.bic}%.2f")
require(es.bic < rs.bic, "the gated mixture should win on BIC")

// COMMAND ----------

// MAGIC %md
// MAGIC ## Predictions with uncertainty
// MAGIC `prediction` follows the expert the gate picks; `predictionStd` combines the experts'
// MAGIC noise, their parameter uncertainty and the spread between experts where the gate is
// MAGIC undecided, so it is small before the impact and large around it.

// COMMAND ----------

val scored = experts.transform(data)
display(scored.select("times", "accel", "prediction", "predictionStd", "probability")
  .orderBy("times"))

val early = scored.filter(col("times") < 10).agg(avg("predictionStd")).first.getDouble(0)
val impact = scored.filter(col("times").between(18, 35)).agg(avg("predictionStd"))
  .first.getDouble(0)
println(f"mean predictive sd before 10 ms: $early%.1f, between 18 and 35 ms: $impact%.1f")
require(early < impact)

// COMMAND ----------

// MAGIC %md
// MAGIC ## Figures
// MAGIC The experts over the data (points coloured by their most likely expert, the dashed line
// MAGIC the mixture mean) and the gate probabilities over time.

// COMMAND ----------

import org.mixturelib.plot._
import java.nio.file.Paths

val sample = ScoredSample.of(experts, data, java.util.Arrays.asList("times"), 2000, 7)
showPng(ExpertsPlot.write(sample, Paths.get(workDir, "mcycle-experts.png")))
showPng(GatePlot.write(sample, Paths.get(workDir, "mcycle-gate.png")))
showPng(Rootogram.write(sample.posterior(), Paths.get(workDir, "mcycle-rootogram.png")))
