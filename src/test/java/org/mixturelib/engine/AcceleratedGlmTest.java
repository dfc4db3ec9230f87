package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.Block;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.localmodels.ExpertKernel;
import org.mixturelib.localmodels.GlmExperts;
import org.mixturelib.localmodels.GlmFamily;

/**
 * GLM experts under SQUAREM ({@code VectorExperts}: coefficients and log shapes): from the same
 * start, plain and accelerated EM reach the same optimum (log-likelihood per row to 1e-6) on
 * planted Poisson and negative binomial mixtures, the accelerated fit in fewer iterations, with
 * a bound that never decreases ({@link Models#fit} checks it); the parameter vector moves the
 * experts exactly.
 */
class AcceleratedGlmTest {
  private static final int N = 4000;
  private static final int D = 3;
  private static final double[][] BETA = {{1.0, 0.5, -0.3}, {2.0, -0.4, 0.3}, {0.2, 0.2, 0.4}};
  private static final double[] SHARES = {0.5, 0.3, 0.2};

  /**
   * Rows {@code [1, x1, x2]} and counts: Poisson with mean {@code exp(x β_c)}, times a Gamma
   * draw of shape 2 and mean 1 when {@code overdispersed} (a negative binomial of theta 2).
   */
  private static InMemorySource plant(boolean overdispersed, long seed) {
    Random rnd = new Random(seed);
    double[][] x = new double[N][D];
    double[][] y = new double[N][1];
    for (int i = 0; i < N; i++) {
      x[i][0] = 1;
      for (int j = 1; j < D; j++) {
        x[i][j] = rnd.nextGaussian();
      }
      double u = rnd.nextDouble();
      int c = u < SHARES[0] ? 0 : u < SHARES[0] + SHARES[1] ? 1 : 2;
      double eta = 0;
      for (int j = 0; j < D; j++) {
        eta += BETA[c][j] * x[i][j];
      }
      double mean = Math.exp(eta);
      if (overdispersed) {
        mean *= -(Math.log(rnd.nextDouble()) + Math.log(rnd.nextDouble())) / 2;
      }
      double limit = Math.exp(-mean);
      double p = rnd.nextDouble();
      int count = 0;
      while (p > limit) {
        p *= rnd.nextDouble();
        count++;
      }
      y[i][0] = count;
    }
    return new InMemorySource(BlockBuilder.fromArrays(x, y, null, 1024));
  }

  private static MixtureState model(GlmFamily family) {
    double[] ones = new double[3];
    Arrays.fill(ones, 1);
    return new MixtureState(new GlmExperts(family, 3, D), new HyperModelDirichlet(ones, false));
  }

  private static EmConfig config(boolean accelerated, long seed) {
    return new EmConfig().acceleration(accelerated).tol(1e-10).maxIter(5000).numInit(1)
        .seed(seed).perturbations(0);
  }

  private static void sameOptimumInFewerIterations(GlmFamily family, boolean overdispersed) {
    InMemorySource data = plant(overdispersed, 1);
    FitResult p = Models.fit(data, model(family), config(false, 1));
    FitResult a = Models.fit(data, model(family), config(true, 1));
    assertTrue(p.converged() && a.converged(), "plain " + p.converged() + ", accelerated "
        + a.converged());
    assertEquals(p.logLikelihood() / N, a.logLikelihood() / N, 1e-6, family.typeId()
        + ": plain " + p.logLikelihood() + ", accelerated " + a.logLikelihood());
    assertTrue(a.iterations() < p.iterations(), family.typeId() + ": accelerated "
        + a.iterations() + " iterations, plain " + p.iterations());
  }

  @Test
  void poissonSameOptimumInFewerIterations() {
    sameOptimumInFewerIterations(GlmFamily.POISSON, false);
  }

  @Test
  void negativeBinomialWithItsShapeSameOptimumInFewerIterations() {
    sameOptimumInFewerIterations(GlmFamily.NEGBIN, true);
  }

  /** Log-densities of every row and expert (row-major n x K) over the source's blocks. */
  private static double[] logDensities(GlmExperts experts, InMemorySource data) {
    ExpertKernel kernel = experts.newKernel();
    double[] all = new double[N * 3];
    int at = 0;
    for (Block b : data.blocks()) {
      double[] out = new double[b.n * 3];
      kernel.addLogLikelihood(b, true, out);
      System.arraycopy(out, 0, all, at, out.length);
      at += out.length;
    }
    return all;
  }

  @Test
  void parameterVectorMovesTheExpertsExactly() {
    GlmExperts fresh = new GlmExperts(GlmFamily.NEGBIN, 3, D);
    assertNull(fresh.parameterVector(), "no vector before the first M-step");
    InMemorySource data = plant(true, 3);
    FitResult fit = Models.fit(data, model(GlmFamily.NEGBIN), config(false, 3).maxIter(5));
    GlmExperts fitted = (GlmExperts) fit.state().experts();
    double[] v = fitted.parameterVector();
    assertEquals(3 * D + 3, v.length, "coefficients, then one log shape per expert");
    GlmExperts moved = fitted.copy();
    double[] other = v.clone();
    Arrays.fill(other, 0.1);
    moved.setParameterVector(other);
    assertArrayEquals(other, moved.parameterVector(), 1e-15);
    assertEquals(Math.exp(-0.1), moved.dispersions()[0], 1e-15, "dispersion 1 / exp(0.1)");
    moved.setParameterVector(v);
    assertArrayEquals(v, moved.parameterVector(), 0.0);
    assertArrayEquals(logDensities(fitted, data), logDensities(moved, data), 0.0);
  }
}
