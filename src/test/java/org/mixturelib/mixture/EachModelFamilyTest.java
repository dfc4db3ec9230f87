package org.mixturelib.mixture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.localmodels.ZeroInflatedExperts;
import org.mixturelib.ml.MixtureOfRegressions;
import org.mixturelib.ml.MixtureOfRegressionsModel;
import org.mixturelib.support.Spark;

/**
 * The 0.4 API over the families beyond the Gaussian ({@link EachModelFamily} in {@link
 * MixtureEM}): for negbin, zipoisson, tobit and multinomial (600 subjects of 5 choices, a
 * latent class per subject), a planted two-component mixture (N = 3000) is recovered to 0.15
 * (0.4 for the multinomial's coefficients), and the fit equals the Spark ML estimator's with the
 * same family on the same rows (log-likelihood to 1e-6, coefficients to 5e-3 and weights to
 * 1e-3: both run to a tight tolerance from the same kind of starts, where EM crawls); bad
 * families and settings are named.
 */
class EachModelFamilyTest {
  private static final int N = 3000;

  /** Planted slopes and intercepts per component (for multinomial: per level but the first). */
  private static final double[][] COUNTS = {{1, 0.5}, {-1, 2.5}};
  private static final double[][] TOBIT = {{1, 0.5}, {-1.5, 2}};
  private static final double[][] CHOICE = {{2, 0.5, -1, -0.5}, {-2, 1, 1, -1}};

  static Stream<Arguments> families() {
    return Stream.of(
        Arguments.of("negbin", Map.of(), COUNTS, (BiFunction<double[], double[], Double>)
            (w, u) -> poisson(gamma(5, u[1]) / 5 * Math.exp(w[0] * u[0] + w[1]), u[2])),
        Arguments.of("zipoisson", Map.of(), COUNTS, (BiFunction<double[], double[], Double>)
            (w, u) -> u[1] < 0.2 ? 0.0 : poisson(Math.exp(w[0] * u[0] + w[1]), u[2])),
        Arguments.of("tobit", Map.of("lower", "0"), TOBIT,
            (BiFunction<double[], double[], Double>) (w, u) -> Math.max(0, w[0] * u[0] + w[1]
                + 0.5 * normal(u[1], u[2]))),
        Arguments.of("multinomial", Map.of("labelLevels", "[\"0\",\"1\",\"2\"]"), CHOICE,
            (BiFunction<double[], double[], Double>) (w, u) -> {
              double e1 = Math.exp(w[0] * u[0] + w[1]);
              double e2 = Math.exp(w[2] * u[0] + w[3]);
              double v = u[1] * (1 + e1 + e2);
              return v < 1 ? 0.0 : v < 1 + e1 ? 1.0 : 2.0;
            }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("families")
  void plantedMixtureIsRecoveredAsTheSparkEstimatorFitsIt(String family,
      Map<String, String> settings, double[][] truth,
      BiFunction<double[], double[], Double> answer) {
    SplittableRandom rnd = new SplittableRandom(family.hashCode());
    // a categorical answer: subjects of 5 choices each, a latent class per subject (y ~ x | g)
    int group = family.equals("multinomial") ? 5 : 1;
    double[][] x = new double[N][];
    double[][] features = new double[N][];
    double[][] y = new double[N][];
    Object[] groups = new Object[N];
    int planted = 0;
    for (int i = 0; i < N; i++) {
      double v = 2 * rnd.nextDouble() - 1;
      if (i % group == 0) {
        planted = rnd.nextDouble() < 0.4 ? 1 : 0;
      }
      groups[i] = (double) (i / group);
      x[i] = new double[] {v, 1}; // the intercept last, as the estimators place it
      features[i] = new double[] {v};
      y[i] = new double[] {answer.apply(truth[planted], new double[] {v, rnd.nextDouble(),
          rnd.nextDouble()})};
    }
    List<EachModelFamily> models = List.of(new EachModelFamily(family, 2, settings),
        new EachModelFamily(family, 2, settings));
    MixtureEM<EachModelFamily> em = new MixtureEM<>(HyperParameters.of("beta", 1.0),
        new HyperModelDirichlet(2), models, List.of(), "default");
    // the estimator's starts (MixtureEM's own are cheaper: 5 runs of at most 10 iterations)
    em.config().tol(1e-10).maxIter(2000).seed(3).numInit(10).initIterations(50);
    if (group > 1) {
      em.fit(x, y, groups);
    } else {
      em.fit(x, y);
    }

    MixtureOfRegressions estimator = new MixtureOfRegressions().setK(2).setFamily(family)
        .setTol(1e-10).setMaxIter(2000).setSeed(3);
    if (settings.containsKey("lower")) {
      estimator.setLower(Double.parseDouble(settings.get("lower")));
    }
    Dataset<Row> frame = Spark.frame(features, y, 1);
    if (group > 1) { // one partition: the ids are the row numbers
      frame = frame.withColumn("g", functions.floor(functions.monotonically_increasing_id()
          .divide(group)));
      estimator.setGroupCol("g");
    }
    MixtureOfRegressionsModel spark = estimator.fit(frame);

    int columns = truth[0].length / 2;
    // the multinomial's coefficients have standard errors near 0.13 here (classes of 240 and
    // 360 subjects): three of them
    double near = group > 1 ? 0.4 : 0.15;
    // the components in the planted order: by the first slope's sign
    int first = models.get(0).W()[0][0] > 0 ? 0 : 1;
    int sparkFirst = spark.coefficients().apply(0, 0) > 0 ? 0 : 1;
    for (int c = 0; c < 2; c++) {
      double[][] w = models.get(c == 0 ? first : 1 - first).W();
      int k = c == 0 ? sparkFirst : 1 - sparkFirst;
      for (int l = 0; l < columns; l++) {
        String what = family + " component " + c + (columns > 1 ? " level " + (l + 1) : "");
        assertEquals(truth[c][2 * l], w[0][l], near, what + " slope");
        assertEquals(truth[c][2 * l + 1], w[1][l], near, what + " intercept");
        assertEquals(spark.coefficients().apply(k * columns + l, 0), w[0][l], 5e-3,
            what + " slope as Spark ML's");
        assertEquals(spark.intercepts().apply(k * columns + l), w[1][l], 5e-3,
            what + " intercept as Spark ML's");
      }
    }
    double ll = spark.summary().logLikelihood();
    assertEquals(ll, em.lastFit().logLikelihood(), 1e-6 * Math.abs(ll), family + " bound");
    if (!family.startsWith("zi")) { // a zero-inflated mixture's weights are not identified
      assertEquals(spark.mixingWeights().apply(sparkFirst),
          em.predict(new double[][] {{0, 1}}).pi()[0][first], 1e-3, family + " weight");
    }
    assertEquals(family, models.get(0).expert().typeId());
  }

  @Test
  void theZeroPartIsTheFamilysOwnAndBadSettingsAreNamed() {
    EachModelFamily zi = new EachModelFamily("zipoisson", 2);
    assertTrue(zi.expert() instanceof ZeroInflatedExperts);
    String unknown = assertThrows(IllegalArgumentException.class,
        () -> new EachModelFamily("poisonn", 2)).getMessage();
    assertTrue(unknown.contains("family 'poisonn' is unknown"), unknown);
    String setting = assertThrows(IllegalArgumentException.class,
        () -> new EachModelFamily("negbin", 2, Map.of("lower", "0"))).getMessage();
    assertTrue(setting.contains("lower"), setting);
    String limits = assertThrows(IllegalArgumentException.class,
        () -> new EachModelFamily("tobit", 2, Map.of("lower", "1", "upper", "0")))
        .getMessage();
    assertTrue(limits.contains("setting 'lower' (1.0) must be below setting 'upper'"), limits);
  }

  private static double poisson(double mu, double u) {
    double p = Math.exp(-mu);
    double cdf = p;
    int k = 0;
    while (u > cdf && k < 10_000) {
      k++;
      p *= mu / k;
      cdf += p;
    }
    return k;
  }

  private static double normal(double u, double v) {
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  }

  /** A Gamma(shape, 1) draw (Marsaglia and Tsang) seeded by the uniform u. */
  private static double gamma(double shape, double u) {
    SplittableRandom rnd = new SplittableRandom(Double.doubleToLongBits(u));
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double z = normal(rnd.nextDouble(), rnd.nextDouble());
      double v = Math.pow(1 + c * z, 3);
      if (v > 0 && Math.log(rnd.nextDouble()) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
        return d * v;
      }
    }
  }
}
