package org.mixturelib.localmodels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mixturelib.linalg.VectorSupport;

/**
 * Both implementations of the multinomial experts' softmax on the same predictors (blocks
 * shorter than one vector, of whole vectors and with a remainder; two to six levels; moderate
 * predictors and some far beyond {@link MultinomialLoops#UNSHIFTED}, which take the shifted
 * path): each against the definition {@code p_l = exp(eta_l) / (1 + Σ_m exp(eta_m))} computed
 * in long form, and the two against each other to 1e-14 relative. The test JVM starts with the
 * Vector API (surefire's argLine), so the vector loops are really the ones checked.
 */
class MultinomialLoopsTest {

  @AfterEach
  void clearProperty() {
    System.clearProperty(VectorSupport.PROPERTY);
  }

  @ParameterizedTest
  @CsvSource({"3, 1, 1, false", "16, 2, 4, false", "37, 3, 4, true", "101, 4, 5, true",
      "8, 1, 2, true"})
  void vectorAndScalarSoftmaxAgreeWithTheDefinition(int n, int k, int q, boolean huge) {
    assertTrue(VectorSupport.moduleResolved(), "the tests' JVM starts with --add-modules "
        + VectorSupport.MODULE);
    MultinomialLoops vector = MultinomialLoops.create();
    assertEquals("MultinomialVectorLoops", vector.getClass().getSimpleName());
    SplittableRandom r = new SplittableRandom(n * 31L + q);
    double[] eta = new double[n * k * q];
    for (int j = 0; j < eta.length; j++) {
      eta[j] = r.nextGaussian() * 4;
      if (huge && j % 11 == 3) {
        eta[j] = 650 + 200 * r.nextDouble(); // beyond UNSHIFTED: exp would overflow unshifted
      }
    }
    double[] pS = new double[eta.length];
    double[] pV = eta.clone(); // in place
    double[] logZS = new double[n * k];
    double[] logZV = new double[n * k];
    MultinomialLoops.Scalar.INSTANCE.softmax(n, k, q, eta, pS, logZS);
    vector.softmax(n, k, q, pV, pV, logZV);
    for (int e = 0; e < k; e++) {
      for (int i = 0; i < n; i++) {
        double max = 0;
        for (int l = 0; l < q; l++) {
          max = Math.max(max, eta[(e * q + l) * n + i]);
        }
        double sum = Math.exp(-max);
        for (int l = 0; l < q; l++) {
          sum += Math.exp(eta[(e * q + l) * n + i] - max);
        }
        double logZ = max + Math.log(sum);
        assertEquals(logZ, logZS[e * n + i], 1e-13 * Math.max(1, Math.abs(logZ)), "scalar");
        assertEquals(logZS[e * n + i], logZV[e * n + i],
            1e-14 * Math.max(1, Math.abs(logZ)), "vector against scalar, row " + i);
        for (int l = 0; l < q; l++) {
          int at = (e * q + l) * n + i;
          double p = Math.exp(eta[at] - logZ);
          assertEquals(p, pS[at], 1e-12 * Math.max(1e-300, p) + 1e-300, "scalar p");
          assertEquals(pS[at], pV[at], 1e-14 * pS[at] + 1e-300, "vector p, row " + i);
        }
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"scalar", "vector"})
  void thePropertyChoosesTheLoops(String kind) {
    System.setProperty(VectorSupport.PROPERTY, kind);
    MultinomialLoops loops = MultinomialLoops.create();
    if (kind.equals("scalar")) {
      assertSame(MultinomialLoops.Scalar.INSTANCE, loops);
    } else {
      assertEquals("MultinomialVectorLoops", loops.getClass().getSimpleName());
    }
  }
}
