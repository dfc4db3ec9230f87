// Databricks notebook source
// MAGIC %md
// MAGIC # Model selection: how many components?
// MAGIC
// MAGIC A mixture's number of components `k` is not learnt by EM: more components always fit
// MAGIC the training data at least as well. Information criteria trade the fit against the
// MAGIC number of free parameters `p` (smaller is better):
// MAGIC
// MAGIC - AIC = -2 log L + 2 p
// MAGIC - BIC = -2 log L + p log N
// MAGIC - ICL = BIC + 2 x (entropy of the responsibilities): also penalises components that
// MAGIC   do not separate.
// MAGIC
// MAGIC This notebook fits k = 1..5 on data with three planted lines, as flexmix's `stepFlexmix`
// MAGIC does, and then checks the choice on held-out data with Spark ML's `TrainValidationSplit`
// MAGIC and the `MixtureLikelihoodEvaluator`.
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
import org.apache.spark.ml.feature.VectorAssembler

// Three lines on x in [0, 10] with weights 0.5 / 0.3 / 0.2: y = 2x, y = 20 - x, y = 5, sd 0.7.
val lines = spark.range(0, 600, 1, 2)
  .select((rand(11) * 10).as("x"), rand(12).as("u"), randn(13).as("e"))
  .withColumn("y", when(col("u") < 0.5, col("x") * 2)
    .when(col("u") < 0.8, lit(20) - col("x"))
    .otherwise(lit(5)) + col("e") * 0.7)
  .select("x", "y")
val data = new VectorAssembler().setInputCols(Array("x")).setOutputCol("features")
  .transform(lines).cache()

// COMMAND ----------

// MAGIC %md
// MAGIC ## Criteria for k = 1..5

// COMMAND ----------

import org.mixturelib.ml._

case class Candidate(k: Int, logLik: Double, params: Int, aic: Double, bic: Double,
  icl: Double, converged: Boolean)

val fits = (1 to 5).map { k =>
  val m = new MixtureOfRegressions().setK(k).setLabelCol("y").setNumInit(3).setSeed(k)
    .fit(data)
  val s = m.summary()
  (Candidate(k, s.logLikelihood, s.numFreeParameters, s.aic, s.bic, s.icl, s.converged), m)
}
val table = fits.map(_._1)
table.foreach(c => println(f"k=${c.k} logLik ${c.logLik}%9.2f  p ${c.params}%2d  " +
  f"AIC ${c.aic}%8.2f  BIC ${c.bic}%8.2f  ICL ${c.icl}%8.2f  converged ${c.converged}"))
val best = table.minBy(_.bic)
println(s"BIC chooses k = ${best.k}; ICL chooses k = ${table.minBy(_.icl).k}")
require(best.k == 3, s"BIC chose ${best.k}")

// COMMAND ----------

import org.mixturelib.plot._
import java.nio.file.Paths

showPng(CriteriaPlot.write(table.map(_.k).toArray, table.map(_.aic).toArray,
  table.map(_.bic).toArray, table.map(_.icl).toArray, best.k, "BIC",
  Paths.get(workDir, "criteria.png")))

// COMMAND ----------

// MAGIC %md
// MAGIC ## The chosen model, and a check on held-out data
// MAGIC `TrainValidationSplit` fits each k on 75% of the rows and scores the held-out
// MAGIC log-likelihood per row (`MixtureLikelihoodEvaluator`, larger is better). Overfitting
// MAGIC shows as held-out likelihood that stops improving.

// COMMAND ----------

val chosen = fits(best.k - 1)._2
println("intercepts: " + chosen.intercepts())
println("mixing weights: " + chosen.mixingWeights())
val sample = ScoredSample.of(chosen, data, java.util.Arrays.asList("x"), 2000, 7)
showPng(ExpertsPlot.write(sample, Paths.get(workDir, "chosen-experts.png")))
showPng(Rootogram.write(sample.posterior(), Paths.get(workDir, "chosen-rootogram.png")))

// COMMAND ----------

import org.apache.spark.ml.tuning.{ParamGridBuilder, TrainValidationSplit}

val estimator = new MixtureOfRegressions().setLabelCol("y").setNumInit(2).setSeed(5)
val grid = new ParamGridBuilder().addGrid(estimator.k(), Array(1, 2, 3, 4)).build()
val tvs = new TrainValidationSplit()
  .setEstimator(estimator)
  .setEvaluator(new MixtureLikelihoodEvaluator())
  .setEstimatorParamMaps(grid)
  .setTrainRatio(0.75)
  .setSeed(7)
  .fit(data)
tvs.validationMetrics.zipWithIndex.foreach { case (m, i) =>
  println(f"k = ${i + 1}: held-out log-likelihood per row $m%.3f") }
val heldOut = tvs.validationMetrics
require(heldOut(2) > heldOut(1) + 0.3, "three components beat two on held-out data")
