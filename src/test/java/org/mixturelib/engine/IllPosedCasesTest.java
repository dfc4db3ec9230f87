package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.hypermodels.Gate;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.hypermodels.LinearGate;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.support.FitChecks;
import org.mixturelib.support.LogCapture;
import org.mixturelib.support.RandomCase;

/**
 * Generated ill-posed data sets: each either fits, with every output finite and a warning that
 * names the problem when the data are degenerate, or stops with a clear error of the library
 * ({@link IllegalArgumentException}, or {@link NumericalFailureException} carrying the last good
 * parameters); never an exception from inside the linear algebra.
 */
class IllPosedCasesTest {
  private static final int CASES_PER_DEFECT = 16;

  /** What is wrong with the data. */
  enum Defect {
    /** Two constant columns (the intercept and another one): collinear. */
    CONSTANT_COLUMNS(true),
    /** A feature column repeated (times a factor): collinear. */
    DUPLICATED_COLUMN(true),
    /**
     * Within the rows of one planted expert, two features are equal: that expert's X is
     * rank-deficient while the whole X is not (handled by the prior or a ridge; a warning only
     * when a fitted expert is singular).
     */
    RANK_DEFICIENT_EXPERT(false),
    /**
     * Every label equal (zero or not), with an intercept column: a perfect fit, the noise
     * variance at its floor.
     */
    EQUAL_LABELS(true),
    /** A few labels a million to ten billion times the others. */
    HUGE_OUTLIERS(false),
    /** Barely more rows than parameters. */
    FEW_ROWS(false);

    final boolean degenerate;

    Defect(boolean degenerate) {
      this.degenerate = degenerate;
    }
  }

  /** A generated case with its defect and the model it is fitted with. */
  record Case(Defect defect, RandomCase base, double[][] x, double[][] y, String model) {
    @Override
    public String toString() {
      return defect + ", " + model + ", " + base + (x.length == base.n() ? ""
          : ", first " + x.length + " rows");
    }
  }

  static Stream<Case> cases() {
    return Arrays.stream(Defect.values()).flatMap(defect -> IntStream.range(0, CASES_PER_DEFECT)
        .mapToObj(i -> make(defect, 7000L + 100L * defect.ordinal() + i)));
  }

  private static Case make(Defect defect, long seed) {
    RandomCase base = RandomCase.wellPosed(seed);
    Random r = new Random(seed ^ 0x5DEECE66DL);
    double[][] x = copy(base.x());
    double[][] y = copy(base.y());
    switch (defect) {
      case CONSTANT_COLUMNS -> {
        x = appendColumn(x, i -> 1.0);
        double c = base.featureScale() * (0.5 + r.nextDouble());
        x = appendColumn(x, i -> c);
      }
      case DUPLICATED_COLUMN -> {
        double[][] src = x;
        double factor = r.nextBoolean() ? 1 : -2.5;
        x = appendColumn(x, i -> factor * src[i][0]);
      }
      case RANK_DEFICIENT_EXPERT -> {
        double[][] src = x;
        x = appendColumn(x, i -> base.z()[i] == 0 ? src[i][0] : base.featureScale()
            * r.nextGaussian());
      }
      case EQUAL_LABELS -> {
        if (!base.intercept()) {
          x = appendColumn(x, i -> 1.0);
        }
        double c = r.nextBoolean() ? 0 : base.labelScale() * r.nextGaussian();
        for (double[] row : y) {
          Arrays.fill(row, c);
        }
      }
      case HUGE_OUTLIERS -> {
        int count = 1 + r.nextInt(4);
        for (int o = 0; o < count; o++) {
          double[] row = y[r.nextInt(y.length)];
          for (int j = 0; j < row.length; j++) {
            row[j] = (r.nextBoolean() ? 1 : -1) * Math.pow(10, 6 + 4 * r.nextDouble())
                * base.labelScale();
          }
        }
      }
      case FEW_ROWS -> {
        int n = base.k() * (base.d() + 1) + 1;
        x = Arrays.copyOf(x, n);
        y = Arrays.copyOf(y, n);
      }
      default -> throw new AssertionError(defect);
    }
    String[] models = {"maximum likelihood, MAP weights", "Bayesian, variational weights",
        "maximum likelihood, softmax gate"};
    return new Case(defect, base, x, y, models[(int) (seed % 3)]);
  }

  private static double[][] copy(double[][] a) {
    return Arrays.stream(a).map(double[]::clone).toArray(double[][]::new);
  }

  private static double[][] appendColumn(double[][] x, java.util.function.IntToDoubleFunction f) {
    double[][] out = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      out[i] = Arrays.copyOf(x[i], x[i].length + 1);
      out[i][x[i].length] = f.applyAsDouble(i);
    }
    return out;
  }

  private static MixtureState initial(Case c, int d, int m) {
    int k = c.base().k() + 1;
    LinearExperts experts = new LinearExperts(k, d, m);
    Gate gate;
    if (c.model().startsWith("Bayesian")) {
      double[] identity = new double[d * d];
      for (int j = 0; j < d; j++) {
        identity[j * d + j] = 1;
      }
      for (int e = 0; e < k; e++) {
        experts.setPrior(e, identity, true, new double[d * m]);
      }
      experts.setUpdatePriorCovariances(true);
      gate = new HyperModelDirichlet(k);
    } else if (c.model().endsWith("softmax gate")) {
      gate = new LinearGate(d, k);
    } else {
      double[] mu = new double[k];
      Arrays.fill(mu, 1.0);
      gate = new HyperModelDirichlet(mu, false);
    }
    return new MixtureState(experts, gate);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fitsWithAWarningOrStopsWithAClearError(Case c) {
    EmConfig config = new EmConfig().numInit(2).initIterations(5).maxIter(60).seed(c.base()
        .seed());
    List<String> warnings;
    try (LogCapture log = new LogCapture()) {
      InMemorySource data = InMemorySource.of(c.x(), c.y(), null);
      FitResult r = null;
      RuntimeException error = null;
      try {
        r = new EmEngine(data, List.of(), config).fit(initial(c, data.numFeatures(),
            data.numOutputs()));
      } catch (RuntimeException e) {
        error = e;
      }
      warnings = log.warnings();
      if (error != null) {
        assertClear(error, c);
        return;
      }
      FitChecks.assertFinite(r, data, c.toString());
    }
    if (c.defect().degenerate) {
      assertTrue(warnings.stream().anyMatch(w -> !w.contains("maxIter")),
          c + ": fitted degenerate data without a warning; warnings: " + warnings);
    }
  }

  private static void assertClear(RuntimeException e, Case c) {
    String trace = stackTrace(e);
    if (!(e instanceof IllegalArgumentException || e instanceof NumericalFailureException)) {
      fail(c + ": not a clear error: " + trace);
    }
    assertNotNull(e.getMessage(), c + ": no message: " + trace);
    assertFalse(e.getMessage().isBlank(), c + ": blank message");
    for (StackTraceElement f : e.getStackTrace()) {
      assertFalse(f.getClassName().startsWith("dev.ludovic") || f.getClassName()
          .startsWith("org.netlib"), c + ": thrown from the linear algebra: " + trace);
    }
    if (e instanceof NumericalFailureException n) {
      assertNotNull(n.lastGood(), c + ": no last good parameters");
      assertTrue(n.lastGood().experts().isFinite(), c + ": last good parameters not finite");
    }
  }

  private static String stackTrace(Throwable e) {
    java.io.StringWriter w = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(w));
    return w.toString();
  }
}
