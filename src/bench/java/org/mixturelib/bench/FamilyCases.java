package org.mixturelib.bench;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.special.Erf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
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
import org.mixturelib.engine.MixtureState;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.linalg.VectorSupport;
import org.mixturelib.localmodels.ExpertFamilies;
import org.mixturelib.localmodels.ExpertFamily;
import org.mixturelib.localmodels.FamilySettings;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.localmodels.MultinomialExperts;
import org.mixturelib.localmodels.NoiseModel;

/**
 * Issue 23's speed rows in one JVM: for each family of experts, planted rows of that family
 * (N rows, D features and an intercept, K components with mixing weights proportional to K,
 * K-1, ..., 1, cached as blocks) and a plain-EM fit from one start ({@code emIters}
 * iterations, tolerance 1e-300, no acceleration); its time per EM iteration is the median time
 * between consecutive E-step passes (M-step and Spark job included), and its ratio is to the
 * Gaussian's in the same JVM, measured again on the Gaussian's cached rows just before each
 * family, so that the ratios hold however loaded the machine is. With
 * {@code converge=true} each family also runs the engine's default one-start fit (SQUAREM,
 * tolerance 1e-6) on the same rows and reports its iterations and log-likelihood. Kind {@code
 * families} of {@link BenchCase}; option {@code families} (comma-separated names among {@link
 * #NAMES}, default all; the Gaussian always runs first).
 */
final class FamilyCases {
  /** The families timed, in order: name, then type id and settings, see {@link #experts}. */
  static final List<String> NAMES = List.of("gaussian", "poisson", "poisson-sqrt",
      "binomial-probit", "binomial-cloglog", "gamma-identity", "gaussian-log", "negbin",
      "tobit", "zipoisson", "zinegbin", "multinomial5");
  /** Levels of the multinomial family's label. */
  private static final int LEVELS = 5;

  private FamilyCases() {}

  static void run(SparkSession spark, long n, int d, int k, int partitions,
      Map<String, String> opt, Map<String, Object> out) {
    out.put("loops", VectorSupport.describe());
    List<String> names = new ArrayList<>(List.of("gaussian"));
    for (String f : opt.getOrDefault("families", String.join(",", NAMES)).split(",")) {
      if (!NAMES.contains(f)) {
        throw new IllegalArgumentException("unknown family case " + f + " (known: " + NAMES
            + ")");
      }
      if (!names.contains(f)) {
        names.add(f);
      }
    }
    int emIters = Integer.parseInt(opt.getOrDefault("emIters", "8"));
    boolean converge = Boolean.parseBoolean(opt.getOrDefault("converge", "false"));
    SparkSource gaussian = source(spark, new Planted("gaussian", d, k, BenchCase.SEED), n,
        partitions);
    for (String name : names) {
      SparkSource source = name.equals("gaussian") ? gaussian
          : source(spark, new Planted(name, d, k, BenchCase.SEED), n, partitions);
      // the Gaussian again just before each family, so that a load that drifts over the run
      // distorts the ratio less
      double g = iterationSeconds(gaussian, "gaussian", d, k, emIters, null);
      double s = iterationSeconds(source, name, d, k, emIters, out);
      String key = name.replace("-", "_");
      out.put(key + "IterS", s);
      out.put(key + "GaussianIterS", g);
      out.put(key + "Ratio", s / g);
      if (converge) {
        FitResult fit = new EmEngine(source, List.of(), new EmConfig().seed(BenchCase.SEED)
            .numInit(1)).fit(init(name, d, k));
        out.put(key + "Iterations", fit.iterations());
        out.put(key + "LogLik", fit.logLikelihood());
      }
      System.err.printf("%s: %.3f s per EM iteration, the Gaussian's %.3f s just before:"
          + " %.2fx%n", name, s, g, s / g);
      if (source != gaussian) {
        source.close();
      }
    }
    gaussian.close();
  }

  private static SparkSource source(SparkSession spark, Planted spec, long n, int partitions) {
    return SparkSource.fromDataset(frame(spark, spec, n, partitions),
        new SparkSource.Columns("features", "label", null, true), BlockBuilder.DEFAULT_CAPACITY,
        2, StorageLevel.MEMORY_AND_DISK());
  }

  /**
   * The median time between consecutive E-step passes of a plain-EM fit of {@code emIters}
   * iterations from one start; into {@code out} (when given), the passes of all kinds per
   * E-step pass.
   */
  private static double iterationSeconds(SparkSource source, String name, int d, int k,
      int emIters, Map<String, Object> out) {
    TimedSource timed = new TimedSource(source);
    new EmEngine(timed, List.of(), new EmConfig().seed(BenchCase.SEED).numInit(1)
        .acceleration(false).tol(1e-300).maxIter(emIters)).fit(init(name, d, k));
    List<Double> between = new ArrayList<>();
    long last = -1;
    int eSteps = 0;
    for (TimedSource.PassRecord p : timed.passes) {
      if (p.eStep()) {
        eSteps++;
        if (last >= 0) {
          between.add((p.endNanos() - last) / 1e9);
        }
        last = p.endNanos();
      }
    }
    if (out != null) {
      out.put(name.replace("-", "_") + "PassesPerEStep", (double) timed.passes.size() / eSteps);
    }
    return median(between);
  }

  /** K experts of the family called {@code name}, before their first M-step. */
  private static MixtureState init(String name, int d, int k) {
    double[] ones = new double[k];
    Arrays.fill(ones, 1.0);
    return new MixtureState(experts(name, k, d + 1), new HyperModelDirichlet(ones, false));
  }

  private static ExpertFamily experts(String name, int k, int d) {
    FamilySettings none = FamilySettings.NONE;
    return switch (name) {
      case "gaussian" -> {
        LinearExperts e = new LinearExperts(k, d, 1);
        e.setNoiseModel(NoiseModel.PER_COMPONENT);
        yield e;
      }
      case "multinomial5" -> MultinomialExperts.indexed(k, d, LEVELS);
      case "tobit" -> ExpertFamilies.create("tobit", k, d, 1, none.with("lower", "0"));
      default -> {
        String[] parts = name.split("-");
        yield ExpertFamilies.create(parts[0], k, d, 1,
            parts.length > 1 ? none.with("link", parts[1]) : none);
      }
    };
  }

  private static Dataset<Row> frame(SparkSession spark, Planted spec, long n, int partitions) {
    int d = spec.d;
    JavaRDD<Row> rows = spark.range(0, n, 1, partitions).javaRDD().map(i -> {
      double[] x = new double[d];
      double y = spec.row(i, x);
      return RowFactory.create(Vectors.dense(x), y);
    });
    StructType schema = new StructType(new StructField[] {
        new StructField("features", new VectorUDT(), false, Metadata.empty()),
        new StructField("label", DataTypes.DoubleType, false, Metadata.empty())});
    return spark.createDataFrame(rows, schema);
  }

  private static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    s.sort(null);
    return s.isEmpty() ? Double.NaN : s.get(s.size() / 2);
  }

  /**
   * A planted mixture of one family, fixed by a seed: x ~ N(0, I_D), the component drawn with
   * probabilities proportional to K, ..., 1, each expert's linear predictor {@code a_k + b_kᵀ
   * x} with intercepts and weights drawn per family (scaled so that means stay moderate), and
   * the answer drawn from the family at that predictor. Each row is a pure function of (seed,
   * row index).
   */
  static final class Planted implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Map<String, double[]> SCALES = scales();

    final String name;
    final int d;
    final int k;
    final long seed;
    /** Per expert and free level: intercept then D weights. */
    final double[][][] weights;
    final double[] cumulative;

    Planted(String name, int d, int k, long seed) {
      this.name = name;
      this.d = d;
      this.k = k;
      this.seed = seed;
      double[] scale = SCALES.get(name);
      int levels = name.equals("multinomial5") ? LEVELS - 1 : 1;
      SplittableRandom r = new SplittableRandom(seed);
      weights = new double[k][levels][d + 1];
      for (int e = 0; e < k; e++) {
        for (int l = 0; l < levels; l++) {
          weights[e][l][0] = scale[0] + scale[1] * r.nextGaussian();
          for (int j = 1; j <= d; j++) {
            weights[e][l][j] = scale[2] * r.nextGaussian();
          }
        }
      }
      cumulative = new double[k];
      double total = k * (k + 1) / 2.0;
      double c = 0;
      for (int e = 0; e < k; e++) {
        c += (k - e) / total;
        cumulative[e] = c;
      }
    }

    /** Intercept's centre and spread, then the weights' spread, per family. */
    private static Map<String, double[]> scales() {
      Map<String, double[]> s = new LinkedHashMap<>();
      s.put("gaussian", new double[] {0, 2, 2});
      s.put("poisson", new double[] {1, 0.5, 0.3});
      s.put("poisson-sqrt", new double[] {2, 0.5, 0.15});
      s.put("binomial-probit", new double[] {0, 0.5, 0.4});
      s.put("binomial-cloglog", new double[] {-0.5, 0.5, 0.4});
      s.put("gamma-identity", new double[] {8, 1, 0.3});
      s.put("gaussian-log", new double[] {2, 0.5, 0.2});
      s.put("negbin", new double[] {1, 0.5, 0.3});
      s.put("tobit", new double[] {0.5, 1, 1});
      s.put("zipoisson", new double[] {1, 0.5, 0.3});
      s.put("zinegbin", new double[] {1, 0.5, 0.3});
      s.put("multinomial5", new double[] {0, 0.5, 1});
      return s;
    }

    /** Writes row i's features into x (length D) and returns its answer. */
    double row(long i, double[] x) {
      SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
      for (int j = 0; j < d; j++) {
        x[j] = r.nextGaussian();
      }
      double u = r.nextDouble();
      int z = k - 1;
      for (int e = 0; e < k; e++) {
        if (u < cumulative[e]) {
          z = e;
          break;
        }
      }
      double[] eta = new double[weights[z].length];
      for (int l = 0; l < eta.length; l++) {
        eta[l] = weights[z][l][0];
        for (int j = 0; j < d; j++) {
          eta[l] += weights[z][l][j + 1] * x[j];
        }
      }
      double v = eta[0];
      return switch (name) {
        case "gaussian" -> v + (0.5 + z * 0.25) * r.nextGaussian();
        case "poisson", "negbin", "zipoisson", "zinegbin" -> {
          double mean = Math.exp(v);
          if (name.endsWith("negbin")) {
            mean = gamma(r, 2) * mean / 2; // NB2 with theta = 2
          }
          yield name.startsWith("zi") && r.nextDouble() < 0.3 ? 0 : poisson(r, mean);
        }
        case "poisson-sqrt" -> poisson(r, v * v);
        case "binomial-probit" -> r.nextDouble() < 0.5 * Erf.erfc(-v / Math.sqrt(2)) ? 1 : 0;
        case "binomial-cloglog" -> r.nextDouble() < 1 - Math.exp(-Math.exp(v)) ? 1 : 0;
        case "gamma-identity" -> gamma(r, 3) * Math.max(v, 0.5) / 3;
        case "gaussian-log" -> Math.exp(v) + (0.5 + z * 0.25) * r.nextGaussian();
        case "tobit" -> Math.max(0, v + (0.5 + z * 0.25) * r.nextGaussian());
        case "multinomial5" -> {
          double[] p = new double[eta.length + 1];
          double sum = 1;
          p[0] = 1;
          for (int l = 0; l < eta.length; l++) {
            p[l + 1] = Math.exp(eta[l]);
            sum += p[l + 1];
          }
          double w = r.nextDouble() * sum;
          int level = 0;
          while (level < eta.length && w >= p[level]) {
            w -= p[level];
            level++;
          }
          yield level;
        }
        default -> throw new IllegalArgumentException(name);
      };
    }

    /** A Poisson count of that mean, by inversion. */
    private static double poisson(SplittableRandom r, double mean) {
      double u = r.nextDouble();
      double p = Math.exp(-mean);
      double cdf = p;
      int c = 0;
      while (cdf < u && c < 100_000) {
        c++;
        p *= mean / c;
        cdf += p;
      }
      return c;
    }

    /** A Gamma(shape, 1) variate (Marsaglia and Tsang, shape >= 1). */
    private static double gamma(SplittableRandom r, double shape) {
      double dd = shape - 1.0 / 3;
      double c = 1 / Math.sqrt(9 * dd);
      while (true) {
        double x = r.nextGaussian();
        double v = 1 + c * x;
        if (v <= 0) {
          continue;
        }
        v = v * v * v;
        if (Math.log(r.nextDouble()) < 0.5 * x * x + dd - dd * v + dd * Math.log(v)) {
          return dd * v;
        }
      }
    }
  }
}
