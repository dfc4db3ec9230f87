// Databricks notebook source
// MAGIC %md
// MAGIC # Smoke

// COMMAND ----------

dbutils.widgets.text("workDir", "/tmp/x")
val n = spark.range(10).count()
println(s"rows: $n in ${dbutils.widgets.get("workDir")}")

// COMMAND ----------

import org.mixturelib.plot.BoundPlot
val p = BoundPlot.write(Array(1.0, 2.0, 3.0), java.nio.file.Paths.get(dbutils.widgets.get("workDir"), "b.png"))
display(spark.range(3).toDF("i"))
