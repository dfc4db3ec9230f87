package org.mixturelib.mixture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mixturelib.engine.FitResult;
import org.mixturelib.hypermodels.HyperExpertNN;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.mixture.EachModelLinear;
import org.mixturelib.support.Planted;

/**
 * 0.4-style {@code MixtureEM.fit(X, Y, group)}: planted grouped lines recovered in 'default'
 * and 'sample' mode (one expert drawn per group), and the group argument's errors.
 */
class GroupedMixtureEMTest {
  private static MixtureEM<EachModelLinear> em(String mode) {
    return new MixtureEM<>(HyperParameters.of("beta", 1.0), new HyperModelDirichlet(2),
        List.of(new EachModelLinear(2), new EachModelLinear(2)), List.of(), mode);
  }

  @Test
  void recoversPlantedGroupsInBothModes() {
    Planted.Grouped p = Planted.groupedLines(150, 11);
    for (String mode : new String[] {"default", "sample"}) {
      MixtureEM<EachModelLinear> em = em(mode);
      FitResult fit = em.fit(p.x(), p.y(), p.group());
      assertEquals(150, fit.numGroups(), mode);
      double a = em.listOfModels().get(0).W()[1][0];
      double b = em.listOfModels().get(1).W()[1][0];
      double error = Math.min(Math.max(Math.abs(a - 0.8), Math.abs(b - 1.2)),
          Math.max(Math.abs(a - 1.2), Math.abs(b - 0.8)));
      assertTrue(error < 0.1, mode + ": slopes " + a + ", " + b);
      assertEquals(150, fit.clusterSizes()[0] + fit.clusterSizes()[1], 0, mode);
    }
  }

  @Test
  void groupArgumentErrorsNameTheProblem() {
    double[][] x = {{1, 0}, {1, 1}, {1, 2}, {1, 3}};
    double[][] y = {{0}, {1}, {2}, {3}};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> em("default").fit(x, y, new Object[] {1, 1, 2}));
    assertTrue(e.getMessage().contains("group has 3 entries but X has 4 rows"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> em("default").fit(x, y, new Object[] {1, null, 2, 2}));
    assertTrue(e.getMessage().contains("row 1 has a null group key"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> em("default").fit(x, y, new Object[] {1.0, 1.0, Double.NaN, 2.0}));
    assertTrue(e.getMessage().contains("row 2 has the group key NaN"), e.getMessage());
    MixtureEM<EachModelLinear> gated = new MixtureEM<>(HyperParameters.of("beta", 1.0),
        new HyperExpertNN(2, 5, 2, 100, 7),
        List.of(new EachModelLinear(2), new EachModelLinear(2)), List.of(), "default");
    e = assertThrows(IllegalArgumentException.class,
        () -> gated.fit(x, y, new Object[] {"a", "a", "b", "b"}));
    assertTrue(e.getMessage().contains("column 'X': the rows of group 'a' differ"),
        e.getMessage());
  }
}
