package org.mixturelib.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mixturelib.data.Block;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.engine.Models;
import org.mixturelib.hypermodels.GateScores;
import org.mixturelib.localmodels.ExpertScores;

/**
 * The blocked information pass against Louis' identity written row by row from its formula
 * (a rank-one update per row and component), on planted rows with case weights, rows of weight
 * 0, a constant-weight and a linear gate, and odd block sizes: every entry, the score, the
 * log-likelihood and the component weights to 1e-11 of the entries' scale.
 */
class InformationKernelTest {

  @ParameterizedTest(name = "K = {0}, D = {1}, gated = {2}, blocks of {3}")
  @CsvSource({"1, 2, false, 50", "2, 3, false, 97", "3, 4, true, 64", "4, 6, true, 1000"})
  void blockedSumsMatchTheRowByRowFormula(int k, int d, boolean gated, int blockRows) {
    Random r = new Random(11L * k + d);
    int n = 301;
    double[][] x = new double[n][d];
    double[][] y = new double[n][1];
    double[] weights = new double[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = 1;
      for (int j = 1; j < d; j++) {
        x[i][j] = r.nextGaussian();
      }
      int z = r.nextInt(k);
      y[i][0] = (z + 1) * x[i][Math.min(1, d - 1)] - z + 0.5 * r.nextGaussian();
      weights[i] = i % 13 == 0 ? 0 : 0.5 + r.nextDouble();
    }
    InMemorySource data = new InMemorySource(BlockBuilder.fromArrays(x, y, weights, blockRows));
    MixtureState state = Models.fit(data, gated ? Models.gated(k, d) : Models.regressions(k, d))
        .state();
    ExpertScores experts = (ExpertScores) state.experts();
    GateScores gate = (GateScores) state.gate();
    int size = experts.numScoreParameters() + (k - 1) * (gate.numScoreInputs() + 1);
    int inputs = gate.numScoreInputs();
    int[] every = java.util.stream.IntStream.range(0, size).toArray();
    InformationStats got = data.aggregate(state.copy(),
        () -> new InformationStats(every, k, inputs), InformationKernel::add);
    InformationStats want = new InformationStats(every, k, inputs);
    double[] scale = new double[size * size];
    for (Block b : BlockBuilder.fromArrays(x, y, weights, blockRows)) {
      rowByRow(state, b, want, scale);
    }
    for (int c = 0; c < size; c++) {
      for (int a = 0; a <= c; a++) {
        int at = c * size + a;
        assertEquals(want.information[at], got.information[at], 1e-11 * scale[at],
            "information (" + a + ", " + c + ")");
      }
      assertEquals(want.score[c], got.score[c], 1e-11 * Math.max(1, scale[c * size + c]),
          "score " + c);
    }
    assertEquals(want.logLikelihood, got.logLikelihood, 1e-11 * Math.abs(want.logLikelihood));
    for (int c = 0; c < k; c++) {
      assertEquals(want.componentWeights[c], got.componentWeights[c], 1e-11 * n);
    }
  }

  /** Louis' identity row by row; {@code scale} gets the sum of the terms' magnitudes. */
  private static void rowByRow(MixtureState state, Block b, InformationStats acc,
      double[] scale) {
    ExpertScores experts = (ExpertScores) state.experts();
    GateScores gate = (GateScores) state.gate();
    int n = b.n;
    int k = state.k();
    int p = experts.expertParameters();
    int pp = p * (p + 1) / 2;
    int e0 = experts.numScoreParameters();
    int q = (k - 1) * (gate.numScoreInputs() + 1);
    int qq = q * (q + 1) / 2;
    int size = e0 + q;
    double[] logw = new double[n * k];
    gate.logPi(b, null, logw, true);
    experts.newKernel().addLogLikelihood(b, true, logw);
    double[][] score = new double[k][n * p];
    double[][] curv = new double[k][n * pp];
    for (int e = 0; e < k; e++) {
      experts.rowDerivatives(b, e, score[e], curv[e]);
    }
    double[] gScore = new double[n * k * q];
    double[] gCurv = new double[n * qq];
    gate.rowDerivatives(b, gScore, gCurv);
    double[] info = acc.information;
    for (int i = 0; i < n; i++) {
      double w = b.weights[i];
      if (w == 0) {
        continue;
      }
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        max = Math.max(max, logw[i * k + c]);
      }
      double sum = 0;
      double[] r = new double[k];
      for (int c = 0; c < k; c++) {
        r[c] = Math.exp(logw[i * k + c] - max);
        sum += r[c];
      }
      acc.logLikelihood += w * (max + Math.log(sum));
      double[] mean = new double[size];
      for (int c = 0; c < k; c++) {
        r[c] /= sum;
        acc.componentWeights[c] += w * r[c];
        double[] v = new double[p + q];
        int[] at = new int[p + q];
        for (int j = 0; j < p; j++) {
          v[j] = score[c][j * n + i];
          at[j] = experts.parameterIndex(c, j);
        }
        for (int t = 0; t < q; t++) {
          v[p + t] = gScore[(i * k + c) * q + t];
          at[p + t] = e0 + t;
        }
        for (int j = 0; j < p + q; j++) {
          mean[at[j]] += r[c] * v[j];
        }
        for (int col = 0; col < p + q; col++) {
          for (int row = 0; row <= col; row++) {
            double x = -w * r[c] * v[col] * v[row];
            if (col < p) {
              x += w * r[c] * curv[c][i * pp + col * (col + 1) / 2 + row];
            }
            int gr = Math.min(at[row], at[col]);
            int gc = Math.max(at[row], at[col]);
            info[gc * size + gr] += x;
            scale[gc * size + gr] += Math.abs(x);
          }
        }
      }
      for (int col = 0; col < q; col++) {
        for (int row = 0; row <= col; row++) {
          double x = w * gCurv[i * qq + col * (col + 1) / 2 + row];
          info[(e0 + col) * size + e0 + row] += x;
          scale[(e0 + col) * size + e0 + row] += Math.abs(x);
        }
      }
      for (int col = 0; col < size; col++) {
        acc.score[col] += w * mean[col];
        for (int row = 0; row <= col; row++) {
          info[col * size + row] += w * mean[col] * mean[row];
          scale[col * size + row] += Math.abs(w * mean[col] * mean[row]);
        }
      }
    }
  }
}
