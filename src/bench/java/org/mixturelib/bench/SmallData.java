package org.mixturelib.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.mixturelib.jobs.Main;
import org.mixturelib.ml.MixtureEstimator;
import org.mixturelib.ml.MixtureModel;
import org.mixturelib.ml.MixtureOfExperts;
import org.mixturelib.ml.MixtureOfRegressions;

/**
 * Small data in a warm session (issue 25's speed targets): every data set of {@code
 * ../shared/data} with its reference model and flexmix's {@code Mehta} grouped, each fitted with
 * the default settings through the Spark ML estimator on a cached DataFrame and through the fit
 * job in this JVM ({@code Main.run}: reading, formula, fit, standard errors, save); prints the
 * median of {@code runs} timed fits after one untimed fit per case (wall seconds, and the CPU
 * seconds of the whole JVM, which a loaded machine distorts less), with the log-likelihood,
 * and the number of Spark jobs the last timed job ran (which the machine's load does not move).
 *
 * <p>Usage: {@code SmallData [data=../shared/data] [mehta=path/to/mehta.csv] [runs=3]
 * [only=name] [names=true]} ({@code names}: list the last job's Spark jobs by their last
 * stage's name, the call site; {@code mehta.csv} is flexmix's {@code data(Mehta)} written by {@code
 * write.csv(Mehta, file, row.names = FALSE)}; the case is left out without it). The JVM's own
 * start is not in these figures: time {@code jobs/fit.sh} from outside for that.
 */
public final class SmallData {
  /** One data set and its model, as an estimator on a table and as the job's arguments. */
  private record Case(String name, String csv, String[] columns, String label,
      String[] features, String[] gateFeatures, Supplier<MixtureEstimator<?, ?>> estimator,
      String[] job) {}

  private SmallData() {}

  /** Runs the cases and prints a table. */
  public static void main(String[] args) throws Exception {
    String dataDir = "../shared/data";
    String mehta = null;
    int runs = 3;
    String only = null;
    boolean names = false;
    for (String a : args) {
      String[] kv = a.split("=", 2);
      switch (kv[0]) {
        case "data" -> dataDir = kv[1];
        case "mehta" -> mehta = kv[1];
        case "runs" -> runs = Integer.parseInt(kv[1]);
        case "only" -> only = kv[1];
        case "names" -> names = Boolean.parseBoolean(kv[1]);
        default -> throw new IllegalArgumentException("unknown argument " + a);
      }
    }
    Configurator.setRootLevel(Level.WARN);
    Configurator.setLevel("org.mixturelib", Level.WARN);
    SparkSession spark = SparkSession.builder().master("local[2]").appName("small-data")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .getOrCreate();
    List<String> sparkJobs = java.util.Collections.synchronizedList(new ArrayList<>());
    spark.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart e) {
        sparkJobs.add(e.stageInfos().last().name());
      }
    });
    Path out = Files.createTempDirectory("small-data");
    List<Case> cases = cases(dataDir, mehta, out);
    System.out.println("| case | rows | estimator s (median) | CPU s | log-lik | job s (median)"
        + " | CPU s | Spark jobs |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (Case c : cases) {
      if (only != null && !c.name().contains(only)) {
        continue;
      }
      Dataset<Row> df = table(spark, c).cache();
      long rows = df.count();
      double[] fit = new double[runs];
      double[] fitCpu = new double[runs];
      double ll = Double.NaN;
      for (int r = -1; r < runs; r++) {
        long t0 = System.nanoTime();
        long c0 = cpu();
        MixtureModel<?> m = c.estimator().get().fit(df);
        if (r >= 0) {
          fit[r] = (System.nanoTime() - t0) / 1e9;
          fitCpu[r] = (cpu() - c0) / 1e9;
        }
        ll = m.summary().logLikelihood();
      }
      double[] job = new double[runs];
      double[] jobCpu = new double[runs];
      int jobs = 0;
      for (int r = -1; r < runs; r++) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        long c0 = cpu();
        spark.sparkContext().listenerBus().waitUntilEmpty();
        int before = sparkJobs.size();
        int code = Main.run(new PrintStream(o, true, StandardCharsets.UTF_8),
            new PrintStream(e, true, StandardCharsets.UTF_8), c.job());
        if (code != 0) {
          throw new IllegalStateException(c.name() + ": " + e.toString(StandardCharsets.UTF_8));
        }
        if (r >= 0) {
          job[r] = (System.nanoTime() - t0) / 1e9;
          jobCpu[r] = (cpu() - c0) / 1e9;
        }
        spark.sparkContext().listenerBus().waitUntilEmpty();
        jobs = sparkJobs.size() - before;
        if (names && r == runs - 1) {
          System.out.println(c.name() + ": " + sparkJobs.subList(before, sparkJobs.size()));
        }
      }
      df.unpersist();
      System.out.printf(Locale.ROOT,
          "| %s | %d | %.3f %s | %.3f | %.4f | %.3f %s | %.3f | %d |%n", c.name(), rows,
          median(fit), Arrays.toString(round(fit)), median(fitCpu), ll, median(job),
          Arrays.toString(round(job)), median(jobCpu), jobs);
    }
    spark.stop();
  }

  /** CPU nanoseconds of every thread of this JVM so far (Spark's executors included). */
  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static double[] round(double[] v) {
    return Arrays.stream(v).map(x -> Math.round(x * 1000) / 1000.0).toArray();
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  /** The case's table: its CSV, the computed columns, the features assembled. */
  private static Dataset<Row> table(SparkSession spark, Case c) {
    Dataset<Row> d = spark.read().option("header", "true").option("inferSchema", "true")
        .csv(c.csv()).selectExpr(c.columns());
    d = new VectorAssembler().setInputCols(c.features()).setOutputCol("features").transform(d);
    if (c.gateFeatures() != null) {
      d = new VectorAssembler().setInputCols(c.gateFeatures()).setOutputCol("gate")
          .transform(d);
    }
    return d;
  }

  private static List<Case> cases(String dir, String mehta, Path out) {
    List<Case> cases = new ArrayList<>();
    String model = out.resolve("model").toString();
    cases.add(new Case("tonedata k=2", dir + "/tonedata.csv", new String[] {"*"}, "tuned",
        new String[] {"stretchratio"}, null, () -> regressions(2, "tuned"),
        job(dir + "/tonedata.csv", model, "--label", "tuned", "--k", "2")));
    cases.add(new Case("npreg yn ~ x + x^2 k=2", dir + "/npreg.csv",
        new String[] {"*", "x * x AS x2"}, "yn", new String[] {"x", "x2"}, null,
        () -> regressions(2, "yn"), job(dir + "/npreg.csv", model, "--formula", "yn ~ x + x2",
            "--column", "x2=x*x", "--k", "2")));
    cases.add(new Case("npreg yp ~ x poisson k=2", dir + "/npreg.csv", new String[] {"*"},
        "yp", new String[] {"x"}, null, () -> regressions(2, "yp").setFamily("poisson"),
        job(dir + "/npreg.csv", model, "--formula", "yp ~ x", "--family", "poisson", "--k",
            "2")));
    cases.add(new Case("patent poisson k=3 gate RDS", dir + "/patent.csv", new String[] {"*"},
        "Patents", new String[] {"lgRD"}, new String[] {"RDS"},
        () -> experts(3, "Patents").setGateFeaturesCol("gate").setFamily("poisson"),
        job(dir + "/patent.csv", model, "--formula", "Patents ~ lgRD", "--family", "poisson",
            "--k", "3", "--gate", "linear", "--gate-features", "RDS")));
    cases.add(new Case("trypanosome binomial k=2", dir + "/trypanosome.csv",
        new String[] {"*", "log(Dose) AS ld"}, "Dead", new String[] {"ld"}, null,
        () -> regressions(2, "Dead").setFamily("binomial"),
        job(dir + "/trypanosome.csv", model, "--formula", "Dead ~ ld", "--column",
            "ld=log(Dose)", "--family", "binomial", "--k", "2")));
    cases.add(new Case("biochemists poisson k=2", dir + "/biochemists.csv",
        new String[] {"art", "CASE WHEN fem = 'Women' THEN 1.0 ELSE 0.0 END AS women",
            "CASE WHEN mar = 'Single' THEN 1.0 ELSE 0.0 END AS single", "kid5", "phd", "ment"},
        "art", new String[] {"women", "single", "kid5", "phd", "ment"}, null,
        () -> regressions(2, "art").setFamily("poisson"),
        job(dir + "/biochemists.csv", model, "--formula", "art ~ .", "--family", "poisson",
            "--k", "2")));
    cases.add(new Case("moe_synth k=2 linear gate", dir + "/moe_synth_k2.csv",
        new String[] {"*"}, "y", new String[] {"x"}, null, () -> experts(2, "y"),
        job(dir + "/moe_synth_k2.csv", model, "--label", "y", "--features", "x", "--k", "2",
            "--gate", "linear")));
    cases.add(new Case("mcycle k=3 linear gate", dir + "/mcycle.csv", new String[] {"*"},
        "accel", new String[] {"times"}, null, () -> experts(3, "accel"),
        job(dir + "/mcycle.csv", model, "--label", "accel", "--k", "3", "--gate", "linear")));
    if (mehta != null) {
      cases.add(new Case("Mehta grouped binomial k=3", mehta, new String[] {"Response",
          "Total", "Site", "CASE WHEN Drug = 'New' THEN 1.0 ELSE 0.0 END AS DrugNew"},
          "Response", new String[] {"DrugNew"}, null,
          () -> regressions(3, "Response").setFamily("binomial").setTrialsCol("Total")
              .setGroupCol("Site"),
          job(mehta, model, "--formula", "Response ~ Drug", "--group", "Site", "--family",
              "binomial", "--trials", "Total", "--k", "3")));
    }
    return cases;
  }

  private static String[] job(String csv, String model, String... more) {
    List<String> a = new ArrayList<>(List.of("fit", "--input", csv, "--output", model,
        "--overwrite", "--quiet"));
    a.addAll(List.of(more));
    return a.toArray(new String[0]);
  }

  private static MixtureEstimator<?, ?> regressions(int k, String label) {
    return new MixtureOfRegressions().setK(k).setLabelCol(label);
  }

  private static MixtureOfExperts experts(int k, String label) {
    return new MixtureOfExperts().setGate("linear").setK(k).setLabelCol(label);
  }
}
