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
 * Parameters held at zero by the experts ({@link InformationStats#position} -1: coefficients
 * outside a nested group or set to 0 by a penalty) are left out of every product, so that P
 * and p count the others only.
 *
 * <p>Blocked: the block's rows give three matrices, each summed by the pass's weighted
 * second-moment loop ({@link PassLoops#addMoments}, the Vector API when present) rather than
 * by a rank-one update per row: the n x P matrix of the rows' {@code s̄_i} with the case
 * weights, and per component the n x (p + q) matrix of its scores with the weights {@code w_i
 * r_ik}; the curvatures' weighted sums are matrix-vector products. Rows of
 * weight 0 are zeroed before (their derivatives may not be finite). The working arrays live in
 * the partition's {@link InformationStats} and are reused from block to block.
 *
 * <p>Grouped blocks ({@code y ~ x | g}): the unit is the group, whose rows share their
 * component, so the identity runs over groups of weight one, each with {@code a_gk = log
 * pi_k(gate row of g) + Σ_{i in g} w_i log f_k(y_i | x_i)}, the complete-data score {@code
 * Σ_{i in g} w_i s_ik} in expert k's parameters plus the gate's at the group's gate row, and
 * the curvature summed likewise (always the dense form).
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
    int g = gate.numScoreInputs();
    int q = (k - 1) * (g + 1);
    int size = acc.score.length;
    Scratch s = acc.scratch(() -> new Scratch(experts, k, p, q, acc.position));
    s.ensure(n, k, q);
    if (b.grouped()) {
      addGroups(experts, gate, b, s, acc, k, p, q, size);
      return;
    }

    double[] logw = s.logw;
    Arrays.fill(logw, 0, n * k, 0.0);
    gate.logPi(b, null, logw, true);
    s.kernel(experts).addLogLikelihood(b, true, logw);
    gate.rowDerivatives(b, s.gScore, s.gCurv);
    addInputRanges(gate, b, acc);
    responsibilities(b, logw, k, q, s, acc);

    if (!dense && experts instanceof FactoredScores f && f.scoresFactor()) {
      FactoredInformation.add(f, b, s, q, acc);
      return;
    }
    s.ensureDense(n, k, p, q, size);
    for (int e = 0; e < k; e++) {
      experts.rowDerivatives(b, e, s.score[e], s.curv[e]);
    }
    double[] w = b.weights;
    for (int i = 0; i < n; i++) {
      if (w[i] == 0) {
        zeroRow(s, i, n, k, p, pp);
      }
    }
    addMoments(s, n, w, s.score, s.curv, k, p, q, size, acc);
  }

  /**
   * A grouped block, whose unit is the group: its log-likelihood under component k is the
   * gate's log weight at its {@link Block#gateRows gate row} plus its rows' case-weighted
   * log-likelihoods (as in the E-step), its complete-data score and curvature the same sums of
   * the rows' expert derivatives plus the gate's at its gate row, and each group has weight
   * one. Always the dense form: the factored one sums per row.
   */
  private static void addGroups(ExpertScores experts, GateScores gate, Block b, Scratch s,
      InformationStats acc, int k, int p, int q, int size) {
    int n = b.n;
    int pp = p * (p + 1) / 2;
    Block first = b.gateRows();
    int groups = first.n;
    int[] starts = b.groupStarts;
    double[] w = b.weights;
    s.ensureGroups(groups, k, p);
    double[] rows = s.logw;
    Arrays.fill(rows, 0, n * k, 0.0);
    s.kernel(experts).addLogLikelihood(b, true, rows);
    double[] logw = s.groupLog;
    Arrays.fill(logw, 0, groups * k, 0.0);
    gate.logPi(first, null, logw, true);
    for (int g = 0; g < groups; g++) {
      for (int i = starts[g]; i < starts[g + 1]; i++) {
        if (w[i] != 0) {
          for (int c = 0; c < k; c++) {
            logw[g * k + c] += w[i] * rows[i * k + c];
          }
        }
      }
    }
    gate.rowDerivatives(first, s.gScore, s.gCurv);
    addInputRanges(gate, first, acc);
    responsibilities(first, logw, k, q, s, acc);

    s.ensureDense(n, k, p, q, size);
    for (int e = 0; e < k; e++) {
      experts.rowDerivatives(b, e, s.score[e], s.curv[e]);
      double[] score = s.score[e];
      double[] curv = s.curv[e];
      double[] groupScore = s.groupScore[e];
      double[] groupCurv = s.groupCurv[e];
      Arrays.fill(groupScore, 0, groups * p, 0.0);
      Arrays.fill(groupCurv, 0, groups * pp, 0.0);
      for (int g = 0; g < groups; g++) {
        for (int i = starts[g]; i < starts[g + 1]; i++) {
          double wi = w[i];
          if (wi == 0) {
            continue; // its derivatives may not be finite
          }
          for (int j = 0; j < p; j++) {
            groupScore[j * groups + g] += wi * score[j * n + i];
          }
          for (int t = 0; t < pp; t++) {
            groupCurv[g * pp + t] += wi * curv[i * pp + t];
          }
        }
      }
    }
    addMoments(s, groups, first.weights, s.groupScore, s.groupCurv, k, p, q, size, acc);
  }

  /** Widens {@code acc}'s range of each gate input by the rows of {@code b}. */
  private static void addInputRanges(GateScores gate, Block b, InformationStats acc) {
    for (int a = 0; a < gate.numScoreInputs(); a++) {
      int column = gate.scoreInputColumn(a);
      for (int i = 0; i < b.n; i++) {
        double v = b.gateInput(i, column);
        acc.inputMin[a] = Math.min(acc.inputMin[a], v);
        acc.inputMax[a] = Math.max(acc.inputMax[a], v);
      }
    }
  }

  /**
   * The responsibilities of the units of {@code units} (its rows: a block's rows, or a grouped
   * block's gate rows, one per group) from their {@code logw} (row-major n x K), column-major
   * into {@code s.resp}, times the units' weights into {@code s.weighted}; adds the
   * log-likelihood, the component weights and the units into {@code acc}. A unit of weight 0
   * gets zeros, its gate derivatives too (they may not be finite).
   */
  private static void responsibilities(Block units, double[] logw, int k, int q, Scratch s,
      InformationStats acc) {
    int n = units.n;
    int qq = q * (q + 1) / 2;
    double[] r = s.resp;
    double[] wr = s.weighted;
    double[] w = units.weights;
    acc.units += n;
    acc.grouped |= units.grouped();
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
        throw new ArithmeticException((units.grouped() ? "the group of row " : "row ")
            + units.rowKey(i) + " has log-likelihood " + max + " under every component");
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
  }

  /**
   * Louis' identity over n units of weights {@code w}: the responsibilities and the gate's
   * derivatives are in {@code s} (n units), each expert's scores in {@code scores} (column-major
   * n x p) and curvatures in {@code curvs} (n packed rows of p (p + 1) / 2); {@code size}
   * parameters are accumulated, those of {@code s.index} not -1, the gate's last.
   */
  private static void addMoments(Scratch s, int n, double[] w, double[][] scores,
      double[][] curvs, int k, int p, int q, int size, InformationStats acc) {
    int pp = p * (p + 1) / 2;
    int qq = q * (q + 1) / 2;
    int g0 = size - q;
    double[] r = s.resp;
    double[] wr = s.weighted;
    // s̄ (column-major n x size) and each component's local scores (n x (p + q))
    double[] mean = s.mean;
    Arrays.fill(mean, 0, n * size, 0.0);
    double[] v = s.local;
    double[] moments = s.localMoments;
    for (int c = 0; c < k; c++) {
      double[] score = scores[c];
      int rc = c * n;
      int[] at = s.index[c];
      int[] kept = s.kept[c];
      int local = kept.length;
      for (int col = 0; col < local; col++) {
        int j = kept[col];
        int to = at[j] * n;
        if (j < p) {
          System.arraycopy(score, j * n, v, col * n, n);
          for (int i = 0; i < n; i++) {
            mean[to + i] += r[rc + i] * score[j * n + i];
          }
        } else {
          for (int i = 0, o = c * q + j - p; i < n; i++, o += k * q) {
            double x = s.gScore[o];
            v[col * n + i] = x;
            mean[to + i] += r[rc + i] * x;
          }
        }
      }
      // - Σ_i w r_c v vᵀ, scattered into the accumulated positions
      Arrays.fill(moments, 0, local * local, 0.0);
      System.arraycopy(wr, rc, s.column, 0, n);
      s.loops.addMoments(v, n, local, s.column, 1, moments);
      double[] info = acc.information;
      for (int col = 0; col < local; col++) {
        int gc = at[kept[col]];
        for (int row = 0; row <= col; row++) {
          int gr = at[kept[row]];
          info[gr <= gc ? gc * size + gr : gr * size + gc] -= moments[col * local + row];
        }
      }
      // + Σ_i w r_c (expert curvature): curv is pp x n column-major
      double[] curvSum = s.curvSum;
      Arrays.fill(curvSum, 0, pp, 0.0);
      addWeightedRows(curvs[c], pp, wr, rc, n, curvSum);
      for (int col = 0; col < p; col++) {
        int gc = at[col];
        for (int row = 0; row <= col && gc >= 0; row++) {
          int gr = at[row];
          if (gr >= 0) {
            info[gr <= gc ? gc * size + gr : gr * size + gc]
                += curvSum[col * (col + 1) / 2 + row];
          }
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
          acc.information[(g0 + col) * size + g0 + row] += gateSum[col * (col + 1) / 2 + row];
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
    /**
     * Accumulated position of each of component e's local parameters (expert's, then the
     * gate's), -1 for one held at zero.
     */
    final int[][] index;
    /** Component e's local parameters that are accumulated, in order. */
    final int[][] kept;
    private ExpertKernel kernel;
    private ExpertScores kernelOf;
    double[] logw = new double[0];
    double[] resp = new double[0];
    double[] weighted = new double[0];
    /** One component's column of {@link #weighted}. */
    double[] column = new double[0];
    double[][] score;
    double[][] curv;
    /** A grouped block's: the groups' log weights (G x K) and expert derivatives. */
    double[] groupLog = new double[0];
    double[][] groupScore;
    double[][] groupCurv;
    double[] gScore = new double[0];
    double[] gCurv = new double[0];
    double[] mean = new double[0];
    double[] local = new double[0];
    final double[] localMoments;
    final double[] curvSum;
    final double[] gateSum;
    /** The factored form's working arrays, or null before its first block. */
    FactoredInformation.Work factored;

    Scratch(ExpertScores experts, int k, int p, int q, int[] position) {
      index = new int[k][p + q];
      kept = new int[k][];
      for (int e = 0; e < k; e++) {
        int[] at = index[e];
        for (int j = 0; j < p; j++) {
          at[j] = position[experts.parameterIndex(e, j)];
        }
        for (int t = 0; t < q; t++) {
          at[p + t] = position[experts.numScoreParameters() + t];
        }
        kept[e] = java.util.stream.IntStream.range(0, p + q).filter(j -> at[j] >= 0).toArray();
      }
      score = new double[k][0];
      curv = new double[k][0];
      groupScore = new double[k][0];
      groupCurv = new double[k][0];
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

    /** Grows a grouped block's arrays to G groups. */
    void ensureGroups(int groups, int k, int p) {
      if (groupLog.length < groups * k) {
        groupLog = new double[groups * k];
        for (int e = 0; e < k; e++) {
          groupScore[e] = new double[groups * p];
          groupCurv[e] = new double[groups * (p * (p + 1) / 2)];
        }
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
