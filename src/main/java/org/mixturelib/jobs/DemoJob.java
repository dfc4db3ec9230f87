package org.mixturelib.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
import org.mixturelib.engine.FitResult;
import org.mixturelib.hypermodels.Gate;
import org.mixturelib.hypermodels.HyperExpertNN;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.mixture.EachModelLinear;
import org.mixturelib.mixture.HyperParameters;
import org.mixturelib.mixture.MixtureEM;
import org.mixturelib.mixture.Prediction;
import org.mixturelib.plot.PlanesPlot;

/**
 * The 0.4 documentation's two-planes example on Spark: 200 objects, half on y = 10 x1, half on
 * y = 30 x2 (noise sd 5, NumPy seed 42, shipped with the jar). Fits a mixture of models
 * (Dirichlet gate) and a mixture of experts (MLP gate) on 160 objects through a Spark
 * DataFrame, prints the recovered planes beside the truth with the MSE on the 40 held-out
 * objects, and writes a PNG of each fit.
 */
public final class DemoJob {
  private static final double[][] TRUTH = {{10, 0}, {0, 30}};

  private DemoJob() {}

  /** Runs the demo; {@code args[0]}, if given, is the output folder for the figures. */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "demo-output");
    SparkSession spark = SparkSession.builder().appName("mixturelib demo")
        .master(System.getProperty("spark.master", "local[*]"))
        .config("spark.ui.enabled", "false").getOrCreate();
    try {
      run(spark, out, System.out);
    } finally {
      spark.stop();
    }
  }

  /** The demo itself, printing to {@code log}. */
  public static void run(SparkSession spark, Path out, PrintStream log) throws IOException {
    double[][] x = resource("two_planes_seed42.X.csv");
    double[][] y = resource("two_planes_seed42.Y.csv");
    int[] order = shuffled(x.length, 42);
    int nTrain = 160;
    double[][] xTrain = pick(x, order, 0, nTrain);
    double[][] yTrain = pick(y, order, 0, nTrain);
    double[][] xTest = pick(x, order, nTrain, x.length);
    double[][] yTest = pick(y, order, nTrain, x.length);
    Dataset<Row> train = frame(spark, xTrain, yTrain);
    log.printf("two planes (0.4 chapter 3): %d training and %d held-out objects, Spark %s, %s%n",
        nTrain, xTest.length, spark.version(), spark.sparkContext().master());
    log.printf("truth: plane 1 = %s, plane 2 = %s%n", fmt(TRUTH[0]), fmt(TRUTH[1]));
    fitAndReport("mixture of models (Dirichlet gate)", new HyperModelDirichlet(2), train,
        xTrain, yTrain, xTest, yTest, out.resolve("two-planes-mixture-of-models.png"), log);
    fitAndReport("mixture of experts (MLP gate)", new HyperExpertNN(2, 5, 2, 100, 42), train,
        xTrain, yTrain, xTest, yTest, out.resolve("two-planes-mixture-of-experts.png"), log);
  }

  private static void fitAndReport(String name, Gate gate, Dataset<Row> train,
      double[][] xTrain, double[][] yTrain, double[][] xTest, double[][] yTest, Path png,
      PrintStream log) throws IOException {
    MixtureEM<EachModelLinear> mixture = new MixtureEM<>(HyperParameters.of("beta", 1.0), gate,
        List.of(new EachModelLinear(2), new EachModelLinear(2)), List.of(), "default");
    long start = System.nanoTime();
    FitResult fit = mixture.fit(train, "features", "label");
    double seconds = (System.nanoTime() - start) / 1e9;
    double[][] planes = new double[2][];
    for (int k = 0; k < 2; k++) {
      double[][] w = mixture.listOfModels().get(k).W();
      planes[k] = new double[] {w[0][0], w[1][0]};
    }
    int first = dist(planes[0], TRUTH[0]) + dist(planes[1], TRUTH[1])
        <= dist(planes[1], TRUTH[0]) + dist(planes[0], TRUTH[1]) ? 0 : 1;
    // the fitted planes in the truth's order, for the text and the figure alike
    int[] order = {first, 1 - first};
    Prediction p = mixture.predict(xTest);
    double mse = 0;
    double spread = 0;
    for (int i = 0; i < xTest.length; i++) {
      double mean = p.answers()[i][0];
      mse += Math.pow(mean - yTest[i][0], 2) / xTest.length;
      for (int k = 0; k < 2; k++) {
        double planeK = mixture.listOfModels().get(k).predict(new double[][] {xTest[i]})[0][0];
        spread += p.pi()[i][k] * Math.pow(planeK - mean, 2) / xTest.length;
      }
    }
    log.printf("%n%s: %d EM iterations in %.1f s, converged %s, log-likelihood %.3f%n", name,
        fit.iterations(), seconds, fit.converged(), fit.logLikelihood());
    double[][] matched = new double[2][];
    for (int k = 0; k < 2; k++) {
      matched[k] = planes[order[k]];
      log.printf("  plane %d: recovered %s  truth %s  error %.3f%n", k + 1, fmt(matched[k]),
          fmt(TRUTH[k]), dist(matched[k], TRUTH[k]));
    }
    double beta = mixture.hyperParameters().scalar("beta");
    log.printf("  noise variance beta %.3f (truth 25)%n", beta);
    log.printf("  held-out MSE of the mixture mean %.1f: about beta plus the planes' spread around"
        + " that mean,%n    %.1f + %.1f = %.1f (the mean cannot know which plane an object lies"
        + " on; each plane fits its own objects to about beta)%n", mse, beta, spread,
        beta + spread);
    Prediction trainPred = mixture.predict(xTrain);
    int[] component = new int[xTrain.length];
    double[] y = new double[xTrain.length];
    for (int i = 0; i < xTrain.length; i++) {
      y[i] = yTrain[i][0];
      int fitted = responsibleExpert(mixture, xTrain[i], yTrain[i][0], trainPred.pi()[i]);
      component[i] = fitted == order[0] ? 0 : 1;
    }
    PlanesPlot.write(png, xTrain, y, component, matched, TRUTH, name);
    log.printf("  figure: %s%n", png.toAbsolutePath());
  }

  /** The expert with the largest posterior weight pi_k N(y | plane_k, beta) for one object. */
  private static int responsibleExpert(MixtureEM<EachModelLinear> mixture, double[] x, double y,
      double[] pi) {
    double beta = mixture.hyperParameters().scalar("beta");
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < pi.length; k++) {
      double pred = mixture.listOfModels().get(k).predict(new double[][] {x})[0][0];
      double score = Math.log(pi[k]) - (y - pred) * (y - pred) / (2 * beta);
      if (score > bestScore) {
        bestScore = score;
        best = k;
      }
    }
    return best;
  }

  private static Dataset<Row> frame(SparkSession spark, double[][] x, double[][] y) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      rows.add(RowFactory.create(Vectors.dense(x[i]), y[i][0]));
    }
    StructType schema = new StructType(new StructField[] {
        new StructField("features", new VectorUDT(), false, Metadata.empty()),
        new StructField("label", DataTypes.DoubleType, false, Metadata.empty())});
    return spark.createDataFrame(rows, schema);
  }

  private static double[][] resource(String name) throws IOException {
    try (InputStream in = DemoJob.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("the demo data " + name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(l -> !l.isBlank())
          .map(l -> java.util.Arrays.stream(l.split(",")).mapToDouble(Double::parseDouble)
              .toArray())
          .toArray(double[][]::new);
    }
  }

  private static int[] shuffled(int n, long seed) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Random r = new Random(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  private static double[][] pick(double[][] a, int[] order, int from, int to) {
    double[][] out = new double[to - from][];
    for (int i = from; i < to; i++) {
      out[i - from] = a[order[i]];
    }
    return out;
  }

  private static double dist(double[] a, double[] b) {
    return Math.hypot(a[0] - b[0], a[1] - b[1]);
  }

  private static String fmt(double[] w) {
    return String.format("[%7.3f, %7.3f]", w[0], w[1]);
  }
}
