# Databricks notebook source
# MAGIC %md
# MAGIC # Large data with spark-submit (Python)
# MAGIC
# MAGIC For tables that do not fit one machine, fit in a batch job: `jobs/fit.sh` and
# MAGIC `jobs/predict.sh` wrap `spark-submit` (with `conf/cluster.conf`) around the main class
# MAGIC `org.mixturelib.jobs.Main`. Each EM iteration is one pass over blocks of rows cached on
# MAGIC the executors and one `treeAggregate` of statistics whose size does not depend on the
# MAGIC number of rows, so the job scales with the cluster.
# MAGIC
# MAGIC This notebook writes a planted table as Parquet, shows the commands for a cluster, runs
# MAGIC the same job in the notebook's own Spark session (`Main.run` returns the exit code instead
# MAGIC of exiting; through the session's JVM, so a classic session), and fits the table with the
# MAGIC Python estimator too. The `rows` widget sets the size: try 10,000,000 on a cluster.
# MAGIC
# MAGIC Which jar: `mixturelib-spark_2.12` for Spark 3.5 on Scala 2.12 (Databricks 14.3 to 16.4
# MAGIC LTS), `mixturelib-spark_2.13` for Spark 4 on Scala 2.13 (Databricks 17.x and 18 LTS); a
# MAGIC jar does not load on the other line (`docs/runtimes.md`).

# COMMAND ----------

dbutils.widgets.text("workDir", "/tmp/mixturelib-notebooks", "Folder for data and models")
dbutils.widgets.text("rows", "1000000", "Rows to generate")
work_dir = dbutils.widgets.get("workDir")
rows = int(dbutils.widgets.get("rows"))

# COMMAND ----------

# MAGIC %md
# MAGIC ## A planted table
# MAGIC Four linear experts on ten inputs, mixing weights 0.4 / 0.3 / 0.2 / 0.1, noise sd 1:
# MAGIC the benchmark's design. Written as Parquet, partitioned by Spark as it likes.

# COMMAND ----------

import math
from functools import reduce

from pyspark.sql import functions as F

d = 10
truth = [[round(4 * math.sin(7 * k + 3 * j + 1)) for j in range(d + 1)] for k in range(4)]
xs = [F.randn(100 + j).alias(f"x{j}") for j in range(d)]
base = spark.range(0, rows, 1, 8).select(*xs, F.rand(7).alias("u"), F.randn(8).alias("e"))


def line(k):
    """Expert k's mean: its intercept plus its coefficients times the inputs."""
    return reduce(lambda acc, j: acc + F.col(f"x{j}") * truth[k][j], range(d), F.lit(float(truth[k][d])))


planted = base.withColumn(
    "y",
    F.when(F.col("u") < 0.4, line(0)).when(F.col("u") < 0.7, line(1)).when(F.col("u") < 0.9, line(2)).otherwise(line(3))
    + F.col("e"),
).drop("u", "e")
input_path = f"{work_dir}/planted.parquet"
planted.write.mode("overwrite").parquet(input_path)
print(f"{rows} rows written to {input_path}")

# COMMAND ----------

# MAGIC %md
# MAGIC ## On a cluster
# MAGIC From a checkout of the project (the scripts build the jar on first use), with
# MAGIC `conf/cluster.conf` edited for your cluster:
# MAGIC
# MAGIC ```
# MAGIC export SPARK_HOME=/opt/spark MIXTURELIB_CONF=conf/cluster.conf
# MAGIC jobs/fit.sh --input hdfs:///data/planted.parquet --label y --k 4 --num-init 3 \
# MAGIC             --output hdfs:///models/planted --report report/
# MAGIC jobs/predict.sh hdfs:///models/planted --input hdfs:///data/new.parquet \
# MAGIC             --output hdfs:///predictions/new
# MAGIC ```
# MAGIC
# MAGIC On Databricks, a *JAR task* with main class `org.mixturelib.jobs.Main` and the same
# MAGIC parameters (`fit --input dbfs:/... --label y ...`) does the same.

# COMMAND ----------

# MAGIC %md
# MAGIC ## The same job, here

# COMMAND ----------

jvm = spark.sparkContext._jvm
Main = jvm.org.mixturelib.jobs.Main


def run_job(*args):
    """Main.run(args...): the job's exit code (0 done, 2 the user's mistake)."""
    array = spark.sparkContext._gateway.new_array(jvm.String, len(args))
    for i, a in enumerate(args):
        array[i] = a
    return Main.run(array)


model_path = f"{work_dir}/planted-model"
code = run_job("fit", "--input", input_path, "--label", "y", "--k", "4", "--num-init", "3",
               "--output", model_path, "--report", f"{work_dir}/planted-report", "--overwrite")
assert code == 0, f"fit exited with {code}"

# COMMAND ----------

import os

# The summary the job printed is also in the model folder; the report is Markdown + PNGs.
with open(f"{model_path}/summary.txt") as f:
    print(f.read())
print(", ".join(sorted(os.listdir(f"{work_dir}/planted-report"))))

# COMMAND ----------

predictions = f"{work_dir}/planted-predictions"
assert run_job("predict", model_path, "--input", input_path, "--output", predictions, "--overwrite") == 0
scored = spark.read.parquet(predictions)
display(scored.select("y", "prediction", "prediction_std", "component", "gate_1", "resp_1").limit(10))
rmse = math.sqrt(scored.select(F.avg(F.pow(F.col("y") - F.col("prediction"), 2))).first()[0])
print(f"root mean squared error of the mixture mean: {rmse:.3f}")

# COMMAND ----------

# MAGIC %md
# MAGIC ## The same fit from Python
# MAGIC The model folder is a Spark ML `PipelineModel` whose last stage is the fitted mixture. The
# MAGIC Python estimator runs the same engine on the same table: with the job's settings it finds
# MAGIC the same parameters, whichever optimum the starts lead to.

# COMMAND ----------

import numpy as np
from pyspark.ml import PipelineModel
from pyspark.ml.feature import VectorAssembler
from mixturelib.ml import MixtureOfRegressions

job_model = PipelineModel.load(model_path).stages[-1]
features = VectorAssembler(inputCols=[f"x{j}" for j in range(d)], outputCol="features")
table = features.transform(spark.read.parquet(input_path))
fitted = MixtureOfRegressions(k=4, labelCol="y", numInit=3).fit(table)
print(f"log-likelihood {fitted.summary.logLikelihood:.3f}, mixing weights {fitted.mixingWeights}")
print(f"the job's mixing weights {job_model.mixingWeights}")
np.testing.assert_allclose(fitted.mixingWeights.toArray(), job_model.mixingWeights.toArray(), rtol=1e-9)
np.testing.assert_allclose(fitted.coefficients.toArray(), job_model.coefficients.toArray(), rtol=1e-9, atol=1e-9)
np.testing.assert_allclose(fitted.intercepts.toArray(), job_model.intercepts.toArray(), rtol=1e-9, atol=1e-9)

# COMMAND ----------

# MAGIC %md
# MAGIC ## Mistakes are one line
# MAGIC A wrong column name is the user's to fix: the job says so in one line and returns 2
# MAGIC (the shell sees exit code 2), never a stack trace.

# COMMAND ----------

assert run_job("fit", "--input", input_path, "--label", "why", "--output", f"{work_dir}/never") == 2
