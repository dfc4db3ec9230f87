package org.mixturelib.mixture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link EachModelLinear#withDiagonalPrior}: with every hyperparameter optimized it is 0.4's
 * one-dimensional A constructor; the evidence update keeps A diagonal; OptimizedHyper holds.
 */
class DiagonalPriorTest {
  private final double[][] x = new double[30][2];
  private final double[][] y = new double[30][1];
  private final double[][] z = new double[30][1];

  DiagonalPriorTest() {
    Random r = new Random(5);
    for (int i = 0; i < x.length; i++) {
      x[i][0] = r.nextGaussian();
      x[i][1] = r.nextGaussian();
      y[i][0] = 2 * x[i][0] - x[i][1] + 0.3 * r.nextGaussian();
      z[i][0] = 1;
    }
  }

  private void steps(EachModelLinear model) {
    HyperParameters hp = HyperParameters.of("beta", 0.5);
    model.eStep(x, y, z, hp);
    model.mStep(x, y, z, hp);
  }

  @Test
  void equalsTheDiagonalConstructorAndStaysDiagonal() {
    EachModelLinear given = new EachModelLinear(2, new double[] {1, 4}, new double[] {0, 0});
    EachModelLinear built = EachModelLinear.withDiagonalPrior(2, 1, new double[] {1, 4},
        new double[] {0, 0}, Set.of("A", "w_0", "beta"));
    steps(given);
    steps(built);
    for (int r = 0; r < 2; r++) {
      assertArrayEquals(given.A()[r], built.A()[r], 0.0);
      assertArrayEquals(given.w0()[r], built.w0()[r], 0.0);
    }
    assertEquals(0.0, built.A()[0][1], 0.0, "A stays diagonal");
    assertNotEquals(1.0, built.A()[0][0], "A was updated");
  }

  @Test
  void updatesOnlyWhatOptimizedHyperNames() {
    EachModelLinear model = EachModelLinear.withDiagonalPrior(2, 1, new double[] {1, 4},
        new double[] {0, 0}, Set.of("A"));
    steps(model);
    assertArrayEquals(new double[] {0}, model.w0()[0], 0.0);
    assertArrayEquals(new double[] {0}, model.w0()[1], 0.0);
    assertNotEquals(1.0, model.A()[0][0]);
    assertEquals(0.0, model.A()[1][0], 0.0);
  }
}
