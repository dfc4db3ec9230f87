// Databricks notebook source
// MAGIC %md
// MAGIC # Getting started: two planes
// MAGIC
// MAGIC The example of the mixturelib 0.4 documentation (chapter 3) on Spark: 200 objects with
// MAGIC two inputs, half of them near the plane `y = 10 x1`, half near `y = 30 x2`, noise sd 5.
// MAGIC A **mixture of regressions** (`MixtureOfRegressions`: two linear experts, constant mixing
// MAGIC weights) finds both planes without being told which object belongs to which.
// MAGIC
// MAGIC Attach the mixturelib jar to the cluster and run the cells in
// MAGIC order. The `workDir` widget names a folder for the model and the figures.
// MAGIC
// MAGIC Which jar: `mixturelib-spark_2.12` (the default build) for Spark 3.5 on Scala 2.12
// MAGIC (Databricks 14.3 to 16.4 LTS), `mixturelib-spark_2.13` (`mvn -Pspark4 package`) for
// MAGIC Spark 4.0 on Scala 2.13 (Databricks 17.x LTS); a jar does not load on the other line.

// COMMAND ----------

dbutils.widgets.text("workDir", "/tmp/mixturelib-notebooks", "Folder for models and figures")
val workDir = dbutils.widgets.get("workDir")
java.nio.file.Files.createDirectories(java.nio.file.Paths.get(workDir))

/** Shows a PNG file in the notebook. */
def showPng(file: java.nio.file.Path): Unit = {
  val b64 = java.util.Base64.getEncoder.encodeToString(java.nio.file.Files.readAllBytes(file))
  displayHTML(s"""<img src="data:image/png;base64,$b64"/>""")
}

// COMMAND ----------

// MAGIC %md
// MAGIC ## The data
// MAGIC Drawn with Spark SQL's seeded random functions: the first half of the rows has `x2`
// MAGIC shrunk by 0.8 and lies on `y = 10 x1`, the second half has `x1` shrunk and lies on
// MAGIC `y = 30 x2`. The column `plane` keeps the truth, which the fit never sees.

// COMMAND ----------

import org.apache.spark.sql.functions._

val n = 200
val first = col("id") < n / 2
val planes = spark.range(0, n, 1, 2)
  .select(col("id"), randn(42).as("a"), randn(43).as("b"), randn(44).as("noise"))
  .select(col("id"),
    when(first, col("a")).otherwise(col("a") * 0.8).as("x1"),
    when(first, col("b") * 0.8).otherwise(col("b")).as("x2"),
    col("noise"))
  .withColumn("y", when(first, col("x1") * 10).otherwise(col("x2") * 30) + col("noise") * 5)
  .withColumn("plane", when(first, 1).otherwise(2))
  .drop("noise")
display(planes)

// COMMAND ----------

// MAGIC %md
// MAGIC ## A mixture of regressions
// MAGIC The estimators read a vector column of features (`VectorAssembler`) and a numeric label.
// MAGIC The 0.4 planes go through the origin, so the experts get no intercept.

// COMMAND ----------

import org.apache.spark.ml.feature.VectorAssembler
import org.mixturelib.ml._

val data = new VectorAssembler().setInputCols(Array("x1", "x2")).setOutputCol("features")
  .transform(planes)
val Array(train, test) = data.randomSplit(Array(0.8, 0.2), 42)

val model = new MixtureOfRegressions()
  .setK(2)
  .setFitIntercept(false)
  .setLabelCol("y")
  .setNumInit(5)
  .setSeed(42)
  .fit(train)

println("coefficients (one row per expert):\n" + model.coefficients())
println("mixing weights: " + model.mixingWeights())
println("noise sd: " + model.noiseVariances().toArray.map(math.sqrt).mkString(", "))
val s = model.summary()
println(f"log-likelihood ${s.logLikelihood}%.3f, BIC ${s.bic}%.3f, " +
  s"${s.numIterations} iterations, converged ${s.converged}")

// COMMAND ----------

// The planes come back: one expert near [10, 0], the other near [0, 30].
val rows = (0 until 2).map(k => Array(model.coefficients()(k, 0), model.coefficients()(k, 1)))
val plane1 = rows.maxBy(_(0))
val plane2 = rows.maxBy(_(1))
require(math.abs(plane1(0) - 10) < 2 && math.abs(plane1(1)) < 2, plane1.mkString(", "))
require(math.abs(plane2(0)) < 2 && math.abs(plane2(1) - 30) < 2, plane2.mkString(", "))

// COMMAND ----------

// MAGIC %md
// MAGIC ## Predictions
// MAGIC `transform` adds the mixture mean (`prediction`), the predictive standard deviation
// MAGIC (`predictionStd`: the spread between the experts plus their noise), each expert's
// MAGIC prediction, the mixing weights (`probability`) and, since the label is there, the
// MAGIC posterior probability of each expert (`responsibility`).

// COMMAND ----------

val scored = model.transform(test)
display(scored.select("x1", "x2", "y", "plane", "prediction", "predictionStd",
  "responsibility"))

// Each test object goes to the expert with the larger responsibility; compare with the truth.
import org.apache.spark.ml.functions.vector_to_array
val expert1 = if (model.coefficients()(0, 0) > model.coefficients()(1, 0)) 1 else 2
val assigned = scored.withColumn("r", vector_to_array(col("responsibility")))
  .withColumn("expert", when(col("r")(0) >= col("r")(1), 1).otherwise(2))
  .withColumn("plane1", when(col("expert") === expert1, 1).otherwise(2))
val accuracy = assigned.filter(col("plane1") === col("plane")).count().toDouble /
  assigned.count()
println(f"held-out objects assigned to their true plane: ${100 * accuracy}%.0f%%")
require(accuracy > 0.8, s"accuracy $accuracy")

// COMMAND ----------

// MAGIC %md
// MAGIC ## Figures
// MAGIC `org.mixturelib.plot` draws PNG files headless: the experts over the data (one panel per
// MAGIC input, points coloured by responsibility, each expert's plane cut through its points),
// MAGIC the bound per iteration, and flexmix's rootogram of posterior probabilities.

// COMMAND ----------

import org.mixturelib.plot._
import java.nio.file.Paths

val sample = ScoredSample.of(model, train, java.util.Arrays.asList("x1", "x2"), 2000, 7)
showPng(ExpertsPlot.write(sample, Paths.get(workDir, "two-planes-experts.png")))
showPng(BoundPlot.write(s.objectiveHistory(), Paths.get(workDir, "two-planes-bound.png")))
showPng(Rootogram.write(sample.posterior(), Paths.get(workDir, "two-planes-rootogram.png")))

// COMMAND ----------

// MAGIC %md
// MAGIC ## Save and load
// MAGIC Models are Spark ML `MLWritable`s: they save to any file system Spark reaches and load
// MAGIC back bit for bit.

// COMMAND ----------

val path = s"$workDir/two-planes-model"
model.write.overwrite().save(path)
val loaded = MixtureOfRegressionsModel.load(path)
require(loaded.coefficients() == model.coefficients())
require(loaded.transform(test).select("prediction").collect().toSeq ==
  scored.select("prediction").collect().toSeq)
println(s"saved and reloaded from $path")
