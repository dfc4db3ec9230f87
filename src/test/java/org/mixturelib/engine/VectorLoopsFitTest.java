package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.linalg.VectorSupport;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.support.LinearState;
import org.mixturelib.support.Planted;

/**
 * A whole fit with the vector loops and with the scalar ones (system property {@code
 * mixturelib.vector}) on the same planted rows: the same iterations, log-likelihood to 1e-12
 * relative, parameters to 1e-9.
 */
class VectorLoopsFitTest {
  @AfterEach
  void clearProperty() {
    System.clearProperty(VectorSupport.PROPERTY);
  }

  private static FitResult fit(Planted.Data data, int k, int blockRows, String loops) {
    System.setProperty(VectorSupport.PROPERTY, loops);
    assertEquals(loops, VectorSupport.describe());
    EmConfig config = new EmConfig().numInit(3).maxIter(60).tol(1e-9).seed(7);
    try (InMemorySource source = new InMemorySource(
        BlockBuilder.fromArrays(data.x(), data.y(), null, blockRows))) {
      return new EmEngine(source, List.of(), config)
          .fit(Models.regressions(k, data.x()[0].length));
    }
  }

  @ParameterizedTest(name = "D = {0}, K = {1}, block of {2} rows")
  @CsvSource({"1, 2, 1000", "5, 3, 997", "10, 4, 4096"})
  void vectorAndScalarFitsAgree(int d, int k, int blockRows) {
    double[] mixing = new double[k];
    for (int e = 0; e < k; e++) {
      mixing[e] = (k - e) / (k * (k + 1) / 2.0);
    }
    Planted.Data data = Planted.experts(5003, d, k, 2.0, 0.5, false, mixing, 40 + d);
    FitResult vector = fit(data, k, blockRows, "vector");
    FitResult scalar = fit(data, k, blockRows, "scalar");
    assertEquals(scalar.iterations(), vector.iterations(), "iterations");
    assertTrue(Double.isFinite(scalar.logLikelihood()));
    assertEquals(scalar.logLikelihood(), vector.logLikelihood(),
        1e-12 * Math.abs(scalar.logLikelihood()), "log-likelihood");
    LinearExperts s = LinearState.experts(scalar.state());
    LinearExperts v = LinearState.experts(vector.state());
    for (int e = 0; e < k; e++) {
      double[] ws = s.coefficients(e);
      double[] wv = v.coefficients(e);
      for (int j = 0; j < ws.length; j++) {
        assertEquals(ws[j], wv[j], 1e-9 * Math.max(1, Math.abs(ws[j])), "W" + e + "[" + j + "]");
      }
      assertEquals(s.noiseVariances()[e], v.noiseVariances()[e], 1e-9 * s.noiseVariances()[e],
          "noise " + e);
    }
  }
}
