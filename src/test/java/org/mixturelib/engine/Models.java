package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.hypermodels.LinearGate;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.localmodels.NoiseModel;

/** flexmix's models built for the engine, and the checks every fit in these tests passes. */
public final class Models {
  private Models() {}

  /**
   * A mixture of k Gaussian regressions with d coefficients, a variance per component and
   * maximum-likelihood weights (flexmix's FLXMRglm with a constant concomitant model).
   */
  public static MixtureState regressions(int k, int d) {
    double[] mu = new double[k];
    Arrays.fill(mu, 1);
    return new MixtureState(experts(k, d), new HyperModelDirichlet(mu, false));
  }

  /** The same experts with a linear softmax gate on the same d features (FLXPmultinom). */
  public static MixtureState gated(int k, int d) {
    return new MixtureState(experts(k, d), new LinearGate(d, k));
  }

  private static LinearExperts experts(int k, int d) {
    LinearExperts e = new LinearExperts(k, d, 1);
    e.setNoiseModel(NoiseModel.PER_COMPONENT);
    return e;
  }

  /** Rows {@code [1, columns...]} and the answers y. */
  public static InMemorySource withIntercept(double[] y, double[]... columns) {
    double[][] x = new double[y.length][columns.length + 1];
    double[][] yy = new double[y.length][1];
    for (int i = 0; i < y.length; i++) {
      x[i][0] = 1;
      for (int j = 0; j < columns.length; j++) {
        x[i][j + 1] = columns[j][i];
      }
      yy[i][0] = y[i];
    }
    return InMemorySource.of(x, yy, null);
  }

  /** Fits with the engine's default settings. */
  public static FitResult fit(InMemorySource data, MixtureState model) {
    return fit(data, model, new EmConfig());
  }

  /** Fits with the given settings, checking that the bound never decreased. */
  public static FitResult fit(InMemorySource data, MixtureState model, EmConfig config) {
    FitResult r = new EmEngine(data, List.of(), config).fit(model);
    assertMonotone(r);
    return r;
  }

  /** See {@link org.mixturelib.support.FitChecks#assertMonotone}. */
  public static void assertMonotone(FitResult r) {
    org.mixturelib.support.FitChecks.assertMonotone(r, "fit");
  }

}
