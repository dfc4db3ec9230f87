package org.mixturelib.engine;

import java.util.Arrays;
import org.mixturelib.data.Block;
import org.mixturelib.hypermodels.CurvatureGate;
import org.mixturelib.hypermodels.RowStateGate;
import org.mixturelib.hypermodels.TrainedGate;
import org.mixturelib.localmodels.ExpertFamily;

/**
 * The per-block work of the E-step and of the gate's gradient passes, run inside tasks.
 *
 * <p>Per block: the expert family's kernel adds every expert's log-density to the gate's log
 * weights (for the Gaussian family, predictions and residuals by strips of rows in loops that
 * the JIT vectorises), one loop per row turns them into responsibilities (K - 1 exponentials
 * and one logarithm per row; the entropy and the MAP term come from the same numbers without
 * further logarithms), and the family's kernel accumulates its statistics from the weighted
 * responsibilities (for the Gaussian family each product {@code z_a z_c} once for four experts,
 * with the Vector API or by strips of rows, {@code PassLoops.addMoments}). The family is
 * dispatched once per block, never per row. Working arrays live in a {@link KernelScratch} that the partition's
 * statistics object keeps, so nothing is allocated per row and, after the first block, nothing
 * per block (except the responsibilities of gates that keep them as per-row state).
 */
final class EStepKernel {
  private EStepKernel() {}

  /**
   * Responsibilities of the block's rows, row-major n x K, written into {@code resp}. Returns
   * the bound's data term {@code Σ_i w_i log Σ_k exp(...)} and leaves the entropy {@code -Σ_i
   * w_i Σ_k r_ik log r_ik} in {@code s.entropy} (both 0 for the responsibilities of a start). When
   * {@code rowLogLik} is not null, it receives each row's unweighted {@code log Σ_k exp(log
   * pi_ik + log p_ik)} (not for a start).
   */
  static double responsibilities(Pass p, Block b, double[] rowState, double[] resp,
      KernelScratch s, double[] rowLogLik) {
    if (b.grouped()) {
      return groupResponsibilities(p, b, rowState, resp, s, rowLogLik);
    }
    int k = p.state().k();
    s.entropy = 0;
    s.mapLogResponsibility = 0;
    if (p.start() != null) {
      p.start().responsibilities(b, resp);
      s.mapLogResponsibility = mapLogResponsibility(b, k, resp);
      return 0;
    }
    double[] lp = s.logResp;
    p.state().gate().logPi(b, rowState, lp, p.plugIn());
    s.experts(p.state().experts()).addLogLikelihood(b, p.plugIn(), lp);
    return normalise(b, k, lp, resp, s, rowLogLik);
  }

  /**
   * Turns the log weights plus log-likelihoods {@code lp} of the block's rows (the groups' rows
   * of a grouped block's {@link Block#gateRows}) into responsibilities; returns {@code Σ_i w_i
   * log Σ_k exp(lp_ik)} and leaves the entropy and the MAP term in {@code s}.
   */
  private static double normalise(Block b, int k, double[] lp, double[] resp, KernelScratch s,
      double[] rowLogLik) {
    int n = b.n;
    double[] w = b.weights;
    double logSum = 0;
    double ent = 0;
    double mapLog = 0;
    for (int i = 0, o = 0; i < n; i++, o += k) {
      double max = lp[o];
      int top = 0;
      for (int c = 1; c < k; c++) {
        if (lp[o + c] > max) {
          max = lp[o + c];
          top = c;
        }
      }
      if (!(max > Double.NEGATIVE_INFINITY && max < Double.POSITIVE_INFINITY)) {
        throw new ArithmeticException((b.grouped() ? "the group of row " : "row ")
            + b.rowKey(i) + " has log-likelihood " + max + " under every component (check for"
            + " extreme values in " + (b.grouped() ? "its rows)" : "this row)"));
      }
      // others = Σ_{c != top} exp(lp_c - max), so that log Σ exp = max + log(1 + others)
      double others = 0;
      for (int c = 0; c < k; c++) {
        double e = c == top ? 1.0 : Math.exp(lp[o + c] - max);
        resp[o + c] = e;
        if (c != top) {
          others += e;
        }
      }
      double inv = 1 / (1 + others);
      double logNorm = Math.log(1 + others);
      // -Σ r log r = log(1 + others) - Σ r (lp - max): no logarithm per component
      double cross = 0;
      for (int c = 0; c < k; c++) {
        double r = resp[o + c] * inv;
        resp[o + c] = r;
        if (r > 0 && c != top) {
          cross += r * (lp[o + c] - max);
        }
      }
      double wi = w[i];
      if (rowLogLik != null) {
        rowLogLik[i] = max + logNorm;
      }
      logSum += wi * (max + logNorm);
      ent += wi * (logNorm - cross);
      // the largest responsibility is the top component's, 1 / (1 + others)
      mapLog -= wi * logNorm;
    }
    s.entropy = ent;
    s.mapLogResponsibility = mapLog;
    return logSum;
  }

  /**
   * A grouped block: the gate's log weights once per group (from {@link Block#gateRows}) plus
   * the sum of the group's rows' case-weighted log-likelihoods give the groups'
   * responsibilities (left in {@code s.groupResp}, G x K), which every row of the group gets in
   * {@code resp}; {@code rowLogLik} receives the group's log-likelihood on each of its rows. A
   * start's responsibilities become, per group, the case-weighted mean over the group's rows
   * that the start holds, so that a start assigns whole groups.
   */
  private static double groupResponsibilities(Pass p, Block b, double[] rowState,
      double[] resp, KernelScratch s, double[] rowLogLik) {
    int n = b.n;
    int k = p.state().k();
    int groups = b.numGroups();
    int[] starts = b.groupStarts;
    Block first = b.gateRows();
    s.ensureGroups(groups, k);
    double[] gl = s.groupLog;
    double[] gr = s.groupResp;
    double logSum = 0;
    s.entropy = 0;
    s.mapLogResponsibility = 0;
    if (p.start() != null) {
      p.start().responsibilities(b, resp);
      startGroupMeans(b, k, resp, gr);
      s.mapLogResponsibility = mapLogResponsibility(first, k, gr);
    } else {
      p.state().gate().logPi(first, rowState, gl, p.plugIn());
      double[] lp = s.logResp;
      Arrays.fill(lp, 0, n * k, 0.0);
      s.experts(p.state().experts()).addLogLikelihood(b, p.plugIn(), lp);
      double[] w = b.weights;
      for (int g = 0; g < groups; g++) {
        int o = g * k;
        for (int i = starts[g]; i < starts[g + 1]; i++) {
          double wi = w[i];
          if (wi != 0) {
            for (int c = 0, r = i * k; c < k; c++) {
              gl[o + c] += wi * lp[r + c];
            }
          }
        }
      }
      logSum = normalise(first, k, gl, gr, s, rowLogLik == null ? null : s.groupLogLik);
    }
    for (int g = 0; g < groups; g++) {
      for (int i = starts[g]; i < starts[g + 1]; i++) {
        System.arraycopy(gr, g * k, resp, i * k, k);
        if (rowLogLik != null) {
          rowLogLik[i] = p.start() == null ? s.groupLogLik[g] : 0;
        }
      }
    }
    return logSum;
  }

  /**
   * Per group, the case-weighted mean of the start's responsibilities over the group's rows
   * that the start holds (rows not all zero), into {@code gr}; zeros for a group it leaves out.
   */
  private static void startGroupMeans(Block b, int k, double[] resp, double[] gr) {
    int[] starts = b.groupStarts;
    for (int g = 0; g < b.numGroups(); g++) {
      int o = g * k;
      Arrays.fill(gr, o, o + k, 0.0);
      double total = 0;
      for (int i = starts[g]; i < starts[g + 1]; i++) {
        double wi = b.weights[i];
        for (int c = 0; c < k; c++) {
          gr[o + c] += wi * resp[i * k + c];
          total += wi * resp[i * k + c];
        }
      }
      for (int c = 0; c < k; c++) {
        gr[o + c] = total > 0 ? gr[o + c] / total : 0;
      }
    }
  }

  /** {@code Σ_i w_i log max_k r_ik} of given responsibilities (rows of weight 0 left out). */
  private static double mapLogResponsibility(Block b, int k, double[] resp) {
    double sum = 0;
    for (int i = 0, o = 0; i < b.n; i++, o += k) {
      double best = 0;
      for (int c = 0; c < k; c++) {
        best = Math.max(best, resp[o + c]);
      }
      if (b.weights[i] > 0 && best > 0) {
        sum += b.weights[i] * Math.log(best);
      }
    }
    return sum;
  }

  /**
   * Adds the block's E-step statistics into {@code acc}; returns the block's responsibilities
   * (its new per-row state; a working array that the next block overwrites unless the gate
   * keeps per-row state).
   */
  static double[] addEStep(Pass p, Block b, double[] rowState, EStepStats acc) {
    if (b.grouped()) {
      return addGroupedEStep(p, b, rowState, acc);
    }
    int n = b.n;
    int k = p.state().k();
    ExpertFamily experts = p.state().experts();
    KernelScratch s = acc.scratch().ensure(n, k);
    RowStateGate rowGate = p.state().abilities().rowStateGate().orElse(null);
    double[] resp = rowGate != null ? new double[n * k] : s.resp;
    acc.logSum += responsibilities(p, b, rowState, resp, s, null);
    if (!p.plugIn() && rowGate != null) {
      acc.objectBound += rowGate.objectBoundTerm(rowState, n, b.weights);
    }
    acc.entropy += s.entropy;
    double[] rw = s.weighted;
    double[] counts = acc.counts;
    // what the experts learn from: the soft weights, or in 'sample' mode the drawn expert's
    double[] fitted = acc.expertWeights;
    boolean sample = p.sample();
    double[] hard = acc.hardCounts;
    double[] w = b.weights;
    double weight = 0;
    for (int i = 0, o = 0; i < n; i++, o += k) {
      double wi = w[i];
      weight += wi;
      int best = 0;
      double bestR = resp[o];
      for (int c = 0; c < k; c++) {
        double r = resp[o + c];
        double v = wi * r;
        counts[c] += v;
        rw[c * n + i] = v;
        if (!sample) {
          fitted[c] += v;
        }
        if (r > bestR) {
          bestR = r;
          best = c;
        }
      }
      hard[best] += wi;
      if (sample) {
        fitted[sampleOne(p, b, i, k, resp, rw, wi)] += wi;
      }
    }
    acc.weight += weight;
    acc.gateWeight += weight;
    acc.mapLogResponsibility += s.mapLogResponsibility;
    s.experts(experts).addStatistics(b, rw, acc.experts);
    return resp;
  }

  /**
   * {@link #addEStep} for a grouped block: the gate's counts, the hard counts, the bound and
   * the entropy count each group once; every row of a group carries the group's
   * responsibilities, times its case weight, into the experts' statistics ('sample' mode: one
   * expert drawn per group, keyed by the group's first row). Returns the groups'
   * responsibilities (G x K; the per-object state of a gate that keeps one).
   */
  private static double[] addGroupedEStep(Pass p, Block b, double[] rowState, EStepStats acc) {
    int n = b.n;
    int k = p.state().k();
    int groups = b.numGroups();
    int[] starts = b.groupStarts;
    KernelScratch s = acc.scratch().ensure(n, k).ensureGroups(groups, k);
    acc.logSum += responsibilities(p, b, rowState, s.resp, s, null);
    RowStateGate rowGate = p.state().abilities().rowStateGate().orElse(null);
    if (!p.plugIn() && rowGate != null) {
      acc.objectBound += rowGate.objectBoundTerm(rowState, groups, null);
    }
    acc.entropy += s.entropy;
    acc.mapLogResponsibility += s.mapLogResponsibility;
    double[] gr = rowGate != null
        ? Arrays.copyOf(s.groupResp, groups * k) : s.groupResp;
    double[] rw = s.weighted;
    double[] fitted = acc.expertWeights;
    boolean sample = p.sample();
    double[] w = b.weights;
    double weight = 0;
    for (int g = 0; g < groups; g++) {
      int o = g * k;
      int best = 0;
      for (int c = 0; c < k; c++) {
        acc.counts[c] += gr[o + c];
        if (gr[o + c] > gr[o + best]) {
          best = c;
        }
      }
      acc.hardCounts[best] += 1;
      int pick = sample ? draw(p, b.rowKey(starts[g]), k, gr, o) : -1;
      for (int i = starts[g]; i < starts[g + 1]; i++) {
        double wi = w[i];
        weight += wi;
        for (int c = 0; c < k; c++) {
          double v = sample ? (c == pick ? wi : 0) : wi * gr[o + c];
          rw[c * n + i] = v;
          fitted[c] += v;
        }
      }
    }
    acc.weight += weight;
    acc.gateWeight += groups;
    acc.groups += groups;
    s.experts(p.state().experts()).addStatistics(b, rw, acc.experts);
    return gr;
  }

  /**
   * 'sample' mode: the row's whole weight goes to one expert drawn from its responsibilities;
   * returns that expert.
   */
  private static int sampleOne(Pass p, Block b, int i, int k, double[] resp, double[] rw,
      double wi) {
    int pick = draw(p, b.rowKey(i), k, resp, i * k);
    for (int c = 0; c < k; c++) {
      rw[c * b.n + i] = c == pick ? wi : 0;
    }
    return pick;
  }

  /** One component drawn from the responsibilities at {@code resp[o..o+K)}, keyed by a row. */
  private static int draw(Pass p, long key, int k, double[] resp, int o) {
    double u = RowRandom.uniform(p.seed(), p.stream(), key, k);
    double cum = 0;
    for (int c = 0; c < k; c++) {
      cum += resp[o + c];
      if (u < cum) {
        return c;
      }
    }
    return k - 1;
  }

  /** The responsibilities the gate learns from: the groups' for a grouped block. */
  private static double[] gateResponsibilities(Block b, KernelScratch s) {
    return b.grouped() ? s.groupResp : s.resp;
  }

  /**
   * The responsibilities the gate learns from after {@link #addEStep} returned {@code rowResp}
   * for block {@code b}: the groups' (one row per group of {@link Block#gateRows}) for a
   * grouped block, else {@code rowResp}.
   */
  static double[] gateResponsibilities(Block b, double[] rowResp, EStepStats acc) {
    return b.grouped() ? acc.scratch().groupResp : rowResp;
  }

  /** Adds the block's gate cross-entropy and gradient at {@code p.gateParams()}. */
  static void addGateGradient(Pass p, Block b, GradientStats acc) {
    int k = p.state().k();
    KernelScratch s = acc.scratch().ensure(b.n, k);
    responsibilities(p, b, null, s.resp, s, null);
    acc.loss += ((TrainedGate) p.state().gate()).addLossAndGradient(b.gateRows(),
        gateResponsibilities(b, s), p.gateParams(), acc.gradient);
  }

  /** Adds the block's gate cross-entropy, gradient and Hessian at {@code p.gateParams()}. */
  static void addGateCurvature(Pass p, Block b, GradientStats acc) {
    KernelScratch s = acc.scratch().ensure(b.n, p.state().k());
    responsibilities(p, b, null, s.resp, s, null);
    acc.loss += ((CurvatureGate) p.state().gate()).addLossGradientHessian(b.gateRows(),
        gateResponsibilities(b, s), p.gateParams(), acc.gradient, acc.hessian);
  }
}
