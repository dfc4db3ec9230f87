package org.mixturelib.inference;

import org.mixturelib.data.Block;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.hypermodels.GateScores;
import org.mixturelib.localmodels.ExpertScores;

/**
 * One block's part of the observed information, by Louis' identity row by row. With {@code
 * a_ik = log pi_k(x_i) + log f_k(y_i | x_i)}, its gradient {@code s_ik} (the complete-data
 * score of row i under component k) and the responsibilities {@code r_ik}, the row's
 * log-likelihood {@code log Σ_k exp(a_ik)} has
 *
 * <pre>
 *   -∇² = Σ_k r_ik (-∇² a_ik)  -  (Σ_k r_ik s_ik s_ikᵀ  -  s̄_i s̄_iᵀ),   s̄_i = Σ_k r_ik s_ik
 * </pre>
 *
 * <p>the expected complete-data information less the conditional covariance of the
 * complete-data score (the missing information). {@code s_ik} is non-zero only in expert k's
 * parameters and the gate's, so the middle sum costs {@code K (p + q)²} per row and the rank-one
 * {@code s̄ s̄ᵀ} {@code P²}: the size of the result depends on the number of parameters only.
 */
final class InformationKernel {
  private InformationKernel() {}

  /** Adds block {@code b}'s rows into {@code acc} at the parameters of {@code state}. */
  static void add(MixtureState state, Block b, InformationStats acc) {
    ExpertScores experts = (ExpertScores) state.experts();
    GateScores gate = (GateScores) state.gate();
    int n = b.n;
    int k = state.k();
    int p = experts.expertParameters();
    int pp = p * (p + 1) / 2;
    int e0 = experts.numScoreParameters();
    int g = gate.numScoreInputs();
    int q = (k - 1) * (g + 1);
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
    for (int a = 0; a < g; a++) {
      int column = gate.scoreInputColumn(a);
      for (int i = 0; i < n; i++) {
        double v = b.gateInput(i, column);
        acc.inputMin[a] = Math.min(acc.inputMin[a], v);
        acc.inputMax[a] = Math.max(acc.inputMax[a], v);
      }
    }

    // global position of each of component e's local parameters: expert's, then the gate's
    int[][] index = new int[k][p + q];
    for (int e = 0; e < k; e++) {
      for (int j = 0; j < p; j++) {
        index[e][j] = experts.parameterIndex(e, j);
      }
      for (int t = 0; t < q; t++) {
        index[e][p + t] = e0 + t;
      }
    }
    double[] info = acc.information;
    double[] mean = new double[size];
    double[] r = new double[k];
    double[] v = new double[p + q];
    for (int i = 0; i < n; i++) {
      double w = b.weights[i];
      if (w == 0) {
        continue;
      }
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        max = Math.max(max, logw[i * k + c]);
      }
      if (!(max > Double.NEGATIVE_INFINITY && max < Double.POSITIVE_INFINITY)) {
        throw new ArithmeticException("row " + (b.firstRow + i) + " has log-likelihood " + max
            + " under every component");
      }
      double sum = 0;
      for (int c = 0; c < k; c++) {
        r[c] = Math.exp(logw[i * k + c] - max);
        sum += r[c];
      }
      acc.logLikelihood += w * (max + Math.log(sum));
      java.util.Arrays.fill(mean, 0);
      for (int c = 0; c < k; c++) {
        r[c] /= sum;
        acc.componentWeights[c] += w * r[c];
        for (int j = 0; j < p; j++) {
          v[j] = score[c][j * n + i];
        }
        System.arraycopy(gScore, (i * k + c) * q, v, p, q);
        int[] at = index[c];
        double wr = w * r[c];
        for (int j = 0; j < p + q; j++) {
          mean[at[j]] += r[c] * v[j];
        }
        // - w r_c v vᵀ (the complete-data score's second moment) + w r_c expert curvature
        for (int col = 0; col < p + q; col++) {
          double vc = wr * v[col];
          int gc = at[col];
          for (int row = 0; row <= col; row++) {
            int gr = at[row];
            double x = -vc * v[row];
            if (col < p) {
              x += wr * curv[c][i * pp + col * (col + 1) / 2 + row];
            }
            info[gr <= gc ? gc * size + gr : gr * size + gc] += x;
          }
        }
      }
      // + w (gate curvature), the same for every component, whose r sum to one
      int gAt = i * qq;
      for (int col = 0; col < q; col++) {
        for (int row = 0; row <= col; row++) {
          info[(e0 + col) * size + e0 + row] += w * gCurv[gAt + col * (col + 1) / 2 + row];
        }
      }
      // + w s̄ s̄ᵀ
      for (int col = 0; col < size; col++) {
        double mc = w * mean[col];
        if (mc == 0) {
          continue;
        }
        int base = col * size;
        for (int row = 0; row <= col; row++) {
          info[base + row] += mc * mean[row];
        }
        acc.score[col] += mc;
      }
    }
  }
}
