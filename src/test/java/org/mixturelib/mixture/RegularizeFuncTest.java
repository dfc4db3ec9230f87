package org.mixturelib.mixture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mixturelib.regularizers.LinkFunction;

/**
 * RegularizeFunc reaches the exact maximiser of its objective. With {@code R(W0) = -||W0||²}
 * and {@code A = diag(a)}, each coordinate maximises {@code -w²/(2a) + w m / a - w²}, so
 * {@code w = m / (1 + 2a)}: for the 0.4 example (A = 1, E[W] = [1, 1]) that is 1/3, where 0.4
 * stopped at 0.9021 after 100 Adam steps.
 */
class RegularizeFuncTest {
  @Test
  void reachesTheMaximiserOfTheDocumentedExample() {
    EachModelLinear first = new EachModelLinear(2, new double[] {1, 1}, new double[] {0, 0});
    EachModelLinear second = new EachModelLinear(2, new double[] {1, 1}, new double[] {1, 1});
    first.setW(new double[][] {{0}, {0}});
    second.setW(new double[][] {{1}, {1}});
    LinkFunction r = (w0, grad) -> {
      double v = 0;
      for (int a = 0; a < w0.length; a++) {
        for (int j = 0; j < w0[a].length; j++) {
          v -= w0[a][j] * w0[a][j];
          grad[a][j] = -2 * w0[a][j];
        }
      }
      return v;
    };
    new RegularizeFunc(List.of(first, second), r, 100).mStep(null, null, null, null);
    assertEquals(0.0, first.w0()[0][0], 1e-9);
    assertEquals(1.0 / 3, second.w0()[0][0], 1e-9);
    assertEquals(1.0 / 3, second.w0()[1][0], 1e-9);
  }

  @Test
  void reachesTheMaximiserWithUnequalPriorVariances() {
    EachModelLinear model = new EachModelLinear(2, new double[] {0.5, 4}, new double[] {0, 0});
    model.setW(new double[][] {{2}, {-3}});
    LinkFunction r = (w0, grad) -> {
      double v = 0;
      for (int j = 0; j < 2; j++) {
        v -= w0[0][j] * w0[0][j];
        grad[0][j] = -2 * w0[0][j];
      }
      return v;
    };
    new RegularizeFunc(List.of(model), r, 100).mStep(null, null, null, null);
    assertEquals(2 / (1 + 2 * 0.5), model.w0()[0][0], 1e-9);
    assertEquals(-3 / (1 + 2 * 4.0), model.w0()[1][0], 1e-9);
  }
}
