package org.mixturelib.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.mixturelib.data.Block;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.engine.FitResult;
import org.mixturelib.engine.MixturePrediction;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.localmodels.LinearExperts;

/** Checks shared by the generated-case tests. */
public final class FitChecks {
  private FitChecks() {}

  /**
   * Every output of the fit is finite: parameters, covariances, figures, bound history, and the
   * predictions (mixing weights summing to one, means, variances) on the training rows.
   */
  public static void assertFinite(FitResult r, InMemorySource data, String what) {
    MixtureState s = r.state();
    LinearExperts ex = LinearState.experts(s);
    for (int e = 0; e < ex.numExperts(); e++) {
      assertAllFinite(ex.coefficients(e), what + ": coefficients of expert " + e);
      double[] cov = ex.covariance(e);
      if (cov != null) {
        assertAllFinite(cov, what + ": covariance of expert " + e);
      }
    }
    assertAllFinite(ex.noiseVariances(), what + ": noise variances");
    assertAllFinite(r.boundHistory(), what + ": bound history");
    assertAllFinite(r.componentWeights(), what + ": component weights");
    assertAllFinite(new double[] {r.logLikelihood(), r.entropy(), r.aic(), r.bic(), r.icl()},
        what + ": logLik, entropy, AIC, BIC, ICL");
    for (Block b : data.blocks()) {
      MixturePrediction p = MixturePrediction.of(s, b);
      assertAllFinite(p.pi(), what + ": predicted pi");
      assertAllFinite(p.mean(), what + ": predicted mean");
      assertAllFinite(p.variance(), what + ": predictive variance");
      int k = s.k();
      for (int i = 0; i < b.n; i++) {
        double sum = 0;
        for (int c = 0; c < k; c++) {
          sum += p.pi()[i * k + c];
        }
        assertEquals(1.0, sum, 1e-9, what + ": pi of row " + (b.firstRow + i) + " sums to");
      }
    }
  }

  /**
   * The bound never decreases by more than 1e-9 relative between recorded iterations, except
   * where the engine changed the model (a component removed or re-seeded).
   */
  public static void assertMonotone(FitResult r, String what) {
    double[] h = r.boundHistory();
    java.util.Set<Integer> changes = new java.util.HashSet<>();
    for (int c : r.modelChanges()) {
      changes.add(c);
    }
    for (int t = 1; t < h.length; t++) {
      if (changes.contains(t)) {
        continue;
      }
      double drop = h[t - 1] - h[t];
      assertTrue(drop <= 1e-9 * Math.abs(h[t - 1]), what + ": bound decreased at iteration " + t
          + ": " + h[t - 1] + " -> " + h[t] + " (history " + Arrays.toString(h) + ")");
    }
  }

  private static void assertAllFinite(double[] a, String what) {
    for (int i = 0; i < a.length; i++) {
      final int at = i;
      assertTrue(Double.isFinite(a[i]), () -> what + " [" + at + "] = " + a[at]);
    }
  }
}
