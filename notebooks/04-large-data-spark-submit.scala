// Databricks notebook source
// MAGIC %md
// MAGIC # Large data with spark-submit
// MAGIC
// MAGIC For tables that do not fit one machine, fit in a batch job: `jobs/fit.sh` and
// MAGIC `jobs/predict.sh` wrap `spark-submit` (with `conf/cluster.conf`) around the main class
// MAGIC `org.mixturelib.jobs.Main`. Each EM iteration is one pass over blocks of rows cached on
// MAGIC the executors and one `treeAggregate` of statistics whose size does not depend on the
// MAGIC number of rows, so the job scales with the cluster.
// MAGIC
// MAGIC This notebook writes a planted table as Parquet, shows the commands for a cluster, and
// MAGIC runs the same job in the notebook's own Spark session (`Main.run` returns the exit code
// MAGIC instead of exiting). The `rows` widget sets the size: try 10,000,000 on a cluster.
// MAGIC
// MAGIC Which jar: `mixturelib-spark_2.12` (the default build) for Spark 3.5 on Scala 2.12
// MAGIC (Databricks 14.3 to 16.4 LTS), `mixturelib-spark_2.13` (`mvn -Pspark4 package`) for
// MAGIC Spark 4.0 on Scala 2.13 (Databricks 17.x LTS); a jar does not load on the other line.

// COMMAND ----------

dbutils.widgets.text("workDir", "/tmp/mixturelib-notebooks", "Folder for data and models")
dbutils.widgets.text("rows", "1000000", "Rows to generate")
val workDir = dbutils.widgets.get("workDir")
val rows = dbutils.widgets.get("rows").toLong

// COMMAND ----------

// MAGIC %md
// MAGIC ## A planted table
// MAGIC Four linear experts on ten inputs, mixing weights 0.4 / 0.3 / 0.2 / 0.1, noise sd 1:
// MAGIC the benchmark's design. Written as Parquet, partitioned by Spark as it likes.

// COMMAND ----------

import org.apache.spark.sql.functions._

val d = 10
val truth = Array.tabulate(4, d + 1)((k, j) => math.round(4 * math.sin(7 * k + 3 * j + 1)))
val xs = (0 until d).map(j => randn(100 + j).as(s"x$j"))
val base = spark.range(0, rows, 1, 8).select(xs :+ rand(7).as("u") :+ randn(8).as("e"): _*)
def line(k: Int) = (0 until d).foldLeft(lit(truth(k)(d).toDouble)) { (acc, j) =>
  acc + col(s"x$j") * truth(k)(j) }
val planted = base.withColumn("y",
    when(col("u") < 0.4, line(0)).when(col("u") < 0.7, line(1))
      .when(col("u") < 0.9, line(2)).otherwise(line(3)) + col("e"))
  .drop("u", "e")
val input = s"$workDir/planted.parquet"
planted.write.mode("overwrite").parquet(input)
println(s"$rows rows written to $input")

// COMMAND ----------

// MAGIC %md
// MAGIC ## On a cluster
// MAGIC From a checkout of the project (the scripts build the jar on first use), with
// MAGIC `conf/cluster.conf` edited for your cluster:
// MAGIC
// MAGIC ```
// MAGIC export SPARK_HOME=/opt/spark MIXTURELIB_CONF=conf/cluster.conf
// MAGIC jobs/fit.sh --input hdfs:///data/planted.parquet --label y --k 4 --num-init 3 \
// MAGIC             --output hdfs:///models/planted --report report/
// MAGIC jobs/predict.sh hdfs:///models/planted --input hdfs:///data/new.parquet \
// MAGIC             --output hdfs:///predictions/new
// MAGIC ```
// MAGIC
// MAGIC On Databricks, a *JAR task* with main class `org.mixturelib.jobs.Main` and the same
// MAGIC parameters (`fit --input dbfs:/... --label y ...`) does the same.

// COMMAND ----------

// MAGIC %md
// MAGIC ## The same job, here

// COMMAND ----------

import org.mixturelib.jobs.Main

val model = s"$workDir/planted-model"
val code = Main.run("fit", "--input", input, "--label", "y", "--k", "4", "--num-init", "3",
  "--output", model, "--report", s"$workDir/planted-report", "--overwrite")
require(code == 0, s"fit exited with $code")

// COMMAND ----------

// The summary the job printed is also in the model folder; the report is Markdown + PNGs.
println(scala.io.Source.fromFile(s"$model/summary.txt").mkString)
println(new java.io.File(s"$workDir/planted-report").list().sorted.mkString(", "))

// COMMAND ----------

val predictions = s"$workDir/planted-predictions"
require(Main.run("predict", model, "--input", input, "--output", predictions,
  "--overwrite") == 0)
val scored = spark.read.parquet(predictions)
display(scored.select("y", "prediction", "prediction_std", "component", "gate_1", "resp_1")
  .limit(10))
val rmse = math.sqrt(scored.select(avg(pow(col("y") - col("prediction"), 2))).first.getDouble(0))
println(f"root mean squared error of the mixture mean: $rmse%.3f")

// COMMAND ----------

// MAGIC %md
// MAGIC ## Mistakes are one line
// MAGIC A wrong column name is the user's to fix: the job says so in one line and returns 2
// MAGIC (the shell sees exit code 2), never a stack trace.

// COMMAND ----------

require(Main.run("fit", "--input", input, "--label", "why", "--output",
  s"$workDir/never") == 2)
