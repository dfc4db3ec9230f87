package org.mixturelib.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.clustering.GaussianMixture;
import org.apache.spark.ml.clustering.GaussianMixtureModel;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.data.SparkSource;
import org.mixturelib.engine.EmConfig;
import org.mixturelib.engine.EmEngine;
import org.mixturelib.engine.FitResult;
import org.mixturelib.engine.InitMode;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.hypermodels.LinearGate;
import org.mixturelib.hypermodels.NetworkGate;
import org.mixturelib.inference.ObservedInformation;
import org.mixturelib.inference.StandardErrors;
import org.mixturelib.linalg.Blas;
import org.mixturelib.localmodels.GlmExperts;
import org.mixturelib.localmodels.GlmFamily;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.localmodels.NoiseModel;

/**
 * One benchmark case, run in its own JVM so that its peak heap and RSS are its own. Prints one
 * line {@code RESULT<TAB>key=value<TAB>...}.
 *
 * <p>Usage: {@code BenchCase KIND N D K [key=value ...]} with KIND one of {@code ours},
 * {@code gmm}, {@code lr}, {@code flexmix}, {@code mlp}, {@code twoplanes}, {@code moe} (see
 * {@link MoeCases}), {@code moe-ratio} (issue 26's network gate against the mixture of models,
 * see {@link MoeRatioCase}), {@code pass} (issue 26's ratios in one JVM, see {@link PassCase}),
 * {@code scale} (rows beyond memory from Parquet, cached to disk, see {@link ScaleCase}),
 * {@code wide} (D = 300 and such, see {@link WideCase}), {@code families} (issue 23's time per
 * EM iteration of each family against the Gaussian's, see {@link FamilyCases}), {@code
 * elasticnet} (penalised experts on wide planted data, see {@link ElasticNetCase}), {@code
 * poisson} (our Poisson experts on the Poisson variant of the planted
 * data), {@code flexmix-poisson} (flexmix's {@code FLXMRglm(family = "poisson")} on the same
 * rows); options {@code numInit},
 * {@code maxIter}, {@code tol}, {@code initMode}, {@code acceleration} ({@code false}: plain
 * EM), {@code partitions}, {@code gateMaxIter},
 * {@code gateSampleRows}, {@code hidden}, {@code groupSize} (ours: consecutive rows in groups
 * of this size that share their component, fitted with the group column), {@code target} (a
 * log-likelihood to time our fit to), {@code information} (also time the standard errors'
 * information pass after the fit), {@code iters} (MLlib GMM
 * iterations), {@code rscript} (path of the flexmix script), {@code csvDir}, {@code cold} (no
 * warm-up fit: by default a fit of the same kind on 20,000 rows, at most 5 iterations, runs
 * first in the same JVM).
 */
public final class BenchCase {
  static final long SEED = 20240611L;
  /** Rows of the warm-up fit run before the timed one (option {@code cold} skips it). */
  private static final long WARM_UP_ROWS = 20_000;

  private BenchCase() {}

  /** Runs one case. */
  public static void main(String[] args) throws Exception {
    String kind = args[0];
    long n = (long) Double.parseDouble(args[1]);
    int d = Integer.parseInt(args[2]);
    int k = Integer.parseInt(args[3]);
    Map<String, String> opt = new LinkedHashMap<>();
    for (int i = 4; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      opt.put(kv[0], kv[1]);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", kind);
    out.put("n", n);
    out.put("d", d);
    out.put("k", k);
    if (kind.startsWith("flexmix")) {
      flexmix(n, d, k, opt, out, kind.equals("flexmix-poisson"));
    } else {
      SparkSession spark = SparkSession.builder().master("local[2]").appName("mixturelib-bench")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.driver.host", "127.0.0.1")
          .getOrCreate();
      spark.sparkContext().setLogLevel("WARN");
      int partitions = opt.containsKey("partitions") ? Integer.parseInt(opt.get("partitions"))
          : (int) Math.max(2, Math.min(64, n / 250_000));
      out.put("partitions", partitions);
      out.put("blas", Blas.get().getClass().getSimpleName());
      if (!opt.containsKey("cold")) {
        // the same work on a small data set first, so that the JIT has compiled the kernels
        // and Spark's per-job code before the timed fit (as a long-lived cluster would have)
        Map<String, String> small = new LinkedHashMap<>(opt);
        small.remove("target");
        small.put("maxIter", "5");
        small.put("numInit", "1");
        small.put("iters", "5");
        long t0 = System.nanoTime();
        run(spark, kind, WARM_UP_ROWS, d, k, 2, small, new LinkedHashMap<>());
        out.put("warmUpS", seconds(t0));
      }
      run(spark, kind, n, d, k, partitions, opt, out);
      spark.stop();
    }
    out.put("peakHeapMb", Math.round(Memory.peakHeapMb()));
    out.put("peakRssMb", Math.round(Memory.peakRssMb()));
    StringBuilder line = new StringBuilder("RESULT");
    out.forEach((key, v) -> line.append('\t').append(key).append('=').append(v));
    System.out.println(line);
  }

  private static void run(SparkSession spark, String kind, long n, int d, int k, int partitions,
      Map<String, String> opt, Map<String, Object> out) throws IOException {
    switch (kind) {
      case "ours" -> ours(spark, n, d, k, partitions, opt, out, false);
      case "mlp" -> ours(spark, n, d, k, partitions, opt, out, true);
      case "poisson" -> poisson(spark, n, d, k, partitions, opt, out);
      case "gmm" -> gmm(spark, n, d, k, partitions, opt, out);
      case "lr" -> lr(spark, n, d, partitions, out);
      case "twoplanes" -> MoeCases.twoPlanes(spark, opt, out);
      case "moe" -> MoeCases.softGated(spark, n, d, k, partitions, opt, out);
      case "moe-ratio" -> MoeRatioCase.run(spark, n, d, k, partitions, opt, out);
      case "pass" -> PassCase.run(spark, n, d, k, partitions, opt, out);
      case "scale" -> ScaleCase.run(spark, n, d, k, opt, out);
      case "wide" -> WideCase.run(spark, n, d, k, partitions, opt, out);
      case "families" -> FamilyCases.run(spark, n, d, k, partitions, opt, out);
      case "elasticnet" -> ElasticNetCase.run(spark, n, d, k, partitions, opt, out);
      default -> throw new IllegalArgumentException("unknown kind " + kind);
    }
  }

  /** The planted rows as a DataFrame: features and label, or one joint [x, y] vector. */
  static Dataset<Row> frame(SparkSession spark, PlantedSpec spec, long n, int partitions,
      boolean joint) {
    int d = spec.d;
    JavaRDD<Row> rows = spark.range(0, n, 1, partitions).javaRDD().map(i -> {
      double[] x = new double[joint ? d + 1 : d];
      double y = spec.row(i, x);
      if (joint) {
        x[d] = y;
        return RowFactory.create(Vectors.dense(x));
      }
      return RowFactory.create(Vectors.dense(x), y);
    });
    StructType schema = joint
        ? new StructType(new StructField[] {
            new StructField("features", new VectorUDT(), false, Metadata.empty())})
        : new StructType(new StructField[] {
            new StructField("features", new VectorUDT(), false, Metadata.empty()),
            new StructField("label", DataTypes.DoubleType, false, Metadata.empty())});
    return spark.createDataFrame(rows, schema);
  }

  /** Planted grouped rows: features, label and the group {@code i / groupSize}. */
  static Dataset<Row> groupedFrame(SparkSession spark, PlantedSpec spec, long n,
      int partitions, long groupSize) {
    int d = spec.d;
    JavaRDD<Row> rows = spark.range(0, n, 1, partitions).javaRDD().map(i -> {
      double[] x = new double[d];
      double y = spec.groupedRow(i, i / groupSize, x);
      return RowFactory.create(Vectors.dense(x), y, i / groupSize);
    });
    StructType schema = new StructType(new StructField[] {
        new StructField("features", new VectorUDT(), false, Metadata.empty()),
        new StructField("label", DataTypes.DoubleType, false, Metadata.empty()),
        new StructField("g", DataTypes.LongType, false, Metadata.empty())});
    return spark.createDataFrame(rows, schema);
  }

  private static void ours(SparkSession spark, long n, int d, int k, int partitions,
      Map<String, String> opt, Map<String, Object> out, boolean mlp) {
    PlantedSpec spec = new PlantedSpec(d, k, SEED, mlp);
    long t0 = System.nanoTime();
    long groupSize = Long.parseLong(opt.getOrDefault("groupSize", "0"));
    SparkSource.Columns columns = new SparkSource.Columns("features", "label", null, true);
    SparkSource source = groupSize > 0
        ? SparkSource.fromDataset(groupedFrame(spark, spec, n, partitions, groupSize),
            columns.grouped("g", false), BlockBuilder.DEFAULT_CAPACITY, 2,
            StorageLevel.MEMORY_AND_DISK())
        : SparkSource.fromDataset(frame(spark, spec, n, partitions, false), columns,
            BlockBuilder.DEFAULT_CAPACITY, 2, StorageLevel.MEMORY_AND_DISK());
    if (groupSize > 0) {
      out.put("groupSize", groupSize);
    }
    out.put("loadS", seconds(t0));
    LinearExperts experts = new LinearExperts(k, d + 1, 1);
    experts.setNoiseModel(NoiseModel.PER_COMPONENT);
    double[] ones = new double[k];
    Arrays.fill(ones, 1.0);
    MixtureState init = mlp
        ? new MixtureState(experts, opt.containsKey("hidden")
            ? new NetworkGate(d + 1, new int[] {Integer.parseInt(opt.get("hidden"))}, k, SEED)
            : new LinearGate(d + 1, k))
        : new MixtureState(experts, new HyperModelDirichlet(ones, false));
    fitTimed(source, init, opt, out);
  }

  /** Our Poisson experts (log link) on the Poisson variant of the planted rows. */
  private static void poisson(SparkSession spark, long n, int d, int k, int partitions,
      Map<String, String> opt, Map<String, Object> out) {
    double[] ones = new double[k];
    Arrays.fill(ones, 1.0);
    MixtureState init = new MixtureState(new GlmExperts(GlmFamily.POISSON, k, d + 1),
        new HyperModelDirichlet(ones, false));
    long t0 = System.nanoTime();
    SparkSource source = SparkSource.fromDataset(frame(spark, PlantedSpec.poisson(d, k, SEED), n,
        partitions, false), new SparkSource.Columns("features", "label", null, true),
        BlockBuilder.DEFAULT_CAPACITY, 2, StorageLevel.MEMORY_AND_DISK());
    out.put("loadS", seconds(t0));
    fitTimed(source, init, opt, out);
  }

  /**
   * Fits {@code init} to the cached rows of {@code source} (closed at the end) and records the
   * timings and the fit's figures; returns the fitted state.
   */
  static MixtureState fitTimed(SparkSource source, MixtureState init, Map<String, String> opt,
      Map<String, Object> out) {
    TimedSource timed = new TimedSource(source);
    EmConfig config = new EmConfig().seed(SEED)
        .tol(Double.parseDouble(opt.getOrDefault("tol", "1e-6")))
        .maxIter(Integer.parseInt(opt.getOrDefault("maxIter", "500")))
        .numInit(Integer.parseInt(opt.getOrDefault("numInit",
            String.valueOf(new EmConfig().numInit()))));
    if (opt.containsKey("initMode")) {
      config.initMode(InitMode.parse(opt.get("initMode")));
    }
    if (opt.containsKey("acceleration")) {
      config.acceleration(Boolean.parseBoolean(opt.get("acceleration")));
    }
    if (opt.containsKey("gateMaxIter")) {
      config.gateMaxIter(Integer.parseInt(opt.get("gateMaxIter")));
    }
    if (opt.containsKey("gateSampleRows")) {
      config.gateSampleRows(Integer.parseInt(opt.get("gateSampleRows")));
    }
    Memory.resetPeaks();
    double c1 = Memory.cpuSeconds();
    long t1 = System.nanoTime();
    FitResult fit;
    try (Profile profile = Profile.start()) {
      fit = new EmEngine(timed, List.of(), config).fit(init);
    }
    double fitS = seconds(t1);
    out.put("fitCpuS", Memory.cpuSeconds() - c1);
    if (opt.containsKey("information")) {
      double c2 = Memory.cpuSeconds();
      long t2 = System.nanoTime();
      StandardErrors se = ObservedInformation.compute(source, fit.state());
      out.put("informationS", seconds(t2));
      out.put("informationCpuS", Memory.cpuSeconds() - c2);
      out.put("informationParameters", se.size());
    }
    source.close();
    List<TimedSource.PassRecord> passes = timed.passes;
    List<Double> eTimes = new ArrayList<>();
    for (TimedSource.PassRecord p : passes) {
      if (p.eStep()) {
        eTimes.add(p.seconds());
      }
    }
    out.put("numInit", config.numInit());
    out.put("acceleration", config.acceleration());
    out.put("gateMaxIter", config.gateMaxIter());
    out.put("maxIter", config.maxIter());
    out.put("fitS", fitS);
    out.put("ePasses", eTimes.size());
    out.put("gatePasses", passes.size() - eTimes.size());
    out.put("sPerIter", fitS / eTimes.size());
    out.put("cpuSPerIter", ((double) out.get("fitCpuS")) / eTimes.size());
    out.put("medianEPassS", median(eTimes));
    out.put("iterations", fit.iterations());
    out.put("converged", fit.converged());
    out.put("logLik", fit.logLikelihood());
    if (opt.containsKey("target")) {
      double target = Double.parseDouble(opt.get("target"));
      double slack = 1e-6 * Math.abs(target);
      out.put("target", target);
      for (TimedSource.PassRecord p : passes) {
        // a random start's pass scores nothing (its data term is exactly 0): skip it
        if (p.eStep() && p.logSum() != 0.0 && p.logSum() >= target - slack) {
          out.put("toTargetS", (p.endNanos() - t1) / 1e9);
          break;
        }
      }
    }
    return fit.state();
  }

  private static void gmm(SparkSession spark, long n, int d, int k, int partitions,
      Map<String, String> opt, Map<String, Object> out) {
    PlantedSpec spec = new PlantedSpec(d, k, SEED, false);
    long t0 = System.nanoTime();
    Dataset<Row> df = frame(spark, spec, n, partitions, true).persist(
        StorageLevel.MEMORY_AND_DISK());
    df.count();
    out.put("loadS", seconds(t0));
    int iters = Integer.parseInt(opt.getOrDefault("iters", "10"));
    Memory.resetPeaks();
    double c1 = Memory.cpuSeconds();
    long t1 = System.nanoTime();
    GaussianMixtureModel model = new GaussianMixture().setK(k).setMaxIter(iters).setTol(0.0)
        .setSeed(SEED).fit(df);
    double fitS = seconds(t1);
    out.put("cpuSPerIter", (Memory.cpuSeconds() - c1) / model.summary().numIter());
    out.put("fitS", fitS);
    out.put("iterations", model.summary().numIter());
    out.put("sPerIter", fitS / model.summary().numIter());
    out.put("logLik", model.summary().logLikelihood());
  }

  private static void lr(SparkSession spark, long n, int d, int partitions,
      Map<String, Object> out) {
    PlantedSpec spec = new PlantedSpec(d, 1, SEED, false);
    long t0 = System.nanoTime();
    Dataset<Row> df = frame(spark, spec, n, partitions, false).persist(
        StorageLevel.MEMORY_AND_DISK());
    df.count();
    out.put("loadS", seconds(t0));
    Memory.resetPeaks();
    double c1 = Memory.cpuSeconds();
    long t1 = System.nanoTime();
    new LinearRegression().setSolver("normal").fit(df);
    out.put("fitS", seconds(t1));
    out.put("fitCpuS", Memory.cpuSeconds() - c1);
  }

  private static void flexmix(long n, int d, int k, Map<String, String> opt,
      Map<String, Object> out, boolean counts) throws IOException, InterruptedException {
    Path script = Path.of(opt.getOrDefault("rscript", "src/bench/r/flexmix.R"));
    Path dir = Path.of(opt.getOrDefault("csvDir", System.getProperty("java.io.tmpdir")));
    Path csv = dir.resolve("planted-" + n + "-" + d + "-" + k + (counts ? "-poisson" : "")
        + ".csv");
    PlantedSpec spec = counts ? PlantedSpec.poisson(d, k, SEED)
        : new PlantedSpec(d, k, SEED, false);
    long t0 = System.nanoTime();
    try (BufferedWriter w = Files.newBufferedWriter(csv)) {
      StringBuilder header = new StringBuilder("y");
      for (int j = 1; j <= d; j++) {
        header.append(",x").append(j);
      }
      w.write(header.append('\n').toString());
      double[] x = new double[d];
      StringBuilder line = new StringBuilder();
      for (long i = 0; i < n; i++) {
        double y = spec.row(i, x);
        line.setLength(0);
        line.append(y);
        for (double v : x) {
          line.append(',').append(v);
        }
        w.write(line.append('\n').toString());
      }
    }
    out.put("csvS", seconds(t0));
    Process p = new ProcessBuilder("/usr/bin/time", "-f", "MAXRSS_KB=%M", "Rscript",
        script.toString(), csv.toString(), Integer.toString(k), Long.toString(SEED),
        counts ? "poisson" : "gaussian")
        .redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes());
    int rc = p.waitFor();
    Files.deleteIfExists(csv);
    if (rc != 0) {
      out.put("error", "Rscript exit " + rc + ": " + text.replaceAll("\\s+", " ").trim());
      return;
    }
    for (String l : text.split("\n")) {
      if (l.startsWith("RESULT")) {
        for (String kv : l.substring(6).trim().split("\t")) {
          String[] parts = kv.split("=", 2);
          out.put(parts[0], parts[1]);
        }
      } else if (l.startsWith("MAXRSS_KB=")) {
        out.put("rRssMb", Long.parseLong(l.substring(10).trim()) / 1024);
      } else if (l.startsWith("SKIP")) {
        out.put("skipped", l.substring(4).trim());
      }
    }
  }

  static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static double median(List<Double> v) {
    if (v.isEmpty()) {
      return Double.NaN;
    }
    List<Double> s = new ArrayList<>(v);
    s.sort(null);
    return s.get(s.size() / 2);
  }
}
