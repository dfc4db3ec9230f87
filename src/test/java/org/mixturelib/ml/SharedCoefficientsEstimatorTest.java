package org.mixturelib.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.localmodels.CoefficientStructure;
import org.mixturelib.support.Spark;

/**
 * The params fixedFeatures and nestedFeatures (flexmix's FLXMRglmfix) through the Spark ML
 * estimator: Gaussian and Poisson fits whose shared coefficients are one value, fewer free
 * parameters, standard errors with one position per shared coefficient, save and load, and bad
 * values named by param.
 */
class SharedCoefficientsEstimatorTest {
  @TempDir
  Path dir;

  /** features [x, w]; two components a_k + b_k x + 0.7 w (w's effect shared). */
  private static Dataset<Row> frame(boolean poisson, int partitions) {
    Random r = new Random(9);
    int n = 3000;
    double[][] x = new double[n][];
    double[][] y = new double[n][1];
    for (int i = 0; i < n; i++) {
      double xi = r.nextGaussian();
      double wi = r.nextDouble();
      x[i] = new double[] {xi, wi};
      boolean first = r.nextDouble() < 0.5;
      if (poisson) {
        double mean = Math.exp((first ? 0.5 + 0.8 * xi : 2.0 - 0.5 * xi) + 0.7 * wi);
        int k = 0;
        for (double p = r.nextDouble(), l = Math.exp(-mean); p > l; p *= r.nextDouble()) {
          k++;
        }
        y[i][0] = k;
      } else {
        y[i][0] = (first ? -3 + xi : 3 - xi) + 0.7 * wi + 0.5 * r.nextGaussian();
      }
    }
    return Spark.frame(x, y, partitions);
  }

  @Test
  void sharedFeatureIsOneCoefficientAndSavesAndLoads() throws Exception {
    for (String family : new String[] {"gaussian", "poisson"}) {
      MixtureOfRegressions est = new MixtureOfRegressions().setK(2).setSeed(3)
          .setFamily(family).setFixedFeatures(new int[] {1});
      MixtureOfRegressionsModel m = est.fit(frame(family.equals("poisson"), 3));
      double[] c = m.coefficients().toArray(); // 2 x 2, column-major: x then w
      assertEquals(c[2], c[3], 0, family + ": w's coefficient is shared");
      assertEquals(0.7, c[2], 0.15, family);
      // 2 intercepts, 2 slopes, 1 shared, (2 variances,) 1 weight
      assertEquals(family.equals("gaussian") ? 8 : 6, m.summary().numFreeParameters(), family);
      CoefficientStructure s = m.coefficientStructure();
      assertEquals(5, s.size());
      // the standard errors: the shared coefficient's is one number for both components
      assertTrue(m.summary().hasStandardErrors(), family);
      double se0 = m.summary().coefficientStandardErrors().apply(0, 1);
      assertEquals(se0, m.summary().coefficientStandardErrors().apply(1, 1), 0, family);
      assertTrue(se0 > 0 && se0 < 0.2, family + ": " + se0);

      Path saved = dir.resolve(family);
      m.save(saved.toString());
      MixtureOfRegressionsModel back = MixtureOfRegressionsModel.load(saved.toString());
      assertEquals(m.coefficients(), back.coefficients());
      assertEquals(1, back.getFixedFeatures()[0]);
      assertEquals(m.logLikelihood(frame(family.equals("poisson"), 1)),
          back.logLikelihood(frame(family.equals("poisson"), 1)), 1e-9);
    }
  }

  @Test
  void nestedGroupsZeroTheOthers() {
    MixtureOfRegressionsModel m = new MixtureOfRegressions().setK(2).setSeed(3)
        .setFixedFeatures(new int[] {1}).setNestedFeatures("1:0").fit(frame(false, 2));
    double[] c = m.coefficients().toArray();
    assertEquals(0, c[1], 0, "component 2 has no x coefficient");
    assertEquals(c[2], c[3], 0);
  }

  @Test
  void badValuesAreNamedByParam() {
    Dataset<Row> data = frame(false, 1);
    IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
        () -> new MixtureOfRegressions().setFixedFeatures(new int[] {2}).fit(data));
    assertTrue(range.getMessage().startsWith("fixedFeatures: index 2 is outside the features"
        + " vector (column 'features' has 2 entries"), range.getMessage());
    IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
        () -> new MixtureOfRegressions().setFixedFeatures(new int[] {1})
            .setNestedFeatures("1,2:1").fit(data));
    assertTrue(both.getMessage().startsWith("fixedFeatures / nestedFeatures: feature 1 is"
        + " both fixed and nested"), both.getMessage());
    IllegalArgumentException syntax = assertThrows(IllegalArgumentException.class,
        () -> new MixtureOfRegressions().setNestedFeatures("1,2").fit(data));
    assertTrue(syntax.getMessage().startsWith("nestedFeatures: group '1,2' is not"
        + " 'components:features'"), syntax.getMessage());
    IllegalArgumentException component = assertThrows(IllegalArgumentException.class,
        () -> new MixtureOfRegressions().setNestedFeatures("1,3:0").fit(data));
    assertTrue(component.getMessage().startsWith("nestedFeatures: group '1,3:0' names"
        + " component 3; components are 1 to k = 2"), component.getMessage());
    IllegalArgumentException own = assertThrows(IllegalArgumentException.class,
        () -> new MixtureOfRegressions().setFamily("laplace").setFixedFeatures(new int[] {1})
            .fit(data));
    assertEquals("fixedFeatures and nestedFeatures are not supported with family 'laplace'"
        + " (its experts do not share coefficients)", own.getMessage());
    IllegalArgumentException prior = assertThrows(IllegalArgumentException.class,
        () -> new MixtureOfRegressions().setFixedFeatures(new int[] {1}).setPriorCovariance(10)
            .fit(data));
    assertTrue(prior.getMessage().contains("cannot be combined with a prior"),
        prior.getMessage());
  }
}
