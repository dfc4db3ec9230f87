package org.mixturelib.mixture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mixturelib.hypermodels.Gate;
import org.mixturelib.hypermodels.HyperExpertNN;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.mixture.EachModelLinear;
import org.mixturelib.support.Fixtures;

/**
 * The default settings separate the two planes of 0.4's chapter 3 on all six fixture seeds,
 * with both gates and both modes: each recovered plane within 2.0 of the truth in 'default'
 * mode, within 3.0 in 'sample' mode.
 */
class TwoPlanesTest {
  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (String seed : new String[] {"0", "1", "2", "3", "4", "42"}) {
      for (String gate : new String[] {"dirichlet", "mlp"}) {
        for (String mode : new String[] {"default", "sample"}) {
          b.add(Arguments.of(seed, gate, mode));
        }
      }
    }
    return b.build();
  }

  static Gate gate(String name) {
    return name.equals("mlp") ? new HyperExpertNN(2, 5, 2, 100, 7) : new HyperModelDirichlet(2);
  }

  /** Distance of each true plane to the nearest recovered plane, the larger of the two. */
  static double worstError(double[][] w0, double[][] w1) {
    double[][] truth = {{10, 0}, {0, 30}};
    double[][] fit = {{w0[0][0], w0[1][0]}, {w1[0][0], w1[1][0]}};
    double straight = Math.max(dist(truth[0], fit[0]), dist(truth[1], fit[1]));
    double crossed = Math.max(dist(truth[0], fit[1]), dist(truth[1], fit[0]));
    return Math.min(straight, crossed);
  }

  static double dist(double[] a, double[] b) {
    return Math.hypot(a[0] - b[0], a[1] - b[1]);
  }

  @ParameterizedTest(name = "seed {0}, {1} gate, {2} mode")
  @MethodSource("cases")
  void recoversBothPlanes(String seed, String gateName, String mode) {
    double[][] x = Fixtures.docMatrix("two_planes_seed" + seed + ".X.csv");
    double[][] y = Fixtures.docMatrix("two_planes_seed" + seed + ".Y.csv");
    MixtureEM<EachModelLinear> em = new MixtureEM<>(HyperParameters.of("beta", 1.0), gate(gateName),
        List.of(new EachModelLinear(2), new EachModelLinear(2)), List.of(), mode);
    em.fit(x, y);
    double error = worstError(em.listOfModels().get(0).W(), em.listOfModels().get(1).W());
    double limit = mode.equals("default") ? 2.0 : 3.0;
    assertTrue(error < limit, "worst plane error " + error + " >= " + limit);
  }
}
