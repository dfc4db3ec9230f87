package org.mixturelib.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class MixtureOfExpertsTest {
  @Test
  void linearGateSeparatesGatedExperts() {
    Lines.Data d = Lines.gated(300, 3);
    Dataset<Row> df = Lines.frame(d, 2);
    long t0 = System.nanoTime();
    MixtureOfExpertsModel model = new MixtureOfExperts().setNumInit(1).setMaxIter(12)
        .fit(df);
    System.out.println("linear gate fit " + (System.nanoTime() - t0) / 1e9 + " s, "
        + model.summary().numIterations() + " iterations, log-likelihood "
        + model.summary().logLikelihood());
    double[] slopes = model.coefficients().toArray();
    double[] b = model.intercepts().toArray();
    int left = slopes[0] > 0 ? 0 : 1;
    assertEquals(2.0, slopes[left], 0.15);
    assertEquals(1.0, b[left], 0.15);
    assertEquals(-1.5, slopes[1 - left], 0.2);
    assertEquals(2.0, b[1 - left], 0.2);
    // gate: inputs are the features without the intercept column
    assertArrayEquals(new int[] {1, 2}, model.gateLayerSizes());
    assertEquals(4, model.gateParameters().size());
    // experts 2 x 2 coefficients + 2 noise variances + gate (1 + 1) x (2 - 1)
    assertEquals(8, model.summary().numFreeParameters());
    List<Row> rows = model.transform(df).select("x", "probability").collectAsList();
    for (Row r : rows) {
      double x = r.getDouble(0);
      Vector pi = r.getAs(1);
      if (Math.abs(x) > 1) {
        assertTrue(pi.apply(x < 0 ? left : 1 - left) > 0.9, "pi(" + x + ") = " + pi);
      }
    }
  }

  @Test
  void aWarmStartContinuesFromTheGivenModel() {
    Dataset<Row> df = Lines.frame(Lines.gated(80, 4), 1);
    MixtureOfExpertsModel start = new MixtureOfExperts().setNumInit(1).setMaxIter(2).fit(df);
    double[] before = start.summary().objectiveHistory();
    MixtureOfExpertsModel warm = new MixtureOfExperts().setInitMode("given")
        .setInitialModel(start).setMaxIter(1).fit(df);
    // the warm fit's first E-step scores the given parameters: the bound the first fit ended at
    double first = warm.summary().objectiveHistory()[0];
    assertEquals(before[before.length - 1], first, 1e-9 * Math.abs(first));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MixtureOfExperts().setGate("mlp").setInitMode("given")
            .setInitialModel(start).fit(df));
    assertTrue(e.getMessage().startsWith("initialModel has gate 'linear'"), e.getMessage());
  }

  @Test
  void mlpGateNeedsHiddenLayers() {
    MixtureOfExperts est = new MixtureOfExperts().setGate("mlp").setHiddenLayers(new int[0]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> est.transformSchema(Lines.SCHEMA));
    assertTrue(e.getMessage().startsWith("hiddenLayers:"), e.getMessage());
    IllegalArgumentException g = assertThrows(IllegalArgumentException.class,
        () -> est.setGate("tree"));
    assertTrue(g.getMessage().contains("gate"), g.getMessage());
  }
}
