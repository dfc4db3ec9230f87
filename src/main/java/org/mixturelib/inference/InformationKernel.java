package org.mixturelib.inference;

import java.util.Arrays;
import org.mixturelib.data.Block;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.hypermodels.GateScores;
import org.mixturelib.localmodels.ExpertKernel;
import org.mixturelib.localmodels.ExpertScores;
import org.mixturelib.localmodels.FactoredScores;
import org.mixturelib.localmodels.PassLoops;

/**
 * One block's part of the observed information, by Louis' identity. With {@code a_ik = log
 * pi_k(x_i) + log f_k(y_i | x_i)}, its gradient {@code s_ik} (the complete-data score of row i
 * under component k) and the responsibilities {@code r_ik}, the row's log-likelihood {@code log
 * Σ_k exp(a_ik)} has
 *
 * <pre>
 *   -∇² = Σ_k r_ik (-∇² a_ik)  -  (Σ_k r_ik s_ik s_ikᵀ  -  s̄_i s̄_iᵀ),   s̄_i = Σ_k r_ik s_ik
 * </pre>
 *
 * <p>the expected complete-data information less the conditional covariance of the
 * complete-data score (the missing information). {@code s_ik} is non-zero only in expert k's
 * parameters and the gate's, so the middle sum costs {@code K (p + q)²} per row and {@code s̄
 * s̄ᵀ} {@code P²}: the size of the result depends on the number of parameters only.
 *
 * <p>Blocked: the block's rows give three matrices, each summed by the pass's weighted
 * second-moment loop ({@link PassLoops#addMoments}, the Vector API when present) rather than
 * by a rank-one update per row: the n x P matrix of the rows' {@code s̄_i} with the case
 * weights, and per component the n x (p + q) matrix of its scores with the weights {@code w_i
 * r_ik}; the curvatures' weighted sums are matrix-vector products. Rows of
 * weight 0 are zeroed before (their derivatives may not be finite). The working arrays live in
 * the partition's {@link InformationStats} and are reused from block to block.
 */
final class InformationKernel {
  private InformationKernel() {}

  /**
   * Adds block {@code b}'s rows into {@code acc} at the parameters of {@code state}: by {@link
   * FactoredInformation} when the experts' scores factor through the features, else densely.
   */
  static void add(MixtureState state, Block b, InformationStats acc) {
    add(state, b, acc, false);
  }

  /** {@link #add}, the dense form whatever the experts ({@code dense}) for the tests. */
  static void add(MixtureState state, Block b, InformationStats acc, boolean dense) {
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
    int local = p + q;
    Scratch s = acc.scratch(() -> new Scratch(experts, k, p, q));
    s.ensure(n, k, q);

    double[] logw = s.logw;
    Arrays.fill(logw, 0, n * k, 0.0);
    gate.logPi(b, null, logw, true);
    s.kernel(experts).addLogLikelihood(b, true, logw);
    gate.rowDerivatives(b, s.gScore, s.gCurv);
    for (int a = 0; a < g; a++) {
      int column = gate.scoreInputColumn(a);
      for (int i = 0; i < n; i++) {
        double v = b.gateInput(i, column);
        acc.inputMin[a] = Math.min(acc.inputMin[a], v);
        acc.inputMax[a] = Math.max(acc.inputMax[a], v);
      }
    }

    // responsibilities, column-major n x K, and the case weights times them
    double[] r = s.resp;
    double[] wr = s.weighted;
    double[] w = b.weights;
    for (int i = 0; i < n; i++) {
      double wi = w[i];
      if (wi == 0) {
        for (int c = 0; c < k; c++) {
          r[c * n + i] = 0;
          wr[c * n + i] = 0;
        }
        Arrays.fill(s.gScore, i * k * q, (i + 1) * k * q, 0.0);
        Arrays.fill(s.gCurv, i * qq, (i + 1) * qq, 0.0);
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
        double e = Math.exp(logw[i * k + c] - max);
        r[c * n + i] = e;
        sum += e;
      }
      acc.logLikelihood += wi * (max + Math.log(sum));
      double inv = 1 / sum;
      for (int c = 0; c < k; c++) {
        double rc = r[c * n + i] * inv;
        r[c * n + i] = rc;
        wr[c * n + i] = wi * rc;
        acc.componentWeights[c] += wi * rc;
      }
    }

    if (!dense && experts instanceof FactoredScores f && f.scoresFactor()) {
      FactoredInformation.add(f, b, s, q, acc);
      return;
    }
    s.ensureDense(n, k, p, q, size);
    for (int e = 0; e < k; e++) {
      experts.rowDerivatives(b, e, s.score[e], s.curv[e]);
    }
    for (int i = 0; i < n; i++) {
      if (w[i] == 0) {
        zeroRow(s, i, n, k, p, pp);
      }
    }

    // s̄ (column-major n x size) and each component's local scores (n x (p + q))
    double[] mean = s.mean;
    Arrays.fill(mean, 0, n * size, 0.0);
    double[] v = s.local;
    double[] moments = s.localMoments;
    for (int c = 0; c < k; c++) {
      double[] score = s.score[c];
      int rc = c * n;
      for (int j = 0; j < p; j++) {
        System.arraycopy(score, j * n, v, j * n, n);
        int at = s.index[c][j] * n;
        for (int i = 0; i < n; i++) {
          mean[at + i] += r[rc + i] * score[j * n + i];
        }
      }
      for (int t = 0; t < q; t++) {
        int col = (p + t) * n;
        int at = (e0 + t) * n;
        for (int i = 0, o = c * q + t; i < n; i++, o += k * q) {
          double x = s.gScore[o];
          v[col + i] = x;
          mean[at + i] += r[rc + i] * x;
        }
      }
      // - Σ_i w r_c v vᵀ, scattered into the global positions
      Arrays.fill(moments, 0, local * local, 0.0);
      System.arraycopy(wr, rc, s.column, 0, n);
      s.loops.addMoments(v, n, local, s.column, 1, moments);
      int[] at = s.index[c];
      double[] info = acc.information;
      for (int col = 0; col < local; col++) {
        int gc = at[col];
        for (int row = 0; row <= col; row++) {
          int gr = at[row];
          info[gr <= gc ? gc * size + gr : gr * size + gc] -= moments[col * local + row];
        }
      }
      // + Σ_i w r_c (expert curvature): curv is pp x n column-major
      double[] curvSum = s.curvSum;
      Arrays.fill(curvSum, 0, pp, 0.0);
      addWeightedRows(s.curv[c], pp, wr, rc, n, curvSum);
      for (int col = 0; col < p; col++) {
        int gc = at[col];
        for (int row = 0; row <= col; row++) {
          int gr = at[row];
          info[gr <= gc ? gc * size + gr : gr * size + gc] += curvSum[col * (col + 1) / 2 + row];
        }
      }
    }
    // + Σ_i w (gate curvature), the same for every component, whose r sum to one
    if (q > 0) {
      double[] gateSum = s.gateSum;
      Arrays.fill(gateSum, 0, qq, 0.0);
      addWeightedRows(s.gCurv, qq, w, 0, n, gateSum);
      for (int col = 0; col < q; col++) {
        for (int row = 0; row <= col; row++) {
          acc.information[(e0 + col) * size + e0 + row] += gateSum[col * (col + 1) / 2 + row];
        }
      }
    }
    // + Σ_i w s̄ s̄ᵀ and the score Σ_i w s̄
    s.loops.addMoments(mean, n, size, w, 1, acc.information);
    for (int col = 0; col < size; col++) {
      double t = 0;
      for (int i = 0, at = col * n; i < n; i++) {
        t += w[i] * mean[at + i];
      }
      acc.score[col] += t;
    }
  }

  /**
   * {@code sum += Σ_i weights[from + i] rows[i width .. (i + 1) width)}: a matrix-vector product
   * over row-major packed rows, skipping rows of weight 0 (netlib's {@code dgemv} took a quarter
   * of the pass with the Vector API module present, where it picks its {@code VectorBLAS}).
   */
  private static void addWeightedRows(double[] rows, int width, double[] weights, int from,
      int n, double[] sum) {
    for (int i = 0; i < n; i++) {
      double a = weights[from + i];
      if (a != 0) {
        for (int t = 0, o = i * width; t < width; t++, o++) {
          sum[t] += a * rows[o];
        }
      }
    }
  }

  /** Zeroes row i's expert derivatives (a row of weight 0, whose derivatives may not be finite). */
  private static void zeroRow(Scratch s, int i, int n, int k, int p, int pp) {
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < p; j++) {
        s.score[c][j * n + i] = 0;
      }
      Arrays.fill(s.curv[c], i * pp, (i + 1) * pp, 0.0);
    }
  }

  /** The working arrays of one partition's pass, grown to the largest block seen. */
  static final class Scratch {
    final PassLoops loops = PassLoops.create();
    /** Global position of each of component e's local parameters: expert's, then the gate's. */
    final int[][] index;
    private ExpertKernel kernel;
    private ExpertScores kernelOf;
    double[] logw = new double[0];
    double[] resp = new double[0];
    double[] weighted = new double[0];
    /** One component's column of {@link #weighted}. */
    double[] column = new double[0];
    double[][] score;
    double[][] curv;
    double[] gScore = new double[0];
    double[] gCurv = new double[0];
    double[] mean = new double[0];
    double[] local = new double[0];
    final double[] localMoments;
    final double[] curvSum;
    final double[] gateSum;
    /** The factored form's working arrays, or null before its first block. */
    FactoredInformation.Work factored;

    Scratch(ExpertScores experts, int k, int p, int q) {
      index = new int[k][p + q];
      for (int e = 0; e < k; e++) {
        for (int j = 0; j < p; j++) {
          index[e][j] = experts.parameterIndex(e, j);
        }
        for (int t = 0; t < q; t++) {
          index[e][p + t] = experts.numScoreParameters() + t;
        }
      }
      score = new double[k][0];
      curv = new double[k][0];
      localMoments = new double[(p + q) * (p + q)];
      curvSum = new double[p * (p + 1) / 2];
      gateSum = new double[q * (q + 1) / 2];
    }

    ExpertKernel kernel(ExpertScores experts) {
      if (kernelOf != experts) {
        kernel = experts.newKernel();
        kernelOf = experts;
      }
      return kernel;
    }

    /** Grows the arrays that both forms use to n rows. */
    void ensure(int n, int k, int q) {
      if (logw.length < n * k) {
        logw = new double[n * k];
        resp = new double[n * k];
        weighted = new double[n * k];
        column = new double[n];
        gScore = new double[n * k * q];
        gCurv = new double[n * (q * (q + 1) / 2)];
      }
    }

    /** Grows the dense form's arrays (n P, and n p (p + 1) / 2 per expert) to n rows. */
    void ensureDense(int n, int k, int p, int q, int size) {
      if (mean.length < n * size) {
        mean = new double[n * size];
        local = new double[n * (p + q)];
        for (int e = 0; e < k; e++) {
          score[e] = new double[n * p];
          curv[e] = new double[n * (p * (p + 1) / 2)];
        }
      }
    }
  }
}
