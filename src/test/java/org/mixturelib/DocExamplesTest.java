package org.mixturelib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.hypermodels.HyperModelGateSparsed;
import org.mixturelib.mixture.EachModelLinear;
import org.mixturelib.mixture.HyperParameters;
import org.mixturelib.mixture.RegularizeModel;
import org.mixturelib.support.Fixtures;

/** The documented 0.4 outputs on the doc-example fixtures, to 1e-4. */
class DocExamplesTest {
  private static final double TOL = 1e-4;

  @Test
  void eachModelLinearPredictsTheDocumentedValues() {
    double[][] x = Fixtures.docMatrix("each_model_linear.X.csv");
    double[][] y = Fixtures.docMatrix("each_model_linear.Y.csv");
    EachModelLinear model = new EachModelLinear(2);
    double[][] z = new double[8][];
    for (int i = 0; i < 8; i++) {
      z[i] = new double[] {1.0};
    }
    model.eStep(Fixtures.rows(x, 0, 8), Fixtures.rows(y, 0, 8), z, HyperParameters.of("beta", 1));
    double[][] p = model.predict(Fixtures.rows(x, 8, 10));
    assertEquals(-0.1975, p[0][0], TOL);
    assertEquals(-0.2427, p[1][0], TOL);
  }

  @Test
  void dirichletLogPiBeforeAndAfterTheEStep() {
    double[][] x = Fixtures.docMatrix("hyper_models.X.csv");
    double[][] y = Fixtures.docMatrix("hyper_models.Y.csv");
    double[][] z = Fixtures.docMatrix("hyper_models.Z.csv");
    HyperModelDirichlet gate = new HyperModelDirichlet(2);
    for (double[] row : gate.logPiExpectation(x)) {
      assertArrayEquals(new double[] {-1.0, -1.0}, row, TOL);
    }
    gate.eStep(x, y, z);
    double[][] after = gate.logPiExpectation(x);
    assertEquals(x.length, after.length);
    for (double[] row : after) {
      assertArrayEquals(new double[] {-0.7118, -0.8310}, row, TOL);
    }
  }

  @Test
  void sparseGateLogPiBeforeAndAfterTheEStep() {
    double[][] x = Fixtures.docMatrix("hyper_models.X.csv");
    double[][] y = Fixtures.docMatrix("hyper_models.Y.csv");
    double[][] z = Fixtures.docMatrix("hyper_models.Z.csv");
    HyperModelGateSparsed gate = new HyperModelGateSparsed(2);
    double[][] before = gate.logPiExpectation(x);
    assertEquals(x.length, before.length, "one row per object (0.4 printed four for five)");
    for (double[] row : before) {
      assertArrayEquals(new double[] {-1.3863, -1.3863}, row, TOL);
    }
    gate.eStep(x, y, z);
    double[][] expected = {{-1.9677, -0.4830}, {-1.7785, -0.5417}, {-0.5509, -1.7521},
        {-0.7250, -1.3642}, {-0.4839, -1.9644}};
    double[][] after = gate.logPiExpectation(x);
    for (int i = 0; i < expected.length; i++) {
      assertArrayEquals(expected[i], after[i], TOL, "row " + i);
    }
  }

  @Test
  void regularizeModelMovesThePriorMeansAsDocumented() {
    Fixtures.shared();
    EachModelLinear first = new EachModelLinear(2, new double[] {1, 1}, new double[] {0, 0});
    EachModelLinear second = new EachModelLinear(2, new double[] {1, 1}, new double[] {1, 1});
    first.setW(new double[][] {{0}, {0}});
    second.setW(new double[][] {{1}, {1}});
    RegularizeModel reg = new RegularizeModel(List.of(first, second));
    double[][] x = Fixtures.docMatrix("regularizers.X.csv");
    double[][] y = Fixtures.docMatrix("regularizers.Y.csv");
    reg.mStep(x, y, null, HyperParameters.of("alpha", 1, 1e-10));
    assertEquals(0.3333, first.w0()[0][0], TOL);
    assertEquals(0.5, first.w0()[1][0], TOL);
    assertEquals(0.6667, second.w0()[0][0], TOL);
    assertEquals(0.5, second.w0()[1][0], TOL);
    assertEquals(0.0, first.W()[0][0], 0.0, "W unchanged");
    assertEquals(1.0, second.W()[1][0], 0.0, "W unchanged");
  }
}
